//! Prints the test loss of weights files, recomputed on their dataset's test images, beside the
//! figure stored in each file.
//!
//! ```text
//! cargo run --release --bin eval -- models/*.safetensors
//! cargo run --release --bin eval -- --prior-contrast models/mnist-ae-2d.safetensors models/mnist-2d.safetensors
//! cargo run --release --bin eval -- --refresh-atlas models/mnist-2d.safetensors
//! ```
//!
//! `--prior-contrast` measures what the article's argument predicts: decodes of draws from the
//! prior N(0, I) look like real digits for a VAE and not for a plain autoencoder, whose codes
//! leave holes. `--refresh-atlas` re-encodes the test images stored with a model (μ and log σ²)
//! and writes the file again; its weights are unchanged.

use std::path::PathBuf;

use anyhow::Context;
use clap::Parser;

use vae_playground::data::{self, Split};
use vae_playground::nn::rng::seeded;
use vae_playground::training::augment::{AugmentConfig, augment_batch};
use vae_playground::training::eval::{ATLAS_SIZE, DRAWS_PER_IMAGE, atlas, model_test_loss, prior_sample_distance};
use vae_playground::weights;

#[derive(Parser, Debug)]
#[command(about = "Recompute the test loss of VAE weights files (safetensors).")]
struct Args {
    /// Weights files to evaluate.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Draws of z per test image.
    #[arg(long, default_value_t = DRAWS_PER_IMAGE)]
    draws: usize,
    /// Seed of the draws.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Measure on test images changed the way `train --augment` changes training images (every
    /// image, fixed seed): a stand-in for digits drawn unlike MNIST's writers.
    #[arg(long)]
    augmented: bool,
    /// Instead of the test loss: decode draws z ~ N(0, I) and print the mean pixel distance (L2)
    /// from each decoded image to its nearest training image.
    #[arg(long)]
    prior_contrast: bool,
    /// Draws of z for --prior-contrast.
    #[arg(long, default_value_t = 1000)]
    prior_draws: usize,
    /// Re-encode each file's atlas (test images' μ and log σ²) and write the file in place.
    #[arg(long)]
    refresh_atlas: bool,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    if args.prior_contrast {
        return prior_contrast(&args);
    }
    if args.refresh_atlas {
        return refresh_atlas(&args);
    }
    println!(
        "| model | dataset | latent | likelihood | parameters | weights | bytes | test recon | test KL | test loss | stored test loss |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    for path in &args.files {
        let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        let (vae, info) = weights::from_bytes(&bytes).with_context(|| format!("loading {}", path.display()))?;
        let mut images = data::load(&info.dataset, Split::Test)?.images;
        if args.augmented {
            let every_image = AugmentConfig { probability: 1.0, ..AugmentConfig::default() };
            augment_batch(&mut images, &every_image, &mut seeded(args.seed));
        }
        let loss = model_test_loss(&vae, info.is_deterministic(), images.view(), args.draws, args.seed);
        let stored = info.test_loss.map_or("–".to_string(), |t| format!("{:.2}", t.total));
        println!(
            "| {} | {} | {} | {} | {} | {:?} | {} | {:.2} | {:.2} | {:.2} | {} |",
            info.name,
            info.dataset,
            info.config.latent_dim,
            info.config.likelihood.describe(),
            info.config.parameter_count(),
            info.weight_format,
            bytes.len(),
            loss.reconstruction,
            loss.kl,
            loss.total,
            stored
        );
    }
    Ok(())
}

/// For each file: the mean over `prior_draws` draws z ~ N(0, I) of the L2 distance in pixels from
/// decode(z) to the nearest training image of the model's dataset.
fn prior_contrast(args: &Args) -> anyhow::Result<()> {
    println!("| model | kind | prior draws | mean distance of decode(ε) to the nearest training image |");
    println!("|---|---|---|---|");
    for path in &args.files {
        let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        let (vae, info) = weights::from_bytes(&bytes).with_context(|| format!("loading {}", path.display()))?;
        let train = data::load(&info.dataset, Split::Train)?;
        let mean = prior_sample_distance(&vae, train.images(), args.prior_draws, args.seed);
        println!("| {} | {} | {} | {:.3} |", info.name, info.kind(), args.prior_draws, mean);
    }
    Ok(())
}

/// Rewrites each file with a freshly computed atlas (μ and log σ² of its test images).
fn refresh_atlas(args: &Args) -> anyhow::Result<()> {
    for path in &args.files {
        let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        let (vae, info) = weights::from_bytes(&bytes).with_context(|| format!("loading {}", path.display()))?;
        let test = data::load(&info.dataset, Split::Test)?;
        let atlas = atlas(&vae, &test, ATLAS_SIZE);
        let written = weights::to_bytes(&vae, &info, Some(&atlas));
        let (reloaded, _) = weights::from_bytes(&written)?;
        anyhow::ensure!(reloaded == vae, "{}: the weights would change when written again", path.display());
        std::fs::write(path, &written).with_context(|| format!("writing {}", path.display()))?;
        println!("{}: atlas of {} test images rewritten ({} bytes)", path.display(), atlas.mu.nrows(), written.len());
    }
    Ok(())
}
