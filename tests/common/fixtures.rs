//! The fixtures shared by the native and the browser tests (`tests/fixtures/`).

use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
struct DigitFile {
    digits: Vec<Digit>,
}

/// An MNIST test digit: one per class, never trained on.
#[derive(Deserialize)]
pub struct Digit {
    pub label: u8,
    pub pixels: Vec<f32>, // (784)
}

/// The ten digits of `fixtures/mnist-test-digits.json`.
pub fn test_digits() -> Vec<Digit> {
    serde_json::from_str::<DigitFile>(include_str!("../fixtures/mnist-test-digits.json")).unwrap().digits
}

/// One row of `fixtures/loss-terms.json`: a shipped model's encoding and loss terms for a digit,
/// computed natively (`tests/loss_fixture.rs`) and checked in the browser (`tests/web.rs`).
#[derive(Serialize, Deserialize, Debug)]
pub struct NativeLoss {
    pub model: String,
    pub label: u8,
    pub mu: Vec<f32>,
    pub bernoulli: f32,
    pub squared_error: f32,
    pub kl: f32,
}

/// A training session on the ten fixture digits (train and test alike), small enough to run a
/// few hundred steps in the browser test: 784-32-2, batch 5, seed 7.
#[allow(dead_code)]
pub fn fixture_session() -> vae_playground::training::session::TrainingSession {
    use vae_playground::training::dataset::Dataset;
    use vae_playground::training::session::{SessionConfig, TrainingSession};
    let digits = test_digits();
    let pixels: Vec<f32> = digits.iter().flat_map(|d| d.pixels.iter().copied()).collect();
    let dataset = Dataset {
        name: "mnist".to_string(),
        images: ndarray::Array2::from_shape_vec((digits.len(), 784), pixels).unwrap(),
        labels: digits.iter().map(|d| d.label).collect(),
        class_names: (0..10).map(|d| d.to_string()).collect(),
    };
    let config = SessionConfig { hidden: vec![32], batch_size: 5, epochs: 150, seed: 7, ..SessionConfig::default() };
    TrainingSession::new(config, dataset.clone(), dataset).unwrap()
}

/// `fixtures/training-curve.json`: a fixture session's loss at every step and its test loss at
/// every epoch, computed natively (`tests/training_session.rs`) and checked in the browser.
#[derive(Serialize, Deserialize, Debug)]
#[allow(dead_code)]
pub struct TrainingCurve {
    pub objective: Vec<f32>,
    pub test_total: Vec<f64>,
}

/// Whether two losses agree within floating-point noise: the native and the wasm matrix products
/// sum in different orders, and a few hundred steps of training let the difference grow a little.
#[allow(dead_code)]
pub fn same_loss(a: f64, b: f64) -> bool {
    (a - b).abs() <= 2e-3 * a.abs().max(1.0)
}
