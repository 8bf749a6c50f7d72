//! Writes the test images the page shows beside its map's dots: for each dataset, the images of a
//! model file's atlas (the same test images, in the same order, as `training::eval::atlas`), so
//! that hovering over a dot can show the digit itself, and a person without a pointer can give
//! the model a test digit as input.
//!
//! ```text
//! cargo run --release --bin webdata -- --out www/pkg/data
//! ```
//!
//! Each file `<dataset>-atlas.u8` is `count × 784` pixels as bytes (round(255·value)), row after
//! row, then `count` labels: the page reads `count` from the file's length (785 bytes a digit).
//!
//! For the Train view it also writes, in the same form, MNIST's whole split: `mnist-train.u8`
//! (the 9,003 training digits) and `mnist-test.u8` (the 997 test digits); and a part of
//! Fashion-MNIST of about the same size: `fashion-mnist-train.u8` (the first 10,000 of its 60,000
//! training images) and `fashion-mnist-test.u8` (the first 1,000 of its 10,000 test images), so
//! that a person trains on either in the page in about the same time and download.

use std::path::PathBuf;

use anyhow::Context;
use clap::Parser;

use vae_playground::PIXELS;
use vae_playground::data::{self, Split};
use vae_playground::training::dataset::Dataset;
use vae_playground::training::eval::{ATLAS_SIZE, atlas_indices};

/// The Train view's part of Fashion-MNIST: its first training and test images.
const FASHION_TRAIN: usize = 10_000;
const FASHION_TEST: usize = 1_000;

#[derive(Parser, Debug)]
#[command(about = "Write the test images of the models' atlases for the page.")]
struct Args {
    /// Folder to write `<dataset>-atlas.u8` into.
    #[arg(long, default_value = "www/pkg/data")]
    out: PathBuf,
    /// Datasets to write.
    #[arg(long, value_delimiter = ',', default_value = "mnist,fashion-mnist")]
    datasets: Vec<String>,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    std::fs::create_dir_all(&args.out).with_context(|| format!("creating {}", args.out.display()))?;
    for dataset in &args.datasets {
        let test = data::load(dataset, Split::Test)?;
        let indices = atlas_indices(test.len(), ATLAS_SIZE);
        let mut bytes = Vec::with_capacity(indices.len() * (PIXELS + 1));
        for &i in &indices {
            bytes.extend(test.images.row(i).iter().map(|&v| (v.clamp(0.0, 1.0) * 255.0).round() as u8));
        }
        bytes.extend(indices.iter().map(|&i| test.labels[i]));
        let path = args.out.join(format!("{dataset}-atlas.u8"));
        std::fs::write(&path, &bytes).with_context(|| format!("writing {}", path.display()))?;
        println!("    {} test images of {dataset} in {} ({} bytes)", indices.len(), path.display(), bytes.len());
    }
    for (split, name) in [(Split::Train, "train"), (Split::Test, "test")] {
        write_training_file(&data::load("mnist", split)?, &args.out.join(format!("mnist-{name}.u8")))?;
    }
    for (split, name, count) in [(Split::Train, "train", FASHION_TRAIN), (Split::Test, "test", FASHION_TEST)] {
        let part = data::load("fashion-mnist", split)?.head(count);
        write_training_file(&part, &args.out.join(format!("fashion-mnist-{name}.u8")))?;
    }
    Ok(())
}

/// Every digit of a split, for the Train view.
fn write_training_file(digits: &Dataset, path: &std::path::Path) -> anyhow::Result<()> {
    let bytes = digits.to_u8_rows();
    std::fs::write(path, &bytes).with_context(|| format!("writing {}", path.display()))?;
    println!("    {} images for the Train view in {} ({} bytes)", digits.len(), path.display(), bytes.len());
    Ok(())
}
