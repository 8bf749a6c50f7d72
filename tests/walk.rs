//! The maths of the guided walk (`src/explain/`) against closed forms and hand calculations: one
//! test or more per step of the walk, each citing its MATH.md equations.
#![cfg(not(target_arch = "wasm32"))] // Native tests; tests/web.rs runs in the browser.

use vae_playground::explain::ExplainError;
use vae_playground::explain::bayes::{ln_choose, three_coins};
use vae_playground::explain::evidence::{evidence, network_pass, squared_error_term};
use vae_playground::explain::gaussian::{kl_closed_form, kl_monte_carlo, normal_density};
use vae_playground::explain::information::{
    coin_entropy_bits, coin_entropy_curve, entropy_bits, information_bits, kl_bits,
};
use vae_playground::explain::taylor::{MAX_TERMS, sin_taylor, sin_taylor_curve};
use vae_playground::model::Model;
use vae_playground::weights::embedded::{DEFAULT_MODEL, find};

#[path = "common/fixtures.rs"]
#[allow(dead_code)] // the loss fixture's types are for other tests
mod fixtures;
use fixtures::test_digits;

fn close(a: f64, b: f64, tolerance: f64) -> bool {
    (a - b).abs() <= tolerance
}

fn default_model() -> Model {
    Model::from_bytes(find(DEFAULT_MODEL).expect("the default model is compiled in").bytes).unwrap()
}

// ---- (1)–(2) information and entropy ----

#[test]
fn a_fair_coin_toss_carries_one_bit_and_its_entropy_is_one_bit() {
    assert_eq!(information_bits(0.5).unwrap(), 1.0);
    assert_eq!(information_bits(0.25).unwrap(), 2.0);
    assert_eq!(information_bits(1.0).unwrap(), 0.0);
    assert_eq!(information_bits(0.0).unwrap(), f64::INFINITY);
    assert_eq!(coin_entropy_bits(0.5).unwrap(), 1.0);
    assert_eq!(coin_entropy_bits(0.0).unwrap(), 0.0);
    assert_eq!(coin_entropy_bits(1.0).unwrap(), 0.0);
    // A fair die: log2 6 bits; a biased coin by hand: −(0.9 log2 0.9 + 0.1 log2 0.1).
    assert!(close(entropy_bits(&[1.0 / 6.0; 6]).unwrap(), 6f64.log2(), 1e-12));
    assert!(close(coin_entropy_bits(0.9).unwrap(), 0.468_995_593_589_281_2, 1e-12));
}

#[test]
fn the_entropy_curve_is_symmetric_and_peaks_at_a_fair_coin() {
    let curve = coin_entropy_curve(101).unwrap();
    assert_eq!(curve.len(), 101);
    assert_eq!(curve[50], 1.0);
    for i in 0..101 {
        assert!(close(curve[i], curve[100 - i], 1e-12));
        assert!(curve[i] <= 1.0);
    }
}

#[test]
fn bad_probabilities_are_refused_with_a_reason() {
    assert!(matches!(information_bits(1.5), Err(ExplainError::OutOfRange { .. })));
    assert!(matches!(information_bits(f64::NAN), Err(ExplainError::NotFinite { .. })));
    assert!(matches!(entropy_bits(&[0.5, 0.6]), Err(ExplainError::NotNormalised { .. })));
    assert!(matches!(entropy_bits(&[]), Err(ExplainError::WrongLength { .. })));
    assert!(matches!(kl_bits(&[0.5, 0.5], &[1.0]), Err(ExplainError::WrongLength { .. })));
    assert!(matches!(coin_entropy_curve(1), Err(ExplainError::BadCount { .. })));
}

// ---- (3) KL divergence ----

#[test]
fn a_coin_and_a_die_read_as_odd_or_even_are_the_same_system() {
    assert_eq!(kl_bits(&[0.5, 0.5], &[0.5, 0.5]).unwrap(), 0.0);
}

#[test]
fn a_coin_against_a_die_read_as_face_1_or_face_2_is_asymmetric() {
    // Outcomes: heads / face 1, tails / face 2, and the die's other four faces.
    let coin = [0.5, 0.5, 0.0];
    let die = [1.0 / 6.0, 1.0 / 6.0, 4.0 / 6.0];
    // By hand: ½ log2 3 + ½ log2 3 = log2 3.
    assert!(close(kl_bits(&coin, &die).unwrap(), 3f64.log2(), 1e-12));
    // The die shows faces the coin never does: infinitely surprising for the coin.
    assert_eq!(kl_bits(&die, &coin).unwrap(), f64::INFINITY);
    // Two biased coins, by hand in both directions.
    let (p, q) = ([0.9, 0.1], [0.5, 0.5]);
    let forward = 0.9 * (0.9f64 / 0.5).log2() + 0.1 * (0.1f64 / 0.5).log2();
    let backward = 0.5 * (0.5f64 / 0.9).log2() + 0.5 * (0.5f64 / 0.1).log2();
    assert!(close(kl_bits(&p, &q).unwrap(), forward, 1e-12));
    assert!(close(kl_bits(&q, &p).unwrap(), backward, 1e-12));
    assert!((forward - backward).abs() > 0.1);
}

// ---- (4)–(5) the three coins ----

#[test]
fn the_three_coins_posterior_matches_a_hand_calculation() {
    // One head in two tosses: p(x|z) = 2·h·(1−h) = 1/2, 4/9, 3/8, i.e. 36 : 32 : 27 (over 72),
    // so p(z|x) = (36, 32, 27) / 95.
    let result = three_coins(1, 2).unwrap();
    let expected = [36.0 / 95.0, 32.0 / 95.0, 27.0 / 95.0];
    for (got, want) in result.posterior.iter().zip(expected) {
        assert!(close(*got, want, 1e-12), "{got} vs {want}");
    }
    // p(x) = (1/2 + 4/9 + 3/8) / 3 = 95/216.
    assert!(close(result.log_evidence, (95.0f64 / 216.0).ln(), 1e-12));
    // No heads in three tosses: (1/8, 8/27, 27/64) normalised.
    let likelihoods: [f64; 3] = [1.0 / 8.0, 8.0 / 27.0, 27.0 / 64.0];
    let sum: f64 = likelihoods.iter().sum();
    let result = three_coins(0, 3).unwrap();
    for (got, l) in result.posterior.iter().zip(likelihoods) {
        assert!(close(*got, l / sum, 1e-12));
    }
}

#[test]
fn ten_thousand_tosses_leave_no_doubt_and_do_not_underflow() {
    // A third of 10,000 tosses: the 1/3 coin, beyond doubt (the others are > 20 standard deviations off).
    let result = three_coins(3333, 10_000).unwrap();
    assert!(result.posterior[1] > 1.0 - 1e-12);
    assert!(result.log_evidence.is_finite());
    assert!(close(result.posterior.iter().sum::<f64>(), 1.0, 1e-12));
    // Where coins ⅓ and ¼ explain the tosses equally well, k·ln(4/3) = (n − k)·ln(9/8), k ≈ 2905:
    // the two share the belief.
    let result = three_coins(2905, 10_000).unwrap();
    assert!(result.posterior[1] > 0.4 && result.posterior[2] > 0.4, "{:?}", result.posterior);
    assert!(result.posterior[0] < 1e-12);
    // ln C(n, k) by hand: C(10, 3) = 120.
    assert!(close(ln_choose(10, 3), 120f64.ln(), 1e-12));
    assert!(matches!(three_coins(11, 10), Err(ExplainError::BadCount { .. })));
    assert!(matches!(three_coins(0, 0), Err(ExplainError::BadCount { .. })));
}

// ---- (6) Taylor series ----

#[test]
fn the_taylor_error_stays_within_the_lagrange_bound_and_shrinks_with_terms() {
    for &x in &[-6.0, -3.0, -1.0, 0.3, 1.0, 2.5, 5.0, 9.0] {
        let mut last_bound = f64::INFINITY;
        for terms in 1..=MAX_TERMS {
            let point = sin_taylor(x, terms).unwrap();
            assert!(point.error <= point.bound * (1.0 + 1e-9) + 1e-15, "x = {x}, {terms} terms: {point:?}");
            if terms >= 10 {
                assert!(point.bound < last_bound);
            }
            last_bound = point.bound;
        }
        assert!(sin_taylor(x, MAX_TERMS).unwrap().error < 1e-9);
    }
    // One term is x itself; two terms at x = 1: 1 − 1/6.
    assert_eq!(sin_taylor(0.7, 1).unwrap().approximation, 0.7);
    assert!(close(sin_taylor(1.0, 2).unwrap().approximation, 5.0 / 6.0, 1e-15));
    assert!(close(sin_taylor(1.0, 2).unwrap().bound, 1.0 / 120.0, 1e-15));
    let curve = sin_taylor_curve(3, -1.0, 1.0, 5).unwrap();
    assert_eq!(curve[2], 0.0);
    assert!(matches!(sin_taylor(1.0, 0), Err(ExplainError::BadCount { .. })));
    assert!(matches!(sin_taylor(f64::INFINITY, 3), Err(ExplainError::NotFinite { .. })));
}

// ---- (13), (15)–(19) the Gaussian KL ----

#[test]
fn the_closed_form_kl_is_eq_18_and_zero_at_the_prior() {
    assert_eq!(kl_closed_form(0.0, 0.0).unwrap(), 0.0);
    for &(mu, sigma) in &[(1.0f64, 2.0f64), (-0.5, 0.3), (2.0, 1.0)] {
        let eq18 = 0.5 * (sigma * sigma + mu * mu - 1.0) - sigma.ln();
        assert!(close(kl_closed_form(mu, (sigma * sigma).ln()).unwrap(), eq18, 1e-12));
    }
    // (13) at its mean: 1/(√(2π) σ).
    assert!(close(normal_density(1.0, 1.0, 2.0).unwrap(), 1.0 / ((2.0 * std::f64::consts::PI).sqrt() * 2.0), 1e-15));
    assert!(matches!(kl_closed_form(0.0, 200.0), Err(ExplainError::OutOfRange { .. })));
}

#[test]
fn monte_carlo_kl_lies_within_four_standard_errors_of_the_closed_form() {
    for (seed, &(mu, logvar)) in [(0.0, 0.0), (1.0, 0.5), (-2.0, -1.5), (0.3, -4.0), (3.0, 1.2)].iter().enumerate() {
        let mc = kl_monte_carlo(mu, logvar, 20_000, seed as u64).unwrap();
        assert!(mc.standard_error > 0.0 || (mu == 0.0 && logvar == 0.0));
        assert!(
            (mc.estimate - mc.closed_form).abs() <= 4.0 * mc.standard_error + 1e-12,
            "μ = {mu}, log σ² = {logvar}: {} vs {} ± {}",
            mc.estimate,
            mc.closed_form,
            mc.standard_error
        );
        // The curve: draws 1, 2, 4, …, 16384, 20000, each with its running estimate.
        assert_eq!(mc.checkpoints.first(), Some(&1));
        assert_eq!(mc.checkpoints.last(), Some(&20_000));
        assert_eq!(mc.running_estimate.last(), Some(&mc.estimate));
        assert_eq!(mc.checkpoints.len(), mc.running_standard_error.len());
    }
    // The standard error shrinks like 1/√n: 100 times the draws, about a tenth of the error.
    let few = kl_monte_carlo(1.0, 0.5, 400, 7).unwrap().standard_error;
    let many = kl_monte_carlo(1.0, 0.5, 40_000, 7).unwrap().standard_error;
    assert!(many < few / 5.0 && many > few / 20.0, "{few} → {many}");
}

// ---- (7)–(12) the ELBO and log p(x) ----

#[test]
fn the_importance_sampled_log_px_lies_above_the_elbo() {
    let model = default_model();
    for digit in test_digits().iter().take(4) {
        for &k in &[1, 8, 64] {
            let e = evidence(&model, &digit.pixels, k, 3).unwrap();
            // Jensen: the log of a mean is at least the mean of the logs, for the same draws.
            assert!(e.log_px >= e.elbo_sampled - 1e-9, "digit {}, K = {k}: {e:?}", digit.label);
            assert!(close(e.elbo, e.reconstruction - e.kl, 1e-9));
            assert!(close(e.gap, e.log_px - e.elbo_sampled, 1e-9) && e.gap >= -1e-9);
            for (px, elbo) in e.log_px_by_samples.iter().zip(&e.elbo_by_samples) {
                assert!(px >= &(elbo - 1e-9));
            }
            assert!(e.kl > 0.0 && e.reconstruction < 0.0);
        }
        let e = evidence(&model, &digit.pixels, 256, 3).unwrap();
        assert!(e.log_px > e.elbo, "digit {}: log p(x) {} vs ELBO {}", digit.label, e.log_px, e.elbo);
        assert_eq!(e.sample_counts, vec![1, 2, 4, 8, 16, 32, 64, 128, 256]);
        assert_eq!(e.log_px_by_samples.last(), Some(&e.log_px));
    }
}

#[test]
fn the_expected_k_draw_estimate_is_the_mean_over_disjoint_groups_and_rises_with_k_at_every_seed() {
    let model = default_model();
    let digits = test_digits();
    for digit in digits.iter().take(4) {
        for seed in 0..8 {
            let e = evidence(&model, &digit.pixels, 1024, 500 + seed).unwrap();
            assert_eq!(e.expected_counts, vec![1, 2, 4, 8, 16, 32, 64, 128, 256]);
            assert_eq!(e.expected_groups, vec![1024, 512, 256, 128, 64, 32, 16, 8, 4]);
            // At K = 1 each group is one draw: the mean of log w, the sampled ELBO.
            assert!(close(e.expected_log_px[0], e.elbo_sampled, 1e-9));
            assert!(e.expected_standard_error.iter().all(|s| s.is_finite() && *s >= 0.0));
            let (first, last) = (e.expected_log_px[0], *e.expected_log_px.last().unwrap());
            assert!(last > first, "digit {}, seed {seed}: E[log p̂] {first:.3} at K = 1, {last:.3} at K = 256", digit.label);
        }
    }
}

#[test]
fn the_estimate_of_log_px_does_not_fall_on_average_as_k_grows() {
    let model = default_model();
    let digits = test_digits();
    let counts = [1usize, 4, 16, 64, 256];
    let mut means = [0.0f64; 5];
    let seeds = 12;
    for digit in &digits {
        for seed in 0..seeds {
            for (mean, &k) in means.iter_mut().zip(&counts) {
                *mean += evidence(&model, &digit.pixels, k, 100 + seed).unwrap().log_px
                    / (digits.len() as f64 * seeds as f64);
            }
        }
    }
    for pair in means.windows(2) {
        assert!(pair[1] >= pair[0] - 1e-3, "{means:?}");
    }
    // It rises above the ELBO by a clear margin (the gap of (9) is not zero for a real model).
    assert!(means[4] > means[0] + 0.1, "{means:?}");
}

#[test]
fn the_squared_error_term_scales_as_one_over_two_sigma_squared() {
    let model = default_model();
    let digit = &test_digits()[0];
    let one = squared_error_term(&model, &digit.pixels, 1.0).unwrap();
    let half = squared_error_term(&model, &digit.pixels, 0.5).unwrap();
    assert!(close(one.term, one.squared_error / 2.0, 1e-9));
    assert!(close(half.term, 4.0 * one.term, 1e-9));
    assert!(half.reconstruction_share > one.reconstruction_share);
    let summed: f64 = one.squared_differences.iter().map(|&v| v as f64).sum();
    assert!(close(summed, one.squared_error, 1e-9));
    assert!(close(one.constant, 784.0 * 0.5 * (2.0 * std::f64::consts::PI).ln(), 1e-9));
    assert!(matches!(squared_error_term(&model, &digit.pixels, 0.0), Err(ExplainError::OutOfRange { .. })));
}

#[test]
fn one_pass_through_the_network_is_mu_plus_sigma_times_epsilon() {
    let model = default_model();
    let digit = &test_digits()[3];
    let pass = network_pass(&model, &digit.pixels, 42).unwrap();
    let encoding = model.encode(&digit.pixels).unwrap();
    assert_eq!(pass.mu, encoding.mu);
    for j in 0..model.latent_dim() {
        assert!((pass.sigma[j] - (0.5 * pass.logvar[j]).exp()).abs() < 1e-6);
        assert!((pass.z[j] - (pass.mu[j] + pass.sigma[j] * pass.epsilon[j])).abs() < 1e-5);
    }
    assert_eq!(pass.image, model.decode(&pass.z).unwrap());
    assert_eq!(network_pass(&model, &digit.pixels, 42).unwrap(), pass);
    assert_ne!(network_pass(&model, &digit.pixels, 43).unwrap().epsilon, pass.epsilon);
    let bad = vec![0.5f32; 10];
    assert!(matches!(network_pass(&model, &bad, 1), Err(ExplainError::Input(_))));
    assert!(matches!(evidence(&model, &digit.pixels, 0, 1), Err(ExplainError::BadCount { .. })));
}
