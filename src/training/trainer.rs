//! One training step and one epoch: shuffled mini-batches, ε draws, KL warm-up, Adam.
//!
//! Single-threaded and free of files, clocks and progress bars, so the same code can train in
//! the browser; the native trainer binary adds those around it. It trains a VAE, or, with the
//! same batches, augmentation, schedule and optimiser, a classifier (the page's judge): anything
//! [`Trainable`].

use ndarray::{Array2, ArrayView2, Axis};
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};

use crate::nn::classifier::{Classifier, ClassifierConfig};
use crate::nn::config::VaeConfig;
use crate::nn::layers::Dense;
use crate::nn::quantize;
use crate::nn::rng::{SeededRng, seeded, standard_normal};
use crate::nn::vae::{BatchLoss, Vae};
use crate::training::augment::{AugmentConfig, augment_batch};
use crate::training::dataset::Dataset;
use crate::training::optim::Adam;

/// Every training hyperparameter, with the reference figures' settings as defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainConfig {
    /// Passes over the training set (default 30).
    pub epochs: usize,
    /// Examples per Adam step (default 128).
    pub batch_size: usize,
    /// Adam's step size at the start (default 1e-3).
    pub learning_rate: f32,
    /// The step size at the end, reached along a half cosine; equal to `learning_rate` for none
    /// (default: no decay).
    pub final_learning_rate: f32,
    /// β, the KL weight, rises linearly from 0 to 1 over this many epochs; 0 means β = 1 throughout.
    pub kl_warmup_epochs: usize,
    /// The KL weight β on the second term of MATH.md (12) once warm-up is over: 1 is the ELBO, 0
    /// drops the KL term, more than 1 is a β-VAE, trading reconstruction for wider, more
    /// overlapping circles (default 1; files written before it existed mean 1).
    #[serde(default = "one")]
    pub kl_weight: f32,
    /// Random changes to training digits; `None` trains on them as they are.
    pub augment: Option<AugmentConfig>,
    /// Seeds initialisation, shuffling, ε and augmentation: the same seed gives the same weights.
    pub seed: u64,
    /// Train a plain autoencoder with the same code: z = μ (ε = 0) and no KL term, so a datum
    /// maps to a point, not a circle. Its encoder's log σ² is fixed at [`AUTOENCODER_LOGVAR`].
    #[serde(default)]
    pub deterministic: bool,
    /// Train for weights of this many bits (2 to 8; none: f32), quantisation-aware: each step's
    /// forward and backward pass see every weight matrix rounded per column as a file of that many
    /// bits stores it (`nn/quantize.rs`), and the step's update goes to the f32 weights (the
    /// straight-through estimator), so the network learns to do well rounded. An int8 file then
    /// stores its weights in that many bits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight_bits: Option<u32>,
}

fn one() -> f32 {
    1.0
}

/// The log σ² an autoencoder's encoder reports for every input: σ ≈ 4.5e-5, a point at any zoom
/// the page offers. Its weights are zero and its bias is this, and with ε = 0 and no KL term they
/// get no gradient, so they stay so.
pub const AUTOENCODER_LOGVAR: f32 = -20.0;

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            epochs: 30,
            batch_size: 128,
            learning_rate: 1e-3,
            final_learning_rate: 1e-3,
            kl_warmup_epochs: 0,
            kl_weight: 1.0,
            augment: None,
            seed: 0,
            deterministic: false,
            weight_bits: None,
        }
    }
}

/// Mean training figures of one epoch.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct EpochSummary {
    /// 1 for the first epoch.
    pub epoch: usize,
    pub learning_rate: f32,
    /// β at the end of the epoch.
    pub beta: f32,
    pub train_reconstruction: f32,
    pub train_kl: f32,
    /// Mean of `reconstruction + β·KL`.
    pub train_objective: f32,
}

/// Sums over an epoch's batches of each loss weighted by the batch's size, and the last β.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EpochSums {
    pub reconstruction: f32,
    pub kl: f32,
    pub objective: f32,
    pub beta: f32,
}

impl Default for EpochSums {
    fn default() -> Self {
        EpochSums { reconstruction: 0.0, kl: 0.0, objective: 0.0, beta: 1.0 }
    }
}

impl EpochSums {
    pub fn add(&mut self, loss: BatchLoss, examples: usize, beta: f32) {
        let weight = examples as f32;
        self.reconstruction += loss.reconstruction * weight;
        self.kl += loss.kl * weight;
        self.objective += loss.objective * weight;
        self.beta = beta;
    }
}

/// What the trainer can train: a network made of dense layers, with a loss on a batch.
pub trait Trainable {
    /// Every dense layer, in a fixed order.
    fn layers(&self) -> Vec<&Dense>;
    fn layers_mut(&mut self) -> Vec<&mut Dense>;
    /// The batch's mean loss and its gradient, one [`Dense`] per layer in [`layers`](Self::layers)'
    /// order. `inputs (batch, 784)` (augmented already), `labels (batch)`; `beta` weighs a KL term,
    /// and a network that draws noise (a VAE's ε) draws it from `rng`.
    fn batch_loss_and_gradients(
        &self,
        inputs: ArrayView2<f32>,
        labels: &[u8],
        beta: f32,
        config: &TrainConfig,
        rng: &mut SeededRng,
    ) -> (BatchLoss, Vec<Dense>);
}

impl Trainable for Vae {
    fn layers(&self) -> Vec<&Dense> {
        self.dense_layers().collect()
    }

    fn layers_mut(&mut self) -> Vec<&mut Dense> {
        self.dense_layers_mut().collect()
    }

    /// The negative ELBO (12) with the KL weighted by `beta`, z = μ + σ·ε with ε drawn from `rng`
    /// (ε = 0 for a plain autoencoder). Labels are not used.
    fn batch_loss_and_gradients(
        &self,
        inputs: ArrayView2<f32>,
        _labels: &[u8],
        beta: f32,
        config: &TrainConfig,
        rng: &mut SeededRng,
    ) -> (BatchLoss, Vec<Dense>) {
        let mut epsilon = standard_normal(inputs.nrows(), self.latent_dim(), rng);
        if config.deterministic {
            epsilon.fill(0.0); // z = μ (drawn all the same, so the random stream does not depend on it)
        }
        let (loss, grads) = self.loss_and_gradients(inputs, epsilon.view(), beta);
        (loss, grads.into_layers())
    }
}

impl Trainable for Classifier {
    fn layers(&self) -> Vec<&Dense> {
        self.mlp.layers.iter().collect()
    }

    fn layers_mut(&mut self) -> Vec<&mut Dense> {
        self.mlp.layers.iter_mut().collect()
    }

    /// The softmax cross-entropy of the labels; its `objective` is that cross-entropy, and it has
    /// no reconstruction or KL term.
    fn batch_loss_and_gradients(
        &self,
        inputs: ArrayView2<f32>,
        labels: &[u8],
        _beta: f32,
        _config: &TrainConfig,
        _rng: &mut SeededRng,
    ) -> (BatchLoss, Vec<Dense>) {
        let (cross_entropy, grads) = self.loss_and_gradients(inputs, labels);
        (BatchLoss { reconstruction: 0.0, kl: 0.0, objective: cross_entropy }, grads.layers)
    }
}

/// A network being trained (a VAE unless said otherwise), with its optimiser and random stream.
pub struct Trainer<N: Trainable = Vae> {
    pub net: N,
    pub config: TrainConfig,
    adam: Adam,
    rng: SeededRng,
    epochs_done: usize,
}

impl Trainer<Vae> {
    /// A freshly initialised VAE, ready to train.
    pub fn new(vae_config: VaeConfig, config: TrainConfig) -> Trainer {
        let mut rng = seeded(config.seed);
        let mut vae = Vae::init(vae_config, &mut rng);
        if config.deterministic {
            fix_logvar_head(&mut vae, AUTOENCODER_LOGVAR);
        }
        Trainer::resume(vae, config, rng)
    }
}

impl Trainer<Vae> {
    /// Trains `vae` on from the weights it has (a model fine-tuned on new images), with a random
    /// stream seeded by `config.seed`: the same model, data and settings give the same weights.
    /// For an autoencoder (`config.deterministic`) its encoder's log σ² head is kept as it is.
    pub fn fine_tune(vae: Vae, config: TrainConfig) -> Trainer {
        let rng = seeded(config.seed);
        Trainer::resume(vae, config, rng)
    }
}

impl Trainer<Classifier> {
    /// A freshly initialised classifier, ready to train on labelled images. The settings that
    /// belong to a VAE (KL weight and warm-up, `deterministic`) are not used.
    pub fn classifier(classifier_config: ClassifierConfig, config: TrainConfig) -> Trainer<Classifier> {
        let mut rng = seeded(config.seed);
        let classifier = Classifier::init(classifier_config, &mut rng);
        Trainer::resume(classifier, config, rng)
    }
}

impl<N: Trainable> Trainer<N> {
    /// Trains `net` as it is from here, drawing from `rng`.
    fn resume(net: N, config: TrainConfig, rng: SeededRng) -> Trainer<N> {
        let adam = Adam::new(net.layers(), config.learning_rate);
        Trainer { net, config, adam, rng, epochs_done: 0 }
    }

    pub fn epochs_done(&self) -> usize {
        self.epochs_done
    }

    /// One Adam step on `batch (batch, 784)` with its `labels (batch)` (a VAE ignores them),
    /// augmenting as configured, with a KL term weighted by `beta`. Returns the batch's mean loss
    /// before the step.
    pub fn step(&mut self, batch: ArrayView2<f32>, labels: &[u8], beta: f32) -> BatchLoss {
        let mut inputs = batch.to_owned();
        if let Some(augment) = &self.config.augment {
            augment_batch(&mut inputs, augment, &mut self.rng);
        }
        // Quantisation-aware: the pass sees the rounded weights, the update lands on the f32 ones.
        let kept: Vec<Array2<f32>> = match self.config.weight_bits {
            Some(bits) => {
                let levels = quantize::levels(bits);
                let layers = self.net.layers_mut();
                layers
                    .into_iter()
                    .map(|l| {
                        let rounded = quantize::rounded(&l.weight, levels);
                        std::mem::replace(&mut l.weight, rounded)
                    })
                    .collect()
            }
            None => Vec::new(),
        };
        let (loss, grads) = self.net.batch_loss_and_gradients(inputs.view(), labels, beta, &self.config, &mut self.rng);
        for (layer, weight) in self.net.layers_mut().into_iter().zip(kept) {
            layer.weight = weight;
        }
        self.adam.update(self.net.layers_mut(), &grads);
        loss
    }

    /// One pass over `data` in a fresh random order. `on_batch(done, total, loss)` is called after
    /// each step, for progress display.
    pub fn train_epoch(&mut self, data: &Dataset, mut on_batch: impl FnMut(usize, usize, BatchLoss)) -> EpochSummary {
        let order = self.begin_epoch(data.len());
        let batches: Vec<&[usize]> = order.chunks(self.config.batch_size.max(1)).collect();
        let mut sums = EpochSums::default();
        for (done, indices) in batches.iter().enumerate() {
            let beta = self.kl_weight_at(done, batches.len());
            let labels: Vec<u8> = indices.iter().map(|&i| data.labels[i]).collect();
            let loss = self.step(data.images.select(Axis(0), indices).view(), &labels, beta);
            sums.add(loss, indices.len(), beta);
            on_batch(done + 1, batches.len(), loss);
        }
        self.end_epoch(&sums, data.len())
    }

    /// Starts an epoch over `count` examples: sets its learning rate and returns the examples in a
    /// fresh random order, to be taken `batch_size` at a time. [`train_epoch`](Self::train_epoch)
    /// is `begin_epoch`, a [`step`](Self::step) per batch, `end_epoch`; a caller that trains a few
    /// steps at a time (the browser's session) makes the same calls in the same order.
    pub fn begin_epoch(&mut self, count: usize) -> Vec<usize> {
        let mut order: Vec<usize> = (0..count).collect();
        order.shuffle(&mut self.rng);
        self.adam.learning_rate = self.learning_rate_for_epoch(self.epochs_done);
        order
    }

    /// The KL weight for batch `done` (from 0) of `batches` in the current epoch: `kl_weight`,
    /// times the warm-up's ramp (0 for an autoencoder).
    pub fn kl_weight_at(&self, done: usize, batches: usize) -> f32 {
        self.kl_weight(self.epochs_done as f32 + done as f32 / batches.max(1) as f32)
    }

    /// Ends the current epoch over `count` examples, whose batches' losses are in `sums`.
    pub fn end_epoch(&mut self, sums: &EpochSums, count: usize) -> EpochSummary {
        self.epochs_done += 1;
        let count = count.max(1) as f32;
        EpochSummary {
            epoch: self.epochs_done,
            learning_rate: self.adam.learning_rate,
            beta: sums.beta,
            train_reconstruction: sums.reconstruction / count,
            train_kl: sums.kl / count,
            train_objective: sums.objective / count,
        }
    }

    /// β after `epochs` (fractional) epochs of linear KL warm-up towards `config.kl_weight`;
    /// 0 for an autoencoder.
    fn kl_weight(&self, epochs: f32) -> f32 {
        if self.config.deterministic {
            return 0.0;
        }
        let warmed = match self.config.kl_warmup_epochs {
            0 => 1.0,
            warmup => (epochs / warmup as f32).min(1.0),
        };
        warmed * self.config.kl_weight
    }

    /// Half-cosine decay from `learning_rate` to `final_learning_rate` over the planned epochs.
    fn learning_rate_for_epoch(&self, epoch: usize) -> f32 {
        let (start, end) = (self.config.learning_rate, self.config.final_learning_rate);
        let progress = epoch as f32 / (self.config.epochs.max(2) - 1) as f32;
        end + (start - end) * 0.5 * (1.0 + (std::f32::consts::PI * progress.min(1.0)).cos())
    }
}

/// Makes the encoder's log σ² outputs the constant `logvar`: zero weights into them, `logvar` as
/// their bias. The encoder's last layer is `(hidden, 2·latent)`: μ in the first `latent` columns.
fn fix_logvar_head(vae: &mut Vae, logvar: f32) {
    let latent = vae.latent_dim();
    let last = vae.encoder.layers.last_mut().expect("an encoder has at least one layer");
    last.weight.slice_mut(ndarray::s![.., latent..]).fill(0.0);
    last.bias.slice_mut(ndarray::s![latent..]).fill(logvar);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::config::Likelihood;

    fn trainer(config: TrainConfig) -> Trainer {
        Trainer::new(VaeConfig::mirrored(&[4], 2, Likelihood::Bernoulli), config)
    }

    #[test]
    fn kl_warm_up_rises_linearly_to_one() {
        let t = trainer(TrainConfig { kl_warmup_epochs: 4, ..TrainConfig::default() });
        assert_eq!(t.kl_weight(0.0), 0.0);
        assert_eq!(t.kl_weight(1.0), 0.25);
        assert_eq!(t.kl_weight(4.0), 1.0);
        assert_eq!(t.kl_weight(9.0), 1.0);
        assert_eq!(trainer(TrainConfig::default()).kl_weight(0.0), 1.0);
    }

    #[test]
    fn a_beta_vae_weights_the_kl_and_an_autoencoder_drops_it() {
        let beta = trainer(TrainConfig { kl_warmup_epochs: 4, kl_weight: 4.0, ..TrainConfig::default() });
        assert_eq!(beta.kl_weight(1.0), 1.0);
        assert_eq!(beta.kl_weight(8.0), 4.0);
        let autoencoder = trainer(TrainConfig { deterministic: true, ..TrainConfig::default() });
        assert_eq!(autoencoder.kl_weight(8.0), 0.0);
    }

    #[test]
    fn an_autoencoder_keeps_its_fixed_log_variance_while_it_learns() {
        let mut t = trainer(TrainConfig { deterministic: true, learning_rate: 1e-2, ..TrainConfig::default() });
        let mut rng = seeded(7);
        let batch = standard_normal(16, 784, &mut rng).mapv(|v| (v > 0.5) as u8 as f32); // (16, 784)
        let first = t.step(batch.view(), &[], 0.0);
        for _ in 0..30 {
            t.step(batch.view(), &[], 0.0);
        }
        let last = t.step(batch.view(), &[], 0.0);
        assert!(last.reconstruction < first.reconstruction, "{} → {}", first.reconstruction, last.reconstruction);
        let posterior = t.net.encode(batch.view());
        assert!(posterior.logvar.iter().all(|&lv| lv == AUTOENCODER_LOGVAR), "σ stays a point");
        assert!(posterior.mu.iter().any(|&m| m != 0.0));
    }

    #[test]
    fn learning_rate_follows_a_half_cosine_to_its_final_value() {
        let t = trainer(TrainConfig {
            epochs: 11,
            learning_rate: 1e-3,
            final_learning_rate: 1e-5,
            ..TrainConfig::default()
        });
        assert!((t.learning_rate_for_epoch(0) - 1e-3).abs() < 1e-9);
        assert!((t.learning_rate_for_epoch(5) - (1e-3 + 1e-5) / 2.0).abs() < 1e-8);
        assert!((t.learning_rate_for_epoch(10) - 1e-5).abs() < 1e-9);
        let constant = trainer(TrainConfig::default());
        assert_eq!(constant.learning_rate_for_epoch(7), 1e-3);
    }
}
