//! The shape of a VAE and the likelihood it is trained with, in one struct.

use serde::{Deserialize, Serialize};

/// Number of pixels in a 28×28 image, the input and output width of every shipped model.
pub const PIXELS: usize = 28 * 28;

/// How the decoder's output is read as a probability of the input, the first term of the ELBO (12).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Likelihood {
    /// Each pixel is a Bernoulli variable with probability `x' = sigmoid(logit)`;
    /// the reconstruction loss is the binary cross-entropy (MATH.md, after (14)).
    Bernoulli,
    /// Each pixel is Gaussian around `x'` with a fixed spread `sigma`;
    /// the reconstruction loss is `Σ (x - x')² / (2σ²)`, MATH.md (14) without its constant.
    Gaussian { sigma: f32 },
}

impl Likelihood {
    pub fn describe(&self) -> String {
        match self {
            Likelihood::Bernoulli => "Bernoulli (binary cross-entropy)".to_string(),
            Likelihood::Gaussian { sigma } => format!("Gaussian, σ = {sigma} (squared error (14))"),
        }
    }
}

/// Every hyperparameter that fixes the network's shape.
///
/// The encoder is `input → encoder_hidden… → 2·latent` (μ and log σ², MATH.md (19));
/// the decoder is `latent → decoder_hidden… → input` logits. Hidden layers use ReLU.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VaeConfig {
    /// Pixels per image (784 for 28×28).
    pub input_dim: usize,
    /// Widths of the encoder's hidden layers, first to last (e.g. `[512, 256]`).
    pub encoder_hidden: Vec<usize>,
    /// Dimensions of z.
    pub latent_dim: usize,
    /// Widths of the decoder's hidden layers, first to last (usually `encoder_hidden` reversed).
    pub decoder_hidden: Vec<usize>,
    /// The decoder's likelihood p(x|z), which decides the reconstruction term.
    pub likelihood: Likelihood,
}

impl VaeConfig {
    /// A mirror-image VAE on 28×28 images: the decoder's hidden widths are the encoder's reversed.
    pub fn mirrored(encoder_hidden: &[usize], latent_dim: usize, likelihood: Likelihood) -> Self {
        VaeConfig {
            input_dim: PIXELS,
            encoder_hidden: encoder_hidden.to_vec(),
            latent_dim,
            decoder_hidden: encoder_hidden.iter().rev().copied().collect(),
            likelihood,
        }
    }

    /// Layer widths of the encoder from input to output, e.g. `[784, 512, 4]`.
    pub fn encoder_widths(&self) -> Vec<usize> {
        let mut widths = vec![self.input_dim];
        widths.extend(&self.encoder_hidden);
        widths.push(2 * self.latent_dim);
        widths
    }

    /// Layer widths of the decoder from input to output, e.g. `[2, 512, 784]`.
    pub fn decoder_widths(&self) -> Vec<usize> {
        let mut widths = vec![self.latent_dim];
        widths.extend(&self.decoder_hidden);
        widths.push(self.input_dim);
        widths
    }

    /// Number of trainable numbers (weights and biases).
    pub fn parameter_count(&self) -> usize {
        let count = |widths: Vec<usize>| widths.windows(2).map(|w| w[0] * w[1] + w[1]).sum::<usize>();
        count(self.encoder_widths()) + count(self.decoder_widths())
    }

    /// Checks that every width is positive and the likelihood's σ is a positive number.
    pub fn validate(&self) -> Result<(), String> {
        let widths = self.encoder_widths().into_iter().chain(self.decoder_widths());
        if widths.into_iter().any(|w| w == 0) {
            return Err("every layer width and the latent size must be at least 1".into());
        }
        if let Likelihood::Gaussian { sigma } = self.likelihood
            && !(sigma.is_finite() && sigma > 0.0)
        {
            return Err(format!("the Gaussian decoder's σ must be positive, not {sigma}"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_and_parameter_count_of_the_reference_model() {
        let config = VaeConfig::mirrored(&[512], 2, Likelihood::Bernoulli);
        assert_eq!(config.encoder_widths(), vec![784, 512, 4]);
        assert_eq!(config.decoder_widths(), vec![2, 512, 784]);
        let encoder = 784 * 512 + 512 + 512 * 4 + 4;
        let decoder = 2 * 512 + 512 + 512 * 784 + 784;
        assert_eq!(config.parameter_count(), encoder + decoder);
    }

    #[test]
    fn validation_rejects_zero_widths_and_bad_sigma() {
        assert!(VaeConfig::mirrored(&[0], 2, Likelihood::Bernoulli).validate().is_err());
        assert!(VaeConfig::mirrored(&[8], 0, Likelihood::Bernoulli).validate().is_err());
        let bad_sigma = Likelihood::Gaussian { sigma: f32::NAN };
        assert!(VaeConfig::mirrored(&[8], 2, bad_sigma).validate().is_err());
        assert!(VaeConfig::mirrored(&[8], 2, Likelihood::Gaussian { sigma: 0.1 }).validate().is_ok());
    }
}
