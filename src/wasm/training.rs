//! Training in a Web Worker: the worker's side of the messaging (`serveTraining`, through
//! `web-sys`'s `DedicatedWorkerGlobalScope` and `MessageEvent`) and `TrainingWorker`, which turns
//! each message into a call on a [`TrainingSession`] and its result into a reply. Converts and
//! forwards, nothing else.
//!
//! Messages are `{id, kind, …}`; the reply is `{id, result}` or `{id, error}` (a message):
//! - `start` `{config, train: Uint8Array, test: Uint8Array}` → `{stepsPerEpoch, reconstructed: Uint32Array}`
//! - `step` `{steps}` → `{losses: [{step, epoch, reconstruction, kl, objective}], epochs: […], finished}`
//! - `snapshot` → `{mu, logvar, klPerDimension, reconstructions}` (Float32Arrays)
//! - `export` `{name, seconds}` → the safetensors file as a `Uint8Array`
//! - `reset` → `null` (the session is dropped)

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Reflect, Uint8Array, Uint32Array};
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use super::{floats, js_error, object, to_js};
use crate::training::session::{SessionConfig, TrainingSession};

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
 * A message to `TrainingWorker.handle`, or posted to a worker that called `serveTraining` (with an
 * `id` its reply `{id, result}` or `{id, error}` repeats). `start`'s `train` and `test` are digits
 * as the page's data files hold them: `count × 784` pixel bytes (0–255), then `count` labels.
 */
export type TrainingMessage = { id?: unknown } & (
    | { kind: "start"; config: TrainingConfig; train: Uint8Array; test: Uint8Array }
    | { kind: "step"; steps: number }
    | { kind: "snapshot" }
    | { kind: "export"; name?: string; seconds?: number }
    | { kind: "reset" }
);

/** The reply to `start`: steps per epoch, and which test digits `snapshot` reconstructs. */
export interface TrainingStarted {
    stepsPerEpoch: number;
    reconstructed: Uint32Array;
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

/** An epoch's training means and its test loss. */
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
}

/** The reply to each message: `start`, `step`, `snapshot`, `export` (a safetensors file for `VaeModel.fromBytes`), `reset`. */
export type TrainingReply = TrainingStarted | TrainingProgress | TrainingSnapshot | Uint8Array | null;
"#;

/// Most steps one `step` message may ask for (a few seconds at the largest settings).
const MAX_STEPS_PER_MESSAGE: usize = 10_000;

/// Largest data file accepted: the 9,003 training digits take 7 MB.
const MAX_DATA_BYTES: usize = 64 << 20;

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
                object(&[
                    ("mu", floats(&snapshot.mu)),
                    ("logvar", floats(&snapshot.logvar)),
                    ("klPerDimension", floats(&snapshot.kl_per_dimension)),
                    ("reconstructions", floats(&snapshot.reconstructions)),
                ])
            }
            "export" => {
                let name = field(message, "name")?.as_string().unwrap_or_else(|| "trained".to_string());
                let seconds = field(message, "seconds")?.as_f64().filter(|s| s.is_finite() && *s >= 0.0).unwrap_or(0.0);
                Ok(Uint8Array::from(&self.session()?.to_safetensors(&name, seconds)[..]).into())
            }
            "reset" => {
                self.session = None;
                Ok(JsValue::NULL)
            }
            other => Err(JsError::new(&format!("unknown message kind `{other}` (start, step, snapshot, export, reset)"))),
        }
    }

    fn start(&mut self, message: &JsValue) -> Result<JsValue, JsError> {
        let config: SessionConfig = serde_wasm_bindgen::from_value(field(message, "config")?)
            .map_err(|e| JsError::new(&format!("the training settings: {e}")))?;
        let train = bytes(message, "train")?;
        let test = bytes(message, "test")?;
        let session = TrainingSession::from_bytes(config, &train, &test)?;
        let reconstructed: Vec<u32> = session.reconstructed_digits().iter().map(|&i| i as u32).collect();
        let reply = object(&[
            ("stepsPerEpoch", JsValue::from(session.steps_per_epoch() as u32)),
            ("reconstructed", Uint32Array::from(&reconstructed[..]).into()),
        ]);
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

fn bytes(message: &JsValue, key: &str) -> Result<Vec<u8>, JsError> {
    let array: Uint8Array =
        field(message, key)?.dyn_into().map_err(|_| JsError::new(&format!("`{key}` must be a Uint8Array")))?;
    if array.length() as usize > MAX_DATA_BYTES {
        return Err(JsError::new(&format!("`{key}` is larger than {MAX_DATA_BYTES} bytes")));
    }
    Ok(array.to_vec())
}
