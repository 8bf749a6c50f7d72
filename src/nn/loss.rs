//! The two terms of the ELBO (12), per example, and their gradients.
//!
//! Everything here is a loss to *minimise*: the negative of the ELBO's terms.

use ndarray::{Array1, Array2, ArrayView2, Axis, Zip};

use crate::nn::config::Likelihood;
use crate::nn::layers::sigmoid;
use crate::nn::linalg::{sigmoid_in_place, softplus_of_minus_abs_in_place};

/// Binary cross-entropy of pixels `x ∈ [0, 1]` against `sigmoid(logits)`, summed over pixels:
/// `-Σ_i [x_i log x'_i + (1 - x_i) log(1 - x'_i)]`, the negative Bernoulli log-likelihood
/// (MATH.md, after (14)).
///
/// Computed from the logits as `max(l, 0) - l·x + log(1 + e^-|l|)`, which never takes the log
/// of 0, so a confident decoder gives a large finite loss rather than infinity.
///
/// # Shapes
/// `logits, x: (batch, pixels)` → `(batch)`
pub fn bce_with_logits(logits: ArrayView2<f32>, x: ArrayView2<f32>) -> Array1<f32> {
    // log(1 + e^-|l|) first, for the whole batch at once (four at a time in the browser).
    let mut per_pixel = logits.as_standard_layout().into_owned();
    softplus_of_minus_abs_in_place(per_pixel.as_slice_mut().expect("a standard-layout array"));
    Zip::from(&mut per_pixel).and(logits).and(x).for_each(|out, &l, &x| {
        *out += l.max(0.0) - l * x;
    });
    per_pixel.sum_axis(Axis(1))
}

/// d(BCE)/d(logits) = `sigmoid(l) - x`. `(batch, pixels)`
pub fn bce_with_logits_grad(logits: ArrayView2<f32>, x: ArrayView2<f32>) -> Array2<f32> {
    let mut grad = logits.as_standard_layout().into_owned();
    sigmoid_in_place(&mut grad);
    grad -= &x;
    grad
}

/// The squared-error term of a Gaussian decoder, MATH.md (14): `Σ_i (x_i - x'_i)² / (2σ²)`
/// with `x' = sigmoid(logits)`. The constant `D·log(√(2π)·σ)` is left out, as in (14).
///
/// # Shapes
/// `logits, x: (batch, pixels)` → `(batch)`
pub fn gaussian_squared_error(logits: ArrayView2<f32>, x: ArrayView2<f32>, sigma: f32) -> Array1<f32> {
    let scale = 1.0 / (2.0 * sigma * sigma);
    let mut per_pixel = Array2::zeros(logits.raw_dim());
    Zip::from(&mut per_pixel).and(logits).and(x).for_each(|out, &l, &x| {
        let diff = x - sigmoid(l);
        *out = diff * diff * scale;
    });
    per_pixel.sum_axis(Axis(1))
}

/// d/d(logits) of [`gaussian_squared_error`]: `(x' - x) / σ² · x'(1 - x')`. `(batch, pixels)`
pub fn gaussian_squared_error_grad(logits: ArrayView2<f32>, x: ArrayView2<f32>, sigma: f32) -> Array2<f32> {
    let inv_var = 1.0 / (sigma * sigma);
    let mut grad = Array2::zeros(logits.raw_dim());
    Zip::from(&mut grad).and(logits).and(x).for_each(|g, &l, &x| {
        let p = sigmoid(l);
        *g = (p - x) * inv_var * p * (1.0 - p);
    });
    grad
}

/// The reconstruction loss `-log p(x|z)` of the given likelihood, per example. `(batch)`
pub fn reconstruction(likelihood: Likelihood, logits: ArrayView2<f32>, x: ArrayView2<f32>) -> Array1<f32> {
    match likelihood {
        Likelihood::Bernoulli => bce_with_logits(logits, x),
        Likelihood::Gaussian { sigma } => gaussian_squared_error(logits, x, sigma),
    }
}

/// d/d(logits) of [`reconstruction`]. `(batch, pixels)`
pub fn reconstruction_grad(likelihood: Likelihood, logits: ArrayView2<f32>, x: ArrayView2<f32>) -> Array2<f32> {
    match likelihood {
        Likelihood::Bernoulli => bce_with_logits_grad(logits, x),
        Likelihood::Gaussian { sigma } => gaussian_squared_error_grad(logits, x, sigma),
    }
}

/// KL(N(μ, σ²) || N(0, 1)) for each example and latent dimension, MATH.md (19) before the sum:
/// `-½ (1 + log σ² - μ² - σ²)`.
///
/// # Shapes
/// `mu, logvar: (batch, latent)` → `(batch, latent)`
pub fn kl_per_dimension(mu: ArrayView2<f32>, logvar: ArrayView2<f32>) -> Array2<f32> {
    let mut kl = Array2::zeros(mu.raw_dim());
    Zip::from(&mut kl).and(mu).and(logvar).for_each(|k, &m, &lv| {
        *k = -0.5 * (1.0 + lv - m * m - lv.exp());
    });
    kl
}

/// KL(q(z|x) || N(0, I)) summed over latent dimensions, MATH.md (19). `(batch, latent)` → `(batch)`
pub fn kl_divergence(mu: ArrayView2<f32>, logvar: ArrayView2<f32>) -> Array1<f32> {
    kl_per_dimension(mu, logvar).sum_axis(Axis(1))
}

/// Gradients of (19): `dKL/dμ = μ`, `dKL/d(log σ²) = ½(σ² - 1)`. Each `(batch, latent)`.
pub fn kl_divergence_grad(mu: ArrayView2<f32>, logvar: ArrayView2<f32>) -> (Array2<f32>, Array2<f32>) {
    (mu.to_owned(), logvar.mapv(|lv| 0.5 * (lv.exp() - 1.0)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn bce_matches_the_textbook_formula() {
        let logits = array![[0.3, -1.2, 2.5]];
        let x = array![[0.0, 0.4, 1.0]];
        let expected: f32 = logits
            .iter()
            .zip(x.iter())
            .map(|(&l, &x): (&f32, &f32)| {
                let p = 1.0 / (1.0 + (-l).exp());
                -(x * p.ln() + (1.0 - x) * (1.0 - p).ln())
            })
            .sum();
        assert!((bce_with_logits(logits.view(), x.view())[0] - expected).abs() < 1e-5);
    }

    #[test]
    fn bce_stays_finite_for_extreme_logits() {
        let logits = array![[200.0, -200.0]];
        let x = array![[0.0, 1.0]];
        let loss = bce_with_logits(logits.view(), x.view())[0];
        assert!(loss.is_finite());
        assert!((loss - 400.0).abs() < 1e-3);
    }

    #[test]
    fn gaussian_term_is_squared_error_over_two_sigma_squared() {
        let logits = array![[0.0, 0.0]]; // x' = 0.5 everywhere
        let x = array![[1.0, 0.0]];
        let loss = gaussian_squared_error(logits.view(), x.view(), 0.5)[0];
        assert!((loss - (0.25 + 0.25) / (2.0 * 0.25)).abs() < 1e-6);
    }

    #[test]
    fn kl_is_zero_at_the_prior_and_matches_eq_18() {
        let zero = kl_divergence(array![[0.0, 0.0]].view(), array![[0.0, 0.0]].view());
        assert_eq!(zero[0], 0.0);
        // (18): ½(σ² + μ² - 1) - log σ with μ = 1, σ = 2.
        let sigma: f32 = 2.0;
        let expected = 0.5 * (sigma * sigma + 1.0 - 1.0) - sigma.ln();
        let kl = kl_divergence(array![[1.0]].view(), array![[(sigma * sigma).ln()]].view());
        assert!((kl[0] - expected).abs() < 1e-6);
    }
}
