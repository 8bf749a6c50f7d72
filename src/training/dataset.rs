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
