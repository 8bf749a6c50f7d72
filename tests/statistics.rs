//! Statistical checks of the maths with fixed seeds: the closed-form KL (19) against a Monte-Carlo
//! estimate of its definition (14'), and the moments of reparameterised samples.
#![cfg(not(target_arch = "wasm32"))] // Native tests; tests/web.rs runs in the browser.

use ndarray::{Array2, array};
use vae_playground::nn::loss::kl_divergence;
use vae_playground::nn::rng::{seeded, standard_normal};
use vae_playground::nn::vae::reparameterize;

const SAMPLES: usize = 200_000;

/// log N(z; μ, σ²), MATH.md (13).
fn log_normal_density(z: f64, mu: f64, sigma: f64) -> f64 {
    -0.5 * ((z - mu) / sigma).powi(2) - sigma.ln() - 0.5 * (2.0 * std::f64::consts::PI).ln()
}

/// Mean and standard error of the mean.
fn mean_and_standard_error(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let variance = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, (variance / n).sqrt())
}

#[test]
fn closed_form_kl_agrees_with_monte_carlo_within_four_standard_errors() {
    // (14'): KL(q||p) = E_q[log q(z) - log p(z)], estimated from z ~ q, per posterior.
    let cases: [(f64, f64); 4] = [(0.0, 0.0), (1.5, -1.0), (-0.7, 0.8), (2.5, -3.0)]; // (μ, log σ²), one dimension
    let mut rng = seeded(7);
    for (mu, logvar) in cases {
        let sigma = (0.5 * logvar).exp();
        let epsilon = standard_normal(SAMPLES, 1, &mut rng);
        let terms: Vec<f64> = epsilon
            .iter()
            .map(|&e| {
                let z = mu + sigma * e as f64;
                log_normal_density(z, mu, sigma) - log_normal_density(z, 0.0, 1.0)
            })
            .collect();
        let (estimate, standard_error) = mean_and_standard_error(&terms);
        let closed_form = kl_divergence(array![[mu as f32]].view(), array![[logvar as f32]].view())[0] as f64;
        // For q = p every term is 0; otherwise four standard errors (a fixed seed keeps this stable).
        let tolerance = 4.0 * standard_error + 1e-6;
        assert!(
            (estimate - closed_form).abs() < tolerance,
            "μ {mu}, log σ² {logvar}: closed form {closed_form}, Monte Carlo {estimate} ± {standard_error}"
        );
    }
}

#[test]
fn reparameterised_samples_have_mean_mu_and_variance_sigma_squared() {
    let mu = [0.5f32, -2.0, 3.0];
    let logvar = [0.0f32, -1.5, 1.2];
    let mus = Array2::from_shape_fn((SAMPLES, 3), |(_, j)| mu[j]);
    let logvars = Array2::from_shape_fn((SAMPLES, 3), |(_, j)| logvar[j]);
    let epsilon = standard_normal(SAMPLES, 3, &mut seeded(5));
    let z = reparameterize(mus.view(), logvars.view(), epsilon.view());
    for j in 0..3 {
        let column: Vec<f64> = z.column(j).iter().map(|&v| v as f64).collect();
        let (mean, standard_error) = mean_and_standard_error(&column);
        let variance = column.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (SAMPLES as f64 - 1.0);
        let expected_variance = (logvar[j] as f64).exp();
        assert!((mean - mu[j] as f64).abs() < 4.0 * standard_error, "dimension {j}: mean {mean}, μ {}", mu[j]);
        // The sample variance of a normal has standard error σ²·√(2/(n-1)).
        let variance_error = expected_variance * (2.0 / (SAMPLES as f64 - 1.0)).sqrt();
        assert!(
            (variance - expected_variance).abs() < 4.0 * variance_error,
            "dimension {j}: variance {variance}, σ² {expected_variance}"
        );
    }
}

#[test]
fn zero_epsilon_gives_mu_exactly() {
    let mu = array![[0.25f32, -1.0]];
    let z = reparameterize(mu.view(), array![[3.0f32, -3.0]].view(), Array2::zeros((1, 2)).view());
    assert_eq!(z, mu);
}
