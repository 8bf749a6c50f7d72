//! The decoder on its int8 weights (`src/nn/linalg/int8.rs`), which the browser decodes with: every
//! shipped model gets one, and its test loss stays within 0.2 nat of the f32 decoder's (the bar of
//! issue 14). The same z draws feed both, so the difference is the int8 arithmetic alone. Needs the
//! datasets (`./build.sh data`).
#![cfg(not(target_arch = "wasm32"))] // Native tests; tests/web.rs runs in the browser.

use ndarray::{Array2, s};
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

#[test]
fn int8_decoder_keeps_the_test_loss_within_a_fifth_of_a_nat() {
    for file in &shipped_models() {
        let model = Model::from_bytes(&file.bytes).unwrap();
        let int8 = Int8Mlp::exact_from(&model.vae.decoder)
            .map(Int8Mlp::seven_bit_hidden)
            .unwrap_or_else(|| panic!("{}: its int8 weights do not pack exactly", file.name));
        let test = data::load(&model.info.dataset, Split::Test).unwrap_or_else(|e| panic!("{e}"));
        let images = test.images();
        let mut rng = seeded(5);
        let (mut f32_loss, mut int8_loss, mut largest_logit_error, mut largest_probability_error) =
            (0.0f64, 0.0f64, 0.0f32, 0.0f32);
        for start in (0..images.nrows()).step_by(1000) {
            let chunk = images.slice(s![start..(start + 1000).min(images.nrows()), ..]);
            let posterior = model.vae.encode(chunk);
            let kl: f64 = kl_divergence(posterior.mu.view(), posterior.logvar.view()).iter().map(|&k| k as f64).sum();
            f32_loss += kl;
            int8_loss += kl;
            for _ in 0..DRAWS {
                let epsilon = standard_normal(chunk.nrows(), model.latent_dim(), &mut rng);
                let z = reparameterize(posterior.mu.view(), posterior.logvar.view(), epsilon.view());
                let reference = model.vae.decode_logits(z.view());
                let logits =
                    Array2::from_shape_vec(reference.raw_dim(), int8.forward(z.as_slice().unwrap(), z.nrows()))
                        .unwrap();
                let sigmoid = |l: f32| 1.0 / (1.0 + (-l).exp());
                for (a, b) in logits.iter().zip(reference.iter()) {
                    largest_logit_error = largest_logit_error.max((a - b).abs());
                    largest_probability_error = largest_probability_error.max((sigmoid(*a) - sigmoid(*b)).abs());
                }
                let bce = |l: &Array2<f32>| bce_with_logits(l.view(), chunk).iter().map(|&r| r as f64).sum::<f64>();
                f32_loss += bce(&reference) / DRAWS as f64;
                int8_loss += bce(&logits) / DRAWS as f64;
            }
        }
        let count = images.nrows() as f64;
        let (f32_loss, int8_loss) = (f32_loss / count, int8_loss / count);
        println!(
            "{}: test loss {f32_loss:.4} (f32 decoder), {int8_loss:.4} (int8), largest |Δ logit| {largest_logit_error:.1e}, |Δ p| {largest_probability_error:.1e}",
            file.name
        );
        assert!((int8_loss - f32_loss).abs() <= BAR_NATS, "{}: {int8_loss} against {f32_loss}", file.name);
        // A broken kernel would still be far off even where the loss hides it. The hidden layers'
        // 7-bit inputs move a pixel's probability by hundredths (at most 0.076 over the five
        // models' test sets when this was written, mnist-ae-2d's), a logit by up to 0.84.
        assert!(
            largest_probability_error < 0.1,
            "{}: a pixel's probability is off by {largest_probability_error}",
            file.name
        );
        assert!(largest_logit_error < 1.0, "{}: a logit is off by {largest_logit_error}", file.name);
    }
}

#[test]
fn the_int8_decoder_agrees_with_the_f32_decoder_and_with_itself_one_point_at_a_time() {
    for file in &shipped_models() {
        let model = Model::from_bytes(&file.bytes).unwrap();
        let int8 = Int8Mlp::exact_from(&model.vae.decoder).unwrap();
        let d = model.latent_dim();
        let zs: Vec<f32> = standard_normal(9, d, &mut seeded(1)).into_raw_vec_and_offset().0;
        let batch = int8.forward(&zs, 9);
        let reference = model.vae.decode_logits(Array2::from_shape_vec((9, d), zs.clone()).unwrap().view());
        let largest = batch.iter().zip(reference.iter()).map(|(a, b)| (a - b).abs()).fold(0.0f32, f32::max);
        assert!(largest < 0.05 && largest > 0.0, "{}: |int8 − f32| logits up to {largest}", file.name);
        for (point, logits) in zs.chunks(d).zip(batch.chunks(784)) {
            assert_eq!(int8.forward(point, 1), logits, "{}: one point and a batch give the same bits", file.name);
        }
    }
}
