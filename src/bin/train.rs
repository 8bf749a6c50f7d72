//! The trainer: trains a VAE on MNIST or Fashion-MNIST and writes a safetensors file and a report.
//! With `--classify` it trains, with the same batches, augmentation, schedule and optimiser, a
//! classifier of the dataset's classes instead: the page's judge of decoded images.
//!
//! `--dataset` also takes a person's set file (docs/SET_FORMAT.md): it trains on the set's training
//! part and measures on its held-out part, prints the set figures before and after, and maps the
//! whole set. `--base FILE` fine-tunes a model file instead of starting from random weights (its
//! shape replaces `--latent`, `--hidden` and `--likelihood`, which must agree with it if given).
//!
//! ```text
//! cargo run --release --bin train -- --dataset mnist --latent 2 --hidden 512,256 --epochs 60 \
//!     --name mnist-2d --out models/mnist-2d.safetensors
//! cargo run --release --bin train -- --classify --dataset mnist --hidden 256 --epochs 40 \
//!     --augment 0.5 --weight-format int8 --name judge-mnist --out models/judges/judge-mnist.safetensors
//! cargo run --release --bin train -- --dataset my-set.safetensors --base models/mnist-2d.safetensors \
//!     --epochs 30 --batch-size 8 --name my-set-2d --out my-set-2d.safetensors
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
use vae_playground::training::held_out;
use vae_playground::training::session::{AskedShape, DEFAULT_AUGMENT, SMALL_SET, SessionError};
use vae_playground::training::set_figures::{SetFigures, set_figures};
use vae_playground::training::trainer::{EpochSummary, TrainConfig, Trainer};
use vae_playground::weights::{self, ClassifierInfo, ModelInfo, TestAccuracy, TrainingRecord, WeightFormat};
use vae_playground::{Likelihood, VaeConfig};

/// Seed of the ε draws of every reported test loss, so that figures are reproducible.
const EVAL_SEED: u64 = 2019;

#[derive(Parser, Debug)]
#[command(about = "Train a VAE and write its weights (safetensors) and a per-epoch report (JSON).")]
struct Args {
    /// mnist (9,003 / 997 digits), fashion-mnist (60,000 / 10,000 images), or a person's set
    /// file (a path ending in .safetensors: its training part, measured on its held-out part).
    #[arg(long, default_value = "mnist")]
    dataset: String,
    /// A model file to fine-tune instead of starting from random weights; its shape is kept.
    #[arg(long)]
    base: Option<PathBuf>,
    /// Dimensions of the latent space [default: 2, or the base model's].
    #[arg(long)]
    latent: Option<usize>,
    /// Encoder hidden widths, comma-separated; the decoder mirrors them [default: 512, or the
    /// base model's].
    #[arg(long, value_delimiter = ',')]
    hidden: Option<Vec<usize>>,
    /// bernoulli (binary cross-entropy) or gaussian (squared error (14), with --sigma) [default:
    /// bernoulli, or the base model's].
    #[arg(long)]
    likelihood: Option<String>,
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
    /// Augment training digits (rotation, scale, shear, stroke width), with this probability each
    /// (0: none) [default: none; 0.5 for a set of fewer than 1,000 images, as in the Train view].
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
    /// Train for int8 weights of only this many bits (2 to 8), quantisation-aware: the file's
    /// weights then lie within ±(2^(bits−1) − 1) and compress to about that many bits each.
    #[arg(long, value_parser = clap::value_parser!(u32).range(2..=8))]
    weight_bits: Option<u32>,
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
    let likelihood = match args.likelihood.as_deref() {
        None => None,
        Some("bernoulli") => Some(Likelihood::Bernoulli),
        Some("gaussian") => Some(Likelihood::Gaussian { sigma: args.sigma }),
        Some(other) => anyhow::bail!("unknown likelihood `{other}` (expected bernoulli or gaussian)"),
    };
    // A person's set: trained on its training part, measured on its held-out part, mapped whole.
    let set = if data::is_set_file(&args.dataset) {
        anyhow::ensure!(!args.classify, "--classify trains a judge of MNIST or Fashion-MNIST, not of a set file");
        Some(data::load_set(args.dataset.as_ref())?.to_dataset())
    } else {
        None
    };
    let base = match &args.base {
        Some(path) => {
            anyhow::ensure!(!args.classify, "--base fine-tunes a VAE; a classifier starts from random weights");
            let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
            let (vae, info) = weights::from_bytes(&bytes).with_context(|| format!("loading the base model {}", path.display()))?;
            let asked = AskedShape { latent_dim: args.latent, hidden: args.hidden.clone(), likelihood };
            asked.check_against(&info).map_err(|e| anyhow::anyhow!("--base {}: {}", path.display(), cli_words(e)))?;
            anyhow::ensure!(
                !args.deterministic || info.is_deterministic(),
                "--deterministic: the base model {} is a VAE, and fine-tuning does not make it an autoencoder",
                info.name
            );
            Some((vae, info))
        }
        None => None,
    };
    let vae_config = match &base {
        Some((_, info)) => info.config.clone(),
        None => VaeConfig::mirrored(
            args.hidden.as_deref().unwrap_or(&[512]),
            args.latent.unwrap_or(2),
            likelihood.unwrap_or(Likelihood::Bernoulli),
        ),
    };
    vae_config.validate().map_err(anyhow::Error::msg)?;
    // As in the Train view: a small set is augmented unless asked otherwise; 0 means none.
    let augment = match (args.augment, &set) {
        (Some(p), _) => Some(p),
        (None, Some(set)) if set.len() < SMALL_SET => Some(DEFAULT_AUGMENT),
        (None, _) => None,
    };
    let settings = TrainConfig {
        epochs: args.epochs,
        batch_size: args.batch_size,
        learning_rate: args.lr,
        final_learning_rate: args.final_lr.unwrap_or(args.lr),
        kl_warmup_epochs: args.kl_warmup,
        augment: augment.filter(|&p| p > 0.0).map(|probability| AugmentConfig { probability, ..AugmentConfig::default() }),
        seed: args.seed,
        kl_weight: args.kl_weight,
        deterministic: args.deterministic || base.as_ref().is_some_and(|(_, info)| info.is_deterministic()),
        weight_bits: args.weight_bits,
    };
    anyhow::ensure!(
        args.weight_bits.is_none() || args.weight_format == WeightFormat::Int8,
        "--weight-bits trains for weights stored in fewer bits: it needs --weight-format int8"
    );
    anyhow::ensure!(
        args.kl_weight.is_finite() && args.kl_weight >= 0.0,
        "--kl-weight must be a number ≥ 0, not {}",
        args.kl_weight
    );

    let (mut train, test) = match &set {
        Some(set) => {
            let parts = held_out::split(set);
            anyhow::ensure!(!parts.held_out.is_empty(), "{}: {}", args.dataset, SessionError::NoHeldOut);
            (parts.train, parts.held_out)
        }
        None => (data::load(&args.dataset, Split::Train)?, data::load(&args.dataset, Split::Test)?),
    };
    if let Some(limit) = args.limit {
        train = train.head(limit);
    }
    if args.classify {
        return train_classifier(&args, settings, &train, &test);
    }
    let short_name = train.name.strip_prefix("set:").unwrap_or(&train.name).to_string();
    let name = args.name.clone().unwrap_or_else(|| format!("{short_name}-{}d", vae_config.latent_dim));
    println!(
        "Training {name}: {} on {} ({} training, {} {} images), {} parameters{}",
        describe_widths(&vae_config),
        train.name,
        train.len(),
        test.len(),
        if set.is_some() { "held-out" } else { "test" },
        vae_config.parameter_count(),
        base.as_ref().map_or(String::new(), |(_, info)| format!(", fine-tuned from {}", info.name))
    );

    let deterministic = settings.deterministic;
    let base_name = base.as_ref().map(|(_, info)| info.name.clone());
    let mut trainer = match base {
        Some((vae, _)) => Trainer::fine_tune(vae, settings.clone()),
        None => Trainer::new(vae_config.clone(), settings.clone()),
    };
    let baseline = set.as_ref().map(|set| set_figures(&trainer.net, set));
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
            base: base_name,
        }),
        test_loss: None,
    };
    let test_loss_f32 = model_test_loss(&trainer.net, deterministic, test.images(), DRAWS_PER_IMAGE, EVAL_SEED);
    // Measure the network as stored (after f16 or int8 conversion), since that is what ships.
    let (stored, _) = weights::from_bytes(&weights::to_bytes(&trainer.net, &info, None))?;
    let stored_loss = model_test_loss(&stored, deterministic, test.images(), DRAWS_PER_IMAGE, EVAL_SEED);
    info.test_loss = Some(stored_loss);
    let atlas = atlas(&stored, set.as_ref().unwrap_or(&test), ATLAS_SIZE);
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
    if let (Some(set), Some(before)) = (&set, baseline) {
        print_set_figures("before training", &before);
        print_set_figures("after training (as stored)", &set_figures(&stored, set));
    }

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
    let config = ClassifierConfig::new(args.hidden.as_deref().unwrap_or(&[512]), train.class_names.len());
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

/// The set figures as `eval --set` prints them (the same function).
fn print_set_figures(when: &str, figures: &SetFigures) {
    let number = |value: Option<f64>, digits: usize| value.map_or("–".to_string(), |v| format!("{v:.digits$}"));
    println!(
        "set figures {when}: held-out reconstruction {} nats ({} images, {} draws each, seed {}), held-out 1-NN agreement {} ({} labelled), all {} ({} labelled)",
        number(figures.held_out_reconstruction, 2),
        figures.held_out,
        figures.draws_per_image,
        figures.seed,
        number(figures.held_out_agreement, 3),
        figures.held_out_labelled,
        number(figures.all_agreement, 3),
        figures.labelled
    );
}

/// A session's error worded for the command line: its settings are the flags here.
fn cli_words(error: SessionError) -> String {
    let text = error.to_string();
    [("`latentDim`", "--latent"), ("`hidden`", "--hidden"), ("`likelihood`", "--likelihood")]
        .iter()
        .fold(text, |text, (setting, flag)| text.replace(setting, flag))
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
