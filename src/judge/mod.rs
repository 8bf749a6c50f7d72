//! The judge: a classifier of the dataset's classes that reads the images a decoder makes, so that
//! what the page says about a picture ("these prior draws decode to digits", "every point of the
//! circle decodes to your 7") is a figure it measured, not a claim.
//!
//! - [`Judge`]: a classifier loaded from its weights file, with checked inputs.
//! - [`sets`]: the latent points a model is judged on: prior draws, points spread evenly over the
//!   box of its test codes, midpoints between test codes of different classes, and points on the
//!   kσ circles of one input.
//! - [`figures`]: decode a set with a model and judge it: the share of decodes the judge gives one
//!   class with confidence ≥ 0.9, and their mean confidence.
//!
//! The page (through `wasm/judge.rs`) and `eval --judge` call the same functions, so the figures a
//! sentence quotes are the ones `eval` prints.

pub mod figures;
pub mod sets;

use ndarray::ArrayView2;

use crate::model::InputError;
use crate::nn::classifier::{Classifier, Verdicts};
use crate::nn::config::PIXELS;
use crate::weights::{ClassifierInfo, WeightsError, classifier_from_bytes};

/// A confidence at or above this is "one class": the image looks like that class and no other.
pub const CONFIDENT: f32 = 0.9;

/// Points in each judged set, and the seed of the sets the page measures first (it shows it and
/// offers others).
pub const SET_SIZE: usize = 1024;
pub const SET_SEED: u64 = 2024;
/// How many of a set's points a view draws (the first ones).
pub const SHOWN: usize = 8;
/// The radii, in σ, of the circles judged around an input.
pub const CIRCLE_SIGMAS: [f32; 3] = [1.0, 2.0, 4.0];
/// The class of the test image the walk opens with when nobody has drawn yet (its first one).
pub const ARRIVAL_CLASS: u8 = 7;

/// Why a set of points could not be judged.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum JudgeError {
    #[error("the model's file holds no test codes (atlas) to take points from")]
    NoTestCodes,
    #[error("the model's test codes are all of one class: there is no pair of different classes")]
    OneClass,
    #[error("a circle needs an input: draw something or pick a test image")]
    NoInput,
    #[error("the number of points must be between 1 and {max}, not {found}")]
    BadCount { found: usize, max: usize },
    #[error("a circle's radius must be between 0 and {max} σ, not {0}", max = figures::MAX_SIGMAS)]
    BadRadius(f32),
    #[error("this judge reads {judge} images, but the model makes {model} ones")]
    OtherDataset { judge: String, model: String },
    #[error(transparent)]
    Input(#[from] InputError),
}

/// A loaded classifier and its description.
pub struct Judge {
    pub classifier: Classifier,
    pub info: ClassifierInfo,
}

impl Judge {
    /// Loads a classifier's weights file (checked like a model's; see `weights/classifier_file.rs`).
    pub fn from_bytes(bytes: &[u8]) -> Result<Judge, WeightsError> {
        let (classifier, info) = classifier_from_bytes(bytes)?;
        if info.config.input_dim != PIXELS {
            let reason = format!("the classifier's images have {} pixels, not {PIXELS} (28×28)", info.config.input_dim);
            return Err(WeightsError::BadMetadata { key: "config", reason });
        }
        Ok(Judge { classifier, info })
    }

    /// The verdicts on `n` images given row after row in `images (n * 784)`, pixels in [0, 1].
    pub fn classify(&self, images: &[f32], n: usize) -> Result<Verdicts, InputError> {
        if n == 0 || n > crate::model::MAX_BATCH {
            return Err(InputError::BadCount { what: "the number of images", found: n, max: crate::model::MAX_BATCH });
        }
        if images.len() != n * PIXELS {
            return Err(InputError::WrongLength { what: "the images", expected: n * PIXELS, found: images.len() });
        }
        if let Some((index, &value)) = images.iter().enumerate().find(|(_, v)| !(v.is_finite() && (0.0..=1.0).contains(*v))) {
            return Err(if value.is_finite() {
                InputError::OutOfRange { what: "the images", index, value, min: 0.0, max: 1.0 }
            } else {
                InputError::NotFinite { what: "the images", index, value }
            });
        }
        Ok(self.verdicts(ArrayView2::from_shape((n, PIXELS), images).expect("length checked")))
    }

    /// The verdicts on checked images `(n, 784)`.
    pub(crate) fn verdicts(&self, images: ArrayView2<f32>) -> Verdicts {
        self.classifier.verdicts(images)
    }
}
