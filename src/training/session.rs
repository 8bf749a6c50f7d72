//! A training run taken a few steps at a time, as the page's Train view drives it from a Web
//! Worker (`wasm/training.rs`): settings checked up front, `step(n)` returning each step's losses
//! and, at the end of an epoch, the test loss; a snapshot of what the view draws (the test
//! digits' q(z|x), the KL of each latent dimension, reconstructions of fixed test digits); and the
//! trained model as a weights file like the shipped ones.
//!
//! It trains on digits (MNIST's, as the page's data files hold them) or on a person's own set
//! (`set_file`), split by the held-out rule (`held_out`): trained on its training part, measured on
//! its held-out part, with the set's figures (`set_figures`) before training and at any time. It
//! starts from random weights, or fine-tunes a base model (a weights file), whose shape it keeps.
//!
//! It makes exactly the calls of [`Trainer::train_epoch`], in the same order, so a session and the
//! native trainer with the same seed and settings follow the same loss curve.

use ndarray::{Axis, s};
use serde::{Deserialize, Serialize};

use crate::nn::config::{Likelihood, PIXELS, VaeConfig};
use crate::nn::loss::kl_per_dimension;
use crate::nn::vae::{BatchLoss, Vae};
use crate::training::augment::AugmentConfig;
use crate::training::dataset::{DataBytesError, Dataset, known_class_names};
use crate::training::eval::{ATLAS_SIZE, DRAWS_PER_IMAGE, TestLoss, atlas, atlas_indices, test_loss};
use crate::training::held_out;
use crate::training::set_figures::{SetFigures, set_figures};
use crate::training::set_file::{ImageSet, SetFileError};
use crate::training::trainer::{EpochSummary, EpochSums, TrainConfig, Trainer};
use crate::weights::{self, ModelInfo, TrainingRecord, WeightFormat, WeightsError};

/// Seed of the ε draws of every test loss, as in the native trainer, so that figures compare.
pub use crate::training::eval::TEST_SEED;

/// Test digits whose reconstructions the view shows, the first `RECONSTRUCTED / 10` of each class.
pub const RECONSTRUCTED: usize = 20;

/// What a person chooses before pressing Start.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SessionConfig {
    /// Dimensions of z (default 2, which the view draws as a map).
    pub latent_dim: usize,
    /// The encoder's hidden widths, first to last; the decoder mirrors them (default [512]).
    pub hidden: Vec<usize>,
    /// Adam's step size (default 1e-3).
    pub learning_rate: f32,
    /// Examples per step (default 128).
    pub batch_size: usize,
    /// β, the weight of the KL term of MATH.md (12): 1 the ELBO, 0 a plain autoencoder (default 1).
    pub beta: f32,
    /// The decoder's likelihood: Bernoulli, or the Gaussian of (14) with its σ (default Bernoulli).
    pub likelihood: Likelihood,
    /// Passes over the training digits (default 10).
    pub epochs: usize,
    /// Seeds the initial weights, the order of the digits and the ε draws (default 0).
    pub seed: u32,
}

impl Default for SessionConfig {
    fn default() -> Self {
        SessionConfig {
            latent_dim: 2,
            hidden: vec![512],
            learning_rate: 1e-3,
            batch_size: 128,
            beta: 1.0,
            likelihood: Likelihood::Bernoulli,
            epochs: 10,
            seed: 0,
        }
    }
}

/// Limits that keep a session within what a browser tab can hold and train.
pub const MAX_LATENT: usize = 64;
pub const MAX_WIDTH: usize = 2048;
pub const MAX_HIDDEN_LAYERS: usize = 4;
pub const MAX_BATCH: usize = 1024;
pub const MAX_EPOCHS: usize = 1000;
pub const MAX_BETA: f32 = 100.0;

/// A set smaller than this is augmented by default ([`DEFAULT_AUGMENT`]): a few dozen drawings
/// are too few to train on as they are. Larger sets, and MNIST, are not, unless asked.
pub const SMALL_SET: usize = 1000;

/// Most held-out images whose per-epoch test loss takes all [`DRAWS_PER_IMAGE`] draws: 16,000
/// decodes, well under a second in the browser.
pub const EXACT_CURVE_IMAGES: usize = 1000;

/// The probability with which a small set's training examples are augmented by default.
pub const DEFAULT_AUGMENT: f32 = 0.5;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum SessionError {
    #[error("the setting `{setting}` is invalid: {reason}")]
    BadSetting { setting: &'static str, reason: String },
    #[error("the {which} digits: {source}")]
    Data { which: &'static str, source: DataBytesError },
    #[error("{0}")]
    Set(SetFileError),
    #[error(
        "the set has no held-out images to measure the model on: the 3rd, 6th, 9th… image of each \
         label is held out, so some label needs at least 3 images"
    )]
    NoHeldOut,
    #[error("the base model: {0}")]
    Base(WeightsError),
    #[error("the base model `{name}` cannot be fine-tuned here: {reason}")]
    BaseShape { name: String, reason: String },
    #[error("the set figures are measured on a person's own set, and this session trains on {0}")]
    NotASet(String),
}

/// What a session trains on.
#[derive(Debug, Clone)]
pub enum SessionData {
    /// Digits as the page's data files hold them (MNIST): a training part and a test part.
    Digits { train: Dataset, test: Dataset },
    /// A person's own set: trained on its training part, measured on its held-out part.
    Set(ImageSet),
}

impl SessionData {
    /// MNIST's ten classes from the page's data files (see [`Dataset::from_u8_rows`]).
    pub fn from_digit_bytes(train: &[u8], test: &[u8]) -> Result<SessionData, SessionError> {
        SessionData::from_dataset_bytes("mnist", train, test)
    }

    /// The page's data files of `dataset` (`mnist` or `fashion-mnist`: its class names, and the
    /// name the exported model records).
    pub fn from_dataset_bytes(dataset: &str, train: &[u8], test: &[u8]) -> Result<SessionData, SessionError> {
        let classes = known_class_names(dataset).ok_or_else(|| {
            bad("dataset", format!("`{dataset}` is not one of the page's datasets (mnist, fashion-mnist)"))
        })?;
        let train = Dataset::from_u8_rows(dataset, train, classes.clone())
            .map_err(|source| SessionError::Data { which: "training", source })?;
        let test = Dataset::from_u8_rows(dataset, test, classes)
            .map_err(|source| SessionError::Data { which: "test", source })?;
        Ok(SessionData::Digits { train, test })
    }

    /// A set file's bytes (docs/SET_FORMAT.md).
    pub fn from_set_bytes(bytes: &[u8]) -> Result<SessionData, SessionError> {
        ImageSet::from_bytes(bytes).map(SessionData::Set).map_err(SessionError::Set)
    }
}

/// A model to fine-tune: its weights, and what its file says.
#[derive(Debug, Clone)]
pub struct BaseModel {
    pub vae: Vae,
    pub info: ModelInfo,
}

impl BaseModel {
    /// From a weights file's bytes (f16 and int8 weights are trained on as f32).
    pub fn from_bytes(bytes: &[u8]) -> Result<BaseModel, SessionError> {
        let (vae, info) = weights::from_bytes(bytes).map_err(SessionError::Base)?;
        Ok(BaseModel { vae, info })
    }
}

/// The shape settings the person gave, `None` where they left one out. A base model fixes the
/// shape; one asked for that differs from the base's is an error, not silently replaced.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AskedShape {
    pub latent_dim: Option<usize>,
    pub hidden: Option<Vec<usize>>,
    pub likelihood: Option<Likelihood>,
}

impl AskedShape {
    /// Whether `base` can be fine-tuned with these settings: a model of 28×28 images, with the
    /// shape asked for wherever one was (the session and `train --base` both check so).
    pub fn check_against(&self, base: &ModelInfo) -> Result<(), SessionError> {
        let shape = &base.config;
        if shape.input_dim != PIXELS {
            let reason = format!("its images have {} pixels, not {PIXELS} (28×28)", shape.input_dim);
            return Err(SessionError::BaseShape { name: base.name.clone(), reason });
        }
        let differs = |setting: &'static str, has: String, asked: String| {
            Err(bad(
                setting,
                format!("the base model `{}` has {has}, not {asked}: leave `{setting}` out to fine-tune it", base.name),
            ))
        };
        if let Some(latent_dim) = self.latent_dim.filter(|&l| l != shape.latent_dim) {
            return differs("latentDim", format!("{} latent dimensions", shape.latent_dim), latent_dim.to_string());
        }
        if let Some(hidden) = self.hidden.as_ref().filter(|&h| *h != shape.encoder_hidden) {
            return differs("hidden", format!("the hidden widths {:?}", shape.encoder_hidden), format!("{hidden:?}"));
        }
        if let Some(likelihood) = self.likelihood.filter(|&l| l != shape.likelihood) {
            return differs("likelihood", format!("a {} decoder", shape.likelihood.describe()), likelihood.describe());
        }
        Ok(())
    }
}

/// What a session is asked besides its settings.
#[derive(Debug, Clone, Default)]
pub struct SessionOptions {
    /// Fine-tune this model instead of starting from random weights.
    pub base: Option<BaseModel>,
    /// The shape settings given, checked against `base`.
    pub asked: AskedShape,
    /// The probability of augmenting each training example (0 for none); `None` for the default:
    /// [`DEFAULT_AUGMENT`] for a set of fewer than [`SMALL_SET`] images, none otherwise.
    pub augment: Option<f32>,
}

fn bad(setting: &'static str, reason: impl Into<String>) -> SessionError {
    SessionError::BadSetting { setting, reason: reason.into() }
}

impl SessionConfig {
    /// Checks every setting; the error names the first bad one.
    pub fn validate(&self) -> Result<(), SessionError> {
        if !(1..=MAX_LATENT).contains(&self.latent_dim) {
            return Err(bad("latentDim", format!("{} is not between 1 and {MAX_LATENT}", self.latent_dim)));
        }
        if self.hidden.len() > MAX_HIDDEN_LAYERS {
            return Err(bad("hidden", format!("{} hidden layers, at most {MAX_HIDDEN_LAYERS}", self.hidden.len())));
        }
        if let Some(width) = self.hidden.iter().find(|w| !(1..=MAX_WIDTH).contains(*w)) {
            return Err(bad("hidden", format!("a width of {width} is not between 1 and {MAX_WIDTH}")));
        }
        if !(self.learning_rate.is_finite() && self.learning_rate > 0.0 && self.learning_rate <= 1.0) {
            return Err(bad("learningRate", format!("{} is not in (0, 1]", self.learning_rate)));
        }
        if !(1..=MAX_BATCH).contains(&self.batch_size) {
            return Err(bad("batchSize", format!("{} is not between 1 and {MAX_BATCH}", self.batch_size)));
        }
        if !(self.beta.is_finite() && (0.0..=MAX_BETA).contains(&self.beta)) {
            return Err(bad("beta", format!("{} is not between 0 and {MAX_BETA}", self.beta)));
        }
        if !(1..=MAX_EPOCHS).contains(&self.epochs) {
            return Err(bad("epochs", format!("{} is not between 1 and {MAX_EPOCHS}", self.epochs)));
        }
        self.vae_config().validate().map_err(|reason| bad("likelihood", reason))
    }

    /// These settings with `base`'s shape (latent size, hidden widths, likelihood). A shape
    /// setting the person asked for that the base does not have is an error that names it.
    pub fn with_shape_of(&self, base: &ModelInfo, asked: &AskedShape) -> Result<SessionConfig, SessionError> {
        asked.check_against(base)?;
        let shape = &base.config;
        let mirrored: Vec<usize> = shape.encoder_hidden.iter().rev().copied().collect();
        if shape.decoder_hidden != mirrored {
            return Err(SessionError::BaseShape {
                name: base.name.clone(),
                reason: format!(
                    "its decoder's hidden widths {:?} do not mirror its encoder's {:?}, and the Train view trains mirrored models",
                    shape.decoder_hidden, shape.encoder_hidden
                ),
            });
        }
        Ok(SessionConfig {
            latent_dim: shape.latent_dim,
            hidden: shape.encoder_hidden.clone(),
            likelihood: shape.likelihood,
            ..self.clone()
        })
    }

    pub fn vae_config(&self) -> VaeConfig {
        VaeConfig::mirrored(&self.hidden, self.latent_dim, self.likelihood)
    }

    /// The trainer's settings: a constant step size, no warm-up, no augmentation.
    pub fn train_config(&self) -> TrainConfig {
        TrainConfig {
            epochs: self.epochs,
            batch_size: self.batch_size,
            learning_rate: self.learning_rate,
            final_learning_rate: self.learning_rate,
            kl_warmup_epochs: 0,
            kl_weight: self.beta,
            augment: None,
            seed: self.seed as u64,
            deterministic: false,
            weight_bits: None,
        }
    }
}

/// The losses of one step (batch means, before the step's update).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StepLoss {
    /// 1 for the first step.
    pub step: usize,
    /// Epochs done after this step, fractional: the curves' x axis.
    pub epoch: f32,
    pub reconstruction: f32,
    pub kl: f32,
    /// `reconstruction + β·kl`.
    pub objective: f32,
}

/// An epoch's training means and its test loss (one ε draw per test digit).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EpochRecord {
    pub train: EpochSummary,
    pub test: TestLoss,
}

/// What `step(n)` did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StepReport {
    pub losses: Vec<StepLoss>,
    /// The epochs that ended during these steps.
    pub epochs: Vec<EpochRecord>,
    /// Whether every planned epoch is done (later steps do nothing).
    pub finished: bool,
}

/// What the view draws of the model as it is now.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// μ of every test digit. (test, latent)
    pub mu: Vec<f32>,
    /// log σ² of every test digit. (test, latent)
    pub logvar: Vec<f32>,
    /// Mean KL (19) over the test digits, per latent dimension. (latent)
    pub kl_per_dimension: Vec<f32>,
    /// decode(μ) of the digits of [`TrainingSession::reconstructed_digits`]. (RECONSTRUCTED, 784)
    pub reconstructions: Vec<f32>,
    /// With a person's set: the whole set's codes, as the exported model's map will hold them.
    pub set_map: Option<SetMap>,
}

/// A person's whole set encoded (up to [`ATLAS_SIZE`] images, evenly spaced, the exported
/// model's atlas's own choice), for the view's map while training: the held-out images alone
/// would show a third of the person's examples.
#[derive(Debug, Clone, PartialEq)]
pub struct SetMap {
    /// Which images of the set, in set order. (shown)
    pub indices: Vec<usize>,
    /// μ of each. (shown, latent)
    pub mu: Vec<f32>,
    /// log σ² of each. (shown, latent)
    pub logvar: Vec<f32>,
}

/// A person's whole set, kept for its figures and the exported model's map.
struct OwnSet {
    whole: Dataset,
    /// Where each test (held-out) example is in the set. (test)
    held_out_indices: Vec<usize>,
    /// The model's figures before training.
    baseline: SetFigures,
}

/// A VAE in training on a set of digits, measured on held-out ones.
pub struct TrainingSession {
    config: SessionConfig,
    trainer: Trainer,
    train: Dataset,
    test: Dataset,
    /// When training on a person's own set.
    set: Option<OwnSet>,
    /// The name of the model fine-tuned, if any.
    base_name: Option<String>,
    /// The current epoch's order of training digits; empty between epochs.
    order: Vec<usize>,
    /// Batches of the current epoch done.
    batches_done: usize,
    sums: EpochSums,
    steps: usize,
    history: Vec<EpochRecord>,
    /// Indices into `test` of the reconstructed digits.
    reconstructed: Vec<usize>,
}

impl TrainingSession {
    /// A fresh model, ready to train on `train` and be measured on `test`.
    pub fn new(config: SessionConfig, train: Dataset, test: Dataset) -> Result<TrainingSession, SessionError> {
        TrainingSession::start(config, SessionData::Digits { train, test }, SessionOptions::default())
    }

    /// A model (fresh, or `options.base` to fine-tune) ready to train on `data`: a set is split by
    /// the held-out rule, and the model's figures on it are measured before the first step.
    pub fn start(
        config: SessionConfig,
        data: SessionData,
        options: SessionOptions,
    ) -> Result<TrainingSession, SessionError> {
        let config = match &options.base {
            Some(base) => config.with_shape_of(&base.info, &options.asked)?,
            None => config,
        };
        config.validate()?;
        let augment = augment_probability(options.augment, &data)?;
        let (train, test, set) = match data {
            SessionData::Digits { train, test } => (train, test, None),
            SessionData::Set(set) => {
                let whole = set.to_dataset();
                let split = held_out::split(&whole);
                if split.held_out.is_empty() {
                    return Err(SessionError::NoHeldOut);
                }
                (split.train, split.held_out, Some((whole, split.held_out_indices)))
            }
        };
        let mut train_config = config.train_config();
        train_config.augment = augment.map(|probability| AugmentConfig { probability, ..AugmentConfig::default() });
        let (trainer, base_name) = match options.base {
            Some(base) => {
                // An autoencoder stays one: z = μ, no KL term, its σ head as it is.
                train_config.deterministic = base.info.is_deterministic();
                (Trainer::fine_tune(base.vae, train_config), Some(base.info.name))
            }
            None => (Trainer::new(config.vae_config(), train_config), None),
        };
        let set = set.map(|(whole, held_out_indices)| OwnSet {
            baseline: set_figures(&trainer.net, &whole),
            whole,
            held_out_indices,
        });
        let reconstructed = pick_per_class(&test.labels, RECONSTRUCTED);
        Ok(TrainingSession {
            config,
            trainer,
            train,
            test,
            set,
            base_name,
            order: Vec::new(),
            batches_done: 0,
            sums: EpochSums::default(),
            steps: 0,
            history: Vec::new(),
            reconstructed,
        })
    }

    /// The same from the page's data files (see [`Dataset::from_u8_rows`]): MNIST's ten classes.
    pub fn from_bytes(config: SessionConfig, train: &[u8], test: &[u8]) -> Result<TrainingSession, SessionError> {
        TrainingSession::start(config, SessionData::from_digit_bytes(train, test)?, SessionOptions::default())
    }

    /// The settings trained with (with a base model's shape when fine-tuning).
    pub fn config(&self) -> &SessionConfig {
        &self.config
    }

    /// The probability with which training examples are augmented, if they are.
    pub fn augment(&self) -> Option<f32> {
        self.trainer.config.augment.map(|a| a.probability)
    }

    /// The name of the model being fine-tuned, if any.
    pub fn base_name(&self) -> Option<&str> {
        self.base_name.as_deref()
    }

    /// Examples trained on.
    pub fn train_set(&self) -> &Dataset {
        &self.train
    }

    /// With a set: where each test (held-out) example is in the set, in the snapshot's order.
    pub fn held_out_indices(&self) -> Option<&[usize]> {
        self.set.as_ref().map(|set| &set.held_out_indices[..])
    }

    /// With a set: the model's figures on it before training.
    pub fn baseline(&self) -> Option<SetFigures> {
        self.set.as_ref().map(|set| set.baseline)
    }

    /// Draws of z per test image in each epoch's test loss: one for MNIST's 997 digits (a quick
    /// curve); for a set's held-out images, as many as the set figures take
    /// ([`DRAWS_PER_IMAGE`]), so that the last epoch's figure is the figures' own, unless there are
    /// more than [`EXACT_CURVE_IMAGES`] of them.
    pub fn epoch_test_draws(&self) -> usize {
        match &self.set {
            Some(_) if self.test.len() <= EXACT_CURVE_IMAGES => DRAWS_PER_IMAGE,
            _ => 1,
        }
    }

    /// The model's figures on the person's set as it is now (the same function as `eval --set`).
    pub fn figures(&self) -> Result<SetFigures, SessionError> {
        match &self.set {
            Some(set) => Ok(set_figures(&self.trainer.net, &set.whole)),
            None => Err(SessionError::NotASet(self.train.name.clone())),
        }
    }

    /// Steps taken so far.
    pub fn steps(&self) -> usize {
        self.steps
    }

    /// Steps in one epoch.
    pub fn steps_per_epoch(&self) -> usize {
        self.train.len().div_ceil(self.config.batch_size)
    }

    pub fn is_finished(&self) -> bool {
        self.trainer.epochs_done() >= self.config.epochs
    }

    /// Every finished epoch's record.
    pub fn history(&self) -> &[EpochRecord] {
        &self.history
    }

    /// Indices into the test digits of the reconstructed ones, two of each class.
    pub fn reconstructed_digits(&self) -> &[usize] {
        &self.reconstructed
    }

    pub fn test_set(&self) -> &Dataset {
        &self.test
    }

    /// Up to `n` more steps (fewer if the last epoch ends first), with the test loss of each epoch
    /// that ends among them.
    pub fn step(&mut self, n: usize) -> StepReport {
        let mut report = StepReport { losses: Vec::with_capacity(n), epochs: Vec::new(), finished: false };
        let per_epoch = self.steps_per_epoch();
        for _ in 0..n {
            if self.is_finished() {
                break;
            }
            if self.order.is_empty() {
                self.order = self.trainer.begin_epoch(self.train.len());
                self.batches_done = 0;
                self.sums = EpochSums::default();
            }
            let start = self.batches_done * self.config.batch_size;
            let indices = &self.order[start..(start + self.config.batch_size).min(self.order.len())];
            let beta = self.trainer.kl_weight_at(self.batches_done, per_epoch);
            let labels: Vec<u8> = indices.iter().map(|&i| self.train.labels[i]).collect();
            let loss: BatchLoss = self.trainer.step(self.train.images.select(Axis(0), indices).view(), &labels, beta);
            self.sums.add(loss, indices.len(), beta);
            self.batches_done += 1;
            self.steps += 1;
            report.losses.push(StepLoss {
                step: self.steps,
                epoch: self.trainer.epochs_done() as f32 + self.batches_done as f32 / per_epoch as f32,
                reconstruction: loss.reconstruction,
                kl: loss.kl,
                objective: loss.objective,
            });
            if self.batches_done == per_epoch {
                let train = self.trainer.end_epoch(&self.sums, self.train.len());
                self.order.clear();
                let test = test_loss(&self.trainer.net, self.test.images(), self.epoch_test_draws(), TEST_SEED);
                let record = EpochRecord { train, test };
                self.history.push(record);
                report.epochs.push(record);
            }
        }
        report.finished = self.is_finished();
        report
    }

    /// The test digits' encodings, the KL per dimension and the reconstructions, as they are now.
    pub fn snapshot(&self) -> Snapshot {
        let vae = &self.trainer.net;
        let posterior = vae.encode(self.test.images());
        let kl = kl_per_dimension(posterior.mu.view(), posterior.logvar.view()); // (test, latent)
        let count = self.test.len().max(1) as f32;
        let kl_per_dimension = kl.sum_axis(Axis(0)).iter().map(|k| k / count).collect();
        let shown = posterior.mu.select(Axis(0), &self.reconstructed);
        let set_map = self.set.as_ref().map(|set| {
            let indices = atlas_indices(set.whole.len(), ATLAS_SIZE);
            let codes = vae.encode(set.whole.select(&indices).view());
            SetMap { indices, mu: codes.mu.iter().copied().collect(), logvar: codes.logvar.iter().copied().collect() }
        });
        Snapshot {
            mu: posterior.mu.iter().copied().collect(),
            logvar: posterior.logvar.iter().copied().collect(),
            kl_per_dimension,
            reconstructions: vae.decode(shown.view()).iter().copied().collect(),
            set_map,
        }
    }

    /// The model as a weights file with the shipped models' metadata (settings, the test loss of
    /// `eval` with 16 draws per digit, the atlas), f32 weights. `seconds` is the training time the
    /// caller measured (the session has no clock). Trained on a set, its test loss is the held-out
    /// examples' and its atlas holds the whole set's codes with the set's class names.
    pub fn to_safetensors(&self, name: &str, seconds: f64) -> Vec<u8> {
        let vae = &self.trainer.net;
        let epochs = self.trainer.epochs_done();
        let mut settings = self.trainer.config.clone();
        settings.epochs = epochs; // what was trained, which Pause may have cut short
        let info = ModelInfo {
            name: name.to_string(),
            dataset: self.train.name.clone(),
            config: vae.config.clone(),
            weight_format: WeightFormat::F32,
            training: Some(TrainingRecord {
                settings,
                train_images: self.train.len(),
                seconds_per_epoch: seconds / (self.steps as f64 / self.steps_per_epoch() as f64).max(1e-9),
                total_seconds: seconds,
                base: self.base_name.clone(),
            }),
            test_loss: Some(test_loss(vae, self.test.images(), DRAWS_PER_IMAGE, TEST_SEED)),
        };
        let mapped = self.set.as_ref().map_or(&self.test, |set| &set.whole);
        weights::to_bytes(vae, &info, Some(&atlas(vae, mapped, ATLAS_SIZE)))
    }

    /// The test images of the reconstructions, `(RECONSTRUCTED, 784)` values in [0, 1].
    pub fn reconstructed_images(&self) -> Vec<f32> {
        let mut images = Vec::with_capacity(self.reconstructed.len() * self.test.images.ncols());
        for &i in &self.reconstructed {
            images.extend(self.test.images.slice(s![i, ..]).iter());
        }
        images
    }
}

/// The augmentation probability asked for, checked, or the default for `data` (see
/// [`SessionOptions::augment`]); `None` for no augmentation.
fn augment_probability(asked: Option<f32>, data: &SessionData) -> Result<Option<f32>, SessionError> {
    match asked {
        Some(p) if !(p.is_finite() && (0.0..=1.0).contains(&p)) => {
            Err(bad("augment", format!("{p} is not between 0 and 1")))
        }
        Some(p) => Ok((p > 0.0).then_some(p)),
        None => Ok(match data {
            SessionData::Set(set) if set.len() < SMALL_SET => Some(DEFAULT_AUGMENT),
            _ => None,
        }),
    }
}

/// Up to `count` indices, the first `count / classes` of each class in turn (class 0's first,
/// class 1's first, …, then each class's second), so that the grid reads 0–9 across.
fn pick_per_class(labels: &[u8], count: usize) -> Vec<usize> {
    let classes = labels.iter().map(|&l| l as usize + 1).max().unwrap_or(0);
    let mut by_class: Vec<Vec<usize>> = vec![Vec::new(); classes];
    for (i, &label) in labels.iter().enumerate() {
        by_class[label as usize].push(i);
    }
    let mut picked = Vec::with_capacity(count);
    for round in 0.. {
        let before = picked.len();
        for members in &by_class {
            if picked.len() < count
                && let Some(&i) = members.get(round)
            {
                picked.push(i);
            }
        }
        if picked.len() == before || picked.len() == count {
            break;
        }
    }
    picked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_each_class_in_turn() {
        let labels = [1, 0, 1, 0, 2, 1];
        assert_eq!(pick_per_class(&labels, 4), vec![1, 0, 4, 3]);
        assert_eq!(pick_per_class(&labels, 10), vec![1, 0, 4, 3, 2, 5]);
        assert!(pick_per_class(&[], 4).is_empty());
    }

    #[test]
    fn bad_settings_are_named() {
        let bad_ones = [
            SessionConfig { latent_dim: 0, ..SessionConfig::default() },
            SessionConfig { hidden: vec![512, 0], ..SessionConfig::default() },
            SessionConfig { learning_rate: f32::NAN, ..SessionConfig::default() },
            SessionConfig { batch_size: 0, ..SessionConfig::default() },
            SessionConfig { beta: -1.0, ..SessionConfig::default() },
            SessionConfig { epochs: 0, ..SessionConfig::default() },
            SessionConfig { likelihood: Likelihood::Gaussian { sigma: 0.0 }, ..SessionConfig::default() },
        ];
        let names = ["latentDim", "hidden", "learningRate", "batchSize", "beta", "epochs", "likelihood"];
        for (config, name) in bad_ones.iter().zip(names) {
            match config.validate() {
                Err(SessionError::BadSetting { setting, .. }) => assert_eq!(setting, name),
                other => panic!("{config:?} gave {other:?}"),
            }
        }
        assert!(SessionConfig::default().validate().is_ok());
    }
}
