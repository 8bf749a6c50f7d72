//! `listModels` and `VaeModel`: the models compiled in, and a loaded model's operations.

use js_sys::Uint8Array;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::{args, floats, floats_into, object, to_js};
use crate::model::{MAX_BATCH, MAX_LATENT_MAGNITUDE, Model};
use crate::nn::config::PIXELS;
use crate::weights::embedded::{self, MODELS};
use crate::weights::{self, Atlas, ModelInfo};

// The objects these exports return, for the generated `.d.ts` (each export names its own with
// `unchecked_return_type`). Keys and kinds are what `to_js` and `object` build below.
#[wasm_bindgen(typescript_custom_section)]
const MODEL_TYPES: &str = r#"
/** What `listModels()` and `VaeModel.info` say about a model. Figures from its file are `null` when it has none. */
export interface ModelInfo {
    name: string;
    dataset: string;
    latentDim: number;
    encoderWidths: number[];
    decoderWidths: number[];
    likelihood: "bernoulli" | "gaussian";
    /** The Gaussian decoder's σ, or `null` for a Bernoulli decoder. */
    sigma: number | null;
    parameters: number;
    weightFormat: "f32" | "f16" | "int8";
    /** Size of its weights file in bytes. */
    bytes: number;
    /** Test loss in nats per image (the negative ELBO) and its two terms. */
    testReconstruction: number | null;
    testKl: number | null;
    testLoss: number | null;
    epochs: number | null;
    /** The KL weight β it was trained with (1 for a VAE). */
    beta: number | null;
    /** A plain autoencoder: z = μ, no KL term, σ a fixed tiny number. */
    deterministic: boolean;
    kind: "vae" | "beta-vae" | "autoencoder";
    /** Its dataset's class names (`"0"`…`"9"` for MNIST), or `[]`. */
    classNames: string[];
}

/** q(z|x) = N(μ, σ²) of one image: `latentDim` values each (σ = exp(½ log σ²)). */
export interface Encoding {
    mu: Float32Array;
    logvar: Float32Array;
}

/** `n` draws z = μ + T·σ·ε, row after row: `epsilon` and `z` are `n × latentDim`, `images` `n × 784`. */
export interface Samples {
    epsilon: Float32Array;
    z: Float32Array;
    images: Float32Array;
}

/** The negative ELBO's terms for one image, in nats (reconstruction averaged over `draws` draws of z from a fixed seed). */
export interface LossTerms {
    /** The reconstruction term the model was trained with. */
    likelihood: "bernoulli" | "gaussian";
    /** Binary cross-entropy, −log p(x|z) of a Bernoulli decoder. */
    bernoulli: number;
    /** Σ (x − x′)² / (2σ²), the squared-error term. */
    squaredError: number;
    /** The σ of `squaredError`: the model's own if Gaussian, else 1. */
    sigma: number;
    /** KL(q(z|x) ‖ N(0, I)). */
    kl: number;
    /** KL per latent dimension; sums to `kl`. */
    klPerDimension: number[];
    /** The model's own reconstruction term plus `kl`. */
    total: number;
    draws: number;
}

/** The test digits' codes stored in a model's file (`count` of them), for a map. */
export interface Atlas {
    /** `count × latentDim`, row after row. */
    mu: Float32Array;
    /** `count × latentDim`, or `null` if the file has none. */
    logvar: Float32Array | null;
    /** Each digit's class, an index into `classNames`. */
    labels: Uint8Array;
    classNames: string[];
}
"#;

/// What the page needs to know about a model to list it and label it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ModelSummary {
    name: String,
    dataset: String,
    latent_dim: usize,
    encoder_widths: Vec<usize>,
    decoder_widths: Vec<usize>,
    /// "bernoulli" or "gaussian".
    likelihood: &'static str,
    /// The Gaussian decoder's σ, if that is the likelihood.
    sigma: Option<f32>,
    parameters: usize,
    weight_format: String,
    /// Size of the weights file compiled into the module.
    bytes: usize,
    test_reconstruction: Option<f64>,
    test_kl: Option<f64>,
    test_loss: Option<f64>,
    epochs: Option<usize>,
    /// The KL weight β it was trained with (1 for a VAE), if the file records its training.
    beta: Option<f32>,
    /// Trained as a plain autoencoder: z = μ, no KL term (its σ is a fixed tiny number).
    deterministic: bool,
    /// "autoencoder", "beta-vae" or "vae", for the page's sentences.
    kind: &'static str,
    class_names: Vec<String>,
}

impl ModelSummary {
    fn new(info: &ModelInfo, bytes: usize, class_names: Vec<String>) -> ModelSummary {
        let (likelihood, sigma) = match info.config.likelihood {
            crate::Likelihood::Bernoulli => ("bernoulli", None),
            crate::Likelihood::Gaussian { sigma } => ("gaussian", Some(sigma)),
        };
        ModelSummary {
            name: info.name.clone(),
            dataset: info.dataset.clone(),
            latent_dim: info.config.latent_dim,
            encoder_widths: info.config.encoder_widths(),
            decoder_widths: info.config.decoder_widths(),
            likelihood,
            sigma,
            parameters: info.config.parameter_count(),
            weight_format: format!("{:?}", info.weight_format).to_lowercase(),
            bytes,
            test_reconstruction: info.test_loss.map(|t| t.reconstruction),
            test_kl: info.test_loss.map(|t| t.kl),
            test_loss: info.test_loss.map(|t| t.total),
            epochs: info.training.as_ref().map(|t| t.settings.epochs),
            beta: info.training.as_ref().map(|t| t.settings.kl_weight),
            deterministic: info.is_deterministic(),
            kind: info.kind(),
            class_names,
        }
    }
}

/// Largest weights file `fromBytes` accepts: well above any shipped model (1.2 MB), far below
/// what would strain the page's memory.
const MAX_MODEL_BYTES: usize = 64 << 20;

impl VaeModel {
    /// The loaded model, for the other boundary files (the walk's figures).
    pub(crate) fn model(&self) -> &Model {
        &self.inner
    }

    /// Its test codes, if its file has them (the judged sets take points from them).
    pub(crate) fn atlas_ref(&self) -> Option<&Atlas> {
        self.atlas.as_ref()
    }
}

/// Largest magnitude of a latent coordinate the models accept: the one range of the map, the
/// sliders and share links.
#[wasm_bindgen(js_name = latentLimit)]
pub fn latent_limit() -> f32 {
    MAX_LATENT_MAGNITUDE
}

/// The embedded models with their metadata: `[{name, dataset, latentDim, testLoss, …}]`.
#[wasm_bindgen(js_name = listModels, unchecked_return_type = "ModelInfo[]")]
pub fn list_models() -> Result<JsValue, JsError> {
    let mut summaries = Vec::with_capacity(MODELS.len());
    for model in &MODELS {
        let info = weights::read_info(model.bytes)?;
        let class_names = weights::read_atlas(model.bytes)?.map(|a| a.class_names).unwrap_or_default();
        summaries.push(ModelSummary::new(&info, model.bytes.len(), class_names));
    }
    to_js(&summaries)
}

/// A loaded model. Weights stay in wasm memory; calls return small copied results.
#[wasm_bindgen]
pub struct VaeModel {
    inner: Model,
    atlas: Option<Atlas>,
    bytes: usize,
}

#[wasm_bindgen]
impl VaeModel {
    /// Loads the embedded model called `name` (see `listModels`).
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(unchecked_param_type = "string")] name: &JsValue) -> Result<VaeModel, JsError> {
        let name = args::string(name, "the model name")?;
        let name = name.as_str();
        let embedded = embedded::find(name).ok_or_else(|| {
            let known: Vec<&str> = MODELS.iter().map(|m| m.name).collect();
            JsError::new(&format!(
                "no model called `{name}` is compiled in (the embedded models are {}); load other models with VaeModel.fromBytes",
                known.join(", ")
            ))
        })?;
        VaeModel::load(embedded.bytes)
    }

    /// Loads a model from the bytes of its safetensors file (a shipped model fetched by the page,
    /// or one a person trained and saved). The file is checked like an embedded one.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(#[wasm_bindgen(unchecked_param_type = "Bytes")] bytes: &JsValue) -> Result<VaeModel, JsError> {
        VaeModel::load(&args::bytes(bytes, "a weights file", MAX_MODEL_BYTES)?)
    }

    fn load(bytes: &[u8]) -> Result<VaeModel, JsError> {
        Ok(VaeModel { inner: Model::from_bytes(bytes)?, atlas: weights::read_atlas(bytes)?, bytes: bytes.len() })
    }

    /// The model's metadata, as in `listModels`.
    #[wasm_bindgen(getter, unchecked_return_type = "ModelInfo")]
    pub fn info(&self) -> Result<JsValue, JsError> {
        let class_names = self.atlas.as_ref().map(|a| a.class_names.clone()).unwrap_or_default();
        to_js(&ModelSummary::new(&self.inner.info, self.bytes, class_names))
    }

    #[wasm_bindgen(getter, js_name = latentDim)]
    pub fn latent_dim(&self) -> usize {
        self.inner.latent_dim()
    }

    /// q(z|x) of a 28×28 image (784 values in [0, 1]): `{mu: Float32Array, logvar: Float32Array}`.
    #[wasm_bindgen(unchecked_return_type = "Encoding")]
    pub fn encode(&self, #[wasm_bindgen(unchecked_param_type = "Floats")] pixels: &JsValue) -> Result<JsValue, JsError> {
        let encoding = self.inner.encode(&args::floats(pixels, "the image", PIXELS)?)?;
        object(&[("mu", floats(&encoding.mu)), ("logvar", floats(&encoding.logvar))])
    }

    /// The decoded image (784 pixel probabilities) at one latent point, in `out` if given (a
    /// `Float32Array(784)`, returned) or in a new `Float32Array`.
    #[wasm_bindgen(unchecked_return_type = "Float32Array")]
    pub fn decode(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Floats")] z: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Float32Array")] out: &JsValue,
    ) -> Result<JsValue, JsError> {
        let z = self.latent(z, "z", 1)?;
        let out = args::output(out, "the output array", PIXELS)?;
        floats_into(&self.inner.decode(&z)?, out, "the output array")
    }

    /// `n` latent points, row after row in `zs`, decoded at once: `n × 784` pixel probabilities,
    /// in `out` if given (a `Float32Array(n × 784)`, returned) or in a new `Float32Array`.
    #[wasm_bindgen(js_name = decodeBatch, unchecked_return_type = "Float32Array")]
    pub fn decode_batch(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Floats")] zs: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] n: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Float32Array")] out: &JsValue,
    ) -> Result<JsValue, JsError> {
        let n = args::integer(n, "the number of latent points", 1, MAX_BATCH as u32)? as usize;
        let zs = self.latent(zs, "the latent points", n)?;
        let out = args::output(out, "the output array", n * PIXELS)?;
        floats_into(&self.inner.decode_batch(&zs, n)?, out, "the output array")
    }

    /// `n` draws `z = μ + T·σ·ε` (ε from `seed`), their ε and their images: `{epsilon, z: Float32Array(n × latent),
    /// images: Float32Array(n × 784)}`, the images in `images` if given (a `Float32Array(n × 784)`).
    /// The same seed gives the same draws. A draw whose z would leave ±`latentLimit()` is refused.
    #[allow(clippy::too_many_arguments)]
    #[wasm_bindgen(unchecked_return_type = "Samples")]
    pub fn sample(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Floats")] mu: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "Floats")] logvar: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] n: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] seed: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] temperature: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Float32Array")] images: &JsValue,
    ) -> Result<JsValue, JsError> {
        let (mu, logvar) = (self.latent(mu, "μ", 1)?, self.latent(logvar, "log σ²", 1)?);
        let n = args::integer(n, "the number of samples", 1, MAX_BATCH as u32)? as usize;
        let seed = args::integer(seed, "the seed", 0, u32::MAX)?;
        let temperature = args::float(temperature, "the temperature")?;
        let out = args::output(images, "the images' array", n * PIXELS)?;
        let samples = self.inner.sample(&mu, &logvar, n, u64::from(seed), temperature)?;
        let images = floats_into(&samples.images, out, "the images' array")?;
        object(&[("epsilon", floats(&samples.epsilon)), ("z", floats(&samples.z)), ("images", images)])
    }

    /// The negative ELBO's terms for an image: `{likelihood, bernoulli, squaredError, sigma, kl,
    /// klPerDimension, total, draws}`.
    #[wasm_bindgen(js_name = lossTerms, unchecked_return_type = "LossTerms")]
    pub fn loss_terms(&self, #[wasm_bindgen(unchecked_param_type = "Floats")] pixels: &JsValue) -> Result<JsValue, JsError> {
        to_js(&self.inner.loss_terms(&args::floats(pixels, "the image", PIXELS)?)?)
    }

    /// `n` latent points' values from JavaScript, at most `n × latent` of them (checked before copying).
    fn latent(&self, value: &JsValue, what: &str, n: usize) -> Result<Vec<f32>, JsError> {
        args::floats(value, what, n * self.inner.latent_dim())
    }

    /// The map's dots: `{mu: Float32Array(count × latent), logvar: Float32Array(count × latent) or
    /// null, labels: Uint8Array(count), classNames}`, or `null` if the model has no atlas.
    #[wasm_bindgen(unchecked_return_type = "Atlas | null")]
    pub fn atlas(&self) -> Result<JsValue, JsError> {
        let Some(atlas) = &self.atlas else {
            return Ok(JsValue::NULL);
        };
        let mu: Vec<f32> = atlas.mu.iter().copied().collect();
        let logvar = match &atlas.logvar {
            Some(logvar) => floats(&logvar.iter().copied().collect::<Vec<f32>>()),
            None => JsValue::NULL,
        };
        let labels = Uint8Array::from(&atlas.labels[..]);
        object(&[
            ("mu", floats(&mu)),
            ("logvar", logvar),
            ("labels", labels.into()),
            ("classNames", to_js(&atlas.class_names)?),
        ])
    }
}
