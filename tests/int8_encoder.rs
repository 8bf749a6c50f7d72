//! The encoder on its int8 weights (`Int8Mlp`, the last layer padded to eight columns), which the
//! browser encodes with: with the int8 decoder beside it, as the page runs both, every shipped
//! model's test loss stays within 0.2 nat of the f32 network's. The same ε draws feed both, so
//! the difference is the int8 arithmetic alone. Needs the datasets (`./build.sh data`).
#![cfg(not(target_arch = "wasm32"))] // Native tests; tests/web.rs runs in the browser.

use ndarray::{Array2, ArrayView2, s};
use vae_playground::data::{self, Split};
use vae_playground::model::Model;
use vae_playground::nn::layers::Int8Mlp;
use vae_playground::nn::loss::{bce_with_logits, kl_divergence};
use vae_playground::nn::rng::{seeded, standard_normal};
use vae_playground::nn::vae::reparameterize;

#[path = "common/shipped.rs"]
mod shipped;
use shipped::shipped_models;

/// The bar: int8 arithmetic may cost at most this much test loss.
const BAR_NATS: f64 = 0.2;

/// Draws of z per test image (the published figures use 16; the difference needs fewer).
const DRAWS: usize = 2;

/// `(n, 2·latent)` → μ and log σ², each `(n, latent)`.
fn split(out: ArrayView2<f32>, latent: usize) -> (Array2<f32>, Array2<f32>) {
    (out.slice(s![.., ..latent]).to_owned(), out.slice(s![.., latent..]).to_owned())
}

#[test]
fn int8_encoder_and_decoder_keep_the_test_loss_within_a_fifth_of_a_nat() {
    for file in &shipped_models() {
        let model = Model::from_bytes(&file.bytes).unwrap();
        let latent = model.latent_dim();
        let encoder = Int8Mlp::exact_from(&model.vae.encoder)
            .unwrap_or_else(|| panic!("{}: its encoder's int8 weights do not pack exactly", file.name));
        let decoder = Int8Mlp::exact_from(&model.vae.decoder).map(Int8Mlp::seven_bit_hidden).unwrap(); // as the browser decodes
        assert_eq!(encoder.outputs(), 2 * latent, "{}: the padding columns are dropped", file.name);
        let test = data::load(&model.info.dataset, Split::Test).unwrap_or_else(|e| panic!("{e}"));
        let images = test.images();
        let mut rng = seeded(5);
        let (mut f32_loss, mut int8_loss, mut largest_mu_error) = (0.0f64, 0.0f64, 0.0f32);
        for start in (0..images.nrows()).step_by(1000) {
            let chunk = images.slice(s![start..(start + 1000).min(images.nrows()), ..]); // (n, 784)
            let n = chunk.nrows();
            let reference = model.vae.encode(chunk);
            let x = chunk.as_standard_layout();
            let out = Array2::from_shape_vec((n, 2 * latent), encoder.forward(x.as_slice().unwrap(), n)).unwrap();
            let (mu, logvar) = split(out.view(), latent);
            for (a, b) in mu.iter().zip(reference.mu.iter()) {
                largest_mu_error = largest_mu_error.max((a - b).abs());
            }
            let kl = |m: &Array2<f32>, l: &Array2<f32>| kl_divergence(m.view(), l.view()).iter().map(|&k| k as f64).sum::<f64>();
            f32_loss += kl(&reference.mu, &reference.logvar);
            int8_loss += kl(&mu, &logvar);
            for _ in 0..DRAWS {
                let epsilon = standard_normal(n, latent, &mut rng);
                let z_f32 = reparameterize(reference.mu.view(), reference.logvar.view(), epsilon.view());
                let z_int8 = reparameterize(mu.view(), logvar.view(), epsilon.view());
                let logits_f32 = model.vae.decode_logits(z_f32.view());
                let logits_int8 = Array2::from_shape_vec((n, 784), decoder.forward(z_int8.as_slice().unwrap(), n)).unwrap();
                let bce = |l: &Array2<f32>| bce_with_logits(l.view(), chunk).iter().map(|&r| r as f64).sum::<f64>();
                f32_loss += bce(&logits_f32) / DRAWS as f64;
                int8_loss += bce(&logits_int8) / DRAWS as f64;
            }
        }
        let count = images.nrows() as f64;
        let (f32_loss, int8_loss) = (f32_loss / count, int8_loss / count);
        println!(
            "{}: test loss {f32_loss:.3} (f32 network), {int8_loss:.3} (int8 encoder and decoder), largest |Δ μ| {largest_mu_error:.1e}",
            file.name
        );
        assert!((int8_loss - f32_loss).abs() <= BAR_NATS, "{}: {int8_loss} against {f32_loss}", file.name);
        // A broken kernel would still be far off even where the loss hides it.
        assert!(largest_mu_error < 0.01, "{}: a μ is off by {largest_mu_error}", file.name);
    }
}

#[test]
fn the_model_encodes_on_its_int8_weights_when_asked_as_the_browser_does() {
    for file in &shipped_models() {
        let f32_model = Model::from_bytes(&file.bytes).unwrap();
        let int8_model = Model::from_bytes(&file.bytes).unwrap().with_int8_encoder();
        let test = data::load(&f32_model.info.dataset, Split::Test).unwrap();
        let images = test.images();
        for r in [0, 1, 2, 3] {
            let pixels = images.row(r).to_vec();
            let (a, b) = (f32_model.encode(&pixels).unwrap(), int8_model.encode(&pixels).unwrap());
            assert_eq!((a.mu.len(), a.logvar.len()), (b.mu.len(), b.logvar.len()));
            let largest = a.mu.iter().chain(&a.logvar).zip(b.mu.iter().chain(&b.logvar)).map(|(x, y)| (x - y).abs()).fold(0.0f32, f32::max);
            assert!(largest > 0.0 && largest < 0.01, "{}: |int8 − f32| of μ, log σ² up to {largest}", file.name);
        }
    }
}
