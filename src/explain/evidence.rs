//! What the walk asks of a trained model for one image: the ELBO (12) beside an importance-sampled
//! estimate of log p(x), the Gaussian decoder's squared-error term (14) for a chosen σ, and one
//! pass through the network with z = μ + σ·ε drawn.
//!
//! Why importance sampling: log p(x) = log E_{q(z|x)}[p(x|z) p(z) / q(z|x)], so the mean of K
//! weights w_k = p(x|z_k) p(z_k) / q(z_k|x), z_k ~ q(z|x), estimates p(x) (the IWAE bound of Burda
//! et al.). By Jensen, the log of that mean lies above the mean of the logs, which is the ELBO;
//! it rises towards log p(x) as K grows, and what separates them is KL(q(z|x) || p(z|x)), (9).

use ndarray::{Array2, ArrayView2, Axis};

use super::{ExplainError, checked, checked_count, log_sum_exp};
use crate::model::Model;
use crate::nn::config::{Likelihood, PIXELS};
use crate::nn::loss;
use crate::nn::rng::{seeded, standard_normal};
use crate::nn::vae::reparameterize;

/// Most importance samples in one call (a few hundred milliseconds of decoding in the browser).
pub const MAX_SAMPLES: usize = 4096;
/// Draws decoded at once: bounds the memory of a large K.
const CHUNK: usize = 256;
/// ½ log 2π
const HALF_LOG_TWO_PI: f64 = 0.918_938_533_204_672_7;

/// The ELBO and the importance-sampled log p(x) for one image, in nats.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Evidence {
    /// E_q[log p(x|z)], the first term of (12), averaged over the K draws.
    pub reconstruction: f64,
    /// KL(q(z|x) || p(z)) in closed form, (19): the second term of (12).
    pub kl: f64,
    /// (12): `reconstruction - kl`.
    pub elbo: f64,
    /// The mean of log w_k over the same draws: the ELBO estimated with them (≤ `log_px` always).
    pub elbo_sampled: f64,
    /// log (1/K Σ w_k): the importance-sampled log p(x).
    pub log_px: f64,
    /// `log_px - elbo_sampled`: an estimate of KL(q(z|x) || p(z|x)), the gap of (9); never negative
    /// (Jensen, for the same draws).
    pub gap: f64,
    /// K = 1, 2, 4, … and finally all the draws. `(points)`
    pub sample_counts: Vec<usize>,
    /// The estimate of log p(x) from the first K draws, for each K of `sample_counts`. `(points)`
    pub log_px_by_samples: Vec<f64>,
    /// The ELBO estimated from the same first K draws (the mean of their log w). `(points)`
    pub elbo_by_samples: Vec<f64>,
    /// The expectation of the K-draw estimate, which one run only samples: K = 1, 2, 4, … while
    /// the draws make at least [`MIN_GROUPS`] disjoint groups of K. `(expected)`
    pub expected_counts: Vec<usize>,
    /// For each K, how many groups of K draws the mean is taken over. `(expected)`
    pub expected_groups: Vec<usize>,
    /// The mean over those groups of each group's log (1/K Σ w_k): E[log p̂_K], which rises with K
    /// towards log p(x) (Burda et al.'s theorem), from the ELBO at K = 1. `(expected)`
    pub expected_log_px: Vec<f64>,
    /// Its standard error: the groups' standard deviation over √groups. `(expected)`
    pub expected_standard_error: Vec<f64>,
}

/// Fewest groups of K draws the expectation of a K-draw estimate is averaged over.
pub const MIN_GROUPS: usize = 4;

/// log p(x) by importance sampling with the encoder's q(z|x) as proposal, `samples` draws from
/// `seed`, beside the ELBO (12).
pub fn evidence(model: &Model, pixels: &[f32], samples: usize, seed: u64) -> Result<Evidence, ExplainError> {
    checked_count("the number of samples", samples, 1, MAX_SAMPLES)?;
    let encoding = model.encode(pixels)?;
    let latent = model.latent_dim();
    let x = ArrayView2::from_shape((1, PIXELS), pixels).expect("length checked by encode");
    let mu = ArrayView2::from_shape((1, latent), &encoding.mu).expect("encoder output");
    let logvar = ArrayView2::from_shape((1, latent), &encoding.logvar).expect("encoder output");
    let epsilon = standard_normal(samples, latent, &mut seeded(seed)); // (samples, latent)

    let mut log_likelihood = Vec::with_capacity(samples); // log p(x|z_k)
    let mut log_weights = Vec::with_capacity(samples); // log w_k
    for rows in epsilon.axis_chunks_iter(Axis(0), CHUNK) {
        let n = rows.nrows();
        let z = reparameterize(mu.broadcast((n, latent)).unwrap(), logvar.broadcast((n, latent)).unwrap(), rows);
        let logits = model.vae.decode_logits(z.view()); // (n, 784)
        let targets = x.broadcast((n, PIXELS)).unwrap();
        let ll = log_likelihood_rows(model.info.config.likelihood, logits.view(), targets);
        for ((row_z, row_eps), ll) in z.outer_iter().zip(rows.outer_iter()).zip(ll) {
            let mut log_prior = 0.0;
            let mut log_q = 0.0;
            for ((&zj, &ej), &lv) in row_z.iter().zip(row_eps).zip(logvar.row(0)) {
                log_prior += -0.5 * (zj as f64).powi(2) - HALF_LOG_TWO_PI;
                log_q += -0.5 * (ej as f64).powi(2) - HALF_LOG_TWO_PI - 0.5 * lv as f64;
            }
            log_likelihood.push(ll);
            log_weights.push(ll + log_prior - log_q);
        }
    }

    let kl = loss::kl_divergence(mu, logvar)[0] as f64;
    let reconstruction = mean(&log_likelihood);
    let elbo = reconstruction - kl;
    let log_px = log_mean_exp(&log_weights);
    let mut sample_counts = Vec::new();
    let mut k = 1;
    while k < samples {
        sample_counts.push(k);
        k *= 2;
    }
    sample_counts.push(samples);
    let log_px_by_samples = sample_counts.iter().map(|&k| log_mean_exp(&log_weights[..k])).collect();
    let elbo_by_samples = sample_counts.iter().map(|&k| mean(&log_weights[..k])).collect();
    let elbo_sampled = mean(&log_weights);
    let (mut expected_counts, mut expected_groups, mut expected_log_px, mut expected_standard_error) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut k = 1;
    while samples / k >= MIN_GROUPS {
        let estimates: Vec<f64> = log_weights.chunks_exact(k).map(log_mean_exp).collect();
        let groups = estimates.len();
        let average = mean(&estimates);
        let variance = estimates.iter().map(|e| (e - average).powi(2)).sum::<f64>() / (groups - 1) as f64;
        expected_counts.push(k);
        expected_groups.push(groups);
        expected_log_px.push(average);
        expected_standard_error.push((variance / groups as f64).sqrt());
        k *= 2;
    }
    Ok(Evidence {
        reconstruction,
        kl,
        elbo,
        elbo_sampled,
        log_px,
        gap: log_px - elbo_sampled,
        sample_counts,
        log_px_by_samples,
        elbo_by_samples,
        expected_counts,
        expected_groups,
        expected_log_px,
        expected_standard_error,
    })
}

/// log p(x|z) for each row: minus the cross-entropy for a Bernoulli decoder; for a Gaussian one,
/// minus (14) and minus the constant D·log(√(2π)σ) that (14) leaves out. `(n)`
fn log_likelihood_rows(likelihood: Likelihood, logits: ArrayView2<f32>, x: ArrayView2<f32>) -> Vec<f64> {
    match likelihood {
        Likelihood::Bernoulli => loss::bce_with_logits(logits, x).iter().map(|&v| -(v as f64)).collect(),
        Likelihood::Gaussian { sigma } => {
            let constant = PIXELS as f64 * (HALF_LOG_TWO_PI + (sigma as f64).ln());
            loss::gaussian_squared_error(logits, x, sigma).iter().map(|&v| -(v as f64) - constant).collect()
        }
    }
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

/// `log (1/n Σ exp(values))`.
pub fn log_mean_exp(values: &[f64]) -> f64 {
    log_sum_exp(values) - (values.len() as f64).ln()
}

/// The Gaussian decoder's reconstruction term (14) for one image and a chosen σ, beside the KL.
#[derive(Debug, Clone, PartialEq)]
pub struct SquaredErrorTerm {
    /// Σ_i (x_i - x'_i)² with x' = decode(μ).
    pub squared_error: f64,
    /// (14): `squared_error / (2σ²)`, in nats.
    pub term: f64,
    /// The constant (14) leaves out: `D·log(√(2π)σ)`.
    pub constant: f64,
    /// KL(q(z|x) || N(0, I)), (19).
    pub kl: f64,
    /// `term / (term + kl)`: the reconstruction's share of the loss.
    pub reconstruction_share: f64,
    /// (x_i - x'_i)² for each pixel. `(784)`
    pub squared_differences: Vec<f32>,
}

/// Smallest and largest σ of the decoder the walk accepts.
pub const SIGMA_RANGE: (f64, f64) = (1e-3, 1e3);

/// (14) for `pixels` reconstructed at μ, with decoder noise `sigma`.
pub fn squared_error_term(model: &Model, pixels: &[f32], sigma: f64) -> Result<SquaredErrorTerm, ExplainError> {
    let sigma = checked("σ", sigma, SIGMA_RANGE.0, SIGMA_RANGE.1)?;
    let encoding = model.encode(pixels)?;
    let reconstruction = model.decode(&encoding.mu)?;
    let squared_differences: Vec<f32> = pixels.iter().zip(&reconstruction).map(|(x, r)| (x - r) * (x - r)).collect();
    let squared_error: f64 = squared_differences.iter().map(|&v| v as f64).sum();
    let term = squared_error / (2.0 * sigma * sigma);
    let latent = model.latent_dim();
    let mu = ArrayView2::from_shape((1, latent), &encoding.mu).expect("encoder output");
    let logvar = ArrayView2::from_shape((1, latent), &encoding.logvar).expect("encoder output");
    let kl = loss::kl_divergence(mu, logvar)[0] as f64;
    Ok(SquaredErrorTerm {
        squared_error,
        term,
        constant: PIXELS as f64 * (HALF_LOG_TWO_PI + sigma.ln()),
        kl,
        reconstruction_share: if term + kl > 0.0 { term / (term + kl) } else { 0.0 },
        squared_differences,
    })
}

/// One pass through the network, every value the diagram shows.
#[derive(Debug, Clone, PartialEq)]
pub struct NetworkPass {
    pub mu: Vec<f32>,      // (latent)
    pub logvar: Vec<f32>,  // (latent)
    pub sigma: Vec<f32>,   // (latent) exp(½ log σ²)
    pub epsilon: Vec<f32>, // (latent) the draw, from the seed
    pub z: Vec<f32>,       // (latent) μ + σ·ε
    pub image: Vec<f32>,   // (784) decode(z), pixel probabilities
}

/// x → encoder → μ, log σ² → z = μ + σ·ε (ε from `seed`) → decoder → x′.
pub fn network_pass(model: &Model, pixels: &[f32], seed: u64) -> Result<NetworkPass, ExplainError> {
    let encoding = model.encode(pixels)?;
    let latent = model.latent_dim();
    let epsilon = standard_normal(1, latent, &mut seeded(seed));
    let mu = Array2::from_shape_vec((1, latent), encoding.mu.clone()).expect("encoder output");
    let logvar = Array2::from_shape_vec((1, latent), encoding.logvar.clone()).expect("encoder output");
    let z = reparameterize(mu.view(), logvar.view(), epsilon.view());
    let image = model.vae.decode(z.view()).into_raw_vec_and_offset().0;
    let sigma = encoding.logvar.iter().map(|lv| (0.5 * lv).exp()).collect();
    Ok(NetworkPass {
        mu: encoding.mu,
        logvar: encoding.logvar,
        sigma,
        epsilon: epsilon.into_raw_vec_and_offset().0,
        z: z.into_raw_vec_and_offset().0,
        image,
    })
}
