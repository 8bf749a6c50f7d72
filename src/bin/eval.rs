//! Prints the test loss of weights files, recomputed on their dataset's test images, beside the
//! figure stored in each file.
//!
//! ```text
//! cargo run --release --bin eval -- models/*.safetensors
//! cargo run --release --bin eval -- --prior-contrast models/mnist-ae-2d.safetensors models/mnist-2d.safetensors
//! cargo run --release --bin eval -- --refresh-atlas models/mnist-2d.safetensors
//! cargo run --release --bin eval -- --judge models/judges/judge-mnist.safetensors models/mnist-*.safetensors
//! cargo run --release --bin eval -- --set my-set.safetensors models/mnist-2d.safetensors my-set-2d.safetensors
//! ```
//!
//! `--set FILE` prints, for each model, its figures on a person's set (docs/SET_FORMAT.md): the
//! held-out images' reconstruction loss (the Train view's test measure) and the leave-one-out 1-NN
//! agreement of their codes μ by label, and of all the set's; the page's Train view computes the
//! same figures with the same function (`training::set_figures`).
//!
//! `--judge` prints, for each model, the figures the page's sentences quote: decodes of four sets
//! of latent points (prior draws, points spread over the box of the test codes, midpoints between
//! test codes of different classes, and the 1σ, 2σ and 4σ circles of one test image) read by the
//! judge, a classifier trained by `train --classify`, whose test accuracy it recomputes first.
//!
//! `--prior-contrast` measures what the article's argument predicts: decodes of draws from the
//! prior N(0, I) look like real digits for a VAE and not for a plain autoencoder, whose codes
//! leave holes. `--refresh-atlas` re-encodes the test images stored with a model (μ and log σ²)
//! and writes the file again; its weights are unchanged.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Parser;

use vae_playground::data::{self, Split};
use vae_playground::judge::figures::{Code, Draws, SetFigures, judge_set};
use vae_playground::judge::sets::PointSet;
use vae_playground::judge::{self, Judge};
use vae_playground::model::Model;
use vae_playground::nn::classifier::accuracy;
use vae_playground::nn::rng::seeded;
use vae_playground::training::augment::{AugmentConfig, augment_batch};
use vae_playground::training::eval::{
    ATLAS_SIZE, DRAWS_PER_IMAGE, TEST_SEED, atlas, model_test_loss, prior_sample_distance,
};
use vae_playground::training::set_figures::set_figures;
use vae_playground::training::set_file::UNLABELLED;
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
    /// Judge files (`train --classify`): print each model's judged figures, the page's, using the
    /// judge of the model's dataset.
    #[arg(long, value_delimiter = ',')]
    judge: Vec<PathBuf>,
    /// Points per judged set.
    #[arg(long, default_value_t = judge::SET_SIZE)]
    judge_points: usize,
    /// Seed of the judged sets (the page shows it).
    #[arg(long, default_value_t = judge::SET_SEED)]
    judge_seed: u64,
    /// The test image whose circles are judged, numbered from 1 as the page shows it (the order
    /// of the page's test images; by default the page's first "7", or the first image).
    #[arg(long)]
    digit: Option<usize>,
    /// A person's set file (docs/SET_FORMAT.md): print each model's figures on it instead of the
    /// test loss.
    #[arg(long)]
    set: Option<PathBuf>,
    /// With --judge or --set: print the figures as JSON (one object per model and set) instead of tables.
    #[arg(long)]
    json: bool,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    if args.prior_contrast {
        return prior_contrast(&args);
    }
    if args.refresh_atlas {
        return refresh_atlas(&args);
    }
    if !args.judge.is_empty() {
        return judged_figures(&args);
    }
    if let Some(set) = &args.set {
        return own_set_figures(&args, set);
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

/// For each model file: its figures on the person's set at `set_path`.
fn own_set_figures(args: &Args, set_path: &Path) -> anyhow::Result<()> {
    let set = data::load_set(set_path)?;
    let whole = set.to_dataset();
    if !args.json {
        println!(
            "Set `{}` ({}): {} images, {} labelled; the held-out images are every third of each label.",
            set.name,
            set_path.display(),
            set.len(),
            set.labels.iter().filter(|&&l| l != UNLABELLED).count()
        );
        println!();
        println!("| model | dataset | held out (labelled) | held-out reconstruction | held-out KL | held-out 1-NN agreement | all 1-NN agreement (labelled) |");
        println!("|---|---|---|---|---|---|---|");
    }
    let mut rows = Vec::new();
    for path in &args.files {
        let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        let (vae, info) = weights::from_bytes(&bytes).with_context(|| format!("loading {}", path.display()))?;
        let figures = set_figures(&vae, &whole);
        if args.json {
            let mut row = serde_json::json!({ "model": info.name, "file": path, "set": set.name });
            row.as_object_mut().expect("an object").extend(serde_json::to_value(figures)?.as_object().cloned().unwrap_or_default());
            rows.push(row);
            continue;
        }
        let number = |value: Option<f64>, digits: usize| value.map_or("–".to_string(), |v| format!("{v:.digits$}"));
        println!(
            "| {} | {} | {} ({}) | {} | {} | {} | {} ({}) |",
            info.name,
            info.dataset,
            figures.held_out,
            figures.held_out_labelled,
            number(figures.held_out_reconstruction, 2),
            number(figures.held_out_kl, 2),
            number(figures.held_out_agreement, 3),
            number(figures.all_agreement, 3),
            figures.labelled
        );
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&rows)?);
    } else {
        println!();
        println!("Reconstruction: mean binary cross-entropy, z drawn {} times per image from seed {}.", DRAWS_PER_IMAGE, TEST_SEED);
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

/// For each model file: the judge of its dataset reads the decodes of every set the page measures.
fn judged_figures(args: &Args) -> anyhow::Result<()> {
    let mut judges = Vec::new();
    let table = !args.json;
    let mut rows = Vec::new();
    if table {
        println!("| judge | dataset | hidden | test accuracy (stored) | test accuracy (recomputed) | test images |");
        println!("|---|---|---|---|---|---|");
    }
    for path in &args.judge {
        let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        let judge = Judge::from_bytes(&bytes).with_context(|| format!("loading {}", path.display()))?;
        let test = data::load(&judge.info.dataset, Split::Test)?;
        let measured = accuracy(&judge.classifier, test.images(), &test.labels);
        let stored = judge.info.test_accuracy.map_or("–".to_string(), |a| format!("{:.2} %", 100.0 * a.accuracy));
        let hidden = judge.info.config.hidden.iter().map(usize::to_string).collect::<Vec<_>>().join(",");
        if table {
            println!("| {} | {} | {hidden} | {stored} | {:.2} % | {} |", judge.info.name, judge.info.dataset, 100.0 * measured, test.len());
        } else {
            rows.push(serde_json::json!({ "judge": judge.info.name, "dataset": judge.info.dataset, "testAccuracy": measured, "testImages": test.len() }));
        }
        judges.push(judge);
    }
    if table {
        println!();
        println!("Each set: {} points from seed {}; the share of decodes the judge gives one class with confidence ≥ {}, and the mean confidence.", args.judge_points, args.judge_seed, judge::CONFIDENT);
        println!();
        println!("| model | kind | set | confident share | mean confidence | effective classes | same class as decode(μ) |");
        println!("|---|---|---|---|---|---|---|");
    }
    for path in &args.files {
        let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        let model = Model::from_bytes(&bytes).with_context(|| format!("loading {}", path.display()))?.with_int8_decoder().with_int8_encoder();
        let atlas = weights::read_atlas(&bytes)?;
        let Some(judge) = judges.iter().find(|j| j.info.dataset == model.info.dataset) else {
            anyhow::bail!("no judge of {} images was given for {}", model.info.dataset, path.display());
        };
        // The page's test images are bytes: the circle's input is rounded the same way.
        let test = data::load(&model.info.dataset, Split::Test)?;
        let indices = vae_playground::training::eval::atlas_indices(test.len(), vae_playground::training::eval::ATLAS_SIZE);
        let position = match args.digit {
            Some(n) => n.checked_sub(1).filter(|&i| i < indices.len()).with_context(|| format!("--digit must be 1 to {}", indices.len()))?,
            None => indices.iter().position(|&i| test.labels[i] == judge::ARRIVAL_CLASS).unwrap_or(0),
        };
        let pixels: Vec<f32> = test.images.row(indices[position]).iter().map(|&v| (v.clamp(0.0, 1.0) * 255.0).round() / 255.0).collect();
        let encoding = model.encode(&pixels)?;
        let code = Code { mu: &encoding.mu, logvar: &encoding.logvar };
        let mut sets = vec![("prior draws ε ~ N(0, I)".to_string(), PointSet::Prior), ("evenly over the box of the test codes".to_string(), PointSet::TestBox), ("midpoints of test codes of different classes".to_string(), PointSet::Midpoints)];
        for sigmas in judge::CIRCLE_SIGMAS {
            sets.push((format!("the {sigmas}σ circle of test image {}", position + 1), PointSet::Circle { sigmas }));
        }
        let draws = Draws { count: args.judge_points, shown: judge::SHOWN, seed: args.judge_seed };
        for (label, set) in sets {
            let figures: SetFigures = judge_set(&model, atlas.as_ref(), judge, set, draws, Some(code))?;
            if !table {
                rows.push(serde_json::json!({
                    "model": model.info.name, "kind": model.info.kind(), "set": figures.set, "digit": position + 1,
                    "seed": figures.seed, "all": figures.all, "shown": figures.shown,
                    "referenceClass": figures.reference_class, "sameClassShare": figures.same_class_share,
                }));
                continue;
            }
            let same = figures.same_class_share.map_or("–".to_string(), |s| format!("{:.3}", s));
            println!(
                "| {} | {} | {label} | {:.3} | {:.3} | {:.2} | {same} |",
                model.info.name,
                model.info.kind(),
                figures.all.confident_share,
                figures.all.mean_confidence,
                figures.all.effective_classes
            );
        }
    }
    if !table {
        println!("{}", serde_json::to_string_pretty(&rows)?);
    }
    Ok(())
}
