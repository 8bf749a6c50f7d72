//! The trainer: trains a VAE on MNIST or Fashion-MNIST and writes a safetensors file and a report.
//! With `--classify` it trains, with the same batches, augmentation, schedule and optimiser, a
//! classifier of the dataset's classes instead: the page's judge of decoded images.
//!
//! ```text
//! cargo run --release --bin train -- --dataset mnist --latent 2 --hidden 512,256 --epochs 60 \
//!     --name mnist-2d --out models/mnist-2d.safetensors
//! cargo run --release --bin train -- --classify --dataset mnist --hidden 256 --epochs 40 \
//!     --augment 0.5 --weight-format int8 --name judge-mnist --out models/judges/judge-mnist.safetensors
//! ```

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;

use vae_playground::data::{self, Split};
use vae_playground::nn::classifier::{ClassifierConfig, accuracy};
use vae_playground::training::dataset::Dataset;
use vae_playground::training::augment::AugmentConfig;
use vae_playground::training::eval::{ATLAS_SIZE, DRAWS_PER_IMAGE, TestLoss, atlas, model_test_loss};
use vae_playground::training::trainer::{EpochSummary, TrainConfig, Trainer};
use vae_playground::weights::{self, ClassifierInfo, ModelInfo, TestAccuracy, TrainingRecord, WeightFormat};
use vae_playground::{Likelihood, VaeConfig};

/// Seed of the ε draws of every reported test loss, so that figures are reproducible.
const EVAL_SEED: u64 = 2019;

#[derive(Parser, Debug)]
#[command(about = "Train a VAE and write its weights (safetensors) and a per-epoch report (JSON).")]
struct Args {
    /// mnist (9,003 / 997 digits) or fashion-mnist (60,000 / 10,000 images).
    #[arg(long, default_value = "mnist")]
    dataset: String,
    /// Dimensions of the latent space.
    #[arg(long, default_value_t = 2)]
    latent: usize,
    /// Encoder hidden widths, comma-separated; the decoder mirrors them.
    #[arg(long, value_delimiter = ',', default_value = "512")]
    hidden: Vec<usize>,
    /// bernoulli (binary cross-entropy) or gaussian (squared error (14), with --sigma).
    #[arg(long, default_value = "bernoulli")]
    likelihood: String,
    /// The Gaussian decoder's σ.
    #[arg(long, default_value_t = 0.1)]
    sigma: f32,
    #[arg(long, default_value_t = 30)]
    epochs: usize,
    #[arg(long, default_value_t = 128)]
    batch_size: usize,
    /// Adam's step size at the start.
    #[arg(long, default_value_t = 1e-3)]
    lr: f32,
    /// Step size at the end of a half-cosine decay (default: no decay).
    #[arg(long)]
    final_lr: Option<f32>,
    /// Epochs over which the KL weight β rises from 0 to 1 (0: none).
    #[arg(long, default_value_t = 0)]
    kl_warmup: usize,
    /// β, the KL term's weight in the objective (1: the ELBO (12); > 1: a β-VAE).
    #[arg(long, default_value_t = 1.0)]
    kl_weight: f32,
    /// Train a plain autoencoder: z = μ, no KL term (the same code, with ε = 0 and β = 0).
    #[arg(long)]
    deterministic: bool,
    /// Train a classifier of the dataset's classes (the page's judge of decoded images) instead
    /// of a VAE: `--hidden` gives its hidden widths; the VAE's settings are not used.
    #[arg(long)]
    classify: bool,
    /// Augment training digits (rotation, scale, shear, stroke width), with this probability each.
    #[arg(long)]
    augment: Option<f32>,
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Train on only the first N training images (for quick experiments).
    #[arg(long)]
    limit: Option<usize>,
    /// How the weights are stored: f32, f16 or int8.
    #[arg(long, default_value = "f32")]
    weight_format: WeightFormat,
    /// Draws of z per test image for the per-epoch test loss (the final one always uses 16).
    #[arg(long, default_value_t = 1)]
    epoch_eval_draws: usize,
    /// Model name stored in the file, e.g. mnist-2d.
    #[arg(long)]
    name: Option<String>,
    /// Where to write the weights; the report goes beside it as .report.json.
    #[arg(long)]
    out: Option<PathBuf>,
}

#[derive(Serialize)]
struct EpochRecord {
    #[serde(flatten)]
    train: EpochSummary,
    seconds: f64,
    test: TestLoss,
}

#[derive(Serialize)]
struct Report<'a> {
    info: &'a ModelInfo,
    epochs: &'a [EpochRecord],
    /// Test loss of the trained f32 network, before conversion to the stored weight format.
    test_loss_f32: TestLoss,
    file_bytes: usize,
}

fn main() -> anyhow::Result<()> {
    use_both_cores();
    let args = Args::parse();
    let likelihood = match args.likelihood.as_str() {
        "bernoulli" => Likelihood::Bernoulli,
        "gaussian" => Likelihood::Gaussian { sigma: args.sigma },
        other => anyhow::bail!("unknown likelihood `{other}` (expected bernoulli or gaussian)"),
    };
    let vae_config = VaeConfig::mirrored(&args.hidden, args.latent, likelihood);
    vae_config.validate().map_err(anyhow::Error::msg)?;
    let settings = TrainConfig {
        epochs: args.epochs,
        batch_size: args.batch_size,
        learning_rate: args.lr,
        final_learning_rate: args.final_lr.unwrap_or(args.lr),
        kl_warmup_epochs: args.kl_warmup,
        augment: args.augment.map(|probability| AugmentConfig { probability, ..AugmentConfig::default() }),
        seed: args.seed,
        kl_weight: args.kl_weight,
        deterministic: args.deterministic,
    };
    anyhow::ensure!(
        args.kl_weight.is_finite() && args.kl_weight >= 0.0,
        "--kl-weight must be a number ≥ 0, not {}",
        args.kl_weight
    );

    let mut train = data::load(&args.dataset, Split::Train)?;
    if let Some(limit) = args.limit {
        train = train.head(limit);
    }
    let test = data::load(&args.dataset, Split::Test)?;
    if args.classify {
        return train_classifier(&args, settings, &train, &test);
    }
    let name = args.name.clone().unwrap_or_else(|| format!("{}-{}d", args.dataset, args.latent));
    println!(
        "Training {name}: {} on {} ({} training, {} test images), {} parameters",
        describe_widths(&vae_config),
        train.name,
        train.len(),
        test.len(),
        vae_config.parameter_count()
    );

    let deterministic = settings.deterministic;
    let mut trainer = Trainer::new(vae_config.clone(), settings.clone());
    let mut epochs = Vec::new();
    let mut training_seconds = 0.0;
    for _ in 0..settings.epochs {
        let bar = progress_bar(trainer.epochs_done() + 1, settings.epochs);
        let started = Instant::now();
        let summary = trainer.train_epoch(&train, |done, total, loss| {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
            bar.set_message(format!(
                "loss {:.2} (recon {:.2}, KL {:.2})",
                loss.objective, loss.reconstruction, loss.kl
            ));
        });
        let seconds = started.elapsed().as_secs_f64();
        training_seconds += seconds;
        let epoch_test =
            model_test_loss(&trainer.net, deterministic, test.images(), args.epoch_eval_draws, EVAL_SEED);
        bar.finish_and_clear();
        println!(
            "epoch {:>3}/{}  {:.2} s  train {:.2} (recon {:.2}, KL {:.2})  test {:.2} (recon {:.2}, KL {:.2})  lr {:.2e}  β {:.2}",
            summary.epoch,
            settings.epochs,
            seconds,
            summary.train_objective,
            summary.train_reconstruction,
            summary.train_kl,
            epoch_test.total,
            epoch_test.reconstruction,
            epoch_test.kl,
            summary.learning_rate,
            summary.beta
        );
        epochs.push(EpochRecord { train: summary, seconds, test: epoch_test });
    }

    let seconds_per_epoch = training_seconds / settings.epochs.max(1) as f64;
    let mut info = ModelInfo {
        name: name.clone(),
        dataset: train.name.clone(),
        config: vae_config,
        weight_format: args.weight_format,
        training: Some(TrainingRecord {
            settings,
            train_images: train.len(),
            seconds_per_epoch,
            total_seconds: training_seconds,
            base: None,
        }),
        test_loss: None,
    };
    let test_loss_f32 = model_test_loss(&trainer.net, deterministic, test.images(), DRAWS_PER_IMAGE, EVAL_SEED);
    // Measure the network as stored (after f16 or int8 conversion), since that is what ships.
    let (stored, _) = weights::from_bytes(&weights::to_bytes(&trainer.net, &info, None))?;
    let stored_loss = model_test_loss(&stored, deterministic, test.images(), DRAWS_PER_IMAGE, EVAL_SEED);
    info.test_loss = Some(stored_loss);
    let atlas = atlas(&stored, &test, ATLAS_SIZE);
    let bytes = weights::to_bytes(&stored, &info, Some(&atlas));

    println!("{:.3} s per epoch, {:.1} s in all", seconds_per_epoch, training_seconds);
    println!(
        "test loss ({} draws per image): {:.2} nats (recon {:.2}, KL {:.2}) as f32; {:.2} (recon {:.2}, KL {:.2}) stored as {:?}, {} bytes",
        DRAWS_PER_IMAGE,
        test_loss_f32.total,
        test_loss_f32.reconstruction,
        test_loss_f32.kl,
        stored_loss.total,
        stored_loss.reconstruction,
        stored_loss.kl,
        info.weight_format,
        bytes.len()
    );

    if let Some(out) = &args.out {
        if let Some(dir) = out.parent() {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        std::fs::write(out, &bytes).with_context(|| format!("writing {}", out.display()))?;
        let report_path = out.with_extension("report.json");
        let report = Report { info: &info, epochs: &epochs, test_loss_f32, file_bytes: bytes.len() };
        std::fs::write(&report_path, serde_json::to_string_pretty(&report)?)
            .with_context(|| format!("writing {}", report_path.display()))?;
        println!("wrote {} and {}", out.display(), report_path.display());
    }
    Ok(())
}

#[derive(Serialize)]
struct ClassifierEpoch {
    epoch: usize,
    seconds: f64,
    learning_rate: f32,
    train_cross_entropy: f32,
    test_accuracy: f64,
}

#[derive(Serialize)]
struct ClassifierReport<'a> {
    info: &'a ClassifierInfo,
    epochs: &'a [ClassifierEpoch],
    /// Test accuracy of the trained f32 network, before conversion to the stored weight format.
    test_accuracy_f32: f64,
    file_bytes: usize,
}

/// `--classify`: the same trainer on a classifier; writes its file (with its test accuracy as
/// stored) and a report.
fn train_classifier(args: &Args, settings: TrainConfig, train: &Dataset, test: &Dataset) -> anyhow::Result<()> {
    let config = ClassifierConfig::new(&args.hidden, train.class_names.len());
    config.validate().map_err(anyhow::Error::msg)?;
    let name = args.name.clone().unwrap_or_else(|| format!("judge-{}", args.dataset));
    let widths = config.widths().iter().map(usize::to_string).collect::<Vec<_>>().join("-");
    println!(
        "Training the classifier {name}: {widths} on {} ({} training, {} test images), {} parameters",
        train.name,
        train.len(),
        test.len(),
        config.parameter_count()
    );
    let mut trainer = Trainer::classifier(config.clone(), settings.clone());
    let mut epochs = Vec::new();
    let mut training_seconds = 0.0;
    for _ in 0..settings.epochs {
        let bar = progress_bar(trainer.epochs_done() + 1, settings.epochs);
        let started = Instant::now();
        let summary = trainer.train_epoch(train, |done, total, loss| {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
            bar.set_message(format!("cross-entropy {:.4}", loss.objective));
        });
        let seconds = started.elapsed().as_secs_f64();
        training_seconds += seconds;
        let test_accuracy = accuracy(&trainer.net, test.images(), &test.labels);
        bar.finish_and_clear();
        println!(
            "epoch {:>3}/{}  {:.2} s  train cross-entropy {:.4}  test accuracy {:.2} %  lr {:.2e}",
            summary.epoch,
            settings.epochs,
            seconds,
            summary.train_objective,
            100.0 * test_accuracy,
            summary.learning_rate
        );
        epochs.push(ClassifierEpoch {
            epoch: summary.epoch,
            seconds,
            learning_rate: summary.learning_rate,
            train_cross_entropy: summary.train_objective,
            test_accuracy,
        });
    }
    let mut info = ClassifierInfo {
        name,
        dataset: train.name.clone(),
        config,
        weight_format: args.weight_format,
        training: Some(TrainingRecord {
            settings: settings.clone(),
            train_images: train.len(),
            seconds_per_epoch: training_seconds / settings.epochs.max(1) as f64,
            total_seconds: training_seconds,
            base: None,
        }),
        test_accuracy: None,
        class_names: train.class_names.clone(),
    };
    let accuracy_f32 = accuracy(&trainer.net, test.images(), &test.labels);
    // Measure the network as stored (after int8 conversion), since that is what ships.
    let (stored, _) = weights::classifier_from_bytes(&weights::classifier_to_bytes(&trainer.net, &info))?;
    let stored_accuracy = accuracy(&stored, test.images(), &test.labels);
    info.test_accuracy = Some(TestAccuracy { accuracy: stored_accuracy, images: test.len() });
    let bytes = weights::classifier_to_bytes(&stored, &info);
    println!(
        "test accuracy: {:.2} % as f32, {:.2} % stored as {:?}, {} bytes",
        100.0 * accuracy_f32,
        100.0 * stored_accuracy,
        info.weight_format,
        bytes.len()
    );
    if let Some(out) = &args.out {
        if let Some(dir) = out.parent() {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        std::fs::write(out, &bytes).with_context(|| format!("writing {}", out.display()))?;
        let report_path = out.with_extension("report.json");
        let report = ClassifierReport { info: &info, epochs: &epochs, test_accuracy_f32: accuracy_f32, file_bytes: bytes.len() };
        std::fs::write(&report_path, serde_json::to_string_pretty(&report)?)
            .with_context(|| format!("writing {}", report_path.display()))?;
        println!("wrote {} and {}", out.display(), report_path.display());
    }
    Ok(())
}

/// matrixmultiply counts physical cores, which a 2-vCPU machine may report as 1.
fn use_both_cores() {
    if std::env::var_os("MATMUL_NUM_THREADS").is_none() {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        // SAFETY: called first thing in main, before any other thread exists.
        unsafe { std::env::set_var("MATMUL_NUM_THREADS", threads.to_string()) };
    }
}

fn describe_widths(config: &VaeConfig) -> String {
    let join = |w: Vec<usize>| w.iter().map(usize::to_string).collect::<Vec<_>>().join("-");
    format!("encoder {} / decoder {}", join(config.encoder_widths()), join(config.decoder_widths()))
}

fn progress_bar(epoch: usize, epochs: usize) -> ProgressBar {
    let bar = ProgressBar::new(1);
    bar.set_style(
        ProgressStyle::with_template(&format!("epoch {epoch:>3}/{epochs} [{{bar:30}}] {{pos}}/{{len}} {{msg}}"))
            .expect("valid template")
            .progress_chars("=> "),
    );
    bar
}
