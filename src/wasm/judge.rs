//! `Judge`: the classifier that reads decoded images, and the judged sets of latent points the
//! page's sentences quote (`crate::judge`). Converts and forwards.

use js_sys::Uint8Array;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::model::VaeModel;
use super::{args, floats, object, to_js};
use crate::judge::figures::{self, Code, Draws, SetFigures};
use crate::judge::sets::PointSet;
use crate::model::MAX_BATCH;
use crate::nn::config::PIXELS;

// What a judge returns, for the generated `.d.ts` (`JudgeSummary`, `set_figures` and `classify` below).
#[wasm_bindgen(typescript_custom_section)]
const JUDGE_TYPES: &str = r#"
/** What `Judge.info` says about a classifier. */
export interface JudgeInfo {
    name: string;
    dataset: string;
    hidden: number[];
    classNames: string[];
    parameters: number;
    /** Share of its dataset's test images it classifies right, as its file records it. */
    testAccuracy: number | null;
    testImages: number | null;
    /** A decode read with at least this confidence counts as one class. */
    confident: number;
}

/** The judge's class of each image and its confidence in it (its top class probability). */
export interface Verdicts {
    classes: Uint8Array;
    confidence: Float32Array;
}

/** Which points a set holds. */
export type PointSet =
    | { kind: "prior" }
    | { kind: "testBox" }
    | { kind: "midpoints" }
    | { kind: "circle"; sigmas: number };

/** The judge's reading of some decodes. */
export interface Reading {
    count: number;
    /** Share read as one class with confidence ≥ `JudgeInfo.confident`, in [0, 1]. */
    confidentShare: number;
    meanConfidence: number;
    /** Decodes given each class. */
    classCounts: number[];
    /** exp(entropy) of `classCounts`: 10 when every digit is equally common, 1 when all are one. */
    effectiveClasses: number;
}

/** A set of `count` latent points, decoded and judged. */
export interface JudgedSet {
    set: PointSet;
    seed: number;
    all: Reading;
    /** The first `shown` points. */
    shown: Reading;
    /** For a circle: the class of decode(μ), and the share of the circle given it; else `null`. */
    referenceClass: number | null;
    sameClassShare: number | null;
    /** `count × latentDim`, row after row. */
    points: Float32Array;
    classes: Uint8Array;
    confidence: Float32Array;
}
"#;

/// Largest judge file `fromBytes` accepts (the shipped ones are about 0.2 MB).
const MAX_JUDGE_BYTES: usize = 16 << 20;

/// What the page shows about a judge.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JudgeSummary<'a> {
    name: &'a str,
    dataset: &'a str,
    hidden: &'a [usize],
    class_names: &'a [String],
    parameters: usize,
    /// Share of the dataset's test images it classifies right, as its file records it.
    test_accuracy: Option<f64>,
    test_images: Option<usize>,
    /// A decode with a confidence at or above this counts as "one class".
    confident: f32,
}

/// A classifier of 28×28 images (trained by `train --classify`), loaded from its weights file.
#[wasm_bindgen]
pub struct Judge {
    inner: crate::judge::Judge,
}

#[wasm_bindgen]
impl Judge {
    /// Loads a judge from the bytes of its safetensors file, checked like a model's.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(#[wasm_bindgen(unchecked_param_type = "Bytes")] bytes: &JsValue) -> Result<Judge, JsError> {
        let bytes = args::bytes(bytes, "a judge's file", MAX_JUDGE_BYTES)?;
        Ok(Judge { inner: crate::judge::Judge::from_bytes(&bytes)? })
    }

    /// `{name, dataset, hidden, classNames, parameters, testAccuracy, testImages, confident}`.
    #[wasm_bindgen(getter, unchecked_return_type = "JudgeInfo")]
    pub fn info(&self) -> Result<JsValue, JsError> {
        let info = &self.inner.info;
        to_js(&JudgeSummary {
            name: &info.name,
            dataset: &info.dataset,
            hidden: &info.config.hidden,
            class_names: &info.class_names,
            parameters: info.config.parameter_count(),
            test_accuracy: info.test_accuracy.map(|a| a.accuracy),
            test_images: info.test_accuracy.map(|a| a.images),
            confident: crate::judge::CONFIDENT,
        })
    }

    /// The verdicts on `n` images (row after row, 784 values in [0, 1] each): `{classes:
    /// Uint8Array(n), confidence: Float32Array(n)}`.
    #[wasm_bindgen(unchecked_return_type = "Verdicts")]
    pub fn classify(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Floats")] images: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] n: &JsValue,
    ) -> Result<JsValue, JsError> {
        let n = args::integer(n, "the number of images", 1, MAX_BATCH as u32)? as usize;
        let images = args::floats(images, "the images", n * PIXELS)?;
        let verdicts = self.inner.classify(&images, n)?;
        object(&[("classes", Uint8Array::from(&verdicts.classes[..]).into()), ("confidence", floats(&verdicts.confidence))])
    }

    /// `count` points of one set for `model`, decoded and judged (`set`: "prior", "box" or
    /// "midpoints"; see `judge/sets.rs`), from `seed`; the first `shown` are also read alone.
    #[wasm_bindgen(js_name = judgeSet, unchecked_return_type = "JudgedSet")]
    pub fn judge_set(
        &self,
        model: &VaeModel,
        #[wasm_bindgen(unchecked_param_type = "\"prior\" | \"box\" | \"midpoints\"")] set: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] count: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] shown: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] seed: &JsValue,
    ) -> Result<JsValue, JsError> {
        let set = match args::string(set, "the set")?.as_str() {
            "prior" => PointSet::Prior,
            "box" => PointSet::TestBox,
            "midpoints" => PointSet::Midpoints,
            other => return Err(JsError::new(&format!("the set must be \"prior\", \"box\" or \"midpoints\", not \"{other}\""))),
        };
        let draws = draws(count, shown, seed)?;
        let figures = figures::judge_set(model.model(), model.atlas_ref(), &self.inner, set, draws, None)?;
        set_figures(&figures)
    }

    /// `count` points on the circle of radius `sigmas`·σ around the code of `pixels` (784 values in
    /// [0, 1]), decoded and judged, with the share given the class of decode(μ).
    #[wasm_bindgen(js_name = judgeCircle, unchecked_return_type = "JudgedSet")]
    pub fn judge_circle(
        &self,
        model: &VaeModel,
        #[wasm_bindgen(unchecked_param_type = "Floats")] pixels: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] sigmas: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] count: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] shown: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] seed: &JsValue,
    ) -> Result<JsValue, JsError> {
        let pixels = args::floats(pixels, "the image", PIXELS)?;
        let sigmas = args::float(sigmas, "the circle's radius in σ")?;
        let draws = draws(count, shown, seed)?;
        let encoding = model.model().encode(&pixels)?;
        let code = Code { mu: &encoding.mu, logvar: &encoding.logvar };
        let set = PointSet::Circle { sigmas };
        let figures = figures::judge_set(model.model(), model.atlas_ref(), &self.inner, set, draws, Some(code))?;
        set_figures(&figures)
    }
}

fn draws(count: &JsValue, shown: &JsValue, seed: &JsValue) -> Result<Draws, JsError> {
    let count = args::integer(count, "the number of points", 1, MAX_BATCH as u32)? as usize;
    let shown = args::integer(shown, "the number of points shown", 0, count as u32)? as usize;
    let seed = args::integer(seed, "the seed", 0, u32::MAX)?;
    Ok(Draws { count, shown, seed: u64::from(seed) })
}

/// `{set, seed, all, shown, referenceClass, sameClassShare, points: Float32Array(count × latent),
/// classes: Uint8Array(count), confidence: Float32Array(count)}`.
fn set_figures(figures: &SetFigures) -> Result<JsValue, JsError> {
    object(&[
        ("set", to_js(&figures.set)?),
        ("seed", JsValue::from_f64(figures.seed as f64)),
        ("all", to_js(&figures.all)?),
        ("shown", to_js(&figures.shown)?),
        ("referenceClass", figures.reference_class.map_or(JsValue::NULL, |c| JsValue::from(c))),
        ("sameClassShare", figures.same_class_share.map_or(JsValue::NULL, JsValue::from_f64)),
        ("points", floats(&figures.points)),
        ("classes", Uint8Array::from(&figures.classes[..]).into()),
        ("confidence", floats(&figures.confidence)),
    ])
}
