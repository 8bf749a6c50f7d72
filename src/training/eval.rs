//! The quality measure of a model: the test loss of the engine issue.
//!
//! Test loss = mean over test images of `BCE_sum(x, decode(z)) + KL(q(z|x) || N(0, I))`, pixels as
//! continuous values in [0, 1], z drawn from q(z|x) and the BCE averaged over several draws per image.
//! It is the negative ELBO (12) under a Bernoulli decoder, whatever likelihood the model was
//! trained with, so that every model is measured on the same scale.

use ndarray::{ArrayView2, Axis, s};
use serde::{Deserialize, Serialize};

use crate::nn::loss::{bce_with_logits, kl_divergence};
use crate::nn::rng::{seeded, standard_normal};
use crate::nn::vae::{Vae, reparameterize};
use crate::training::dataset::Dataset;
use crate::weights::Atlas;

/// Draws of z per test image in the published figures.
pub const DRAWS_PER_IMAGE: usize = 16;

/// Images per chunk, to bound memory.
const CHUNK: usize = 1024;

/// Mean test figures in nats per image.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TestLoss {
    /// Mean binary cross-entropy of the decoded draws.
    pub reconstruction: f64,
    /// Mean closed-form KL (19).
    pub kl: f64,
    /// `reconstruction + kl`.
    pub total: f64,
    pub images: usize,
    pub draws_per_image: usize,
}

/// Test loss of `vae` on `images (count, 784)` with `draws` samples of z per image, reproducible from `seed`.
pub fn test_loss(vae: &Vae, images: ArrayView2<f32>, draws: usize, seed: u64) -> TestLoss {
    let mut rng = seeded(seed);
    let (mut reconstruction, mut kl) = (0.0f64, 0.0f64);
    for start in (0..images.nrows()).step_by(CHUNK) {
        let chunk = images.slice(s![start..(start + CHUNK).min(images.nrows()), ..]);
        let posterior = vae.encode(chunk);
        kl += kl_divergence(posterior.mu.view(), posterior.logvar.view()).iter().map(|&k| k as f64).sum::<f64>();
        for _ in 0..draws {
            let epsilon = standard_normal(chunk.nrows(), vae.latent_dim(), &mut rng);
            let z = reparameterize(posterior.mu.view(), posterior.logvar.view(), epsilon.view());
            let logits = vae.decode_logits(z.view());
            reconstruction +=
                bce_with_logits(logits.view(), chunk).iter().map(|&r| r as f64).sum::<f64>() / draws as f64;
        }
    }
    let count = images.len_of(Axis(0)).max(1) as f64;
    TestLoss {
        reconstruction: reconstruction / count,
        kl: kl / count,
        total: (reconstruction + kl) / count,
        images: images.nrows(),
        draws_per_image: draws,
    }
}

/// How many test images a model file's atlas holds at most (the page's map dots).
pub const ATLAS_SIZE: usize = 2000;

/// The test images of an atlas: up to `max_count` of `len`, evenly spaced through the set. The
/// page's file of test images (`bin/webdata.rs`) takes the same ones, in the same order.
pub fn atlas_indices(len: usize, max_count: usize) -> Vec<usize> {
    let step = len.div_ceil(max_count.max(1)).max(1);
    (0..len).step_by(step).collect()
}

/// The page's map dots: μ of up to `max_count` test images, evenly spaced through the set.
pub fn atlas(vae: &Vae, test: &Dataset, max_count: usize) -> Atlas {
    let indices = atlas_indices(test.len(), max_count);
    Atlas {
        mu: vae.encode(test.select(&indices).view()).mu,
        labels: indices.iter().map(|&i| test.labels[i]).collect(),
        class_names: test.class_names.clone(),
    }
}
