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

/// Seed of the ε draws of every test loss the trainer, the page's Train view and the set figures
/// report, so that figures compare.
pub const TEST_SEED: u64 = 2019;

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

/// The test loss by which a model is judged: [`test_loss`] for a VAE or β-VAE (the negative
/// ELBO (12) whatever β it was trained with); for a plain autoencoder, which has no KL term and
/// whose σ is a fixed stand-in (`deterministic`, [`ModelInfo::is_deterministic`]) ([`AUTOENCODER_LOGVAR`]), the reconstruction alone, with KL 0.
///
/// [`AUTOENCODER_LOGVAR`]: crate::training::trainer::AUTOENCODER_LOGVAR
/// [`ModelInfo::is_deterministic`]: crate::weights::ModelInfo::is_deterministic
pub fn model_test_loss(vae: &Vae, deterministic: bool, images: ArrayView2<f32>, draws: usize, seed: u64) -> TestLoss {
    let loss = test_loss(vae, images, draws, seed);
    if deterministic {
        TestLoss { kl: 0.0, total: loss.reconstruction, ..loss }
    } else {
        loss
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

/// The page's map dots: q(z|x) = N(μ, σ²) of up to `max_count` test images, evenly spaced
/// through the set. Images without a label (a person's set may have some: label
/// [`UNLABELLED`]) get a class of their own, named [`UNLABELLED_CLASS`], after the others.
///
/// [`UNLABELLED`]: crate::training::set_file::UNLABELLED
pub fn atlas(vae: &Vae, test: &Dataset, max_count: usize) -> Atlas {
    let indices = atlas_indices(test.len(), max_count);
    let posterior = vae.encode(test.select(&indices).view());
    let mut labels: Vec<u8> = indices.iter().map(|&i| test.labels[i]).collect();
    let mut class_names = test.class_names.clone();
    let known = class_names.len();
    if labels.iter().any(|&l| l as usize >= known) && known < 256 {
        class_names.push(unlabelled_class_name(&class_names));
        labels.iter_mut().filter(|l| **l as usize >= known).for_each(|l| *l = known as u8);
    }
    Atlas { mu: posterior.mu, logvar: Some(posterior.logvar), labels, class_names }
}

/// The name of the atlas's class of unlabelled images.
pub const UNLABELLED_CLASS: &str = "unlabelled";

/// [`UNLABELLED_CLASS`], or with a number after it if a class of the set already has that name.
fn unlabelled_class_name(class_names: &[String]) -> String {
    (1..)
        .map(|n| if n == 1 { UNLABELLED_CLASS.to_string() } else { format!("{UNLABELLED_CLASS} {n}") })
        .find(|name| !class_names.contains(name))
        .expect("some name is free")
}

/// How much decodes of the prior look like real images: the mean over `draws` draws z ~ N(0, I)
/// of the L2 pixel distance from decode(z) to its nearest row of `references (count, 784)`. A
/// VAE's prior covers its code space, so its decodes land near real digits; a plain
/// autoencoder's codes leave holes where N(0, I) draws decode to blends.
pub fn prior_sample_distance(vae: &Vae, references: ArrayView2<f32>, draws: usize, seed: u64) -> f64 {
    let epsilon = standard_normal(draws, vae.latent_dim(), &mut seeded(seed)); // (draws, latent)
    let decoded = vae.decode(epsilon.view()); // (draws, 784)
    let distances = nearest_distances(decoded.view(), references);
    distances.iter().map(|&d| d as f64).sum::<f64>() / distances.len().max(1) as f64
}

/// L2 distance from each row of `queries (q, d)` to its nearest row of `references (r, d)`, by
/// |a − b|² = |a|² + |b|² − 2 a·b over blocks of references.
pub fn nearest_distances(queries: ArrayView2<f32>, references: ArrayView2<f32>) -> Vec<f32> {
    const BLOCK: usize = 1024;
    let query_norms: Vec<f32> = queries.rows().into_iter().map(|r| r.dot(&r)).collect();
    let mut best = vec![f32::INFINITY; queries.nrows()];
    for start in (0..references.nrows()).step_by(BLOCK) {
        let block = references.slice(s![start..(start + BLOCK).min(references.nrows()), ..]);
        let block_norms: Vec<f32> = block.rows().into_iter().map(|r| r.dot(&r)).collect();
        let dots = queries.dot(&block.t()); // (q, block)
        for (i, row) in dots.rows().into_iter().enumerate() {
            for (j, &dot) in row.iter().enumerate() {
                best[i] = best[i].min(query_norms[i] + block_norms[j] - 2.0 * dot);
            }
        }
    }
    best.into_iter().map(|d| d.max(0.0).sqrt()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unlabelled_images_get_a_class_of_their_own_in_the_atlas() {
        use crate::nn::config::{Likelihood, VaeConfig};
        let vae = Vae::init(VaeConfig::mirrored(&[4], 2, Likelihood::Bernoulli), &mut seeded(0));
        let set = Dataset {
            name: "set:x".into(),
            images: ndarray::Array2::zeros((3, 784)),
            labels: vec![1, 255, 0],
            class_names: vec!["unlabelled".into(), "b".into()],
        };
        let map = atlas(&vae, &set, 10);
        assert_eq!(map.labels, vec![1, 2, 0]);
        assert_eq!(map.class_names, vec!["unlabelled", "b", "unlabelled 2"]);
        let labelled = atlas(&vae, &Dataset { labels: vec![1, 0, 0], ..set }, 10);
        assert_eq!(labelled.class_names.len(), 2, "no extra class when every image has a label");
    }

    #[test]
    fn nearest_distances_match_a_brute_force_search() {
        let mut rng = seeded(3);
        let queries = standard_normal(5, 7, &mut rng); // (5, 7)
        let references = standard_normal(1500, 7, &mut rng); // (1500, 7): two blocks
        let fast = nearest_distances(queries.view(), references.view());
        for (query, &found) in queries.rows().into_iter().zip(&fast) {
            let brute = references
                .rows()
                .into_iter()
                .map(|r| (&r - &query).mapv(|v| v * v).sum().sqrt())
                .fold(f32::INFINITY, f32::min);
            assert!((found - brute).abs() < 1e-3, "{found} vs {brute}");
        }
    }
}
