//! The hostile inputs issue 9 found, each now a typed error rather than a panic, an overflow or an
//! infinity: a `latent_dim` of 2⁶³, an int8 scale of 3e38, a corrupt header length, a model whose
//! images are not 28×28, and temperatures that would make z infinite or put it outside the latent range. (`tests/fuzz.rs` tries
//! millions of random ones.)
#![cfg(not(target_arch = "wasm32"))] // Native tests; tests/web.rs runs in the browser.

use vae_playground::model::{InputError, MAX_LATENT_MAGNITUDE, Model};
use vae_playground::nn::rng::seeded;
use vae_playground::nn::vae::Vae;
use vae_playground::weights::{ModelInfo, WeightFormat, WeightsError, from_bytes, read_info, to_bytes};
use vae_playground::{Likelihood, VaeConfig};

fn file(config: VaeConfig, format: WeightFormat) -> Vec<u8> {
    let vae = Vae::init(config.clone(), &mut seeded(3));
    let info = ModelInfo { name: "t".into(), dataset: "none".into(), config, weight_format: format, training: None, test_loss: None };
    to_bytes(&vae, &info, None)
}

/// The file with one piece of its header text replaced (the header length adjusted).
fn edit_header(bytes: &[u8], from: &str, to: &str) -> Vec<u8> {
    let end = 8 + u64::from_le_bytes(bytes[..8].try_into().unwrap()) as usize;
    let header = std::str::from_utf8(&bytes[8..end]).unwrap();
    assert!(header.contains(from), "no `{from}` in the header");
    let header = header.replacen(from, to, 1);
    let mut out = (header.len() as u64).to_le_bytes().to_vec();
    out.extend(header.as_bytes());
    out.extend(&bytes[end..]);
    out
}

fn bad_config(result: Result<impl std::fmt::Debug, WeightsError>) {
    match result {
        Err(WeightsError::BadMetadata { key: "config", .. }) => {}
        other => panic!("expected a bad config, got {other:?}"),
    }
}

#[test]
fn sizes_that_would_overflow_are_refused_before_any_arithmetic() {
    let bytes = file(VaeConfig::mirrored(&[4], 2, Likelihood::Bernoulli), WeightFormat::F32);
    for huge in ["9223372036854775808", "18446744073709551615", "4294967296", "65537"] {
        bad_config(read_info(&edit_header(&bytes, "\\\"latent_dim\\\":2", &format!("\\\"latent_dim\\\":{huge}"))));
        bad_config(from_bytes(&edit_header(&bytes, "\\\"encoder_hidden\\\":[4]", &format!("\\\"encoder_hidden\\\":[{huge}]"))));
    }
    let message = read_info(&edit_header(&bytes, "\\\"latent_dim\\\":2", "\\\"latent_dim\\\":9223372036854775808")).unwrap_err().to_string();
    assert!(message.contains("latent size"), "{message}");
}

#[test]
fn an_int8_scale_that_makes_weights_infinite_is_refused() {
    let bytes = file(VaeConfig::mirrored(&[4], 2, Likelihood::Bernoulli), WeightFormat::Int8);
    let file = safetensors::SafeTensors::deserialize(&bytes).unwrap();
    let scale = file.tensor("decoder.0.weight_scale").unwrap();
    let start = scale.data().as_ptr() as usize - bytes.as_ptr() as usize;
    for value in [3e38f32, 1e7] {
        let mut forged = bytes.clone();
        forged[start..start + 4].copy_from_slice(&value.to_le_bytes());
        match from_bytes(&forged) {
            Err(WeightsError::NonFinite(name) | WeightsError::TooLarge { name, .. }) => assert!(name.contains("decoder.0"), "{name}"),
            other => panic!("scale {value}: expected a refusal, got {:?}", other.map(|_| ())),
        }
    }
}

#[test]
fn a_corrupt_header_length_is_called_corrupt_not_truncated() {
    let bytes = file(VaeConfig::mirrored(&[4], 2, Likelihood::Bernoulli), WeightFormat::F32);
    for length in [u64::MAX, 1 << 63, 1 << 40] {
        let mut forged = bytes.clone();
        forged[..8].copy_from_slice(&length.to_le_bytes());
        match from_bytes(&forged) {
            Err(WeightsError::Corrupt(reason)) => assert!(reason.contains("header length"), "{reason}"),
            other => panic!("length {length}: expected Corrupt, got {:?}", other.map(|_| ())),
        }
    }
}

#[test]
fn a_model_for_other_images_than_28_by_28_is_refused() {
    let mut config = VaeConfig::mirrored(&[4], 2, Likelihood::Bernoulli);
    config.input_dim = 12;
    assert!(from_bytes(&file(config.clone(), WeightFormat::F32)).is_ok(), "a valid file in itself");
    let error = Model::from_bytes(&file(config, WeightFormat::F32)).err().unwrap();
    assert!(error.to_string().contains("784"), "{error}");
}

/// The temperature of a sample refused as outside the latent range, with the message's limit.
fn refused_temperature(error: InputError) -> f32 {
    let message = error.to_string();
    assert!(message.contains("outside [-80, 80]") && message.contains("smaller temperature"), "{message}");
    match error {
        InputError::SampleOutOfRange { temperature, value, limit, .. } => {
            assert!(!(value.abs() <= limit), "{value} is inside ±{limit}");
            temperature
        }
        other => panic!("not SampleOutOfRange: {other:?}"),
    }
}

#[test]
fn sampling_refuses_what_would_give_an_infinite_z() {
    let model = Model::from_bytes(&file(VaeConfig::mirrored(&[4], 2, Likelihood::Bernoulli), WeightFormat::F32)).unwrap();
    let (mu, wide) = ([0.0; 2], [80.0; 2]);
    assert_eq!(refused_temperature(model.sample(&mu, &wide, 4, 1, 1e21).unwrap_err()), 1e21);
    assert_eq!(refused_temperature(model.sample(&mu, &[0.0; 2], 4, 1, 3e38).unwrap_err()), 3e38);
}

/// Issue 24: z of magnitude 1e30 came back from `sample`, which every other call would refuse.
#[test]
fn sampling_refuses_a_z_outside_the_latent_range_every_other_call_accepts() {
    let model = Model::from_bytes(&file(VaeConfig::mirrored(&[4], 2, Likelihood::Bernoulli), WeightFormat::F32)).unwrap();
    let zero = [0.0; 2];
    assert_eq!(refused_temperature(model.sample(&zero, &zero, 4, 1, 1e30).unwrap_err()), 1e30);
    assert_eq!(refused_temperature(model.sample(&zero, &[80.0; 2], 4, 1, 1e20).unwrap_err()), 1e20);
    let message = model.sample(&zero, &zero, 4, 1, 1e30).unwrap_err().to_string();
    assert!(message.starts_with("a temperature of 1e30 with this σ gives z = "), "{message}");
    // Just past the edge: from μ at the limit, half the draws step outside…
    assert!(matches!(model.sample(&[80.0, 0.0], &zero, 64, 1, 1.0), Err(InputError::SampleOutOfRange { .. })));
    // …and what stays inside is drawn, every z within the range decode accepts.
    for (logvar, temperature) in [([80.0; 2], 0.0), ([0.0; 2], 20.0), ([-80.0; 2], 1e17), ([4.0; 2], 3.0)] {
        let drawn = model.sample(&zero, &logvar, 64, 7, temperature);
        let drawn = drawn.unwrap_or_else(|e| panic!("log σ² {logvar:?}, T {temperature}: {e}"));
        assert!(drawn.z.iter().all(|v| v.abs() <= MAX_LATENT_MAGNITUDE));
        assert!(model.decode_batch(&drawn.z, 64).is_ok());
    }
}
