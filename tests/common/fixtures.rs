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
