//! Drawings to model inputs, and random seeds for sampling.

use js_sys::Reflect;
use wasm_bindgen::prelude::*;

use super::{floats, js_error, to_js};
use crate::input::preprocess;

/// A seed for `sample`, from the browser's secure random source.
#[wasm_bindgen(js_name = randomSeed)]
pub fn random_seed() -> Result<u32, JsError> {
    let mut bytes = [0u8; 4];
    getrandom::getrandom(&mut bytes).map_err(|e| JsError::new(&format!("no random source: {e}")))?;
    Ok(u32::from_le_bytes(bytes))
}

/// A drawing given as stroke points (`[x0, y0, x1, y1, …]`, strokes separated by a NaN pair)
/// on a `width`×`height` canvas, rasterised and made MNIST-like:
/// `{pixels: Float32Array(784), boundingBox, scale, offset, centreOfMass, clippedInk}`.
#[wasm_bindgen(js_name = preprocessStrokes)]
pub fn preprocess_strokes(points: &[f32], width: usize, height: usize, line_width: f32) -> Result<JsValue, JsError> {
    preprocessed_to_js(preprocess::preprocess_strokes(points, width, height, line_width)?)
}

/// The same from canvas pixels (`getImageData().data`): dark ink on a transparent or white background.
#[wasm_bindgen(js_name = preprocessRgba)]
pub fn preprocess_rgba(rgba: &[u8], width: usize, height: usize) -> Result<JsValue, JsError> {
    preprocessed_to_js(preprocess::preprocess_rgba(rgba, width, height)?)
}

fn preprocessed_to_js(result: preprocess::Preprocessed) -> Result<JsValue, JsError> {
    let value = to_js(&result)?;
    Reflect::set(&value, &"pixels".into(), &floats(&result.pixels)).map_err(js_error)?;
    Ok(value)
}
