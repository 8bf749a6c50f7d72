//! Backpropagation checked against central finite differences, for every parameter of a tiny VAE.
#![cfg(not(target_arch = "wasm32"))] // Native tests; tests/web.rs runs in the browser.

use ndarray::{Array2, array};
use vae_playground::nn::loss::{kl_divergence, kl_divergence_grad};
use vae_playground::nn::rng::{seeded, standard_normal};
use vae_playground::nn::vae::Vae;
use vae_playground::{Likelihood, VaeConfig};

fn tiny_config(likelihood: Likelihood) -> VaeConfig {
    VaeConfig { input_dim: 6, encoder_hidden: vec![5, 4], latent_dim: 2, decoder_hidden: vec![3, 5], likelihood }
}

/// Pixels in [0, 1], not all 0/1, so both parts of the cross-entropy matter. (3, 6)
fn tiny_batch() -> Array2<f32> {
    array![[0.0, 0.2, 0.9, 1.0, 0.5, 0.1], [0.7, 0.0, 0.3, 0.8, 1.0, 0.0], [0.4, 0.6, 0.0, 0.05, 0.95, 0.3]]
}

/// Compares every analytic gradient with `(L(p + h) - L(p - h)) / 2h`.
fn check_all_parameters(likelihood: Likelihood, beta: f32) {
    let mut rng = seeded(11);
    let vae = Vae::init(tiny_config(likelihood), &mut rng);
    let x = tiny_batch();
    let epsilon = standard_normal(x.nrows(), 2, &mut rng);
    let objective = |vae: &Vae| vae.loss_and_gradients(x.view(), epsilon.view(), beta).0.objective as f64;
    let (_, grads) = vae.loss_and_gradients(x.view(), epsilon.view(), beta);

    let h = 1e-2f32;
    let mut checked = 0;
    let analytic: Vec<_> = grads.dense_layers().cloned().collect();
    for (layer, grad) in analytic.iter().enumerate() {
        let params = [(grad.weight.as_slice().unwrap(), true), (grad.bias.as_slice().unwrap(), false)];
        for (grad_values, is_weight) in params {
            for (i, &expected) in grad_values.iter().enumerate() {
                let nudged = |delta: f32| {
                    let mut copy = vae.clone();
                    let dense = copy.dense_layers_mut().nth(layer).unwrap();
                    let values = if is_weight {
                        dense.weight.as_slice_mut().unwrap()
                    } else {
                        dense.bias.as_slice_mut().unwrap()
                    };
                    values[i] += delta;
                    objective(&copy)
                };
                let numeric = (nudged(h) - nudged(-h)) / (2.0 * h as f64);
                let tolerance = 2e-3 + 2e-2 * numeric.abs();
                assert!(
                    (numeric - expected as f64).abs() < tolerance,
                    "{likelihood:?} layer {layer} {} {i}: backprop {expected}, finite difference {numeric}",
                    if is_weight { "weight" } else { "bias" }
                );
                checked += 1;
            }
        }
    }
    assert_eq!(checked, tiny_config(likelihood).parameter_count());
}

#[test]
fn bernoulli_gradients_match_finite_differences() {
    check_all_parameters(Likelihood::Bernoulli, 1.0);
}

#[test]
fn gaussian_gradients_match_finite_differences() {
    check_all_parameters(Likelihood::Gaussian { sigma: 0.5 }, 1.0);
}

#[test]
fn kl_weight_beta_scales_only_the_kl_gradient() {
    check_all_parameters(Likelihood::Bernoulli, 0.3);
}

#[test]
fn kl_gradient_matches_finite_differences() {
    let mu = array![[0.3f32, -1.2], [2.0, 0.0]];
    let logvar = array![[-0.5f32, 0.7], [0.1, -2.0]];
    let (grad_mu, grad_logvar) = kl_divergence_grad(mu.view(), logvar.view());
    let h = 1e-3f32;
    for ((row, col), _) in mu.indexed_iter() {
        let total = |m: &Array2<f32>, lv: &Array2<f32>| kl_divergence(m.view(), lv.view())[row] as f64;
        let bump = |a: &Array2<f32>, d: f32| {
            let mut b = a.clone();
            b[[row, col]] += d;
            b
        };
        let numeric_mu = (total(&bump(&mu, h), &logvar) - total(&bump(&mu, -h), &logvar)) / (2.0 * h as f64);
        let numeric_lv = (total(&mu, &bump(&logvar, h)) - total(&mu, &bump(&logvar, -h))) / (2.0 * h as f64);
        assert!((numeric_mu - grad_mu[[row, col]] as f64).abs() < 1e-3, "dKL/dμ at {row},{col}");
        assert!((numeric_lv - grad_logvar[[row, col]] as f64).abs() < 1e-3, "dKL/dlogvar at {row},{col}");
    }
}
