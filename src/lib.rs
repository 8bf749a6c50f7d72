//! vae-playground: a variational autoencoder that runs in the browser.
//!
//! The maths is plain Rust that `cargo test` checks natively; the numbered equations cited in
//! comments are those of `MATH.md`, restored from the source article.
//!
//! - [`nn`]: the network and its maths: config, dense layers, matrix products, the VAE, the loss.
//! - [`training`]: Adam, the training loop, augmentation, and the test loss of [`training::eval`].
//! - [`input`]: a drawing (stroke points or canvas pixels) to an MNIST-like 28×28 input.
//! - [`weights`]: safetensors files that describe themselves; the models compiled in.
//! - [`explain`]: the maths of the guided walk through the article, step by step.
//! - [`model`]: a loaded model's checked operations, the API the page uses.
//! - `data` (native only): the MNIST and Fashion-MNIST loaders.
//! - `wasm` (wasm only): the WebAssembly boundary.

pub mod explain;
pub mod input;
pub mod judge;
pub mod model;
pub mod nn;
pub mod training;
pub mod weights;

#[cfg(not(target_arch = "wasm32"))]
pub mod data;

pub use nn::config::{Likelihood, PIXELS, VaeConfig};
pub use nn::vae::Vae;

#[cfg(target_arch = "wasm32")]
pub mod wasm;
