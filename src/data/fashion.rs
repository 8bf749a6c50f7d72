//! Fashion-MNIST from the idx files of Debian's `dataset-fashion-mnist` (60,000 / 10,000 images).

use std::io::Read;
use std::path::{Path, PathBuf};

use flate2::read::GzDecoder;
use ndarray::Array2;

use super::{DataError, Split, data_dir, read};
use crate::nn::config::PIXELS;
use crate::training::dataset::{Dataset, FASHION_CLASS_NAMES as CLASS_NAMES};

/// Where Debian installs the files.
const SYSTEM_DIR: &str = "/usr/share/datasets/fashion-mnist";

/// Reads `{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz` from `data/fashion-mnist/` if present,
/// else from Debian's folder. Pixels are scaled from 0..=255 to [0, 1].
pub fn load_fashion_mnist(split: Split) -> Result<Dataset, DataError> {
    let prefix = match split {
        Split::Train => "train",
        Split::Test => "t10k",
    };
    let images_path = locate(&format!("{prefix}-images-idx3-ubyte.gz"));
    let labels_path = locate(&format!("{prefix}-labels-idx1-ubyte.gz"));
    let images = read_idx(&images_path, 0x0803)?;
    let labels = read_idx(&labels_path, 0x0801)?;
    let count = labels.len();
    if images.len() != count * PIXELS {
        return Err(DataError::Invalid {
            what: "Fashion-MNIST image file",
            path: images_path,
            reason: format!("{} pixels for {count} labels", images.len()),
        });
    }
    Ok(Dataset {
        name: "fashion-mnist".to_string(),
        images: Array2::from_shape_vec((count, PIXELS), images.iter().map(|&p| p as f32 / 255.0).collect())
            .expect("checked length"),
        labels,
        class_names: CLASS_NAMES.iter().map(|s| s.to_string()).collect(),
    })
}

fn locate(file: &str) -> PathBuf {
    let local = data_dir().join("fashion-mnist").join(file);
    if local.exists() { local } else { Path::new(SYSTEM_DIR).join(file) }
}

/// The payload of a gzipped idx file after checking its magic number and dimensions.
fn read_idx(path: &Path, magic: u32) -> Result<Vec<u8>, DataError> {
    let compressed = read(path, "Fashion-MNIST (Debian package dataset-fashion-mnist)")?;
    let invalid = |reason: String| DataError::Invalid { what: "gzipped idx file", path: path.to_path_buf(), reason };
    let mut bytes = Vec::new();
    GzDecoder::new(&compressed[..]).read_to_end(&mut bytes).map_err(|e| invalid(e.to_string()))?;
    let word = |i: usize| bytes.get(4 * i..4 * i + 4).map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]));
    if word(0) != Some(magic) {
        return Err(invalid(format!("magic number is not {magic:#06x}")));
    }
    let dims = (magic & 0xff) as usize;
    let mut expected = 1usize;
    for i in 1..=dims {
        expected *= word(i).ok_or_else(|| invalid("header is cut short".to_string()))? as usize;
    }
    let payload = bytes.split_off(4 * (dims + 1));
    if payload.len() != expected {
        return Err(invalid(format!("{} bytes of data where the header says {expected}", payload.len())));
    }
    Ok(payload)
}
