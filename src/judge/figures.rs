//! A set of latent points decoded by a model and read by the judge: how many decodes look like one
//! class (confidence ≥ [`CONFIDENT`]) and how sure the judge is on average. Decoding goes through
//! the model's own checked path (int8 in the browser, and natively for `eval --judge`), so the page
//! and `eval` see the same images.

use ndarray::{ArrayView1, ArrayView2};
use serde::Serialize;

use super::sets::{self, PointSet};
use super::{CONFIDENT, Judge, JudgeError};
use crate::model::{MAX_BATCH, Model};
use crate::weights::Atlas;

/// The judge's reading of some decodes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Reading {
    /// How many decodes were read.
    pub count: usize,
    /// Share of them given one class with confidence ≥ [`CONFIDENT`], in [0, 1].
    pub confident_share: f64,
    /// Mean of the judge's confidence (its top class probability), in (0, 1].
    pub mean_confidence: f64,
    /// How many decodes the judge gives each class. `(classes)`
    pub class_counts: Vec<usize>,
    /// The effective number of classes among them, exp(entropy) of `class_counts`: 10 when every
    /// digit is equally common, 1 when all are the same one. It tells a generator that makes every
    /// class from one that makes a few.
    pub effective_classes: f64,
}

impl Reading {
    /// The reading of verdicts of `classes` with their `confidence`, among `class_count` classes.
    pub fn of(classes: &[u8], confidence: &[f32], class_count: usize) -> Reading {
        let count = confidence.len();
        let n = count.max(1) as f64;
        let mut class_counts = vec![0usize; class_count];
        for &class in classes {
            if let Some(c) = class_counts.get_mut(class as usize) {
                *c += 1;
            }
        }
        let entropy: f64 = class_counts.iter().filter(|&&c| c > 0).map(|&c| c as f64 / n).map(|p| -p * p.ln()).sum();
        Reading {
            count,
            confident_share: confidence.iter().filter(|&&c| c >= CONFIDENT).count() as f64 / n,
            mean_confidence: confidence.iter().map(|&c| c as f64).sum::<f64>() / n,
            class_counts,
            effective_classes: entropy.exp(),
        }
    }
}

/// One set of points, decoded and judged.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SetFigures {
    pub set: PointSet,
    pub seed: u64,
    /// The whole set.
    pub all: Reading,
    /// Its first `shown` points: the ones a view draws.
    pub shown: Reading,
    /// For a circle: the judge's class of decode(μ), the input's own reconstruction…
    pub reference_class: Option<u8>,
    /// …and the share of the circle's decodes given that class with confidence ≥ [`CONFIDENT`].
    pub same_class_share: Option<f64>,
    /// The points, row after row. `(count * latent)`
    pub points: Vec<f32>,
    /// The judge's class of each decode. `(count)`
    pub classes: Vec<u8>,
    /// Its confidence in that class. `(count)`
    pub confidence: Vec<f32>,
}

/// The input whose circles are judged: its code μ and log σ² `(latent)` each.
#[derive(Clone, Copy)]
pub struct Code<'a> {
    pub mu: &'a [f32],
    pub logvar: &'a [f32],
}

/// How many points a set has, how many of the first a view shows, and the seed they come from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Draws {
    pub count: usize,
    pub shown: usize,
    pub seed: u64,
}

/// Makes the points of `set` for `model` (from its test codes `atlas`, or the input's `code` for a
/// circle), decodes them and judges them; the first `draws.shown` are also read on their own.
pub fn judge_set(
    model: &Model,
    atlas: Option<&Atlas>,
    judge: &Judge,
    set: PointSet,
    draws: Draws,
    code: Option<Code>,
) -> Result<SetFigures, JudgeError> {
    let Draws { count, shown, seed } = draws;
    if count == 0 || count > MAX_BATCH {
        return Err(JudgeError::BadCount { found: count, max: MAX_BATCH });
    }
    if judge.info.dataset != model.info.dataset {
        return Err(JudgeError::OtherDataset { judge: judge.info.dataset.clone(), model: model.info.dataset.clone() });
    }
    let latent = model.latent_dim();
    let test_codes = || atlas.map(|a| a.mu.view()).ok_or(JudgeError::NoTestCodes);
    let points = match set {
        PointSet::Prior => sets::prior(latent, count, seed),
        PointSet::TestBox => sets::test_box(test_codes()?, count, seed)?,
        PointSet::Midpoints => sets::midpoints(test_codes()?, &atlas.expect("checked above").labels, count, seed)?,
        PointSet::Circle { sigmas } => {
            if !(sigmas.is_finite() && (0.0..=MAX_SIGMAS).contains(&sigmas)) {
                return Err(JudgeError::BadRadius(sigmas));
            }
            let code = code.ok_or(JudgeError::NoInput)?;
            let (mu, logvar) = (checked_code("μ", code.mu, latent)?, checked_code("log σ²", code.logvar, latent)?);
            sets::circle(mu, logvar, sigmas, count, seed)
        }
    };
    let points = points.into_raw_vec_and_offset().0;
    let images = model.decode_batch(&points, count)?; // (count * 784), checked
    let verdicts = judge.verdicts(ArrayView2::from_shape((count, crate::PIXELS), &images).expect("decoder output"));
    let classes = judge.info.config.classes;
    let (reference_class, same_class_share) = match (set, code) {
        (PointSet::Circle { .. }, Some(code)) => {
            let reconstruction = model.decode(code.mu)?;
            let reference = judge.verdicts(ArrayView2::from_shape((1, crate::PIXELS), &reconstruction).expect("784"));
            let class = reference.classes[0];
            let same = verdicts.classes.iter().zip(&verdicts.confidence).filter(|&(&c, &p)| c == class && p >= CONFIDENT);
            (Some(class), Some(same.count() as f64 / count as f64))
        }
        _ => (None, None),
    };
    Ok(SetFigures {
        set,
        seed,
        all: Reading::of(&verdicts.classes, &verdicts.confidence, classes),
        shown: Reading::of(&verdicts.classes[..shown.min(count)], &verdicts.confidence[..shown.min(count)], classes),
        reference_class,
        same_class_share,
        points,
        classes: verdicts.classes,
        confidence: verdicts.confidence,
    })
}

/// Largest radius of a circle, in σ: far beyond the 4σ the page shows.
pub const MAX_SIGMAS: f32 = 16.0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reading_counts_confident_verdicts_and_effective_classes() {
        let reading = Reading::of(&[0, 1, 0, 1], &[0.95, 0.5, 0.9, 0.99], 3);
        assert_eq!(reading.confident_share, 0.75);
        assert!((reading.mean_confidence - 0.835).abs() < 1e-6);
        assert_eq!(reading.class_counts, vec![2, 2, 0]);
        assert!((reading.effective_classes - 2.0).abs() < 1e-9, "two equally common classes");
        assert!((Reading::of(&[2; 5], &[1.0; 5], 3).effective_classes - 1.0).abs() < 1e-12);
    }
}

fn checked_code<'a>(what: &'static str, values: &'a [f32], latent: usize) -> Result<ArrayView1<'a, f32>, JudgeError> {
    if values.len() != latent {
        return Err(crate::model::InputError::WrongLength { what, expected: latent, found: values.len() }.into());
    }
    let limit = crate::model::MAX_LATENT_MAGNITUDE;
    if let Some((index, &value)) = values.iter().enumerate().find(|(_, v)| !(v.is_finite() && v.abs() <= limit)) {
        return Err(if value.is_finite() {
            crate::model::InputError::OutOfRange { what, index, value, min: -limit, max: limit }.into()
        } else {
            crate::model::InputError::NotFinite { what, index, value }.into()
        });
    }
    Ok(ArrayView1::from(values))
}
