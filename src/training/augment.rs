//! Data augmentation: small random rotations, scalings, shears and stroke-width changes, so that
//! the encoder also sees digits drawn a little differently from MNIST's writers, as people on the
//! page will draw them.
//!
//! Every transform pivots on the digit's centre of mass and puts it back where it was, so an
//! augmented digit is still centred the MNIST way (see `preprocess`): plain shifts would not be, and
//! the engine issue measured that shifts make the clean test loss worse.

use ndarray::{Array2, ArrayView1, ArrayViewMut1};
use rand::{Rng, RngExt};
use serde::{Deserialize, Serialize};

const SIDE: usize = 28;

/// How strong each random change may be. Each is drawn uniformly in `[-max, max]`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct AugmentConfig {
    /// Probability that an example is changed at all; the rest are seen as they are.
    pub probability: f32,
    /// Largest rotation, in degrees (e.g. 12).
    pub max_rotation_degrees: f32,
    /// Largest relative change of size (e.g. 0.1 for ±10 %), drawn separately per axis.
    pub max_scale: f32,
    /// Largest horizontal shear (e.g. 0.15).
    pub max_shear: f32,
    /// Largest stroke change: towards a one-pixel dilation (> 0) or erosion (< 0), e.g. 0.4.
    pub max_stroke: f32,
}

impl Default for AugmentConfig {
    fn default() -> Self {
        AugmentConfig { probability: 0.5, max_rotation_degrees: 10.0, max_scale: 0.08, max_shear: 0.1, max_stroke: 0.3 }
    }
}

/// Augments every row of `images (batch, 784)` in place.
pub fn augment_batch(images: &mut Array2<f32>, config: &AugmentConfig, rng: &mut impl Rng) {
    for mut row in images.rows_mut() {
        if rng.random::<f32>() < config.probability {
            let warped = random_transform(row.view(), config, rng);
            row.assign(&ArrayView1::from(&warped[..]));
        }
    }
}

fn random_transform(image: ArrayView1<f32>, config: &AugmentConfig, rng: &mut impl Rng) -> Vec<f32> {
    let mut symmetric = |max: f32| if max > 0.0 { rng.random_range(-max..=max) } else { 0.0 };
    let angle = symmetric(config.max_rotation_degrees).to_radians();
    let scale_x = 1.0 + symmetric(config.max_scale);
    let scale_y = 1.0 + symmetric(config.max_scale);
    let shear = symmetric(config.max_shear);
    let stroke = symmetric(config.max_stroke);

    // Forward map (about the centre of mass): rotate · shear · scale. We sample the source at the
    // inverse image of each output pixel, so we need the inverse of that 2×2 matrix.
    let (sin, cos) = angle.sin_cos();
    let forward =
        mat_mul([[cos, -sin], [sin, cos]], mat_mul([[1.0, shear], [0.0, 1.0]], [[scale_x, 0.0], [0.0, scale_y]]));
    let mut warped = warp_about_centre_of_mass(image, invert(forward));
    change_stroke(ArrayViewMut1::from(&mut warped[..]), stroke);
    warped
}

type Mat2 = [[f32; 2]; 2];

fn mat_mul(a: Mat2, b: Mat2) -> Mat2 {
    [
        [a[0][0] * b[0][0] + a[0][1] * b[1][0], a[0][0] * b[0][1] + a[0][1] * b[1][1]],
        [a[1][0] * b[0][0] + a[1][1] * b[1][0], a[1][0] * b[0][1] + a[1][1] * b[1][1]],
    ]
}

fn invert(m: Mat2) -> Mat2 {
    let det = m[0][0] * m[1][1] - m[0][1] * m[1][0];
    [[m[1][1] / det, -m[0][1] / det], [-m[1][0] / det, m[0][0] / det]]
}

/// Resamples a 28×28 image (bilinear) so that output pixel `p` takes the source at
/// `c + inverse·(p - c)`, `c` the centre of mass (x right, y down, pixel-index coordinates).
fn warp_about_centre_of_mass(image: ArrayView1<f32>, inverse: Mat2) -> Vec<f32> {
    let (cx, cy) = centre_of_mass(image);
    let at = |x: isize, y: isize| {
        if (0..SIDE as isize).contains(&x) && (0..SIDE as isize).contains(&y) {
            image[y as usize * SIDE + x as usize]
        } else {
            0.0
        }
    };
    let mut out = vec![0.0; SIDE * SIDE];
    for y in 0..SIDE {
        for x in 0..SIDE {
            let (dx, dy) = (x as f32 - cx, y as f32 - cy);
            let sx = cx + inverse[0][0] * dx + inverse[0][1] * dy;
            let sy = cy + inverse[1][0] * dx + inverse[1][1] * dy;
            let (x0, y0) = (sx.floor(), sy.floor());
            let (fx, fy) = (sx - x0, sy - y0);
            let (x0, y0) = (x0 as isize, y0 as isize);
            out[y * SIDE + x] = (1.0 - fy) * ((1.0 - fx) * at(x0, y0) + fx * at(x0 + 1, y0))
                + fy * ((1.0 - fx) * at(x0, y0 + 1) + fx * at(x0 + 1, y0 + 1));
        }
    }
    out
}

/// Intensity-weighted mean pixel position `(x, y)`; the middle of the frame for a blank image.
fn centre_of_mass(image: ArrayView1<f32>) -> (f32, f32) {
    let (mut total, mut sx, mut sy) = (0.0, 0.0, 0.0);
    for (i, &v) in image.iter().enumerate() {
        total += v;
        sx += v * (i % SIDE) as f32;
        sy += v * (i / SIDE) as f32;
    }
    if total > 0.0 { (sx / total, sy / total) } else { (SIDE as f32 / 2.0, SIDE as f32 / 2.0) }
}

/// Blends each pixel towards the maximum (`amount > 0`, thicker) or minimum (`amount < 0`,
/// thinner) of itself and its four neighbours.
fn change_stroke(mut image: ArrayViewMut1<f32>, amount: f32) {
    if amount == 0.0 {
        return;
    }
    let source = image.to_vec();
    let pick = |a: f32, b: f32| if amount > 0.0 { a.max(b) } else { a.min(b) };
    for y in 0..SIDE {
        for x in 0..SIDE {
            let mut extreme = source[y * SIDE + x];
            let neighbours = [(x.wrapping_sub(1), y), (x + 1, y), (x, y.wrapping_sub(1)), (x, y + 1)];
            for (nx, ny) in neighbours {
                let v = if nx < SIDE && ny < SIDE { source[ny * SIDE + nx] } else { 0.0 };
                extreme = pick(extreme, v);
            }
            let v = source[y * SIDE + x];
            image[y * SIDE + x] = (v + amount.abs() * (extreme - v)).clamp(0.0, 1.0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array1;

    fn blob() -> Array1<f32> {
        let mut image = Array1::zeros(SIDE * SIDE);
        for y in 8..20 {
            for x in 11..16 {
                image[y * SIDE + x] = 1.0;
            }
        }
        image
    }

    #[test]
    fn identity_transform_changes_nothing() {
        let image = blob();
        let out = warp_about_centre_of_mass(image.view(), [[1.0, 0.0], [0.0, 1.0]]);
        assert_eq!(out, image.to_vec());
    }

    #[test]
    fn transforms_keep_the_centre_of_mass_and_the_ink() {
        let image = blob();
        let before = centre_of_mass(image.view());
        let mut rng = crate::nn::rng::seeded(1);
        let config = AugmentConfig { probability: 1.0, max_stroke: 0.0, ..AugmentConfig::default() };
        for _ in 0..20 {
            let out = random_transform(image.view(), &config, &mut rng);
            let after = centre_of_mass(ArrayView1::from(&out[..]));
            assert!((before.0 - after.0).abs() < 0.3 && (before.1 - after.1).abs() < 0.3, "{before:?} → {after:?}");
            let ink: f32 = out.iter().sum();
            assert!(ink > 0.7 * image.sum() && ink < 1.3 * image.sum(), "ink {ink}");
        }
    }

    #[test]
    fn stroke_change_thickens_and_thins() {
        let image = blob();
        let mut thicker = image.clone();
        change_stroke(thicker.view_mut(), 1.0);
        let mut thinner = image.clone();
        change_stroke(thinner.view_mut(), -1.0);
        assert!(thicker.sum() > image.sum() && thinner.sum() < image.sum());
        assert!(thicker.iter().chain(thinner.iter()).all(|v| (0.0..=1.0).contains(v)));
    }
}
