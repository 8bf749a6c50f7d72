//! The variational autoencoder: encoder to (μ, log σ²), the reparameterisation trick, decoder to
//! pixel logits, its loss and the gradient of that loss.

use ndarray::{Array1, Array2, ArrayView2, Axis, Zip, concatenate, s};
use rand::Rng;

use crate::nn::config::VaeConfig;
use crate::nn::layers::{Dense, Mlp};
use crate::nn::linalg::sigmoid_in_place;
use crate::nn::loss;

/// A VAE whose shape is given by a [`VaeConfig`].
#[derive(Debug, Clone, PartialEq)]
pub struct Vae {
    pub config: VaeConfig,
    /// `x (batch, input) → (batch, 2·latent)`: μ in the first `latent` columns, log σ² in the rest.
    pub encoder: Mlp,
    /// `z (batch, latent) → (batch, input)` logits; pixel probabilities are their sigmoid.
    pub decoder: Mlp,
}

/// The encoder's output for a batch: q(z|x) = N(μ, diag(σ²)).
#[derive(Debug, Clone, PartialEq)]
pub struct Posterior {
    pub mu: Array2<f32>,     // (batch, latent)
    pub logvar: Array2<f32>, // (batch, latent)
}

/// The two terms of the negative ELBO (12) for each example of a batch.
#[derive(Debug, Clone, PartialEq)]
pub struct LossTerms {
    /// `-log p(x|z)` under the model's likelihood. (batch)
    pub reconstruction: Array1<f32>,
    /// KL(q(z|x) || N(0, I)) per latent dimension, (19) before the sum. (batch, latent)
    pub kl_per_dimension: Array2<f32>,
}

impl LossTerms {
    /// KL summed over latent dimensions, MATH.md (19). (batch)
    pub fn kl(&self) -> Array1<f32> {
        self.kl_per_dimension.sum_axis(Axis(1))
    }
}

/// Means over a batch of the loss and its terms.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct BatchLoss {
    pub reconstruction: f32,
    pub kl: f32,
    /// `reconstruction + β·kl`, the number the optimiser lowers.
    pub objective: f32,
}

/// `z = μ + σ ⊙ ε` with `σ = exp(½ log σ²)`, the reparameterisation trick (MATH.md, sampling):
/// the randomness ε comes from outside, so z is a differentiable function of μ and log σ².
///
/// # Shapes
/// `mu, logvar, epsilon: (batch, latent)` → `(batch, latent)`
pub fn reparameterize(mu: ArrayView2<f32>, logvar: ArrayView2<f32>, epsilon: ArrayView2<f32>) -> Array2<f32> {
    let mut z = Array2::zeros(mu.raw_dim());
    Zip::from(&mut z).and(mu).and(logvar).and(epsilon).for_each(|z, &m, &lv, &e| {
        *z = m + (0.5 * lv).exp() * e;
    });
    z
}

impl Vae {
    /// A freshly initialised VAE.
    pub fn init(config: VaeConfig, rng: &mut impl Rng) -> Vae {
        let encoder = Mlp::init(&config.encoder_widths(), rng);
        let decoder = Mlp::init(&config.decoder_widths(), rng);
        Vae { config, encoder, decoder }
    }

    pub fn latent_dim(&self) -> usize {
        self.config.latent_dim
    }

    /// q(z|x): `x (batch, input)` → μ and log σ², each `(batch, latent)`.
    pub fn encode(&self, x: ArrayView2<f32>) -> Posterior {
        split_posterior(self.encoder.forward(x), self.latent_dim())
    }

    /// Decoder logits: `z (batch, latent)` → `(batch, input)`.
    pub fn decode_logits(&self, z: ArrayView2<f32>) -> Array2<f32> {
        self.decoder.forward(z)
    }

    /// Pixel probabilities `x' = sigmoid(logits)`: `z (batch, latent)` → `(batch, input)` in [0, 1].
    pub fn decode(&self, z: ArrayView2<f32>) -> Array2<f32> {
        let mut pixels = self.decode_logits(z);
        sigmoid_in_place(&mut pixels);
        pixels
    }

    /// Both loss terms for `x`, decoding `z = μ + σ·ε` with the given ε `(batch, latent)`.
    pub fn loss_terms(&self, x: ArrayView2<f32>, epsilon: ArrayView2<f32>) -> LossTerms {
        let posterior = self.encode(x);
        let z = reparameterize(posterior.mu.view(), posterior.logvar.view(), epsilon);
        let logits = self.decode_logits(z.view());
        LossTerms {
            reconstruction: loss::reconstruction(self.config.likelihood, logits.view(), x),
            kl_per_dimension: loss::kl_per_dimension(posterior.mu.view(), posterior.logvar.view()),
        }
    }

    /// The batch-mean objective `reconstruction + β·KL` (the negative ELBO (12) when β = 1) and its
    /// gradient with respect to every parameter, by backpropagation through decoder, the
    /// reparameterisation and encoder.
    ///
    /// # Shapes
    /// `x: (batch, input)`, `epsilon: (batch, latent)`
    pub fn loss_and_gradients(
        &self,
        x: ArrayView2<f32>,
        epsilon: ArrayView2<f32>,
        beta: f32,
    ) -> (BatchLoss, Gradients) {
        let batch = x.nrows() as f32;
        let latent = self.latent_dim();

        let (encoded, encoder_tape) = self.encoder.forward_with_tape(x.to_owned());
        let posterior = split_posterior(encoded, latent);
        let (mu, logvar) = (posterior.mu.view(), posterior.logvar.view());
        let z = reparameterize(mu, logvar, epsilon);
        let (logits, decoder_tape) = self.decoder.forward_with_tape(z);

        let reconstruction = loss::reconstruction(self.config.likelihood, logits.view(), x);
        let kl = loss::kl_divergence(mu, logvar);
        let batch_loss = BatchLoss {
            reconstruction: reconstruction.sum() / batch,
            kl: kl.sum() / batch,
            objective: (reconstruction.sum() + beta * kl.sum()) / batch,
        };

        let mut grads = Gradients { encoder: self.encoder.zeros_like(), decoder: self.decoder.zeros_like() };
        let grad_logits = loss::reconstruction_grad(self.config.likelihood, logits.view(), x) / batch;
        let grad_z = self
            .decoder
            .backward(&decoder_tape, grad_logits, &mut grads.decoder, true)
            .expect("input gradient was asked for");

        // Through z = μ + exp(½ lv)·ε: dz/dμ = 1, dz/dlv = ½ exp(½ lv)·ε; plus β times the KL's own.
        let (kl_grad_mu, kl_grad_logvar) = loss::kl_divergence_grad(mu, logvar);
        let grad_mu = &grad_z + &(kl_grad_mu * (beta / batch));
        let mut grad_logvar = kl_grad_logvar * (beta / batch);
        Zip::from(&mut grad_logvar).and(&grad_z).and(logvar).and(epsilon).for_each(|g, &gz, &lv, &e| {
            *g += gz * 0.5 * (0.5 * lv).exp() * e;
        });
        let grad_encoded = concatenate![Axis(1), grad_mu, grad_logvar];
        self.encoder.backward(&encoder_tape, grad_encoded, &mut grads.encoder, false);
        (batch_loss, grads)
    }

    /// Every dense layer, encoder first, in a fixed order (the order of the weights file).
    pub fn dense_layers(&self) -> impl Iterator<Item = &Dense> {
        self.encoder.layers.iter().chain(&self.decoder.layers)
    }

    pub fn dense_layers_mut(&mut self) -> impl Iterator<Item = &mut Dense> {
        self.encoder.layers.iter_mut().chain(&mut self.decoder.layers)
    }
}

/// dLoss/dparameter for every parameter of a [`Vae`], laid out like the VAE itself.
#[derive(Debug, Clone)]
pub struct Gradients {
    pub encoder: Mlp,
    pub decoder: Mlp,
}

impl Gradients {
    /// Same order as [`Vae::dense_layers`].
    pub fn dense_layers(&self) -> impl Iterator<Item = &Dense> {
        self.encoder.layers.iter().chain(&self.decoder.layers)
    }

    /// The layers themselves, in the same order.
    pub fn into_layers(self) -> Vec<Dense> {
        self.encoder.layers.into_iter().chain(self.decoder.layers).collect()
    }
}

/// `(batch, 2·latent)` → μ (first half of the columns) and log σ² (second half).
fn split_posterior(encoded: Array2<f32>, latent: usize) -> Posterior {
    Posterior { mu: encoded.slice(s![.., ..latent]).to_owned(), logvar: encoded.slice(s![.., latent..]).to_owned() }
}
