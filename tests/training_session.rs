//! The browser's training session (`training::session`) against the native trainer: the same
//! steps in the same order give the same losses, an exported model reads back like a shipped one,
//! and `tests/fixtures/training-curve.json` (the loss curve of a small session, which
//! `tests/web.rs` checks in the browser) still matches the native engine. After a change to the
//! training maths, refresh it with `UPDATE_FIXTURES=1 cargo test --release --test training_session`.
#![cfg(not(target_arch = "wasm32"))] // Native tests; tests/web.rs runs in the browser.

#[path = "common/fixtures.rs"]
mod fixtures;

use fixtures::{TrainingCurve, fixture_session, same_loss};
use vae_playground::data::{self, Split};
use vae_playground::training::dataset::Dataset;
use vae_playground::training::session::{RECONSTRUCTED, SessionConfig, SessionError, TrainingSession};
use vae_playground::training::trainer::Trainer;
use vae_playground::weights;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/training-curve.json");
const STALE: &str =
    "tests/fixtures/training-curve.json is stale: run `UPDATE_FIXTURES=1 cargo test --release --test training_session`";

fn mnist(split: Split, count: usize) -> Dataset {
    data::load_mnist(split).unwrap_or_else(|e| panic!("{e}")).head(count)
}

#[test]
fn a_session_follows_the_native_trainers_epochs_exactly() {
    let (train, test) = (mnist(Split::Train, 600), mnist(Split::Test, 100));
    let config = SessionConfig { hidden: vec![48], batch_size: 64, epochs: 2, beta: 0.5, seed: 5, ..SessionConfig::default() };
    let mut session = TrainingSession::new(config.clone(), train.clone(), test).unwrap();
    let mut trainer = Trainer::new(config.vae_config(), config.train_config());

    let mut native = Vec::new();
    for _ in 0..2 {
        trainer.train_epoch(&train, |_, _, loss| native.push(loss.objective));
    }
    // Uneven chunks: an epoch boundary falls inside a call.
    let mut stepped = Vec::new();
    let mut epochs = Vec::new();
    while !session.is_finished() {
        let report = session.step(7);
        stepped.extend(report.losses.iter().map(|l| l.objective));
        epochs.extend(report.epochs);
    }
    assert_eq!(stepped, native, "the session's losses differ from the trainer's");
    assert_eq!(session.steps(), 2 * 600usize.div_ceil(64));
    assert_eq!(epochs.len(), 2);
    assert!(epochs.iter().all(|e| e.train.beta == 0.5 && e.test.total.is_finite()));
    assert!(session.step(5).losses.is_empty(), "a finished session takes no more steps");
}

#[test]
fn training_lowers_the_loss_and_the_snapshot_and_export_describe_the_model() {
    let (train, test) = (mnist(Split::Train, 1000), mnist(Split::Test, 997));
    let config = SessionConfig { hidden: vec![64], epochs: 3, ..SessionConfig::default() };
    let mut session = TrainingSession::new(config, train, test.clone()).unwrap();
    let before = session.snapshot();
    let mut first = None;
    let mut last = None;
    while !session.is_finished() {
        let report = session.step(10);
        first = first.or(report.losses.first().copied());
        last = report.losses.last().copied().or(last);
    }
    let (first, last) = (first.unwrap(), last.unwrap());
    assert!(last.objective < 0.7 * first.objective, "loss {} → {}", first.objective, last.objective);
    assert!((last.epoch - 3.0).abs() < 1e-6);

    let after = session.snapshot();
    assert_eq!(after.mu.len(), 997 * 2);
    assert_eq!(after.logvar.len(), 997 * 2);
    assert_eq!(after.kl_per_dimension.len(), 2);
    assert_eq!(after.reconstructions.len(), RECONSTRUCTED * 784);
    assert_ne!(before.mu, after.mu, "the map did not change");
    let labels: Vec<u8> = session.reconstructed_digits().iter().map(|&i| test.labels[i]).collect();
    assert_eq!(&labels[..10], &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);

    let bytes = session.to_safetensors("trained-2d", 12.5);
    let (vae, info) = weights::from_bytes(&bytes).unwrap();
    assert_eq!(info.name, "trained-2d");
    assert_eq!(info.dataset, "mnist");
    assert_eq!(vae.config.encoder_widths(), vec![784, 64, 4]);
    let training = info.training.unwrap();
    assert_eq!((training.settings.epochs, training.train_images, training.total_seconds), (3, 1000, 12.5));
    let loss = info.test_loss.unwrap();
    // Untrained, the loss is about 543 nats (784 · ln 2) plus KL; 24 steps bring it well below.
    assert!(loss.total < 460.0 && loss.draws_per_image == 16, "{loss:?}");
    assert_eq!(weights::read_atlas(&bytes).unwrap().unwrap().labels.len(), 997);
}

#[test]
fn data_files_round_trip_and_bad_ones_are_refused() {
    let test = mnist(Split::Test, 30);
    let bytes = test.to_u8_rows();
    assert_eq!(bytes.len(), 30 * 785);
    let session = TrainingSession::from_bytes(SessionConfig { hidden: vec![8], ..SessionConfig::default() }, &bytes, &bytes);
    assert_eq!(session.unwrap().test_set().labels, test.labels);
    let short = TrainingSession::from_bytes(SessionConfig::default(), &bytes[..100], &bytes);
    assert!(matches!(short, Err(SessionError::Data { which: "training", .. })), "a truncated file is refused");
    let mut bad_label = bytes.clone();
    *bad_label.last_mut().unwrap() = 12;
    let refused = TrainingSession::from_bytes(SessionConfig::default(), &bytes, &bad_label).err().unwrap();
    assert!(refused.to_string().contains("label 12"), "{refused}");
}

#[test]
fn the_training_curve_fixture_matches_the_native_engine() {
    let mut session = fixture_session();
    let mut curve = TrainingCurve { objective: Vec::new(), test_total: Vec::new() };
    while !session.is_finished() {
        let report = session.step(50);
        curve.objective.extend(report.losses.iter().map(|l| l.objective));
        curve.test_total.extend(report.epochs.iter().map(|e| e.test.total));
    }
    assert_eq!(curve.objective.len(), 300);
    assert!(curve.objective[299] < 0.5 * curve.objective[0], "{} → {}", curve.objective[0], curve.objective[299]);
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        std::fs::write(FIXTURE, serde_json::to_string(&curve).unwrap()).unwrap();
    }
    let stored: TrainingCurve = serde_json::from_str(&std::fs::read_to_string(FIXTURE).expect("fixture")).unwrap();
    assert_eq!(stored.objective.len(), curve.objective.len(), "{STALE}");
    for (step, (s, c)) in stored.objective.iter().zip(&curve.objective).enumerate() {
        assert!(same_loss(*s as f64, *c as f64), "step {}: stored {s}, computed {c}; {STALE}", step + 1);
    }
    for (epoch, (s, c)) in stored.test_total.iter().zip(&curve.test_total).enumerate() {
        assert!(same_loss(*s, *c), "epoch {}: stored {s}, computed {c}; {STALE}", epoch + 1);
    }
}
