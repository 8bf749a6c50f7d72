//! The model compiled into the library (and so into the wasm module): only the default one, so that
//! the first screen downloads nothing else. The other shipped models are files in `models/`, which
//! the build copies next to the module and the page loads on demand with `VaeModel.fromBytes`. All
//! are trained by the `train` binary with the commands in the README's Models table;
//! `tests/shipped_models.rs` proves every one loads and still reaches its recorded test loss.

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

/// The name of the model the page opens first.
pub const DEFAULT_MODEL: &str = "mnist-2d";

/// The models compiled in: the default one.
pub const MODELS: [EmbeddedModel; 1] = [embed!("mnist-2d")];

/// The embedded model of this name.
pub fn find(name: &str) -> Option<&'static EmbeddedModel> {
    MODELS.iter().find(|m| m.name == name)
}
