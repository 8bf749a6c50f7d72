//! A loaded model and the checked operations the page asks of it: encode, decode, sample, loss.
//!
//! Every input from outside (lengths, NaN, infinities, counts) is checked here and refused with an
//! [`InputError`]; the wasm boundary only converts types and forwards.

use std::sync::OnceLock;

use ndarray::{Array2, ArrayView2};
use serde::Serialize;

use crate::nn::config::{Likelihood, PIXELS};
use crate::nn::layers::Int8Mlp;
use crate::nn::linalg::sigmoid_slice_in_place;
use crate::nn::loss;
use crate::nn::rng::{seeded, standard_normal};
use crate::nn::vae::{Vae, reparameterize};
use crate::training::eval::DRAWS_PER_IMAGE;
use crate::weights::{self, ModelInfo, WeightsError};

/// Most latent points decoded in one call (a 100×100 grid); bounds memory for a bad `n`.
pub const MAX_BATCH: usize = 10_000;

/// Largest magnitude accepted for a latent coordinate or log σ²: far outside anything the
/// encoder produces, small enough that exp(½ log σ²) stays finite.
pub const MAX_LATENT_MAGNITUDE: f32 = 80.0;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum InputError {
    #[error("{what} must have {expected} numbers, not {found}")]
    WrongLength { what: &'static str, expected: usize, found: usize },
    #[error("{what} holds {value} at index {index}; every value must be a finite number")]
    NotFinite { what: &'static str, index: usize, value: f32 },
    #[error("{what} holds {value} at index {index}, outside [{min}, {max}]")]
    OutOfRange { what: &'static str, index: usize, value: f32, min: f32, max: f32 },
    #[error("{what} must be between 1 and {max}, not {found}")]
    BadCount { what: &'static str, found: usize, max: usize },
    #[error("the temperature must be a finite number ≥ 0, not {0}")]
    BadTemperature(f32),
    #[error(
        "a temperature of {} with this σ gives z = {} at index {index}, outside [-{limit}, {limit}], \
         the latent range every call accepts: choose a smaller temperature",
        readable(*.temperature), readable(*.value)
    )]
    SampleOutOfRange { temperature: f32, index: usize, value: f32, limit: f32 },
    #[error("the model computed {what} that is not a finite number (are its weights sound?)")]
    ResultNotFinite { what: &'static str },
}

/// A number for a message: 1e30, not the 31 digits `{}` writes for a large f32. Written by hand
/// with four significant digits: `{:e}` would add 3 KB of formatting code to the module.
fn readable(value: f32) -> String {
    if !value.is_finite() || value.abs() < 1e6 {
        return format!("{value}");
    }
    let (mut mantissa, mut exponent) = (f64::from(value), 0);
    while mantissa.abs() >= 10.0 {
        mantissa /= 10.0;
        exponent += 1;
    }
    mantissa = (mantissa * 1e3).round() / 1e3;
    if mantissa.abs() >= 10.0 {
        (mantissa, exponent) = (mantissa / 10.0, exponent + 1);
    }
    format!("{mantissa}e{exponent}")
}

/// q(z|x) for one image.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Encoding {
    pub mu: Vec<f32>,     // (latent)
    pub logvar: Vec<f32>, // (latent)
}

/// `n` draws `z = μ + T·σ·ε`, their ε, and their decoded images.
#[derive(Debug, Clone, PartialEq)]
pub struct Samples {
    /// The standard-normal draws ε behind each sample, before the temperature scales them.
    pub epsilon: Vec<f32>, // (n * latent) row-major
    pub z: Vec<f32>,      // (n * latent) row-major
    pub images: Vec<f32>, // (n * 784) row-major, pixel probabilities
}

/// The terms of the negative ELBO (12) for one image, in nats.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LossReport {
    /// Which reconstruction term the model was trained with: "bernoulli" or "gaussian".
    pub likelihood: &'static str,
    /// Binary cross-entropy, the Bernoulli `-log p(x|z)`, averaged over the draws.
    pub bernoulli: f32,
    /// MATH.md (14): `Σ (x - x')² / (2σ²)`, averaged over the draws.
    pub squared_error: f32,
    /// The σ used in `squared_error`: the model's own if Gaussian, else 1.
    pub sigma: f32,
    /// KL(q(z|x) || N(0, I)), MATH.md (19).
    pub kl: f32,
    /// KL per latent dimension; sums to `kl`.
    pub kl_per_dimension: Vec<f32>,
    /// The model's own reconstruction term plus `kl`: its negative ELBO for this image.
    pub total: f32,
    /// Draws of z the reconstruction terms are averaged over (a fixed seed, so no jitter).
    pub draws: usize,
}

/// A VAE with the description its weights file carries.
pub struct Model {
    pub vae: Vae,
    pub info: ModelInfo,
    /// The decoder on its int8 weights (`linalg/int8.rs`), for decodes in the browser, when the
    /// file stores int8.
    int8_decoder: Option<Int8Mlp>,
    /// The encoder on its int8 weights, for `encode` in the browser, when the file stores int8: its
    /// first layer (784 inputs) is most of an encode, and a dense image (no zero pixel to skip)
    /// takes it whole. Packed at the first encode in the browser (opening a model is on the
    /// page's path to its first screen; packing a layer reads each weight several times).
    int8_encoder: OnceLock<Option<Int8Mlp>>,
    /// Whether `int8_encoder` is to be packed (in the browser, or asked for natively).
    int8_encoding: bool,
}

impl Model {
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, WeightsError> {
        let (vae, info) = weights::from_bytes(bytes)?;
        // Every operation here takes or gives 28×28 images: another input size would not fit them.
        if info.config.input_dim != PIXELS {
            let reason = format!("the model's images have {} pixels, not {PIXELS} (28×28)", info.config.input_dim);
            return Err(WeightsError::BadMetadata { key: "config", reason });
        }
        // In the browser the int8 kernel is 2–4× faster than f32; natively matrixmultiply's f32 GEMM
        // beats the plain-Rust int8 reference, so native decodes stay f32. Both halves keep their
        // weights widened to int16 too (twice their int8 bytes: 0.75 MB each for mnist-2d), so that
        // one image or one point (a live decode, an encode) skips widening every load.
        let in_browser = cfg!(all(target_arch = "wasm32", target_feature = "simd128"));
        let int8_decoder =
            if in_browser { Int8Mlp::exact_from(&vae.decoder).map(|d| d.seven_bit_hidden().widened()) } else { None };
        Ok(Model { vae, info, int8_decoder, int8_encoder: OnceLock::new(), int8_encoding: in_browser })
    }

    pub fn latent_dim(&self) -> usize {
        self.vae.latent_dim()
    }

    /// The same model decoding on its int8 weights natively too, as it does in the browser (the
    /// native int8 kernel gives the browser's bits): for figures that must match the page's.
    pub fn with_int8_decoder(mut self) -> Model {
        self.int8_decoder =
            self.int8_decoder.or_else(|| Int8Mlp::exact_from(&self.vae.decoder).map(Int8Mlp::seven_bit_hidden));
        self
    }

    /// The same model encoding on its int8 weights natively too, as it does in the browser.
    pub fn with_int8_encoder(mut self) -> Model {
        self.int8_encoding = true;
        self
    }

    /// The int8 encoder, packed on first use (widened to int16 in the browser, where one image at
    /// a time is its work), or None when the model encodes in f32.
    fn int8_encoder(&self) -> Option<&Int8Mlp> {
        if !self.int8_encoding {
            return None;
        }
        let in_browser = cfg!(all(target_arch = "wasm32", target_feature = "simd128"));
        self.int8_encoder
            .get_or_init(|| Int8Mlp::exact_from(&self.vae.encoder).map(|e| if in_browser { e.widened() } else { e }))
            .as_ref()
    }

    /// μ and log σ² of q(z|x) for one 28×28 image with pixels in [0, 1]: in int8 in the browser
    /// when the weights are int8 (μ to about 1e-4, and 2–3× faster on an image without zeros).
    pub fn encode(&self, pixels: &[f32]) -> Result<Encoding, InputError> {
        let x = self.image_row(pixels)?; // (1, 784), a view of `pixels`
        let encoding = match self.int8_encoder() {
            Some(encoder) => {
                let mut mu = encoder.forward(pixels, 1); // (2·latent)
                let logvar = mu.split_off(self.latent_dim());
                Encoding { mu, logvar }
            }
            None => {
                let posterior = self.vae.encode(x);
                Encoding {
                    mu: posterior.mu.into_raw_vec_and_offset().0,
                    logvar: posterior.logvar.into_raw_vec_and_offset().0,
                }
            }
        };
        check_result("a μ", &encoding.mu)?;
        check_result("a log σ²", &encoding.logvar)?;
        Ok(encoding)
    }

    /// Pixel probabilities `(784)` of the decoder at one latent point `z (latent)`.
    pub fn decode(&self, z: &[f32]) -> Result<Vec<f32>, InputError> {
        self.decode_batch(z, 1)
    }

    /// Decodes `n` latent points given row after row in `zs (n * latent)`: `(n * 784)`.
    pub fn decode_batch(&self, zs: &[f32], n: usize) -> Result<Vec<f32>, InputError> {
        check_count("the number of latent points", n)?;
        let z = self.latent_rows(zs, n, "the latent points")?;
        let images = self.decode_rows(z.view());
        check_result("a pixel", &images)?;
        Ok(images)
    }

    /// Pixel probabilities of checked latent rows `(n, latent)` → `(n * 784)`: in int8 in the
    /// browser when the weights are int8 (the same figures to about 1e-4, and 2–4× faster).
    fn decode_rows(&self, z: ArrayView2<f32>) -> Vec<f32> {
        match &self.int8_decoder {
            Some(decoder) => {
                let z = z.as_standard_layout();
                let mut pixels = decoder.forward(z.as_slice().expect("standard layout"), z.nrows());
                sigmoid_slice_in_place(&mut pixels);
                pixels
            }
            None => self.vae.decode(z).into_raw_vec_and_offset().0,
        }
    }

    /// `n` draws `z = μ + T·σ·ε` from q(z|x) with ε from `seed`, and their images. Temperature
    /// `T` scales σ: 0 gives μ every time, 1 is the model's own spread. A draw that would leave
    /// the latent range (±[`MAX_LATENT_MAGNITUDE`], which every other call checks) is refused,
    /// so that a z it gives can always be decoded, slid or shared again.
    pub fn sample(
        &self,
        mu: &[f32],
        logvar: &[f32],
        n: usize,
        seed: u64,
        temperature: f32,
    ) -> Result<Samples, InputError> {
        check_count("the number of samples", n)?;
        if !(temperature.is_finite() && temperature >= 0.0) {
            return Err(InputError::BadTemperature(temperature));
        }
        let mu = self.latent_rows(mu, 1, "μ")?;
        let logvar = self.latent_rows(logvar, 1, "log σ²")?;
        let epsilon = standard_normal(n, self.latent_dim(), &mut seeded(seed));
        let scaled = &epsilon * temperature;
        let mus = mu.broadcast((n, self.latent_dim())).expect("one row broadcasts");
        let logvars = logvar.broadcast((n, self.latent_dim())).expect("one row broadcasts");
        let z = reparameterize(mus, logvars, scaled.view());
        // A large T·σ·ε (σ is at most e⁴⁰) leaves the range, or overflows to infinity: refuse
        // rather than hand out a z that decode, the sliders and share links would then refuse.
        if let Some((index, &value)) = z.iter().enumerate().find(|(_, v)| !(v.abs() <= MAX_LATENT_MAGNITUDE)) {
            return Err(InputError::SampleOutOfRange { temperature, index, value, limit: MAX_LATENT_MAGNITUDE });
        }
        let images = self.decode_rows(z.view());
        check_result("a pixel", &images)?;
        Ok(Samples { epsilon: epsilon.into_raw_vec_and_offset().0, z: z.into_raw_vec_and_offset().0, images })
    }

    /// The ELBO's terms for one image, reconstruction averaged over [`DRAWS_PER_IMAGE`] draws of z
    /// from a fixed seed (so that the numbers do not jitter while a person draws).
    pub fn loss_terms(&self, pixels: &[f32]) -> Result<LossReport, InputError> {
        let x = self.image_row(pixels)?;
        let posterior = self.vae.encode(x.view());
        let draws = DRAWS_PER_IMAGE;
        let epsilon = standard_normal(draws, self.latent_dim(), &mut seeded(0));
        let shape = (draws, self.latent_dim());
        let mus = posterior.mu.broadcast(shape).expect("one row broadcasts");
        let logvars = posterior.logvar.broadcast(shape).expect("one row broadcasts");
        let logits = self.vae.decode_logits(reparameterize(mus, logvars, epsilon.view()).view());
        let targets = x.broadcast((draws, PIXELS)).expect("one row broadcasts");

        let sigma = match self.info.config.likelihood {
            Likelihood::Gaussian { sigma } => sigma,
            Likelihood::Bernoulli => 1.0,
        };
        let bernoulli = loss::bce_with_logits(logits.view(), targets).mean().unwrap_or(0.0);
        let squared_error = loss::gaussian_squared_error(logits.view(), targets, sigma).mean().unwrap_or(0.0);
        let kl_per_dimension =
            loss::kl_per_dimension(posterior.mu.view(), posterior.logvar.view()).into_raw_vec_and_offset().0;
        let kl = kl_per_dimension.iter().sum();
        let (likelihood, reconstruction) = match self.info.config.likelihood {
            Likelihood::Bernoulli => ("bernoulli", bernoulli),
            Likelihood::Gaussian { .. } => ("gaussian", squared_error),
        };
        check_result("a loss term", &[bernoulli, squared_error, kl, reconstruction + kl])?;
        Ok(LossReport {
            likelihood,
            bernoulli,
            squared_error,
            sigma,
            kl,
            kl_per_dimension,
            total: reconstruction + kl,
            draws,
        })
    }

    /// One image as a `(1, 784)` row, checked to be 784 finite values in [0, 1].
    fn image_row<'a>(&self, pixels: &'a [f32]) -> Result<ArrayView2<'a, f32>, InputError> {
        check_values("the image", pixels, PIXELS, 0.0, 1.0)?;
        Ok(ArrayView2::from_shape((1, PIXELS), pixels).expect("length checked"))
    }

    /// `n` latent points as `(n, latent)`, checked to be finite and of sane magnitude.
    fn latent_rows(&self, values: &[f32], n: usize, what: &'static str) -> Result<Array2<f32>, InputError> {
        let expected = n * self.latent_dim();
        check_values(what, values, expected, -MAX_LATENT_MAGNITUDE, MAX_LATENT_MAGNITUDE)?;
        Ok(ArrayView2::from_shape((n, self.latent_dim()), values).expect("length checked").to_owned())
    }
}

fn check_count(what: &'static str, n: usize) -> Result<(), InputError> {
    if n == 0 || n > MAX_BATCH {
        return Err(InputError::BadCount { what, found: n, max: MAX_BATCH });
    }
    Ok(())
}

/// Refuses a non-finite result: with finite inputs in range, only weights that overflow give one.
fn check_result(what: &'static str, values: &[f32]) -> Result<(), InputError> {
    // Without an early exit, which the compiler vectorises: a batch of 400 images is 313,600 values.
    if values.iter().fold(true, |finite, v| finite & v.is_finite()) { Ok(()) } else { Err(InputError::ResultNotFinite { what }) }
}

fn check_values(what: &'static str, values: &[f32], expected: usize, min: f32, max: f32) -> Result<(), InputError> {
    if values.len() != expected {
        return Err(InputError::WrongLength { what, expected, found: values.len() });
    }
    // One pass without branches first (NaN fails both comparisons), which the compiler vectorises:
    // it is on the path of every encode and decode. Only a refused input looks for the culprit.
    if values.iter().fold(true, |ok, &v| ok & (v >= min) & (v <= max)) {
        return Ok(());
    }
    for (index, &value) in values.iter().enumerate() {
        if !value.is_finite() {
            return Err(InputError::NotFinite { what, index, value });
        }
        if value < min || value > max {
            return Err(InputError::OutOfRange { what, index, value, min, max });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::readable;

    #[test]
    fn large_numbers_in_messages_read_in_exponent_form() {
        assert_eq!(readable(1e30), "1e30");
        assert_eq!(readable(-1.5e31), "-1.5e31");
        assert_eq!(readable(9.9999e20), "1e21");
        assert_eq!(readable(f32::MAX), "3.403e38");
        assert_eq!(readable(80.5), "80.5");
        assert_eq!(readable(f32::NEG_INFINITY), "-inf");
    }
}
