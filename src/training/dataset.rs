//! A set of 28×28 images in memory, with labels, as the trainer and evaluator take it.

use ndarray::{Array2, ArrayView2, Axis};

/// Images as rows of pixel intensities in [0, 1], with their class labels.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// e.g. "mnist" or "fashion-mnist".
    pub name: String,
    pub images: Array2<f32>, // (count, 784)
    pub labels: Vec<u8>,     // (count)
    /// Names of the classes, indexed by label.
    pub class_names: Vec<String>,
}

impl Dataset {
    pub fn len(&self) -> usize {
        self.images.nrows()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The rows at the given indices, in that order. `(indices.len(), 784)`
    pub fn select(&self, indices: &[usize]) -> Array2<f32> {
        self.images.select(Axis(0), indices)
    }

    /// The first `count` examples (all of them if there are fewer).
    pub fn head(&self, count: usize) -> Dataset {
        let count = count.min(self.len());
        Dataset {
            name: self.name.clone(),
            images: self.images.slice(ndarray::s![..count, ..]).to_owned(),
            labels: self.labels[..count].to_vec(),
            class_names: self.class_names.clone(),
        }
    }

    pub fn images(&self) -> ArrayView2<'_, f32> {
        self.images.view()
    }
}

/// Fashion-MNIST's ten classes, by label (the native loader and the page's data files share them).
pub const FASHION_CLASS_NAMES: [&str; 10] =
    ["T-shirt", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

/// The class names of a dataset the page's data files may hold (`mnist`: the digits,
/// `fashion-mnist`: [`FASHION_CLASS_NAMES`]), or `None` for another name.
pub fn known_class_names(dataset: &str) -> Option<Vec<String>> {
    match dataset {
        "mnist" => Some((0..10).map(|d| d.to_string()).collect()),
        "fashion-mnist" => Some(FASHION_CLASS_NAMES.iter().map(|s| s.to_string()).collect()),
        _ => None,
    }
}

/// Bytes in one digit of the page's data files: 784 pixels as bytes, then (after all the
/// pixels) one label.
pub const BYTES_PER_DIGIT: usize = crate::nn::config::PIXELS + 1;

/// Why the bytes of a data file are not a set of digits.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum DataBytesError {
    #[error("a data file of {0} bytes is not a whole number of digits (785 bytes each) or is empty")]
    NotWholeDigits(usize),
    #[error("digit {index} has the label {label}, but there are only {classes} classes")]
    BadLabel { index: usize, label: u8, classes: usize },
}

impl Dataset {
    /// A dataset from the page's compact form (`bin/webdata.rs`): `count × 784` pixels as bytes
    /// (round(255·value)), row after row, then `count` labels.
    pub fn from_u8_rows(name: &str, bytes: &[u8], class_names: Vec<String>) -> Result<Dataset, DataBytesError> {
        if bytes.is_empty() || !bytes.len().is_multiple_of(BYTES_PER_DIGIT) {
            return Err(DataBytesError::NotWholeDigits(bytes.len()));
        }
        let count = bytes.len() / BYTES_PER_DIGIT;
        let (pixels, labels) = bytes.split_at(count * crate::nn::config::PIXELS);
        if let Some((index, &label)) = labels.iter().enumerate().find(|&(_, &l)| l as usize >= class_names.len()) {
            return Err(DataBytesError::BadLabel { index, label, classes: class_names.len() });
        }
        let images = Array2::from_shape_fn((count, crate::nn::config::PIXELS), |(i, j)| {
            pixels[i * crate::nn::config::PIXELS + j] as f32 / 255.0
        });
        Ok(Dataset { name: name.to_string(), images, labels: labels.to_vec(), class_names })
    }

    /// The inverse of [`from_u8_rows`](Self::from_u8_rows): pixels rounded to bytes, then labels.
    pub fn to_u8_rows(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(self.len() * BYTES_PER_DIGIT);
        bytes.extend(self.images.iter().map(|&v| (v.clamp(0.0, 1.0) * 255.0).round() as u8));
        bytes.extend(&self.labels);
        bytes
    }
}
