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
//! - [`weights`]: safetensors files that describe themselves.
//! - `data` (native only): the MNIST and Fashion-MNIST loaders.

pub mod augment;
pub mod config;
pub mod dataset;
pub mod eval;
pub mod layers;
pub mod linalg;
pub mod loss;
pub mod optim;
pub mod rng;
pub mod train;
pub mod vae;
pub mod weights;

#[cfg(not(target_arch = "wasm32"))]
pub mod data;

pub use config::{Likelihood, PIXELS, VaeConfig};
pub use vae::Vae;
