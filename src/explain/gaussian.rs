//! The normal density (13) and the KL of a one-dimensional q = N(μ, σ²) from the prior N(0, 1):
//! in closed form (18)–(19), and by Monte Carlo from the expectation (15) it is derived from.

use rand_distr::{Distribution, StandardNormal};

use super::{ExplainError, checked, checked_count};
use crate::nn::rng::seeded;

/// Largest |μ| and |log σ²| the walk accepts (the model's own latent limit).
pub const MAX_MAGNITUDE: f64 = 80.0;
/// Most Monte-Carlo draws in one call.
pub const MAX_DRAWS: usize = 1_000_000;

/// (13) `N(x; μ, σ²) = exp(-(x-μ)²/(2σ²)) / (√(2π) σ)`.
pub fn normal_density(x: f64, mu: f64, sigma: f64) -> Result<f64, ExplainError> {
    let x = checked("x", x, f64::MIN, f64::MAX)?;
    let mu = checked("μ", mu, -MAX_MAGNITUDE, MAX_MAGNITUDE)?;
    let sigma = checked("σ", sigma, 1e-6, 1e6)?;
    let t = (x - mu) / sigma;
    Ok((-0.5 * t * t).exp() / ((2.0 * std::f64::consts::PI).sqrt() * sigma))
}

/// (19) for one dimension: `KL(N(μ, σ²) || N(0, 1)) = -½ (1 + log σ² - μ² - σ²)`, in nats;
/// the same as (18), `½(σ² + μ² - 1) - log σ`.
pub fn kl_closed_form(mu: f64, logvar: f64) -> Result<f64, ExplainError> {
    let mu = checked("μ", mu, -MAX_MAGNITUDE, MAX_MAGNITUDE)?;
    let logvar = checked("log σ²", logvar, -MAX_MAGNITUDE, MAX_MAGNITUDE)?;
    Ok(-0.5 * (1.0 + logvar - mu * mu - logvar.exp()))
}

/// A Monte-Carlo estimate of the KL and how it converges.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MonteCarloKl {
    /// (19)
    pub closed_form: f64,
    /// The mean of `log q(z) - log p(z)` over the draws, (15).
    pub estimate: f64,
    /// Its standard error: the draws' standard deviation over √n.
    pub standard_error: f64,
    /// The number of draws after 1, 2, 4, … and finally all of them: where the curve is read. `(points)`
    pub checkpoints: Vec<usize>,
    /// The running estimate at each checkpoint. `(points)`
    pub running_estimate: Vec<f64>,
    /// Its standard error at each checkpoint (0 after one draw). `(points)`
    pub running_standard_error: Vec<f64>,
}

/// (15): KL = E_q[log q(z) - log p(z)] = E_q[-log σ - (z-μ)²/(2σ²) + z²/2], estimated from `draws`
/// draws z = μ + σ·ε (ε from `seed`), beside the closed form (19).
pub fn kl_monte_carlo(mu: f64, logvar: f64, draws: usize, seed: u64) -> Result<MonteCarloKl, ExplainError> {
    let closed_form = kl_closed_form(mu, logvar)?;
    checked_count("the number of draws", draws, 1, MAX_DRAWS)?;
    let sigma = (0.5 * logvar).exp();
    let mut rng = seeded(seed);
    let (mut sum, mut sum_squares) = (0.0, 0.0);
    let mut checkpoints = Vec::new();
    let mut running_estimate = Vec::new();
    let mut running_standard_error = Vec::new();
    let mut next_checkpoint = 1;
    for i in 1..=draws {
        let epsilon: f64 = StandardNormal.sample(&mut rng);
        let z = mu + sigma * epsilon;
        // (z - μ)²/(2σ²) = ε²/2, since T = (z - μ)/σ = ε, (16).
        let value = -0.5 * logvar - 0.5 * epsilon * epsilon + 0.5 * z * z;
        sum += value;
        sum_squares += value * value;
        if i == next_checkpoint || i == draws {
            let (mean, error) = mean_and_standard_error(sum, sum_squares, i);
            checkpoints.push(i);
            running_estimate.push(mean);
            running_standard_error.push(error);
            while next_checkpoint <= i {
                next_checkpoint *= 2;
            }
        }
    }
    let (estimate, standard_error) = mean_and_standard_error(sum, sum_squares, draws);
    Ok(MonteCarloKl { closed_form, estimate, standard_error, checkpoints, running_estimate, running_standard_error })
}

/// The mean of n values from their sum and sum of squares, and its standard error.
fn mean_and_standard_error(sum: f64, sum_squares: f64, n: usize) -> (f64, f64) {
    let mean = sum / n as f64;
    if n < 2 {
        return (mean, 0.0);
    }
    let variance = ((sum_squares - n as f64 * mean * mean) / (n - 1) as f64).max(0.0);
    (mean, (variance / n as f64).sqrt())
}
