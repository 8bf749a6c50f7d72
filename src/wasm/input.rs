//! Drawings and dropped images to model inputs (an image file's header sniffed first), and random
//! seeds for sampling.

use js_sys::Reflect;
use wasm_bindgen::prelude::*;

use super::{args, floats, js_error, to_js};
use crate::input::image_header::{FileEnds, HEAD_BYTES, TAIL_BYTES, sniff_image};
use crate::input::limits::MAX_POINTS;
use crate::input::polarity;
use crate::input::preprocess;
use crate::input::raster::MAX_SIDE;

// What the preprocessing returns (`preprocess::Preprocessed`, with `pixels` a Float32Array).
#[wasm_bindgen(typescript_custom_section)]
const INPUT_TYPES: &str = r#"
/** A drawing framed as an MNIST digit, and what was done to it. */
export interface Preprocessed {
    /** 28 × 28 values in [0, 1], row after row: the encoder's input. */
    pixels: Float32Array;
    /** The ink's box in the source, in its pixels. */
    boundingBox: { x: number; y: number; width: number; height: number };
    /** Output pixels per source pixel. */
    scale: number;
    /** Where the scaled ink's top-left corner went in the 28 × 28 frame, [x, y]. */
    offset: [number, number];
    /** Centre of mass of `pixels`, [x, y]: (14, 14) within half a pixel unless ink was clipped. */
    centreOfMass: [number, number];
    /** Ink that fell outside the frame; usually 0. */
    clippedInk: number;
}

/** An image of any polarity framed as an MNIST digit (`preprocessImage`), and how its ink was read. */
export interface ImageInput extends Preprocessed {
    /** Which tone was read as ink: decided by the median tone of the image's border. */
    polarity: "dark-on-light" | "light-on-dark";
    /** The border was mostly transparent: the opaque pixels' tone was the ink's. */
    transparentBackground: boolean;
    /** The background's luminance in [0, 1] (0 or 1 for a transparent one). */
    background: number;
}

/** What an image file's header says (`sniffImage`): its format and its size in pixels. */
export interface ImageHeader {
    format: "png" | "jpeg" | "webp" | "gif";
    width: number;
    height: number;
}
"#;

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
#[wasm_bindgen(js_name = preprocessStrokes, unchecked_return_type = "Preprocessed")]
pub fn preprocess_strokes(
    #[wasm_bindgen(unchecked_param_type = "Floats")] points: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] width: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] height: &JsValue,
    #[wasm_bindgen(js_name = lineWidth, unchecked_param_type = "number")] line_width: &JsValue,
) -> Result<JsValue, JsError> {
    // At most one separator pair per point.
    let points = args::floats(points, "the stroke points", 4 * MAX_POINTS)?;
    let (width, height) = canvas_size(width, height)?;
    let line_width = args::float(line_width, "the line width")?;
    preprocessed_to_js(preprocess::preprocess_strokes(&points, width, height, line_width)?)
}

/// The same from canvas pixels (`getImageData().data`): dark ink on a transparent or white background.
#[wasm_bindgen(js_name = preprocessRgba, unchecked_return_type = "Preprocessed")]
pub fn preprocess_rgba(
    #[wasm_bindgen(unchecked_param_type = "Bytes")] rgba: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] width: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] height: &JsValue,
) -> Result<JsValue, JsError> {
    let (width, height) = canvas_size(width, height)?;
    let rgba = args::bytes(rgba, "the RGBA pixels", 4 * width * height)?;
    preprocessed_to_js(preprocess::preprocess_rgba(&rgba, width, height)?)
}

/// An image's pixels (`getImageData().data`, or a decoded file's) framed as an MNIST digit,
/// whichever tone its ink is: the median tone of its border is the background (a mostly
/// transparent border: the opaque pixels' tone is the ink). `{…Preprocessed, polarity,
/// transparentBackground, background}`. The playground's canvas keeps `preprocessRgba`.
#[wasm_bindgen(js_name = preprocessImage, unchecked_return_type = "ImageInput")]
pub fn preprocess_image(
    #[wasm_bindgen(unchecked_param_type = "Bytes")] rgba: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] width: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] height: &JsValue,
) -> Result<JsValue, JsError> {
    let (width, height) = canvas_size(width, height)?;
    let rgba = args::bytes(rgba, "the RGBA pixels", 4 * width * height)?;
    let input = polarity::preprocess_image(&rgba, width, height)?;
    let value = to_js(&input)?;
    Reflect::set(&value, &"pixels".into(), &floats(&input.preprocessed.pixels)).map_err(js_error)?;
    Ok(value)
}

/// An image file's format and size from its header alone, before anything decodes it:
/// `{format: "png" | "jpeg" | "webp" | "gif", width, height}`, or an `Error` that says why the
/// file is refused (empty, cut short, damaged, SVG or other text, a program, another format, a
/// side of 0 or over 4096, more than 4096 × 4096 pixels). Pass the whole file: only its first MiB
/// and last 4 KiB are read (and copied).
#[wasm_bindgen(js_name = sniffImage, unchecked_return_type = "ImageHeader")]
pub fn sniff_image_header(#[wasm_bindgen(unchecked_param_type = "Bytes")] bytes: &JsValue) -> Result<JsValue, JsError> {
    let (head, tail, len) = args::byte_ends(bytes, "the file", HEAD_BYTES, TAIL_BYTES)?;
    to_js(&sniff_image(&FileEnds { head: &head, tail: &tail, len })?)
}

fn canvas_size(width: &JsValue, height: &JsValue) -> Result<(usize, usize), JsError> {
    let side = |value, what| args::integer(value, what, 1, MAX_SIDE as u32).map(|v| v as usize);
    Ok((side(width, "the canvas width")?, side(height, "the canvas height")?))
}

fn preprocessed_to_js(result: preprocess::Preprocessed) -> Result<JsValue, JsError> {
    let value = to_js(&result)?;
    Reflect::set(&value, &"pixels".into(), &floats(&result.pixels)).map_err(js_error)?;
    Ok(value)
}
