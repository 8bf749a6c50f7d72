//! Training in a Web Worker: the worker's side of the messaging (`serveTraining`, through
//! `web-sys`'s `DedicatedWorkerGlobalScope` and `MessageEvent`) and `TrainingWorker`, which turns
//! each message into a call on a [`TrainingSession`] and its result into a reply. Converts and
//! forwards, nothing else.
//!
//! Messages are `{id, kind, …}`; the reply is `{id, result}` or `{id, error}` (a message):
//! - `start` `{config, train: Uint8Array, test: Uint8Array, dataset?}` (MNIST's digits, or
//!   Fashion-MNIST's images with `dataset: "fashion-mnist"`) or `{config, set: Uint8Array}` (a set
//!   file), either with `base?: Uint8Array` (a model file to fine-tune) and
//!   `augment?: number` → `{stepsPerEpoch, reconstructed: Uint32Array, trainImages, testImages,
//!   config, augment, base, classNames, heldOut: Uint32Array | null, baseline: SetFigures | null}`
//! - `step` `{steps}` → `{losses: [{step, epoch, reconstruction, kl, objective}], epochs: […], finished}`
//! - `snapshot` → `{mu, logvar, klPerDimension, reconstructions}` (Float32Arrays) and `setMap`
//!   (with a set: `{indices, mu, logvar}` of the whole set, up to 2,000 images; else `null`)
//! - `figures` → the set figures of the model as it is now (a session on a set only)
//! - `export` `{name, seconds}` → the safetensors file as a `Uint8Array`
//! - `reset` → `null` (the session is dropped)

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Reflect, Uint8Array, Uint32Array};
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use super::sets::MAX_SET_BYTES;
use super::{floats, js_error, object, to_js};
use crate::training::session::{AskedShape, BaseModel, SessionConfig, SessionData, SessionOptions, TrainingSession};

// The messages and replies above, for the generated `.d.ts`. `EpochRecord`'s halves keep the
// native trainer's snake_case keys (`EpochSummary`, `TestLoss` are also written to report files).
#[wasm_bindgen(typescript_custom_section)]
const TRAINING_TYPES: &str = r#"
/** A training run's settings; each left out takes its default (in brackets). */
export interface TrainingConfig {
    /** Dimensions of z [2]. */
    latentDim?: number;
    /** The encoder's hidden widths, first to last; the decoder mirrors them [[512]]. */
    hidden?: number[];
    /** Adam's step size [1e-3]. */
    learningRate?: number;
    /** Examples per step [128]. */
    batchSize?: number;
    /** The KL term's weight β: 1 the ELBO, 0 a plain autoencoder [1]. */
    beta?: number;
    /** The decoder's likelihood [{kind: "bernoulli"}]. */
    likelihood?: { kind: "bernoulli" } | { kind: "gaussian"; sigma: number };
    /** Passes over the training digits [10]. */
    epochs?: number;
    /** Seeds the weights, the order of the digits and the ε draws [0]. */
    seed?: number;
}

/**
 * What `start` trains on besides its settings: `base`, a model file to fine-tune (its latent size,
 * widths and likelihood are kept; a `latentDim`, `hidden` or `likelihood` in `config` that differs
 * is an error), and `augment`, the probability of augmenting each training image (0 for none;
 * left out: 0.5 for a set of fewer than 1,000 images, none otherwise).
 */
export interface TrainingStartOptions {
    base?: Uint8Array | null;
    augment?: number | null;
}

/**
 * A message to `TrainingWorker.handle`, or posted to a worker that called `serveTraining` (with an
 * `id` its reply `{id, result}` or `{id, error}` repeats). `start` takes `train` and `test` images
 * as the page's data files hold them (`count × 784` pixel bytes (0–255), then `count` labels) of
 * `dataset` (MNIST's digits if left out, or `"fashion-mnist"`: its class names, and the name the
 * exported model records), or a person's `set` as its file's bytes (`writeSetFile`), trained on its
 * training part and measured on its held-out part (every third image of each label).
 */
export type TrainingMessage = { id?: unknown } & (
    | ({ kind: "start"; config: TrainingConfig; train: Uint8Array; test: Uint8Array; dataset?: "mnist" | "fashion-mnist" | null } & TrainingStartOptions)
    | ({ kind: "start"; config: TrainingConfig; set: Uint8Array } & TrainingStartOptions)
    | { kind: "step"; steps: number }
    | { kind: "snapshot" }
    | { kind: "figures" }
    | { kind: "export"; name?: string; seconds?: number }
    | { kind: "reset" }
);

/** The reply to `start`. */
export interface TrainingStarted {
    stepsPerEpoch: number;
    /** Which test images `snapshot` reconstructs (indices into the test images: with a set, its held-out ones). */
    reconstructed: Uint32Array;
    trainImages: number;
    /** The images measured each epoch and in `snapshot`: MNIST's test digits, or the set's held-out images. */
    testImages: number;
    /** The settings trained with: a base model's shape when fine-tuning. */
    config: Required<TrainingConfig>;
    /** The probability each training image is augmented with (0: none). */
    augment: number;
    /** The name of the model fine-tuned, or `null`. */
    base: string | null;
    classNames: string[];
    /** With a set: the held-out images' indices in the set, in the order of `snapshot`'s rows. */
    heldOut: Uint32Array | null;
    /** With a set: the model's figures on it before training (the base model's when fine-tuning). */
    baseline: SetFigures | null;
}

/** One step's batch means, before its update. */
export interface StepLoss {
    step: number;
    /** Epochs done after this step, fractional. */
    epoch: number;
    reconstruction: number;
    kl: number;
    /** reconstruction + β·kl */
    objective: number;
}

/** An epoch's training means and its test loss (with a set of at most 1,000 held-out images, 16 draws per image: the figures' measure). */
export interface EpochRecord {
    train: {
        epoch: number;
        learning_rate: number;
        beta: number;
        train_reconstruction: number;
        train_kl: number;
        train_objective: number;
    };
    test: { reconstruction: number; kl: number; total: number; images: number; draws_per_image: number };
}

/** The reply to `step`. */
export interface TrainingProgress {
    losses: StepLoss[];
    /** The epochs that ended during these steps. */
    epochs: EpochRecord[];
    /** Every planned epoch is done. */
    finished: boolean;
}

/** The reply to `snapshot`: the test digits' codes (`count × latentDim`), the KL per dimension, the reconstructions (`n × 784`). */
export interface TrainingSnapshot {
    mu: Float32Array;
    logvar: Float32Array;
    klPerDimension: Float32Array;
    reconstructions: Float32Array;
    /** With a set: the whole set's codes (up to 2,000 images, evenly spaced, as the exported model's map); else `null`. */
    setMap: SetMap | null;
}

/** A person's set encoded: `indices` into the set, and the `mu` and `logvar` of each (`count × latentDim`). */
export interface SetMap {
    indices: Uint32Array;
    mu: Float32Array;
    logvar: Float32Array;
}

/** The reply to each message: `start`, `step`, `snapshot`, `figures`, `export` (a safetensors file for `VaeModel.fromBytes`), `reset`. */
export type TrainingReply = TrainingStarted | TrainingProgress | TrainingSnapshot | SetFigures | Uint8Array | null;
"#;

/// Most steps one `step` message may ask for (a few seconds at the largest settings).
const MAX_STEPS_PER_MESSAGE: usize = 10_000;

/// Largest data file accepted: the 9,003 training digits take 7 MB.
const MAX_DATA_BYTES: usize = 64 << 20;

/// Largest base model file accepted, as `VaeModel.fromBytes`.
const MAX_BASE_BYTES: usize = 64 << 20;

/// Answers the page's training messages from inside a dedicated Web Worker (call once there).
#[wasm_bindgen(js_name = serveTraining)]
pub fn serve_training() -> Result<(), JsError> {
    let scope: DedicatedWorkerGlobalScope =
        js_sys::global().dyn_into().map_err(|_| JsError::new("serveTraining runs only in a dedicated Web Worker"))?;
    let worker = Rc::new(RefCell::new(TrainingWorker::new()));
    let replies = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let message = event.data();
        let id = Reflect::get(&message, &"id".into()).unwrap_or(JsValue::NULL);
        let reply = match worker.borrow_mut().handle(&message) {
            Ok(result) => object(&[("id", id), ("result", result)]),
            Err(error) => object(&[("id", id), ("error", JsValue::from(error))]),
        };
        // A reply that cannot be built or posted leaves the page waiting; say why in the console.
        match reply.map(|reply| replies.post_message(&reply)) {
            Ok(Ok(())) => {}
            Ok(Err(error)) => super::web_sys_console_error(&format!("training reply not posted: {error:?}")),
            Err(error) => super::web_sys_console_error(&format!("training reply not built: {:?}", JsValue::from(error))),
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget(); // lives as long as the worker
    Ok(())
}

/// A training session driven by messages (see the module's comment).
#[wasm_bindgen]
#[derive(Default)]
pub struct TrainingWorker {
    session: Option<TrainingSession>,
}

#[wasm_bindgen]
impl TrainingWorker {
    #[wasm_bindgen(constructor)]
    pub fn new() -> TrainingWorker {
        TrainingWorker { session: None }
    }

    /// Answers one message `{kind, …}`.
    #[wasm_bindgen(unchecked_return_type = "TrainingReply")]
    pub fn handle(&mut self, #[wasm_bindgen(unchecked_param_type = "TrainingMessage")] message: &JsValue) -> Result<JsValue, JsError> {
        let kind = field(message, "kind")?.as_string().ok_or_else(|| JsError::new("a message's `kind` must be a string"))?;
        match kind.as_str() {
            "start" => self.start(message),
            "step" => {
                let steps = field(message, "steps")?.as_f64().unwrap_or(f64::NAN);
                if !(steps.fract() == 0.0 && (1.0..=MAX_STEPS_PER_MESSAGE as f64).contains(&steps)) {
                    return Err(JsError::new(&format!("`steps` must be a whole number from 1 to {MAX_STEPS_PER_MESSAGE}")));
                }
                to_js(&self.session()?.step(steps as usize))
            }
            "snapshot" => {
                let snapshot = self.session()?.snapshot();
                let set_map = match &snapshot.set_map {
                    Some(map) => object(&[
                        ("indices", indices(&map.indices)),
                        ("mu", floats(&map.mu)),
                        ("logvar", floats(&map.logvar)),
                    ])?,
                    None => JsValue::NULL,
                };
                object(&[
                    ("mu", floats(&snapshot.mu)),
                    ("logvar", floats(&snapshot.logvar)),
                    ("klPerDimension", floats(&snapshot.kl_per_dimension)),
                    ("reconstructions", floats(&snapshot.reconstructions)),
                    ("setMap", set_map),
                ])
            }
            "export" => {
                let name = field(message, "name")?.as_string().unwrap_or_else(|| "trained".to_string());
                let seconds = field(message, "seconds")?.as_f64().filter(|s| s.is_finite() && *s >= 0.0).unwrap_or(0.0);
                Ok(Uint8Array::from(&self.session()?.to_safetensors(&name, seconds)[..]).into())
            }
            "figures" => to_js(&self.session()?.figures()?),
            "reset" => {
                self.session = None;
                Ok(JsValue::NULL)
            }
            other => Err(JsError::new(&format!(
                "unknown message kind `{other}` (start, step, snapshot, figures, export, reset)"
            ))),
        }
    }

    fn start(&mut self, message: &JsValue) -> Result<JsValue, JsError> {
        let settings = field(message, "config")?;
        let config: SessionConfig = serde_wasm_bindgen::from_value(settings.clone())
            .map_err(|e| JsError::new(&format!("the training settings: {e}")))?;
        // The shape settings it gives (left out: the defaults), which a base model must agree with.
        let given = |key: &str| Reflect::get(&settings, &key.into()).is_ok_and(|value| is_given(&value));
        let asked = AskedShape {
            latent_dim: given("latentDim").then_some(config.latent_dim),
            hidden: given("hidden").then(|| config.hidden.clone()),
            likelihood: given("likelihood").then_some(config.likelihood),
        };
        let dataset = field(message, "dataset")?;
        let data = if is_given(&field(message, "set")?) {
            if is_given(&field(message, "train")?) || is_given(&field(message, "test")?) || is_given(&dataset) {
                return Err(JsError::new("give either `set` or `train` and `test` (and a `dataset`), not both"));
            }
            SessionData::from_set_bytes(&bytes(message, "set", MAX_SET_BYTES)?)?
        } else {
            let dataset = match is_given(&dataset) {
                true => dataset
                    .as_string()
                    .ok_or_else(|| JsError::new("`dataset` must be \"mnist\" or \"fashion-mnist\", or left out"))?,
                false => "mnist".to_string(),
            };
            let (train, test) = (bytes(message, "train", MAX_DATA_BYTES)?, bytes(message, "test", MAX_DATA_BYTES)?);
            SessionData::from_dataset_bytes(&dataset, &train, &test)?
        };
        let base = match is_given(&field(message, "base")?) {
            true => Some(BaseModel::from_bytes(&bytes(message, "base", MAX_BASE_BYTES)?)?),
            false => None,
        };
        let augment = field(message, "augment")?;
        let augment = match (is_given(&augment), augment.as_f64()) {
            (false, _) => None,
            (true, Some(probability)) => Some(probability as f32),
            (true, None) => return Err(JsError::new("`augment` must be a number from 0 to 1, or left out")),
        };
        let session = TrainingSession::start(config, data, SessionOptions { base, asked, augment })?;
        let reply = started(&session);
        self.session = Some(session);
        reply
    }

    fn session(&mut self) -> Result<&mut TrainingSession, JsError> {
        self.session.as_mut().ok_or_else(|| JsError::new("no training session: send `start` first"))
    }
}

fn field(message: &JsValue, key: &str) -> Result<JsValue, JsError> {
    if !message.is_object() {
        return Err(JsError::new("a training message must be an object"));
    }
    Reflect::get(message, &key.into()).map_err(js_error)
}

/// The reply to `start` (see `TrainingStarted`).
/// Indices as a `Uint32Array`.
fn indices(indices: &[usize]) -> JsValue {
    let indices: Vec<u32> = indices.iter().map(|&i| i as u32).collect();
    Uint32Array::from(&indices[..]).into()
}

fn started(session: &TrainingSession) -> Result<JsValue, JsError> {
    object(&[
        ("stepsPerEpoch", JsValue::from(session.steps_per_epoch() as u32)),
        ("reconstructed", indices(session.reconstructed_digits())),
        ("trainImages", JsValue::from(session.train_set().len() as u32)),
        ("testImages", JsValue::from(session.test_set().len() as u32)),
        ("config", to_js(session.config())?),
        ("augment", JsValue::from_f64(session.augment().map_or(0.0, f64::from))),
        ("base", session.base_name().map_or(JsValue::NULL, JsValue::from)),
        ("classNames", to_js(&session.test_set().class_names)?),
        ("heldOut", session.held_out_indices().map_or(JsValue::NULL, indices)),
        ("baseline", session.baseline().map_or(Ok(JsValue::NULL), |figures| to_js(&figures))?),
    ])
}

/// Whether an optional field was given: `undefined` and `null` leave it out.
fn is_given(value: &JsValue) -> bool {
    !value.is_undefined() && !value.is_null()
}

fn bytes(message: &JsValue, key: &str, max: usize) -> Result<Vec<u8>, JsError> {
    let array: Uint8Array =
        field(message, key)?.dyn_into().map_err(|_| JsError::new(&format!("`{key}` must be a Uint8Array")))?;
    if array.length() as usize > max {
        return Err(JsError::new(&format!("`{key}` is larger than {max} bytes")));
    }
    Ok(array.to_vec())
}
