//! Weights files: every storage format round-trips, and each kind of bad file has its own error.
#![cfg(not(target_arch = "wasm32"))] // Native tests; tests/web.rs runs in the browser.

use std::collections::HashMap;

use safetensors::SafeTensors;
use safetensors::tensor::TensorView;
use vae_playground::nn::rng::seeded;
use vae_playground::nn::vae::Vae;
use vae_playground::weights::{ModelInfo, WeightFormat, WeightsError, from_bytes, read_info, to_bytes};
use vae_playground::{Likelihood, VaeConfig};

fn small_model(format: WeightFormat) -> (Vae, ModelInfo) {
    let config = VaeConfig {
        input_dim: 12,
        encoder_hidden: vec![8],
        latent_dim: 2,
        decoder_hidden: vec![8],
        likelihood: Likelihood::Bernoulli,
    };
    let vae = Vae::init(config.clone(), &mut seeded(1));
    let info = ModelInfo {
        name: "tiny".into(),
        dataset: "none".into(),
        config,
        weight_format: format,
        training: None,
        test_loss: None,
    };
    (vae, info)
}

fn largest_difference(a: &Vae, b: &Vae) -> f32 {
    a.dense_layers()
        .zip(b.dense_layers())
        .flat_map(|(x, y)| {
            x.weight
                .iter()
                .zip(y.weight.iter())
                .chain(x.bias.iter().zip(y.bias.iter()))
                .map(|(p, q)| (p - q).abs())
                .collect::<Vec<_>>()
        })
        .fold(0.0, f32::max)
}

/// Rewrites a file with `edit` applied to its tensors (name → (dtype, shape, bytes)) and metadata.
fn rewrite(
    bytes: &[u8],
    edit: impl FnOnce(&mut Vec<(String, safetensors::Dtype, Vec<usize>, Vec<u8>)>, &mut HashMap<String, String>),
) -> Vec<u8> {
    let file = SafeTensors::deserialize(bytes).unwrap();
    let mut tensors: Vec<_> =
        file.tensors().into_iter().map(|(n, t)| (n, t.dtype(), t.shape().to_vec(), t.data().to_vec())).collect();
    let (_, header) = SafeTensors::read_metadata(bytes).unwrap();
    let mut metadata: HashMap<String, String> = header.metadata().clone().unwrap().into_iter().collect();
    edit(&mut tensors, &mut metadata);
    let views = tensors.iter().map(|(n, d, s, b)| (n.clone(), TensorView::new(*d, s.clone(), b).unwrap()));
    safetensors::serialize(views, Some(metadata.into_iter().collect())).unwrap()
}

#[test]
fn f32_round_trips_exactly_with_its_description() {
    let (vae, info) = small_model(WeightFormat::F32);
    let (loaded, loaded_info) = from_bytes(&to_bytes(&vae, &info, None)).unwrap();
    assert_eq!(loaded, vae);
    assert_eq!(loaded_info, info);
    assert_eq!(read_info(&to_bytes(&vae, &info, None)).unwrap(), info);
}

#[test]
fn f16_and_int8_round_trip_within_their_precision() {
    let (vae, info) = small_model(WeightFormat::F16);
    let (loaded, _) = from_bytes(&to_bytes(&vae, &info, None)).unwrap();
    assert!(largest_difference(&vae, &loaded) < 1e-3);

    let (vae, info) = small_model(WeightFormat::Int8);
    let bytes = to_bytes(&vae, &info, None);
    let (loaded, loaded_info) = from_bytes(&bytes).unwrap();
    assert_eq!(loaded_info.weight_format, WeightFormat::Int8);
    // Rounding to the nearest of 255 levels spanning ±max|w| errs by at most half a step.
    let largest_weight = vae.dense_layers().flat_map(|d| d.weight.iter().map(|w| w.abs())).fold(0.0, f32::max);
    let difference = largest_difference(&vae, &loaded);
    assert!(difference > 0.0 && difference <= largest_weight / 127.0 / 2.0 + 1e-6, "{difference}");
    // A second pass through int8 changes nothing: the stored grid is reproduced exactly.
    let (again, _) = from_bytes(&to_bytes(&loaded, &loaded_info, None)).unwrap();
    assert!(largest_difference(&loaded, &again) < 1e-7);
}

#[test]
fn truncated_files_say_so() {
    let (vae, info) = small_model(WeightFormat::F32);
    let bytes = to_bytes(&vae, &info, None);
    for cut in [0, 5, 20, bytes.len() / 2, bytes.len() - 1] {
        match from_bytes(&bytes[..cut]) {
            Err(WeightsError::Truncated { expected, found }) => {
                assert_eq!(found, cut);
                assert!(expected > cut);
            }
            other => panic!("cut at {cut}: expected Truncated, got {other:?}"),
        }
    }
}

#[test]
fn corrupt_bytes_say_so_without_panicking() {
    let (vae, info) = small_model(WeightFormat::F32);
    let bytes = to_bytes(&vae, &info, None);
    let mut broken_header = bytes.clone();
    broken_header[9] = b'#'; // inside the JSON header
    assert!(matches!(from_bytes(&broken_header), Err(WeightsError::Corrupt(_))));
    assert!(matches!(from_bytes(&[0xff; 64]), Err(WeightsError::Truncated { .. } | WeightsError::Corrupt(_))));
    let mut longer = bytes.clone();
    longer.extend([0; 16]);
    assert!(matches!(from_bytes(&longer), Err(WeightsError::Corrupt(_))));
    // Random bytes of many lengths: always an error, never a panic.
    let mut state = 12345u64;
    for len in 0..300 {
        let noise: Vec<u8> = (0..len)
            .map(|_| {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                (state >> 56) as u8
            })
            .collect();
        assert!(from_bytes(&noise).is_err());
    }
}

#[test]
fn mismatched_files_name_the_problem() {
    let (vae, info) = small_model(WeightFormat::F32);
    let bytes = to_bytes(&vae, &info, None);

    let wider_latent = rewrite(&bytes, |_, meta| {
        meta.insert("config".into(), meta["config"].replace("\"latent_dim\":2", "\"latent_dim\":3"));
    });
    assert!(
        matches!(from_bytes(&wider_latent), Err(WeightsError::ShapeMismatch { name, .. }) if name == "encoder.1.weight")
    );

    let missing = rewrite(&bytes, |tensors, _| tensors.retain(|t| t.0 != "decoder.0.bias"));
    assert_eq!(from_bytes(&missing), Err(WeightsError::MissingTensor("decoder.0.bias".into())));

    let extra = rewrite(&bytes, |tensors, _| {
        tensors.push(("encoder.9.weight".into(), safetensors::Dtype::F32, vec![1], vec![0; 4]))
    });
    assert_eq!(from_bytes(&extra), Err(WeightsError::UnexpectedTensor("encoder.9.weight".into())));

    let as_f16 = rewrite(&bytes, |_, meta| {
        meta.insert("weight_format".into(), "\"f16\"".into());
    });
    assert!(matches!(from_bytes(&as_f16), Err(WeightsError::WrongDtype { .. })));

    let no_config = rewrite(&bytes, |_, meta| {
        meta.remove("config");
    });
    assert_eq!(from_bytes(&no_config), Err(WeightsError::MissingMetadata("config")));

    let bad_config = rewrite(&bytes, |_, meta| {
        meta.insert("config".into(), "{not json".into());
    });
    assert!(matches!(from_bytes(&bad_config), Err(WeightsError::BadMetadata { key: "config", .. })));

    let not_ours = rewrite(&bytes, |_, meta| {
        meta.insert("format".into(), "something-else/3".into());
    });
    assert!(matches!(from_bytes(&not_ours), Err(WeightsError::BadMetadata { key: "format", .. })));

    let nan = rewrite(&bytes, |tensors, _| {
        let bias = tensors.iter_mut().find(|t| t.0 == "encoder.0.bias").unwrap();
        bias.3[..4].copy_from_slice(&f32::NAN.to_le_bytes());
    });
    assert_eq!(from_bytes(&nan), Err(WeightsError::NonFinite("encoder.0.bias".into())));
}

#[test]
fn error_messages_are_sentences_a_person_can_act_on() {
    let message = WeightsError::Truncated { expected: 100, found: 10 }.to_string();
    assert!(message.contains("truncated") && message.contains("100") && message.contains("10"));
    let message = WeightsError::MissingMetadata("config").to_string();
    assert!(message.contains("config"));
}

#[test]
fn the_atlas_travels_with_the_weights() {
    use vae_playground::weights::{Atlas, read_atlas};
    let (vae, info) = small_model(WeightFormat::Int8);
    assert_eq!(read_atlas(&to_bytes(&vae, &info, None)).unwrap(), None);
    let atlas = Atlas {
        mu: ndarray::array![[0.5, -1.25], [2.0, 0.0], [-0.75, 3.5]],
        logvar: Some(ndarray::array![[-4.0, -2.5], [-6.0, 0.0], [-3.0, -5.5]]),
        labels: vec![0, 2, 1],
        class_names: vec!["zero".into(), "one".into(), "two".into()],
    };
    let bytes = to_bytes(&vae, &info, Some(&atlas));
    assert_eq!(read_atlas(&bytes).unwrap(), Some(atlas.clone()), "these values are exact in f16");
    assert!(from_bytes(&bytes).is_ok(), "the weights load beside an atlas");

    let without_logvar = Atlas { logvar: None, ..atlas.clone() };
    let bytes = to_bytes(&vae, &info, Some(&without_logvar));
    assert_eq!(read_atlas(&bytes).unwrap(), Some(without_logvar), "older files have no log σ²");

    let unnamed_label = Atlas { labels: vec![0, 5, 1], ..atlas };
    let bytes = to_bytes(&vae, &info, Some(&unnamed_label));
    assert!(matches!(read_atlas(&bytes), Err(WeightsError::BadMetadata { key: "class_names", .. })));
}
