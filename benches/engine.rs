//! Native speed of the engine's hot paths, measured with criterion:
//!
//! - `encode`, `decode`, `decode_batch_400` (the page's 20×20 manifold grid) and `sample_16` with
//!   the shipped `mnist-2d` model, as the page calls them (natively through the f32 decoder), and
//!   `decode_int8`, `decode_batch_400_int8`: the int8 decoder with the plain-Rust reference kernel
//!   of `linalg/int8.rs` (the browser runs its simd128 twin);
//! - `preprocess_strokes_280`: the drawing of `bench/drawing.json` (the one the browser benchmark
//!   preprocesses too) rasterised on its 280×280 canvas and framed as a 28×28 digit;
//! - `train_step_128`: one Adam step on a batch of 128 of the reference model 784-512-2, on
//!   random images (speed does not depend on the data, so the datasets are not needed).
//!
//!   cargo bench --bench engine -- --noplot
//!
//! `bench/run.mjs` reads the results from `target/criterion/<name>/new/` into BENCHMARKS.md.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use ndarray::Array2;
use rand_distr::{Distribution, Uniform};
use serde::Deserialize;

use vae_playground::input::preprocess::preprocess_strokes;
use vae_playground::model::Model;
use vae_playground::nn::layers::Int8Mlp;
use vae_playground::nn::rng::seeded;
use vae_playground::training::trainer::{TrainConfig, Trainer};
use vae_playground::weights::embedded;
use vae_playground::{Likelihood, PIXELS, VaeConfig};

/// The benchmarked model: the one the page opens with.
const MODEL: &str = "mnist-2d";

/// Side of the manifold grid the page decodes at once.
const GRID_SIDE: usize = 20;

/// The reference model's batch size (`TrainConfig::default`).
const TRAIN_BATCH: usize = 128;

/// `bench/drawing.json`: strokes as `[x0, y0, x1, y1, …]` in canvas pixels.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Drawing {
    width: usize,
    height: usize,
    line_width: f32,
    strokes: Vec<Vec<f32>>,
}

impl Drawing {
    fn load() -> Drawing {
        serde_json::from_str(include_str!("../bench/drawing.json")).expect("bench/drawing.json is a drawing")
    }

    /// The page's wire format: the strokes' points, one stroke after another, separated by a NaN pair.
    fn flat_points(&self) -> Vec<f32> {
        self.strokes.join(&[f32::NAN, f32::NAN][..])
    }
}

fn shipped_model() -> Model {
    let weights = embedded::find(MODEL).expect("the benchmarked model is embedded");
    Model::from_bytes(weights.bytes).expect("the embedded model loads")
}

/// The 20×20 grid of latent points the page decodes for its manifold view: `(400 × 2)` row-major,
/// each coordinate in [-2, 2]. (The grid is 2-D; a model with more latent dimensions gets zeros.)
fn manifold_grid(latent_dim: usize) -> Vec<f32> {
    let step = 4.0 / (GRID_SIDE - 1) as f32;
    let mut zs = vec![0.0; GRID_SIDE * GRID_SIDE * latent_dim];
    for row in 0..GRID_SIDE {
        for col in 0..GRID_SIDE {
            let z = &mut zs[(row * GRID_SIDE + col) * latent_dim..];
            z[0] = -2.0 + step * col as f32;
            z[1] = 2.0 - step * row as f32;
        }
    }
    zs
}

fn model_operations(c: &mut Criterion) {
    let model = shipped_model();
    let drawing = Drawing::load();
    let points = drawing.flat_points();
    let digit = preprocess_strokes(&points, drawing.width, drawing.height, drawing.line_width)
        .expect("the benchmark drawing preprocesses")
        .pixels;
    let encoding = model.encode(&digit).expect("the digit encodes");
    let grid = manifold_grid(model.latent_dim());
    let grid_points = GRID_SIDE * GRID_SIDE;

    c.bench_function("preprocess_strokes_280", |b| {
        b.iter(|| preprocess_strokes(black_box(&points), drawing.width, drawing.height, drawing.line_width))
    });
    c.bench_function("encode", |b| b.iter(|| model.encode(black_box(&digit))));
    c.bench_function("decode", |b| b.iter(|| model.decode(black_box(&encoding.mu))));
    c.bench_function("decode_batch_400", |b| b.iter(|| model.decode_batch(black_box(&grid), grid_points)));
    let int8 = Int8Mlp::exact_from(&model.vae.decoder).expect("mnist-2d stores int8 weights");
    c.bench_function("decode_int8", |b| b.iter(|| int8.forward(black_box(&encoding.mu), 1)));
    c.bench_function("decode_batch_400_int8", |b| b.iter(|| int8.forward(black_box(&grid), grid_points)));
    c.bench_function("sample_16", |b| b.iter(|| model.sample(black_box(&encoding.mu), &encoding.logvar, 16, 7, 1.0)));
}

fn training_step(c: &mut Criterion) {
    let reference = VaeConfig::mirrored(&[512], 2, Likelihood::Bernoulli);
    let mut trainer = Trainer::new(reference, TrainConfig::default());
    let (mut rng, ink) = (seeded(1), Uniform::new(0.0, 1.0).expect("a valid range"));
    let batch = Array2::from_shape_simple_fn((TRAIN_BATCH, PIXELS), || ink.sample(&mut rng)); // (128, 784)
    c.bench_function("train_step_128", |b| b.iter(|| trainer.step(black_box(batch.view()), &[], 1.0)));
}

/// Short runs: the whole suite, with the browser benchmark after it, should take minutes, not tens.
fn config() -> Criterion {
    Criterion::default().warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3))
}

criterion_group! { name = benches; config = config(); targets = model_operations, training_step }
criterion_main!(benches);
