//! Prints the test loss of weights files, recomputed on their dataset's test images, beside the
//! figure stored in each file.
//!
//! ```text
//! cargo run --release --bin eval -- models/*.safetensors
//! ```

use std::path::PathBuf;

use anyhow::Context;
use clap::Parser;

use vae_playground::data::{self, Split};
use vae_playground::nn::rng::seeded;
use vae_playground::training::augment::{AugmentConfig, augment_batch};
use vae_playground::training::eval::{DRAWS_PER_IMAGE, test_loss};
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
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
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
        let loss = test_loss(&vae, images.view(), args.draws, args.seed);
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
