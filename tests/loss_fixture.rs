//! `tests/fixtures/loss-terms.json` holds the loss terms of the shipped models for ten MNIST test
//! digits, computed natively. The browser test (`tests/web.rs`) checks that the wasm module gives
//! the same numbers; this test checks that the file still matches the native engine and models.
//! After retraining a model, refresh it with `UPDATE_FIXTURES=1 cargo test --release --test loss_fixture`.
#![cfg(not(target_arch = "wasm32"))] // Native tests; tests/web.rs runs in the browser.

#[path = "common/fixtures.rs"]
mod fixtures;

use fixtures::{NativeLoss, test_digits};
use vae_playground::model::Model;

#[path = "common/shipped.rs"]
mod shipped;
use shipped::shipped_models;

/// The models the fixture covers (the browser test loads the same three).
const MODELS: [&str; 3] = ["mnist-2d", "mnist-16d", "fashion-2d"];

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/loss-terms.json");

const STALE: &str =
    "tests/fixtures/loss-terms.json is stale: run `UPDATE_FIXTURES=1 cargo test --release --test loss_fixture`";

fn compute() -> Vec<NativeLoss> {
    let mut rows = Vec::new();
    let shipped = shipped_models();
    for name in MODELS {
        let embedded = shipped.iter().find(|m| m.name == name).unwrap();
        let model = Model::from_bytes(&embedded.bytes).unwrap();
        for digit in &test_digits() {
            let terms = model.loss_terms(&digit.pixels).unwrap();
            rows.push(NativeLoss {
                model: embedded.name.to_string(),
                label: digit.label,
                mu: model.encode(&digit.pixels).unwrap().mu,
                bernoulli: terms.bernoulli,
                squared_error: terms.squared_error,
                kl: terms.kl,
            });
        }
    }
    rows
}

#[test]
fn the_loss_fixture_matches_the_native_engine() {
    let computed = compute();
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        std::fs::write(FIXTURE, serde_json::to_string_pretty(&computed).unwrap()).unwrap();
    }
    let stored: Vec<NativeLoss> =
        serde_json::from_str(&std::fs::read_to_string(FIXTURE).expect("fixture file")).expect("fixture parses");
    // Not bit-exact: another CPU may take another matrixmultiply kernel and sum in another order.
    let close = |a: f32, b: f32| (a - b).abs() <= 1e-4 * a.abs().max(1.0);
    assert_eq!(stored.len(), computed.len(), "{STALE}");
    for (s, c) in stored.iter().zip(&computed) {
        let same = s.model == c.model
            && s.label == c.label
            && s.mu.iter().zip(&c.mu).all(|(a, b)| close(*a, *b))
            && close(s.bernoulli, c.bernoulli)
            && close(s.squared_error, c.squared_error)
            && close(s.kl, c.kl);
        assert!(same, "{STALE}\nstored   {s:?}\ncomputed {c:?}");
    }
}
