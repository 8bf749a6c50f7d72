//! The shipped models as files: every `models/*.safetensors`, whether compiled into the module
//! (the default model) or served beside it and loaded on demand.

use std::path::PathBuf;

/// A shipped weights file: its name (the file stem, e.g. "mnist-2d") and bytes.
pub struct ShippedModel {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Every `models/*.safetensors`, sorted by name.
pub fn shipped_models() -> Vec<ShippedModel> {
    let folder = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("models");
    let mut models: Vec<ShippedModel> = std::fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "safetensors"))
        .map(|path| ShippedModel {
            name: path.file_stem().unwrap().to_string_lossy().into_owned(),
            bytes: std::fs::read(&path).unwrap(),
        })
        .collect();
    models.sort_by(|a, b| a.name.cmp(&b.name));
    models
}
