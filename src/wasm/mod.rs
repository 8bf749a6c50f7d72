//! The WebAssembly boundary, and the only folder that knows about wasm-bindgen: it converts
//! JavaScript values to Rust ones and back, and forwards to the engine. Every error reaches
//! JavaScript as an `Error` with a message; nothing here panics on input.
//!
//! - [`model`]: `listModels` and `VaeModel`, a loaded model's operations.
//! - [`input`]: drawings and dropped images to model inputs (`preprocessStrokes`, `preprocessRgba`,
//!   `preprocessImage`), an image file's header sniffed before decoding (`sniffImage`), random seeds.
//! - [`sets`]: a person's own set: its file (`readSetFile`, `writeSetFile`), its held-out images
//!   (`heldOutIndices`), a model's figures on it (`setFigures`).
//! - [`judge`]: `Judge`, the classifier that reads decoded images, and the judged sets of points.
//! - [`walk`]: the guided walk's maths, one function per figure (`walkKl`, `walkEvidence`, …).
//! - [`training`]: training in a Web Worker (`serveTraining`, `TrainingWorker`).
//! - `args`: every argument checked (type, range, length before copying), never coerced.
//!
//! The generated `.d.ts` is the npm package's documentation for TypeScript users, so each file
//! declares its exports' types beside them: `unchecked_param_type` on each `&JsValue` argument
//! (the `Floats` and `Bytes` of `args` among them), `unchecked_return_type` on each function, and
//! the interfaces of the objects it returns in a `typescript_custom_section`. They check nothing
//! (`args` does, as before); `tests/types/no-any.mjs` fails on an `any` left in the API.

mod args;
mod input;
mod judge;
mod model;
mod sets;
mod training;
mod walk;

pub use judge::Judge;
pub use input::{preprocess_image, preprocess_rgba, preprocess_strokes, random_seed, sniff_image_header};
pub use model::{VaeModel, latent_limit, list_models};
pub use sets::{held_out_indices_of, read_set_file, set_figures_of, write_set_file};
pub use training::{TrainingWorker, serve_training};

use js_sys::{Float32Array, Object, Reflect};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Readable panic messages in the console for real bugs (input errors never panic). Run by the
/// module's own start, so not exported: it is nothing a page calls.
#[wasm_bindgen(start, private)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        web_sys_console_error(&info.to_string());
    }));
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn web_sys_console_error(message: &str);
}

pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|e| JsError::new(&e.to_string()))
}

/// A copy of `values` as a `Float32Array` (never a view into wasm memory, which moves when it grows).
pub(crate) fn floats(values: &[f32]) -> JsValue {
    Float32Array::from(values).into()
}

/// `values` written into `out` (checked by `args::output` to have their length) and `out`
/// returned, or a new `Float32Array` of them when `out` was left out.
pub(crate) fn floats_into(values: &[f32], out: Option<Float32Array>, what: &str) -> Result<JsValue, JsError> {
    let Some(out) = out else {
        return Ok(floats(values));
    };
    // Checked again after the work: a view's length is 0 once its buffer is detached.
    if out.length() as usize != values.len() {
        return Err(JsError::new(&format!("{what} changed length during the call")));
    }
    out.copy_from(values);
    Ok(out.into())
}

pub(crate) fn object(fields: &[(&'static str, JsValue)]) -> Result<JsValue, JsError> {
    let object = Object::new();
    for (key, value) in fields {
        Reflect::set(&object, &key_string(key), value).map_err(js_error)?;
    }
    Ok(object.into())
}

thread_local! {
    /// The JavaScript strings of the field names made so far: `object` runs on every encode, and
    /// making a string (decoding UTF-8 across the boundary) cost more than the rest of its work.
    static KEYS: std::cell::RefCell<Vec<(&'static str, JsValue)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// `key` as a JavaScript string, made once.
fn key_string(key: &'static str) -> JsValue {
    KEYS.with_borrow_mut(|keys| {
        if let Some((_, made)) = keys.iter().find(|(name, _)| *name == key) {
            return made.clone();
        }
        let made = JsValue::from_str(key);
        keys.push((key, made.clone()));
        made
    })
}

pub(crate) fn js_error(value: JsValue) -> JsError {
    JsError::new(&value.as_string().unwrap_or_else(|| "a JavaScript call failed".to_string()))
}
