//! Checked arguments. The exports take `&JsValue` wherever wasm-bindgen would otherwise convert a
//! JavaScript value silently (`2³² + 1` to 1, `28.7` to 28, `"3"` to 3, `{}` to a null pointer) or
//! copy an array of any length into wasm memory before Rust sees it; each value is checked here,
//! lengths before anything is copied, and refused with an `Error` that names it.

use js_sys::{Float32Array, Float64Array, Uint8Array, Uint8ClampedArray};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

// What `floats` and `bytes` accept, named for the generated `.d.ts`: the exports' parameters are
// declared with these (`unchecked_param_type`), while the checks below stay the only ones made,
// so a JavaScript caller who passes something else still gets an `Error` that names it.
#[wasm_bindgen(typescript_custom_section)]
const ARGUMENT_TYPES: &str = r#"
/** Numbers the module reads as 32-bit floats: a typed array or a plain array of numbers. */
export type Floats = Float32Array | Float64Array | number[];

/** Bytes: a file's contents, or canvas pixels (`getImageData().data`). */
export type Bytes = Uint8Array | Uint8ClampedArray;
"#;

#[wasm_bindgen]
extern "C" {
    /// `Array.isArray`, which throws for a revoked proxy: caught, so that no exception unwinds
    /// through Rust (it would leave the model borrowed and unusable).
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn is_array(value: &JsValue) -> Result<bool, JsValue>;
}

fn is_plain_array(value: &JsValue) -> bool {
    is_array(value).unwrap_or(false)
}

/// What a value is, for messages: `a string`, `null`, `NaN`, `an object`, `1e+300`…
fn describe(value: &JsValue) -> String {
    if let Some(number) = value.as_f64() {
        return format!("{number}");
    }
    if value.is_null() {
        return "null".into();
    }
    if value.is_undefined() {
        return "undefined (missing)".into();
    }
    let kind = value.js_typeof().as_string().unwrap_or_default();
    match kind.as_str() {
        "object" if is_plain_array(value) => "an array".into(),
        "object" => {
            // Read without risk: a getter or proxy that throws only loses the name.
            let constructor = js_sys::Reflect::get(value, &"constructor".into()).ok();
            let name = constructor.and_then(|c| js_sys::Reflect::get(&c, &"name".into()).ok()).and_then(|n| n.as_string());
            name.map_or_else(|| "an object".into(), |name| format!("an object ({name})"))
        }
        "undefined" | "" => "an unknown value".into(),
        other => format!("a {other}"),
    }
}

fn refuse(what: &str, wanted: &str, value: &JsValue) -> JsError {
    JsError::new(&format!("{what} must be {wanted}, not {}", describe(value)))
}

/// A string (a model name).
pub(crate) fn string(value: &JsValue, what: &str) -> Result<String, JsError> {
    value.as_string().ok_or_else(|| refuse(what, "a string", value))
}

/// A whole number in `min..=max` (a count, a canvas side, a seed).
pub(crate) fn integer(value: &JsValue, what: &str, min: u32, max: u32) -> Result<u32, JsError> {
    let wanted = || format!("a whole number from {min} to {max}");
    let number = value.as_f64().ok_or_else(|| refuse(what, &wanted(), value))?;
    if number.fract() != 0.0 || !(f64::from(min)..=f64::from(max)).contains(&number) {
        return Err(refuse(what, &wanted(), value));
    }
    Ok(number as u32)
}

/// A finite number that is also finite as an f32 (a line width, a temperature).
pub(crate) fn float(value: &JsValue, what: &str) -> Result<f32, JsError> {
    let wanted = "a finite number";
    let number = value.as_f64().ok_or_else(|| refuse(what, wanted, value))?;
    if !number.is_finite() || !(number as f32).is_finite() {
        return Err(refuse(what, wanted, value));
    }
    Ok(number as f32)
}

/// Numbers from a `Float32Array`, a `Float64Array` or an array of numbers, at most `max` of them
/// (counted before copying). NaN and infinities pass: the engine says where they are not allowed.
pub(crate) fn floats(value: &JsValue, what: &str, max: usize) -> Result<Vec<f32>, JsError> {
    let wanted = "a Float32Array or an array of numbers";
    let too_long = |length: usize| JsError::new(&format!("{what} has {length} numbers: at most {max} are accepted"));
    if let Some(array) = value.dyn_ref::<Float32Array>() {
        let length = array.length() as usize;
        return if length > max { Err(too_long(length)) } else { Ok(array.to_vec()) };
    }
    if let Some(array) = value.dyn_ref::<Float64Array>() {
        let length = array.length() as usize;
        return if length > max { Err(too_long(length)) } else { Ok(array.to_vec().into_iter().map(|v| v as f32).collect()) };
    }
    if is_plain_array(value) {
        // Read through Reflect, which catches: a proxy's trap or an index getter may throw.
        let unreadable = |_| JsError::new(&format!("{what} could not be read"));
        let length = js_sys::Reflect::get(value, &"length".into()).map_err(unreadable)?.as_f64().unwrap_or(0.0) as usize;
        if length > max {
            return Err(too_long(length));
        }
        return (0..length as u32)
            .map(|index| {
                let item = js_sys::Reflect::get_u32(value, index).map_err(unreadable)?;
                item.as_f64().map(|v| v as f32).ok_or_else(|| refuse(&format!("{what}[{index}]"), "a number", &item))
            })
            .collect();
    }
    Err(refuse(what, wanted, value))
}

/// Where an export writes `length` results: `undefined` (left out) for a new array, or a
/// `Float32Array` of exactly `length` numbers to fill (a view that repaints, say 16 samples
/// every frame, keeps one array and allocates nothing per call). A view of the module's own
/// memory is refused: the results would be written over the module's data.
pub(crate) fn output(value: &JsValue, what: &str, length: usize) -> Result<Option<Float32Array>, JsError> {
    if value.is_undefined() {
        return Ok(None);
    }
    let wanted = format!("a Float32Array of {length} numbers, or left out");
    let Some(array) = value.dyn_ref::<Float32Array>() else {
        return Err(refuse(what, &wanted, value));
    };
    if array.length() as usize != length {
        return Err(JsError::new(&format!("{what} must be {wanted}, not a Float32Array of {}", array.length())));
    }
    let memory = wasm_bindgen::memory().unchecked_into::<js_sys::WebAssembly::Memory>();
    if JsValue::from(array.buffer()) == memory.buffer() {
        return Err(JsError::new(&format!("{what} must not be a view of the module's own memory")));
    }
    Ok(Some(array.clone()))
}

/// Bytes from a `Uint8Array` or `Uint8ClampedArray` (canvas pixels), at most `max` (counted before copying).
pub(crate) fn bytes(value: &JsValue, what: &str, max: usize) -> Result<Vec<u8>, JsError> {
    let length = if let Some(array) = value.dyn_ref::<Uint8Array>() {
        array.length()
    } else if let Some(array) = value.dyn_ref::<Uint8ClampedArray>() {
        array.length()
    } else {
        return Err(refuse(what, "a Uint8Array or Uint8ClampedArray", value));
    } as usize;
    if length > max {
        return Err(JsError::new(&format!("{what} has {length} bytes: at most {max} are accepted")));
    }
    Ok(match value.dyn_ref::<Uint8Array>() {
        Some(array) => array.to_vec(),
        None => value.unchecked_ref::<Uint8ClampedArray>().to_vec(),
    })
}

/// Strings from an array of strings (class names), at most `max` of them (counted before any is
/// read); each read through `Reflect`, which catches a proxy's trap or a throwing index getter.
pub(crate) fn strings(value: &JsValue, what: &str, max: usize) -> Result<Vec<String>, JsError> {
    if !is_plain_array(value) {
        return Err(refuse(what, "an array of strings", value));
    }
    let unreadable = |_| JsError::new(&format!("{what} could not be read"));
    let length = js_sys::Reflect::get(value, &"length".into()).map_err(unreadable)?.as_f64().unwrap_or(0.0) as usize;
    if length > max {
        return Err(JsError::new(&format!("{what} has {length} items: at most {max} are accepted")));
    }
    (0..length as u32)
        .map(|index| {
            let item = js_sys::Reflect::get_u32(value, index).map_err(unreadable)?;
            item.as_string().ok_or_else(|| refuse(&format!("{what}[{index}]"), "a string", &item))
        })
        .collect()
}

/// A file's ends as the image sniff reads them (`input::image_header::FileEnds`): its first
/// `head` bytes, its last `tail` bytes and its length, copied from a `Uint8Array` or
/// `Uint8ClampedArray` of any length without copying the rest (a 50 MB photo is not copied into
/// wasm memory to read its header).
pub(crate) fn byte_ends(value: &JsValue, what: &str, head: usize, tail: usize) -> Result<(Vec<u8>, Vec<u8>, u64), JsError> {
    let (head_bytes, tail_bytes) = (head.min(u32::MAX as usize) as u32, tail.min(u32::MAX as usize) as u32);
    let ends = |length: u32, part: &dyn Fn(u32, u32) -> Vec<u8>| {
        (part(0, length.min(head_bytes)), part(length - length.min(tail_bytes), length), u64::from(length))
    };
    if let Some(array) = value.dyn_ref::<Uint8Array>() {
        return Ok(ends(array.length(), &|from, to| array.subarray(from, to).to_vec()));
    }
    if let Some(array) = value.dyn_ref::<Uint8ClampedArray>() {
        return Ok(ends(array.length(), &|from, to| array.subarray(from, to).to_vec()));
    }
    Err(refuse(what, "a Uint8Array or Uint8ClampedArray", value))
}
