//! A classifier's weights file: the same safetensors layout as a VAE's (`format.rs`), for a
//! network `classifier.{i}` of dense layers, with its own description.
//!
//! Metadata: `format` (`vae-playground-classifier/1`), `name`, `dataset`, `config` (widths and
//! classes, JSON), `weight_format`, `training` (settings and timing), `test_accuracy` (the
//! measured share of test images classified right, JSON) and `class_names`. Loading checks every
//! tensor against `config` and never panics on bytes, like a VAE's.

use std::collections::HashMap;

use safetensors::SafeTensors;
use serde::{Deserialize, Serialize};

use super::format::{
    MAX_HIDDEN_LAYERS, MAX_PARAMETERS, MAX_WIDTH, Tensor, TrainingRecord, WeightFormat, WeightsError, explain, json,
    parse, push_layer, read_layer, serialize,
};
use crate::nn::classifier::{Classifier, ClassifierConfig};
use crate::nn::layers::Mlp;
use crate::nn::quantize;

/// Value of the `format` metadata entry of a classifier's file.
pub const CLASSIFIER_FORMAT: &str = "vae-playground-classifier/1";

/// Most classes a file may declare: labels are bytes.
pub const MAX_CLASSES: usize = 256;

/// The measured accuracy of a classifier on its dataset's test images.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TestAccuracy {
    /// Share of test images whose most probable class is their label, in [0, 1].
    pub accuracy: f64,
    pub images: usize,
}

/// Everything a classifier's file says about it besides the numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassifierInfo {
    /// Short identifier, e.g. "judge-mnist".
    pub name: String,
    /// e.g. "mnist" or "fashion-mnist".
    pub dataset: String,
    pub config: ClassifierConfig,
    pub weight_format: WeightFormat,
    pub training: Option<TrainingRecord>,
    pub test_accuracy: Option<TestAccuracy>,
    /// Names of the classes, indexed by class.
    pub class_names: Vec<String>,
}

/// Serialises `classifier` and its description; weight matrices in `info.weight_format`.
pub fn classifier_to_bytes(classifier: &Classifier, info: &ClassifierInfo) -> Vec<u8> {
    let mut tensors: Vec<Tensor> = Vec::new();
    for (i, dense) in classifier.mlp.layers.iter().enumerate() {
        push_layer(&mut tensors, &format!("classifier.{i}"), dense, info.weight_format, quantize::DEFAULT_BITS);
    }
    let metadata = HashMap::from([
        ("format".to_string(), CLASSIFIER_FORMAT.to_string()),
        ("name".to_string(), info.name.clone()),
        ("dataset".to_string(), info.dataset.clone()),
        ("config".to_string(), json(&info.config)),
        ("weight_format".to_string(), json(&info.weight_format)),
        ("training".to_string(), json(&info.training)),
        ("test_accuracy".to_string(), json(&info.test_accuracy)),
        ("class_names".to_string(), json(&info.class_names)),
    ]);
    serialize(&tensors, metadata)
}

/// Reads a classifier's file: the network and its description, or why the bytes are not one.
pub fn classifier_from_bytes(bytes: &[u8]) -> Result<(Classifier, ClassifierInfo), WeightsError> {
    let file = SafeTensors::deserialize(bytes).map_err(|e| explain(e, bytes))?;
    let info = read_classifier_info(bytes)?;
    let widths = info.config.widths();
    let mut expected_names = Vec::new();
    let mut layers = Vec::with_capacity(widths.len() - 1);
    for (i, pair) in widths.windows(2).enumerate() {
        let layer = read_layer(&file, &format!("classifier.{i}"), (pair[0], pair[1]), info.weight_format, &mut expected_names)?;
        layers.push(layer);
    }
    if let Some(extra) = file.names().into_iter().find(|n| !expected_names.iter().any(|e| e == n)) {
        return Err(WeightsError::UnexpectedTensor(extra.to_string()));
    }
    Ok((Classifier { config: info.config.clone(), mlp: Mlp { layers } }, info))
}

/// Only the description (cheap: reads the header).
pub fn read_classifier_info(bytes: &[u8]) -> Result<ClassifierInfo, WeightsError> {
    let (_, header) = SafeTensors::read_metadata(bytes).map_err(|e| explain(e, bytes))?;
    let metadata = header.metadata().as_ref().ok_or(WeightsError::MissingMetadata("format"))?;
    let get = |key: &'static str| metadata.get(key).ok_or(WeightsError::MissingMetadata(key));
    let format = get("format")?;
    if format != CLASSIFIER_FORMAT {
        let reason = format!("`{format}` is not `{CLASSIFIER_FORMAT}` (is it a classifier's file?)");
        return Err(WeightsError::BadMetadata { key: "format", reason });
    }
    let config: ClassifierConfig = parse(get("config")?, "config")?;
    check_sizes(&config).map_err(|reason| WeightsError::BadMetadata { key: "config", reason })?;
    let class_names: Vec<String> = parse(get("class_names")?, "class_names")?;
    if class_names.len() != config.classes {
        let reason = format!("{} names for {} classes", class_names.len(), config.classes);
        return Err(WeightsError::BadMetadata { key: "class_names", reason });
    }
    let test_accuracy: Option<TestAccuracy> = parse(get("test_accuracy")?, "test_accuracy")?;
    if let Some(a) = test_accuracy
        && !(0.0..=1.0).contains(&a.accuracy)
    {
        return Err(WeightsError::BadMetadata { key: "test_accuracy", reason: format!("{} is not a share", a.accuracy) });
    }
    Ok(ClassifierInfo {
        name: get("name")?.clone(),
        dataset: get("dataset")?.clone(),
        config,
        weight_format: parse(get("weight_format")?, "weight_format")?,
        training: parse(get("training")?, "training")?,
        test_accuracy,
        class_names,
    })
}

/// Checks a config's sizes with checked arithmetic before anything is allocated from them.
fn check_sizes(config: &ClassifierConfig) -> Result<(), String> {
    if config.classes > MAX_CLASSES {
        return Err(format!("{} classes are more than the {MAX_CLASSES} accepted", config.classes));
    }
    if config.hidden.len() > MAX_HIDDEN_LAYERS {
        return Err(format!("{} hidden layers are more than the {MAX_HIDDEN_LAYERS} accepted", config.hidden.len()));
    }
    let widths = config.widths();
    if let Some(&width) = widths.iter().find(|&&w| w > MAX_WIDTH) {
        return Err(format!("a layer width of {width} is more than the {MAX_WIDTH} accepted"));
    }
    // Widths ≤ 2¹⁶ and at most 66 layers: every product and sum fits in a u64.
    let parameters: u64 = widths.windows(2).map(|w| w[0] as u64 * w[1] as u64 + w[1] as u64).sum();
    if parameters > MAX_PARAMETERS {
        return Err(format!("{parameters} parameters are more than the {MAX_PARAMETERS} accepted"));
    }
    config.validate()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::rng::seeded;

    fn info(format: WeightFormat) -> ClassifierInfo {
        ClassifierInfo {
            name: "judge-test".into(),
            dataset: "mnist".into(),
            config: ClassifierConfig::new(&[16], 10),
            weight_format: format,
            training: None,
            test_accuracy: Some(TestAccuracy { accuracy: 0.5, images: 10 }),
            class_names: (0..10).map(|d| d.to_string()).collect(),
        }
    }

    #[test]
    fn a_classifier_round_trips_in_every_format() {
        for format in [WeightFormat::F32, WeightFormat::F16, WeightFormat::Int8] {
            let info = info(format);
            let classifier = Classifier::init(info.config.clone(), &mut seeded(1));
            let bytes = classifier_to_bytes(&classifier, &info);
            let (read, read_info) = classifier_from_bytes(&bytes).unwrap();
            assert_eq!(read_info, info);
            let tolerance = match format {
                WeightFormat::F32 => 0.0,
                _ => 2e-3,
            };
            for (a, b) in read.mlp.layers.iter().zip(&classifier.mlp.layers) {
                let worst = a.weight.iter().zip(&b.weight).map(|(x, y)| (x - y).abs()).fold(0.0, f32::max);
                assert!(worst <= tolerance, "{format:?}: {worst}");
            }
        }
    }

    #[test]
    fn a_vae_file_is_not_a_classifier_and_a_bad_config_is_refused() {
        let vae_info = crate::weights::ModelInfo {
            name: "v".into(),
            dataset: "mnist".into(),
            config: crate::VaeConfig::mirrored(&[8], 2, crate::Likelihood::Bernoulli),
            weight_format: WeightFormat::F32,
            training: None,
            test_loss: None,
        };
        let vae = crate::Vae::init(vae_info.config.clone(), &mut seeded(0));
        let error = classifier_from_bytes(&crate::weights::to_bytes(&vae, &vae_info, None)).unwrap_err();
        assert!(matches!(error, WeightsError::BadMetadata { key: "format", .. }), "{error}");

        let mut wrong = info(WeightFormat::F32);
        wrong.class_names.pop();
        let classifier = Classifier::init(wrong.config.clone(), &mut seeded(1));
        let error = classifier_from_bytes(&classifier_to_bytes(&classifier, &wrong)).unwrap_err();
        assert!(matches!(error, WeightsError::BadMetadata { key: "class_names", .. }), "{error}");
        assert!(classifier_from_bytes(&[1, 2, 3]).is_err());
    }
}
