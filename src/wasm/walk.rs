//! The guided walk's maths (`crate::explain`), one function per figure: converts and forwards.
//! Every result is a plain number, a `Float64Array`, or a small object of them.

use wasm_bindgen::prelude::*;

use super::model::VaeModel;
use super::{floats, object, to_js};
use crate::explain::{bayes, evidence, gaussian, information, taylor};

// The figures' objects (`crate::explain`'s structs as `to_js` writes them, and those built below).
#[wasm_bindgen(typescript_custom_section)]
const WALK_TYPES: &str = r#"
/** (4)–(5) The three coins (heads probabilities ½, ⅓, ¼) after some tosses: p(z|x), log p(x|z) per coin, and log p(x). */
export interface ThreeCoins {
    posterior: [number, number, number];
    logLikelihood: [number, number, number];
    logEvidence: number;
}

/** (6) sin x by its first terms, the exact value, the error and Taylor's bound on it. */
export interface SinTaylor {
    approximation: number;
    exact: number;
    error: number;
    bound: number;
}

/** (15)–(19) KL(N(μ, σ²) ‖ N(0, 1)) in closed form and by Monte Carlo, with the running estimate at each checkpoint. */
export interface KlMonteCarlo {
    closedForm: number;
    estimate: number;
    standardError: number;
    checkpoints: number[];
    runningEstimate: number[];
    runningStandardError: number[];
}

/** (7)–(12) The ELBO of an image against an importance-sampled log p(x), in nats. */
export interface Evidence {
    reconstruction: number;
    kl: number;
    elbo: number;
    elboSampled: number;
    logPx: number;
    gap: number;
    sampleCounts: number[];
    logPxBySamples: number[];
    elboBySamples: number[];
    /** K = 1, 2, 4, … while the draws make at least four disjoint groups of K. */
    expectedCounts: number[];
    /** How many groups of K draws each mean is taken over. */
    expectedGroups: number[];
    /** The mean over those groups of log p̂_K: the expected K-draw estimate. */
    expectedLogPx: number[];
    /** Its standard error. */
    expectedStandardError: number[];
}

/** (14) The squared-error term for an image and a decoder σ. */
export interface SquaredErrorTerm {
    squaredError: number;
    term: number;
    constant: number;
    kl: number;
    reconstructionShare: number;
    /** (x − x′)² per pixel: 784 values. */
    squaredDifferences: Float32Array;
}

/** One pass x → μ, log σ² → z = μ + σ·ε → x′ (`image`: 784 values; the others `latentDim`). */
export interface NetworkPass {
    mu: Float32Array;
    logvar: Float32Array;
    sigma: Float32Array;
    epsilon: Float32Array;
    z: Float32Array;
    image: Float32Array;
}
"#;

fn number(value: f64) -> JsValue {
    JsValue::from_f64(value)
}

/// (1) The information of an outcome of probability `p`, in bits (`Infinity` for p = 0).
#[wasm_bindgen(js_name = walkInformation)]
pub fn walk_information(p: f64) -> Result<f64, JsError> {
    Ok(information::information_bits(p)?)
}

/// (2) The entropy of a coin with heads probability `p`, in bits.
#[wasm_bindgen(js_name = walkCoinEntropy)]
pub fn walk_coin_entropy(p: f64) -> Result<f64, JsError> {
    Ok(information::coin_entropy_bits(p)?)
}

/// (2) The coin's entropy at `n` evenly spaced heads probabilities from 0 to 1.
#[wasm_bindgen(js_name = walkEntropyCurve)]
pub fn walk_entropy_curve(n: usize) -> Result<Vec<f64>, JsError> {
    Ok(information::coin_entropy_curve(n)?)
}

/// (3) KL(p‖q) in bits (`Infinity` where q calls impossible what p allows).
#[wasm_bindgen(js_name = walkKl)]
pub fn walk_kl(p: &[f64], q: &[f64]) -> Result<f64, JsError> {
    Ok(information::kl_bits(p, q)?)
}

/// (4)–(5) The three coins after `heads` heads in `tosses` tosses:
/// `{posterior: [3], logLikelihood: [3], logEvidence}`.
#[wasm_bindgen(js_name = walkThreeCoins, unchecked_return_type = "ThreeCoins")]
pub fn walk_three_coins(heads: usize, tosses: usize) -> Result<JsValue, JsError> {
    to_js(&bayes::three_coins(heads, tosses)?)
}

/// (6) sin x by its first `terms` Taylor terms: `{approximation, exact, error, bound}`.
#[wasm_bindgen(js_name = walkSinTaylor, unchecked_return_type = "SinTaylor")]
pub fn walk_sin_taylor(x: f64, terms: usize) -> Result<JsValue, JsError> {
    to_js(&taylor::sin_taylor(x, terms)?)
}

/// (6) The truncated series at `n` evenly spaced points of `[from, to]`.
#[wasm_bindgen(js_name = walkSinTaylorCurve)]
pub fn walk_sin_taylor_curve(terms: usize, from: f64, to: f64, n: usize) -> Result<Vec<f64>, JsError> {
    Ok(taylor::sin_taylor_curve(terms, from, to, n)?)
}

/// (13) The normal density N(x; μ, σ²).
#[wasm_bindgen(js_name = walkNormalDensity)]
pub fn walk_normal_density(x: f64, mu: f64, sigma: f64) -> Result<f64, JsError> {
    Ok(gaussian::normal_density(x, mu, sigma)?)
}

/// (15)–(19) KL(N(μ, σ²)‖N(0, 1)) in closed form and from `draws` draws (from `seed`):
/// `{closedForm, estimate, standardError, checkpoints, runningEstimate, runningStandardError}`.
#[wasm_bindgen(js_name = walkKlMonteCarlo, unchecked_return_type = "KlMonteCarlo")]
pub fn walk_kl_monte_carlo(mu: f64, logvar: f64, draws: usize, seed: u32) -> Result<JsValue, JsError> {
    to_js(&gaussian::kl_monte_carlo(mu, logvar, draws, seed as u64)?)
}

/// (7)–(12) For an image: `{reconstruction, kl, elbo, elboSampled, logPx, gap, sampleCounts,
/// logPxBySamples, elboBySamples}` from `samples` importance samples (from `seed`).
#[wasm_bindgen(js_name = walkEvidence, unchecked_return_type = "Evidence")]
pub fn walk_evidence(model: &VaeModel, pixels: &[f32], samples: usize, seed: u32) -> Result<JsValue, JsError> {
    to_js(&evidence::evidence(model.model(), pixels, samples, seed as u64)?)
}

/// (14) For an image and a decoder σ: `{squaredError, term, constant, kl, reconstructionShare,
/// squaredDifferences: Float32Array(784)}`.
#[wasm_bindgen(js_name = walkSquaredError, unchecked_return_type = "SquaredErrorTerm")]
pub fn walk_squared_error(model: &VaeModel, pixels: &[f32], sigma: f64) -> Result<JsValue, JsError> {
    let term = evidence::squared_error_term(model.model(), pixels, sigma)?;
    object(&[
        ("squaredError", number(term.squared_error)),
        ("term", number(term.term)),
        ("constant", number(term.constant)),
        ("kl", number(term.kl)),
        ("reconstructionShare", number(term.reconstruction_share)),
        ("squaredDifferences", floats(&term.squared_differences)),
    ])
}

/// x → encoder → μ, log σ² → z = μ + σ·ε (ε from `seed`) → decoder → x′:
/// `{mu, logvar, sigma, epsilon, z, image}`, each a `Float32Array`.
#[wasm_bindgen(js_name = walkNetworkPass, unchecked_return_type = "NetworkPass")]
pub fn walk_network_pass(model: &VaeModel, pixels: &[f32], seed: u32) -> Result<JsValue, JsError> {
    let pass = evidence::network_pass(model.model(), pixels, seed as u64)?;
    object(&[
        ("mu", floats(&pass.mu)),
        ("logvar", floats(&pass.logvar)),
        ("sigma", floats(&pass.sigma)),
        ("epsilon", floats(&pass.epsilon)),
        ("z", floats(&pass.z)),
        ("image", floats(&pass.image)),
    ])
}
