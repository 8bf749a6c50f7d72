//! Short training runs on a slice of MNIST: the loss falls clearly, and a seed fixes the result.
#![cfg(not(target_arch = "wasm32"))] // Native tests; tests/web.rs runs in the browser.

use vae_playground::data::{self, Split};
use vae_playground::training::augment::AugmentConfig;
use vae_playground::training::dataset::Dataset;
use vae_playground::training::eval::test_loss;
use vae_playground::training::trainer::{TrainConfig, Trainer};
use vae_playground::{Likelihood, VaeConfig};

fn slice(count: usize) -> Dataset {
    data::load_mnist(Split::Train).unwrap_or_else(|e| panic!("{e}")).head(count)
}

fn small_config() -> VaeConfig {
    VaeConfig::mirrored(&[64], 2, Likelihood::Bernoulli)
}

#[test]
fn a_short_run_lowers_the_loss_by_a_clear_margin() {
    let train = slice(1000);
    let test = data::load_mnist(Split::Test).unwrap().head(300);
    let config = TrainConfig { epochs: 5, augment: Some(AugmentConfig::default()), ..TrainConfig::default() };
    let mut trainer = Trainer::new(small_config(), config);
    let before = test_loss(&trainer.net, test.images(), 4, 0).total;
    let mut summaries = Vec::new();
    for _ in 0..5 {
        summaries.push(trainer.train_epoch(&train, |_, _, loss| assert!(loss.objective.is_finite())));
    }
    let after = test_loss(&trainer.net, test.images(), 4, 0).total;
    println!(
        "test loss {before:.1} → {after:.1} nats; train {:.1} → {:.1}",
        summaries[0].train_objective, summaries[4].train_objective
    );
    // An untrained decoder outputs about 0.5 everywhere: ~543 nats (784 · ln 2) plus KL. Five epochs on
    // 1,000 digits reach well under 300.
    assert!(before > 450.0, "untrained loss {before}");
    assert!(after < 0.6 * before, "loss only fell from {before} to {after}");
    assert!(summaries[4].train_objective < summaries[0].train_objective);
}

#[test]
fn the_same_seed_gives_the_same_weights_and_another_seed_does_not() {
    let train = slice(300);
    let run = |seed| {
        let config = TrainConfig {
            epochs: 1,
            seed,
            augment: Some(AugmentConfig::default()),
            kl_warmup_epochs: 1,
            ..TrainConfig::default()
        };
        let mut trainer = Trainer::new(small_config(), config);
        trainer.train_epoch(&train, |_, _, _| {});
        trainer.net
    };
    assert_eq!(run(3), run(3));
    assert_ne!(run(3), run(4));
}

#[test]
fn training_for_six_bit_weights_learns_as_the_file_stores_them() {
    use vae_playground::nn::layers::Int8Mlp;
    use vae_playground::nn::quantize;
    use vae_playground::weights::{self, ModelInfo, TrainingRecord, WeightFormat};
    let train = slice(1000);
    let test = data::load_mnist(Split::Test).unwrap().head(300);
    let settings = TrainConfig { epochs: 3, weight_bits: Some(6), ..TrainConfig::default() };
    let mut trainer = Trainer::new(small_config(), settings.clone());
    let before = test_loss(&trainer.net, test.images(), 4, 0).total;
    for _ in 0..3 {
        trainer.train_epoch(&train, |_, _, loss| assert!(loss.objective.is_finite()));
    }
    let record = TrainingRecord { settings, train_images: 1000, seconds_per_epoch: 0.0, total_seconds: 0.0, base: None };
    let info = ModelInfo {
        name: "six-bit".into(),
        dataset: "mnist".into(),
        config: small_config(),
        weight_format: WeightFormat::Int8,
        training: Some(record),
        test_loss: None,
    };
    assert_eq!(info.weight_bits(), 6);
    let (stored, _) = weights::from_bytes(&weights::to_bytes(&trainer.net, &info, None)).unwrap();
    // The file's weights are the network's rounded to 6 bits per column, and they pack as such.
    for (kept, trained) in stored.decoder.layers.iter().zip(&trainer.net.decoder.layers) {
        assert_eq!(kept.weight, quantize::rounded(&trained.weight, quantize::levels(6)));
    }
    assert!(Int8Mlp::exact_from(&stored.decoder).is_some() && Int8Mlp::exact_from(&stored.encoder).is_some(), "6-bit weights pack for the int8 kernels");
    let after = test_loss(&stored, test.images(), 4, 0).total;
    let unrounded = test_loss(&trainer.net, test.images(), 4, 0).total;
    println!("6-bit training: test loss {before:.1} → {after:.1} nats as stored ({unrounded:.1} unrounded)");
    assert!(after < 0.8 * before, "loss only fell from {before} to {after}");
    // Trained for the rounding, the stored network is about as good as the f32 one it came from.
    assert!((after - unrounded).abs() < 2.0, "stored {after} against unrounded {unrounded}");
}
