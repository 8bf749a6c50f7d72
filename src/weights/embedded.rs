//! The models compiled into the library (and so into the wasm module), trained by the `train`
//! binary with the commands in the README's Models table. `tests/shipped_models.rs` proves they
//! load into their architecture and still reach their recorded test loss.

/// A weights file compiled in with `include_bytes!` (no alignment guarantee: `weights` decodes
/// bytes with `from_le_bytes`).
pub struct EmbeddedModel {
    /// The name the page and the tests use, e.g. "mnist-2d".
    pub name: &'static str,
    pub bytes: &'static [u8],
}

macro_rules! embed {
    ($name:literal) => {
        EmbeddedModel {
            name: $name,
            bytes: include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/models/", $name, ".safetensors")),
        }
    };
}

/// Every shipped model, in the order the page lists them.
pub const MODELS: [EmbeddedModel; 3] = [embed!("mnist-2d"), embed!("mnist-16d"), embed!("fashion-2d")];

/// The embedded model of this name.
pub fn find(name: &str) -> Option<&'static EmbeddedModel> {
    MODELS.iter().find(|m| m.name == name)
}
