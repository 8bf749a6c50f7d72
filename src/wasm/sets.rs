//! A person's own set of images: its file read and written (`readSetFile`, `writeSetFile`,
//! docs/SET_FORMAT.md), which of its images are held out (`heldOutIndices`), and a model's figures
//! on it (`setFigures`, the same function as the training worker's `figures` and `eval --set`).
//! Converts and forwards, nothing else.

use js_sys::{Reflect, Uint8Array, Uint32Array};
use wasm_bindgen::prelude::*;

use super::model::VaeModel;
use super::{args, object, to_js};
use crate::nn::config::PIXELS;
use crate::training::held_out::held_out_indices;
use crate::training::set_figures::set_figures;
use crate::training::set_file::{ImageSet, MAX_CLASSES, MAX_IMAGES};

// What these exports take and return, for the generated `.d.ts`.
#[wasm_bindgen(typescript_custom_section)]
const SET_TYPES: &str = r#"
/**
 * A person's set of 28 × 28 images (docs/SET_FORMAT.md): `images` is `count × 784` bytes, each
 * pixel round(255·v) of the preprocessed image (`pixels` of `preprocessStrokes` or
 * `preprocessImage`); `labels` is `count` bytes, an index into `classNames` or 255 for unlabelled.
 */
export interface ImageSet {
    /** 1–100 characters, no surrounding spaces. */
    name: string;
    /** At most 255 names, each 1–40 characters, trimmed, all different. */
    classNames: string[];
    images: Bytes;
    labels: Bytes;
}

/** A set read from its file, with which of its images are held out. */
export interface ReadSet {
    name: string;
    classNames: string[];
    images: Uint8Array;
    labels: Uint8Array;
    count: number;
    /** Indices of the held-out images, in set order: every third image of each label. */
    heldOut: Uint32Array;
}

/** A model's figures on a set (`setFigures`, the training worker's `figures`, `eval --set`); `null` where there is nothing to measure. */
export interface SetFigures {
    /** Images in the set, and how many have a label. */
    examples: number;
    labelled: number;
    /** Held-out images, and how many have a label. */
    heldOut: number;
    heldOutLabelled: number;
    /** The held-out images' mean reconstruction loss in nats (binary cross-entropy, z drawn `drawsPerImage` times from `seed`). */
    heldOutReconstruction: number | null;
    /** Their mean KL(q(z|x) ‖ N(0, I)). */
    heldOutKl: number | null;
    /** Leave-one-out 1-NN agreement of the held-out labelled images' μ by label (null for fewer than 2). */
    heldOutAgreement: number | null;
    /** The same over all the labelled images. */
    allAgreement: number | null;
    drawsPerImage: number;
    seed: number;
}
"#;

/// Largest set file read: 20,000 images and their labels, and a header of at most 1 MiB.
pub(crate) const MAX_SET_BYTES: usize = MAX_IMAGES * (PIXELS + 1) + (1 << 20) + 8;

/// The bytes of a set file, as a set: `{name, classNames, images, labels, count, heldOut}`; an
/// `Error` that says what is wrong with a file that is not one.
#[wasm_bindgen(js_name = readSetFile, unchecked_return_type = "ReadSet")]
pub fn read_set_file(#[wasm_bindgen(unchecked_param_type = "Bytes")] bytes: &JsValue) -> Result<JsValue, JsError> {
    let set = ImageSet::from_bytes(&args::bytes(bytes, "a set file", MAX_SET_BYTES)?)?;
    let held_out: Vec<u32> = held_out_indices(&set.labels).into_iter().map(|i| i as u32).collect();
    object(&[
        ("name", set.name.as_str().into()),
        ("classNames", to_js(&set.class_names)?),
        ("images", Uint8Array::from(&set.images[..]).into()),
        ("labels", Uint8Array::from(&set.labels[..]).into()),
        ("count", JsValue::from(set.len() as u32)),
        ("heldOut", Uint32Array::from(&held_out[..]).into()),
    ])
}

/// A set (`{name, classNames, images, labels}`) as the bytes of its file, the same bytes for the
/// same set every time; an `Error` that names what breaks the format's limits.
#[wasm_bindgen(js_name = writeSetFile, unchecked_return_type = "Uint8Array")]
pub fn write_set_file(#[wasm_bindgen(unchecked_param_type = "ImageSet")] set: &JsValue) -> Result<JsValue, JsError> {
    let set = image_set(set)?;
    Ok(Uint8Array::from(&set.to_bytes()?[..]).into())
}

/// Which images of a set with these `labels` (one byte each) are held out, in set order: every
/// third image of each label (255, unlabelled, counting as one more).
#[wasm_bindgen(js_name = heldOutIndices, unchecked_return_type = "Uint32Array")]
pub fn held_out_indices_of(
    #[wasm_bindgen(unchecked_param_type = "Bytes")] labels: &JsValue,
) -> Result<JsValue, JsError> {
    let labels = args::bytes(labels, "the labels", MAX_IMAGES)?;
    let indices: Vec<u32> = held_out_indices(&labels).into_iter().map(|i| i as u32).collect();
    Ok(Uint32Array::from(&indices[..]).into())
}

/// `model`'s figures on the set in a set file's `bytes`: the held-out images' reconstruction loss
/// and the 1-NN agreement of their codes (and all the set's) by label.
#[wasm_bindgen(js_name = setFigures, unchecked_return_type = "SetFigures")]
pub fn set_figures_of(
    model: &VaeModel,
    #[wasm_bindgen(unchecked_param_type = "Bytes")] set: &JsValue,
) -> Result<JsValue, JsError> {
    let set = ImageSet::from_bytes(&args::bytes(set, "a set file", MAX_SET_BYTES)?)?;
    to_js(&set_figures(&model.model().vae, &set.to_dataset()))
}

/// A set from JavaScript's `{name, classNames, images, labels}`, each checked (lengths before copying).
fn image_set(value: &JsValue) -> Result<ImageSet, JsError> {
    if !value.is_object() {
        return Err(JsError::new("the set must be an object {name, classNames, images, labels}"));
    }
    let field = |key: &str| {
        Reflect::get(value, &key.into()).map_err(|_| JsError::new(&format!("the set's `{key}` could not be read")))
    };
    let name = args::string(&field("name")?, "the set's name")?;
    let class_names = args::strings(&field("classNames")?, "the set's classNames", MAX_CLASSES)?;
    let labels = args::bytes(&field("labels")?, "the set's labels", MAX_IMAGES)?;
    let images = args::bytes(&field("images")?, "the set's images", labels.len() * PIXELS)?;
    Ok(ImageSet { name, class_names, images, labels })
}
