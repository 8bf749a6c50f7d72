//! Weights on disk: safetensors files that describe themselves.
//!
//! A file holds, for each dense layer `encoder.{i}` and `decoder.{i}` (input side first):
//! - `{layer}.weight` with shape `(in, out)`, stored as f32, f16, or int8 with
//! - `{layer}.weight_scale`, shape `(out)`, f32, for int8 only: `weight[i][j] = q[i][j] · scale[j]`;
//! - `{layer}.bias`, shape `(out)`, f32.
//!
//! It may also hold the model's *atlas*, the encodings of held-out test images that the page draws
//! as the dots of its latent map: `atlas.mu` `(count, latent)` f16, optionally `atlas.logvar`
//! `(count, latent)` f16 (each dot's log σ², for its ellipse) and `atlas.labels` `(count)` u8,
//! with the class names in the `class_names` metadata entry. Keeping them in the weights file ties
//! them to the weights they were computed with.
//!
//! Its metadata says what the model is: `config` (widths, latent size, likelihood, as JSON),
//! `name`, `dataset`, `weight_format`, `training` (settings and timing, JSON) and `test_loss`
//! (the measured figures of `eval`, JSON). Loading checks every tensor's name, dtype and shape
//! against `config` and never panics on bytes: a bad file gives a [`WeightsError`].

use std::collections::HashMap;

use half::f16;
use ndarray::{Array1, Array2};
use safetensors::SafeTensors;
use safetensors::tensor::{Dtype, SafeTensorError, TensorView};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::nn::config::VaeConfig;
use crate::nn::layers::{Dense, Mlp};
use crate::nn::quantize;
use crate::nn::vae::Vae;
use crate::training::eval::TestLoss;
use crate::training::trainer::TrainConfig;

/// Value of the `format` metadata entry, bumped if the layout above changes.
pub const FORMAT: &str = "vae-playground/1";

/// How weight matrices are stored. Biases are always f32.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WeightFormat {
    F32,
    /// Half precision, 2 bytes a weight.
    F16,
    /// One byte a weight, with one f32 scale per output unit (column).
    Int8,
}

impl std::str::FromStr for WeightFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "f32" => Ok(WeightFormat::F32),
            "f16" => Ok(WeightFormat::F16),
            "int8" => Ok(WeightFormat::Int8),
            other => Err(format!("unknown weight format `{other}` (expected f32, f16 or int8)")),
        }
    }
}

/// How a model was trained, as recorded in its file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingRecord {
    pub settings: TrainConfig,
    /// Number of training images.
    pub train_images: usize,
    pub seconds_per_epoch: f64,
    pub total_seconds: f64,
    /// The model it was fine-tuned from (its name), if it did not start from random weights.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
}

/// Encodings μ of held-out test images and their classes: the dots of the page's latent map.
#[derive(Debug, Clone, PartialEq)]
pub struct Atlas {
    pub mu: Array2<f32>, // (count, latent)
    /// log σ² of each image's q(z|x), for the map's ellipses; older files have none.
    pub logvar: Option<Array2<f32>>, // (count, latent)
    pub labels: Vec<u8>, // (count)
    /// Names of the classes, indexed by label.
    pub class_names: Vec<String>,
}

/// Everything a weights file says about its model besides the numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelInfo {
    /// Short identifier, e.g. "mnist-2d".
    pub name: String,
    /// e.g. "mnist" or "fashion-mnist".
    pub dataset: String,
    pub config: VaeConfig,
    pub weight_format: WeightFormat,
    pub training: Option<TrainingRecord>,
    pub test_loss: Option<TestLoss>,
}

impl ModelInfo {
    /// The bits an int8 file's weights take: those its training record asks for (trained for
    /// them), else all 8.
    pub fn weight_bits(&self) -> u32 {
        self.training.as_ref().and_then(|t| t.settings.weight_bits).unwrap_or(quantize::DEFAULT_BITS)
    }

    /// Trained as a plain autoencoder (z = μ, no KL term), as its training record says.
    pub fn is_deterministic(&self) -> bool {
        self.training.as_ref().is_some_and(|t| t.settings.deterministic)
    }

    /// What the page calls it: "autoencoder" (a point), "beta-vae" (a VAE whose KL has weight
    /// β ≠ 1 in (12)) or "vae".
    pub fn kind(&self) -> &'static str {
        match &self.training {
            Some(t) if t.settings.deterministic => "autoencoder",
            Some(t) if t.settings.kl_weight != 1.0 => "beta-vae",
            _ => "vae",
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum WeightsError {
    #[error("the weights file is truncated: it has {found} bytes where its header needs {expected}")]
    Truncated { expected: usize, found: usize },
    #[error("the weights file is corrupt: {0}")]
    Corrupt(String),
    #[error("the weights file has no `{0}` metadata entry (is it a vae-playground model?)")]
    MissingMetadata(&'static str),
    #[error("the weights file's `{key}` metadata entry is invalid: {reason}")]
    BadMetadata { key: &'static str, reason: String },
    #[error("the weights file lacks tensor `{0}`")]
    MissingTensor(String),
    #[error("tensor `{0}` in the weights file is not part of this model")]
    UnexpectedTensor(String),
    #[error("tensor `{name}` has shape {found:?} but the model needs {expected:?}")]
    ShapeMismatch { name: String, expected: Vec<usize>, found: Vec<usize> },
    #[error("tensor `{name}` is stored as {found} but this file's format needs {expected}")]
    WrongDtype { name: String, expected: String, found: String },
    #[error("tensor `{0}` holds a value that is not a finite number")]
    NonFinite(String),
    #[error("tensor `{name}` holds {value}, beyond the ±{MAX_MAGNITUDE} a weights file may hold")]
    TooLarge { name: String, value: f32 },
}

/// Serialises `vae`, its description and its atlas if any; weight matrices in `info.weight_format`.
pub fn to_bytes(vae: &Vae, info: &ModelInfo, atlas: Option<&Atlas>) -> Vec<u8> {
    let mut tensors: Vec<Tensor> = Vec::new();
    for (name, dense) in layer_names(&vae.config).into_iter().zip(vae.dense_layers()) {
        push_layer(&mut tensors, &name, dense, info.weight_format, info.weight_bits());
    }
    let mut metadata = metadata_of(info);
    if let Some(atlas) = atlas {
        let mu_bytes = atlas.mu.iter().flat_map(|&m| f16::from_f32(m).to_le_bytes()).collect();
        tensors.push((ATLAS_MU.to_string(), Dtype::F16, atlas.mu.shape().to_vec(), mu_bytes));
        if let Some(logvar) = &atlas.logvar {
            let bytes = logvar.iter().flat_map(|&v| f16::from_f32(v).to_le_bytes()).collect();
            tensors.push((ATLAS_LOGVAR.to_string(), Dtype::F16, logvar.shape().to_vec(), bytes));
        }
        tensors.push((ATLAS_LABELS.to_string(), Dtype::U8, vec![atlas.labels.len()], atlas.labels.clone()));
        metadata.insert("class_names".to_string(), json(&atlas.class_names));
    }
    serialize(&tensors, metadata)
}

/// One tensor to be written: name, dtype, shape, little-endian bytes.
pub(super) type Tensor = (String, Dtype, Vec<usize>, Vec<u8>);

/// Appends the tensors of dense layer `name`: its weight in `format` (for int8, within ±levels of
/// `bits` bits, with per-column scales: `nn/quantize.rs`) and its f32 bias.
pub(super) fn push_layer(tensors: &mut Vec<Tensor>, name: &str, dense: &Dense, format: WeightFormat, bits: u32) {
    let shape = dense.weight.shape().to_vec();
    let weights = dense.weight.iter().copied();
    match format {
        WeightFormat::F32 => {
            tensors.push((format!("{name}.weight"), Dtype::F32, shape, weights.flat_map(f32::to_le_bytes).collect()))
        }
        WeightFormat::F16 => tensors.push((
            format!("{name}.weight"),
            Dtype::F16,
            shape,
            weights.flat_map(|w| f16::from_f32(w).to_le_bytes()).collect(),
        )),
        WeightFormat::Int8 => {
            let (quantized, scales) = quantize::per_column(&dense.weight, quantize::levels(bits));
            tensors.push((format!("{name}.weight"), Dtype::I8, shape, quantized.iter().map(|&q| q as u8).collect()));
            tensors.push((
                format!("{name}.weight_scale"),
                Dtype::F32,
                vec![scales.len()],
                f32_bytes(scales.iter().copied()),
            ));
        }
    }
    tensors.push((format!("{name}.bias"), Dtype::F32, vec![dense.bias.len()], f32_bytes(dense.bias.iter().copied())));
}

/// A safetensors file of `tensors` and `metadata`.
pub(super) fn serialize(tensors: &[Tensor], metadata: HashMap<String, String>) -> Vec<u8> {
    let views = tensors.iter().map(|(name, dtype, shape, bytes)| {
        (name.clone(), TensorView::new(*dtype, shape.clone(), bytes).expect("byte length matches shape"))
    });
    safetensors::serialize(views, Some(metadata.into_iter().collect())).expect("serialising in memory cannot fail")
}

/// Reads a weights file: the VAE and its description, or why the bytes are not a usable model.
pub fn from_bytes(bytes: &[u8]) -> Result<(Vae, ModelInfo), WeightsError> {
    let file = SafeTensors::deserialize(bytes).map_err(|e| explain(e, bytes))?;
    let info = read_info(bytes)?;

    let format = info.weight_format;
    let names = layer_names(&info.config);
    let mut expected_names: Vec<String> = Vec::new();
    let mut layers = Vec::with_capacity(names.len());
    for (name, shape) in names.iter().zip(layer_shapes(&info.config)) {
        layers.push(read_layer(&file, name, shape, format, &mut expected_names)?);
    }
    expected_names.extend([ATLAS_MU.to_string(), ATLAS_LOGVAR.to_string(), ATLAS_LABELS.to_string()]);
    if let Some(extra) = file.names().into_iter().find(|n| !expected_names.iter().any(|e| e == n)) {
        return Err(WeightsError::UnexpectedTensor(extra.to_string()));
    }
    let decoder_layers = layers.split_off(info.config.encoder_widths().len() - 1);
    let vae = Vae { config: info.config.clone(), encoder: Mlp { layers }, decoder: Mlp { layers: decoder_layers } };
    Ok((vae, info))
}

/// Dense layer `name` of shape `(inputs, outputs)` stored in `format`, checked; the names of its
/// tensors are added to `expected_names`.
pub(super) fn read_layer(
    file: &SafeTensors,
    name: &str,
    (inputs, outputs): (usize, usize),
    format: WeightFormat,
    expected_names: &mut Vec<String>,
) -> Result<Dense, WeightsError> {
    let weight_name = format!("{name}.weight");
    let weight_values = match format {
        WeightFormat::F32 => read_values(file, &weight_name, Dtype::F32, &[inputs, outputs])?,
        WeightFormat::F16 => read_values(file, &weight_name, Dtype::F16, &[inputs, outputs])?,
        WeightFormat::Int8 => {
            let quantized = read_values(file, &weight_name, Dtype::I8, &[inputs, outputs])?;
            let scale_name = format!("{name}.weight_scale");
            let scales = read_values(file, &scale_name, Dtype::F32, &[outputs])?;
            expected_names.push(scale_name);
            let weights: Vec<f32> =
                quantized.chunks(outputs).flat_map(|row| row.iter().zip(&scales).map(|(q, s)| q * s)).collect();
            // A finite scale near f32::MAX times a quantised 127 is infinite.
            check_magnitude(&weight_name, &weights)?;
            weights
        }
    };
    let bias_name = format!("{name}.bias");
    let bias = read_values(file, &bias_name, Dtype::F32, &[outputs])?;
    expected_names.extend([weight_name, bias_name]);
    Ok(Dense {
        weight: Array2::from_shape_vec((inputs, outputs), weight_values).expect("length checked against shape"),
        bias: Array1::from_vec(bias),
    })
}

/// The atlas stored with the model, if the file has one, checked against the model's latent size.
pub fn read_atlas(bytes: &[u8]) -> Result<Option<Atlas>, WeightsError> {
    let info = read_info(bytes)?;
    let file = SafeTensors::deserialize(bytes).map_err(|e| explain(e, bytes))?;
    let Ok(mu) = file.tensor(ATLAS_MU) else {
        return Ok(None);
    };
    let count = mu.shape().first().copied().unwrap_or(0);
    let shape = (count, info.config.latent_dim);
    let mu = read_values(&file, ATLAS_MU, Dtype::F16, &[shape.0, shape.1])?;
    let logvar = match file.tensor(ATLAS_LOGVAR) {
        Ok(_) => Some(read_values(&file, ATLAS_LOGVAR, Dtype::F16, &[shape.0, shape.1])?),
        Err(_) => None,
    };
    let labels = file.tensor(ATLAS_LABELS).map_err(|_| WeightsError::MissingTensor(ATLAS_LABELS.to_string()))?;
    if labels.dtype() != Dtype::U8 || labels.shape() != [count] {
        return Err(WeightsError::ShapeMismatch {
            name: ATLAS_LABELS.to_string(),
            expected: vec![count],
            found: labels.shape().to_vec(),
        });
    }
    let (_, header) = SafeTensors::read_metadata(bytes).map_err(|e| explain(e, bytes))?;
    let names = header
        .metadata()
        .as_ref()
        .and_then(|m| m.get("class_names"))
        .ok_or(WeightsError::MissingMetadata("class_names"))?;
    let class_names: Vec<String> = parse(names, "class_names")?;
    if let Some(&label) = labels.data().iter().find(|&&l| l as usize >= class_names.len()) {
        return Err(WeightsError::BadMetadata {
            key: "class_names",
            reason: format!("label {label} has no class name"),
        });
    }
    Ok(Some(Atlas {
        mu: Array2::from_shape_vec(shape, mu).expect("length checked"),
        logvar: logvar.map(|v| Array2::from_shape_vec(shape, v).expect("length checked")),
        labels: labels.data().to_vec(),
        class_names,
    }))
}

/// Only the description, without building the network (cheap: reads the header).
pub fn read_info(bytes: &[u8]) -> Result<ModelInfo, WeightsError> {
    let (_, header) = SafeTensors::read_metadata(bytes).map_err(|e| explain(e, bytes))?;
    let entries = header.metadata().as_ref().ok_or(WeightsError::MissingMetadata("format"))?;
    info_from_metadata(&entries.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
}

const ATLAS_MU: &str = "atlas.mu";
const ATLAS_LOGVAR: &str = "atlas.logvar";
const ATLAS_LABELS: &str = "atlas.labels";

/// `encoder.0, encoder.1, …, decoder.0, …`, in [`Vae::dense_layers`] order.
fn layer_names(config: &VaeConfig) -> Vec<String> {
    let encoder = (0..config.encoder_widths().len() - 1).map(|i| format!("encoder.{i}"));
    let decoder = (0..config.decoder_widths().len() - 1).map(|i| format!("decoder.{i}"));
    encoder.chain(decoder).collect()
}

/// `(in, out)` of each layer, in [`layer_names`] order.
fn layer_shapes(config: &VaeConfig) -> Vec<(usize, usize)> {
    let pairs = |widths: Vec<usize>| widths.windows(2).map(|w| (w[0], w[1])).collect::<Vec<_>>();
    let mut shapes = pairs(config.encoder_widths());
    shapes.extend(pairs(config.decoder_widths()));
    shapes
}

fn f32_bytes(values: impl Iterator<Item = f32>) -> Vec<u8> {
    values.flat_map(f32::to_le_bytes).collect()
}

/// The tensor `name`, checked to have `dtype` and `shape`, as finite f32 values in row-major order.
/// Bytes are decoded with `from_le_bytes`: embedded files have no alignment guarantee.
pub(super) fn read_values(file: &SafeTensors, name: &str, dtype: Dtype, shape: &[usize]) -> Result<Vec<f32>, WeightsError> {
    let tensor = file.tensor(name).map_err(|_| WeightsError::MissingTensor(name.to_string()))?;
    if tensor.dtype() != dtype {
        return Err(WeightsError::WrongDtype {
            name: name.to_string(),
            expected: format!("{dtype:?}"),
            found: format!("{:?}", tensor.dtype()),
        });
    }
    if tensor.shape() != shape {
        return Err(WeightsError::ShapeMismatch {
            name: name.to_string(),
            expected: shape.to_vec(),
            found: tensor.shape().to_vec(),
        });
    }
    let data = tensor.data();
    let values: Vec<f32> = match dtype {
        Dtype::F32 => data.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect(),
        Dtype::F16 => data.chunks_exact(2).map(|b| f16::from_le_bytes([b[0], b[1]]).to_f32()).collect(),
        Dtype::I8 => data.iter().map(|&b| b as i8 as f32).collect(),
        other => unreachable!("no tensor of this format is stored as {other:?}"),
    };
    check_magnitude(name, &values)?;
    Ok(values)
}

/// Largest magnitude of a stored number (weight, scale, bias, atlas value): trained weights are
/// a few units at most, and a bound keeps a forged file's activations from overflowing early.
pub const MAX_MAGNITUDE: f32 = 1e6;

fn check_magnitude(name: &str, values: &[f32]) -> Result<(), WeightsError> {
    match values.iter().find(|v| !v.is_finite() || v.abs() > MAX_MAGNITUDE) {
        Some(v) if v.is_finite() => Err(WeightsError::TooLarge { name: name.to_string(), value: *v }),
        Some(_) => Err(WeightsError::NonFinite(name.to_string())),
        None => Ok(()),
    }
}

fn metadata_of(info: &ModelInfo) -> HashMap<String, String> {
    HashMap::from([
        ("format".to_string(), FORMAT.to_string()),
        ("name".to_string(), info.name.clone()),
        ("dataset".to_string(), info.dataset.clone()),
        ("config".to_string(), json(&info.config)),
        ("weight_format".to_string(), json(&info.weight_format)),
        ("training".to_string(), json(&info.training)),
        ("test_loss".to_string(), json(&info.test_loss)),
    ])
}

fn info_from_metadata(metadata: &HashMap<String, String>) -> Result<ModelInfo, WeightsError> {
    let get = |key: &'static str| metadata.get(key).ok_or(WeightsError::MissingMetadata(key));
    let format = get("format")?;
    if format != FORMAT {
        return Err(WeightsError::BadMetadata { key: "format", reason: format!("`{format}` is not `{FORMAT}`") });
    }
    let config: VaeConfig = parse(get("config")?, "config")?;
    check_sizes(&config).map_err(|reason| WeightsError::BadMetadata { key: "config", reason })?;
    config.validate().map_err(|reason| WeightsError::BadMetadata { key: "config", reason })?;
    Ok(ModelInfo {
        name: get("name")?.clone(),
        dataset: get("dataset")?.clone(),
        config,
        weight_format: parse(get("weight_format")?, "weight_format")?,
        training: parse(get("training")?, "training")?,
        test_loss: parse(get("test_loss")?, "test_loss")?,
    })
}

/// Widest layer (and largest latent size) a file may declare: far beyond any model of this project.
pub const MAX_WIDTH: usize = 1 << 16;
/// Most hidden layers a file may declare on each side.
pub const MAX_HIDDEN_LAYERS: usize = 64;
/// Most weights and biases a file may declare (1 GiB of f32), checked before any size is computed
/// with plain arithmetic, which a hostile `config` could make overflow.
pub const MAX_PARAMETERS: u64 = 1 << 28;

/// Checks a config's sizes with checked arithmetic, so that [`VaeConfig`]'s own (unchecked) size
/// computations cannot overflow afterwards.
fn check_sizes(config: &VaeConfig) -> Result<(), String> {
    let widths = [config.input_dim, config.latent_dim].into_iter().chain(config.encoder_hidden.iter().copied());
    if let Some(width) = widths.chain(config.decoder_hidden.iter().copied()).find(|&w| w > MAX_WIDTH) {
        return Err(format!("a layer width or latent size of {width} is more than the {MAX_WIDTH} accepted"));
    }
    let layers = config.encoder_hidden.len().max(config.decoder_hidden.len());
    if layers > MAX_HIDDEN_LAYERS {
        return Err(format!("{layers} hidden layers are more than the {MAX_HIDDEN_LAYERS} accepted"));
    }
    // Widths ≤ 2¹⁶ and at most 130 layers: every product and sum below fits in a u64.
    let (input, latent) = (config.input_dim as u64, config.latent_dim as u64);
    let count = |widths: Vec<u64>| widths.windows(2).map(|w| w[0] * w[1] + w[1]).sum::<u64>();
    let hidden = |h: &[usize]| h.iter().map(|&w| w as u64).collect::<Vec<_>>();
    let encoder = [vec![input], hidden(&config.encoder_hidden), vec![2 * latent]].concat();
    let decoder = [vec![latent], hidden(&config.decoder_hidden), vec![input]].concat();
    let parameters = count(encoder) + count(decoder);
    if parameters > MAX_PARAMETERS {
        return Err(format!("{parameters} parameters are more than the {MAX_PARAMETERS} accepted"));
    }
    Ok(())
}

pub(super) fn parse<T: DeserializeOwned>(text: &str, key: &'static str) -> Result<T, WeightsError> {
    serde_json::from_str(text).map_err(|e| WeightsError::BadMetadata { key, reason: e.to_string() })
}

/// Longest header accepted (the safetensors crate's own limit): a longer one is corrupt, not short.
const MAX_HEADER_BYTES: u64 = 100_000_000;

/// Turns the safetensors crate's error into ours, telling a short file from a damaged one.
pub(super) fn explain(error: SafeTensorError, bytes: &[u8]) -> WeightsError {
    if bytes.len() < 8 {
        return WeightsError::Truncated { expected: 8, found: bytes.len() };
    }
    match declared_length(bytes) {
        Ok(Some(expected)) if expected > bytes.len() as u64 => {
            WeightsError::Truncated { expected: usize::try_from(expected).unwrap_or(usize::MAX), found: bytes.len() }
        }
        Err(reason) => WeightsError::Corrupt(reason),
        _ => WeightsError::Corrupt(error.to_string()),
    }
}

/// The file length the header asks for, 8 + header + data, if the header can be read; an error
/// if its length field is beyond any real header.
fn declared_length(bytes: &[u8]) -> Result<Option<u64>, String> {
    let Some(Ok(field)) = bytes.get(..8).map(<[u8; 8]>::try_from) else {
        return Ok(None);
    };
    let header_len = u64::from_le_bytes(field);
    if header_len > MAX_HEADER_BYTES {
        return Err(format!("its header length field says {header_len} bytes, more than any header ({MAX_HEADER_BYTES})"));
    }
    let header_end = 8 + header_len;
    let Some(header) = usize::try_from(header_end).ok().and_then(|end| bytes.get(8..end)) else {
        return Ok(Some(header_end));
    };
    let Ok(entries) = serde_json::from_slice::<HashMap<String, serde_json::Value>>(header) else {
        return Ok(None);
    };
    let data_len = entries.values().filter_map(|v| v.get("data_offsets")?.get(1)?.as_u64()).max().unwrap_or(0);
    Ok(header_end.checked_add(data_len))
}

/// A metadata value as JSON; plain data structs always serialise.
pub(super) fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("plain data serialises")
}
