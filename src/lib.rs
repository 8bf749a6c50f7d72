//! vae-playground: a variational autoencoder that runs in the browser.
//!
//! The maths is plain Rust that `cargo test` checks natively; the numbered equations cited in
//! comments are those of `MATH.md`, restored from the source article.
//!
//! - [`config`]: the network's shape and likelihood.
//! - [`layers`], [`linalg`]: dense layers, forward and backward, for batches.
//! - [`vae`]: encoder, reparameterisation, decoder, the loss and its gradient.
//! - [`loss`]: the ELBO's terms (12), (14), (19).
//! - [`optim`], [`train`], [`augment`]: Adam, the training loop, data augmentation.
//! - [`eval`]: the test loss that the shipped models are measured by.
//! - [`preprocess`], [`raster`]: a drawing to an MNIST-like 28×28 input.
//! - [`model`], [`embedded`]: a loaded model's checked operations; the models compiled in.
//! - [`weights`]: safetensors files that describe themselves.
//! - `data` (native only): the MNIST and Fashion-MNIST loaders.

pub mod augment;
pub mod config;
pub mod dataset;
pub mod embedded;
pub mod eval;
pub mod layers;
pub mod linalg;
pub mod loss;
pub mod model;
pub mod optim;
pub mod preprocess;
pub mod raster;
pub mod rng;
pub mod train;
pub mod vae;
pub mod weights;

#[cfg(not(target_arch = "wasm32"))]
pub mod data;

pub use config::{Likelihood, PIXELS, VaeConfig};
pub use vae::Vae;

#[cfg(target_arch = "wasm32")]
pub mod wasm;
