//! Stroke points → an anti-aliased ink image, drawn here rather than read back from the canvas.
//!
//! The page could hand over `getImageData`'s pixels, but some privacy-minded browsers add noise to
//! them to defeat fingerprinting, and that noise would reach the encoder. The pointer positions
//! are not altered, so the page sends those and this module draws them the way the canvas would:
//! each stroke a thick polyline with round caps and joins, with anti-aliased edges. The result
//! goes to [`crate::input::preprocess`], which turns it into an MNIST-like 28×28 input.
//!
//! Coordinates are canvas pixels, continuous: x to the right, y down, the canvas spanning
//! `[0, width] × [0, height]`, so pixel `(row r, column c)` has its centre at `(c + 0.5, r + 0.5)`.

use thiserror::Error;

/// Largest accepted canvas side, in pixels: far beyond any real canvas, small enough that an
/// image (and the work on it) stays reasonable in a browser tab.
pub const MAX_SIDE: usize = 4096;

/// Why strokes could not be drawn.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum RasterError {
    #[error("the canvas is {width}×{height} pixels: both sides must be at least 1")]
    ZeroSize { width: usize, height: usize },
    #[error("the canvas is {width}×{height} pixels: at most {MAX_SIDE}×{MAX_SIDE} is accepted")]
    TooLarge { width: usize, height: usize },
    #[error("the line width is {0}: it must be a finite number of pixels above 0")]
    BadLineWidth(f32),
    #[error("stroke {stroke} has {values} values: a stroke is (x, y) pairs, so the count must be even")]
    OddStroke { stroke: usize, values: usize },
    #[error(
        "stroke {stroke}, point {point} is ({x}, {y}): coordinates must be finite numbers \
         (only a (NaN, NaN) pair separates strokes, see `split_strokes`)"
    )]
    NonFinitePoint { stroke: usize, point: usize, x: f32, y: f32 },
}

/// Splits the page's wire format into strokes.
///
/// The page sends every stroke in one `Float32Array`, points as `x, y` pairs, with one
/// `(NaN, NaN)` pair between consecutive strokes: `[x0, y0, x1, y1, NaN, NaN, x0, y0, …]`.
/// Empty strokes (from leading, trailing or repeated separators) are dropped. A lone NaN is not a
/// separator and stays in its stroke, as does an odd value at the end, so that
/// [`rasterize_strokes`] reports them rather than this function hiding a bug on the page.
///
/// # Shapes
/// `flat`: `(2 × points + 2 × separators)`; each returned stroke: `(2 × its points)`.
pub fn split_strokes(flat: &[f32]) -> Vec<&[f32]> {
    let mut strokes = Vec::new();
    let mut start = 0;
    for (pair_index, pair) in flat.chunks_exact(2).enumerate() {
        if pair[0].is_nan() && pair[1].is_nan() {
            strokes.push(&flat[start..2 * pair_index]);
            start = 2 * pair_index + 2;
        }
    }
    strokes.push(&flat[start..]);
    strokes.retain(|stroke| !stroke.is_empty());
    strokes
}

/// Draws strokes as round-capped thick polylines and returns each pixel's ink coverage.
///
/// Each stroke is the union of capsules of radius `line_width / 2` around its segments; a stroke
/// of a single point is a dot. A pixel's coverage by one capsule is
/// `clamp(radius + 0.5 - distance(pixel centre, segment), 0, 1)`, a one-pixel linear ramp across
/// the edge (what a canvas's anti-aliasing amounts to); overlapping capsules combine with `max`,
/// as paint does, so joins are not darker than the line.
///
/// # Shapes
/// Each stroke: `(2 × points)` as `[x0, y0, x1, y1, …]` in canvas pixels.
/// Returns `(height × width)` row-major coverage in `[0, 1]`.
pub fn rasterize_strokes(
    strokes: &[&[f32]],
    width: usize,
    height: usize,
    line_width: f32,
) -> Result<Vec<f32>, RasterError> {
    check_canvas_size(width, height)?;
    check_line_width(line_width)?;
    for (index, stroke) in strokes.iter().enumerate() {
        check_stroke(index, stroke)?;
    }
    let mut canvas = Canvas { coverage: vec![0.0; width * height], width, height };
    let radius = f64::from(line_width) / 2.0;
    for stroke in strokes {
        for (start, end) in segments(stroke) {
            canvas.stamp_capsule(start, end, radius);
        }
    }
    Ok(canvas.coverage)
}

pub(crate) fn check_canvas_size(width: usize, height: usize) -> Result<(), RasterError> {
    if width == 0 || height == 0 {
        Err(RasterError::ZeroSize { width, height })
    } else if width > MAX_SIDE || height > MAX_SIDE {
        Err(RasterError::TooLarge { width, height })
    } else {
        Ok(())
    }
}

pub(crate) fn check_line_width(line_width: f32) -> Result<(), RasterError> {
    if line_width.is_finite() && line_width > 0.0 { Ok(()) } else { Err(RasterError::BadLineWidth(line_width)) }
}

pub(crate) fn check_stroke(index: usize, stroke: &[f32]) -> Result<(), RasterError> {
    if !stroke.len().is_multiple_of(2) {
        return Err(RasterError::OddStroke { stroke: index, values: stroke.len() });
    }
    match stroke.chunks_exact(2).position(|point| !point[0].is_finite() || !point[1].is_finite()) {
        Some(point) => {
            let (x, y) = (stroke[2 * point], stroke[2 * point + 1]);
            Err(RasterError::NonFinitePoint { stroke: index, point, x, y })
        }
        None => Ok(()),
    }
}

/// A point in canvas pixels. Geometry is done in `f64` so that even coordinates near `f32::MAX`
/// square without overflowing to infinity (and then NaN).
type Point = (f64, f64);

/// The segments of a checked stroke, in order; a lone point is a zero-length segment, a dot.
fn segments(stroke: &[f32]) -> impl Iterator<Item = (Point, Point)> + '_ {
    let point = |pair: &[f32]| (f64::from(pair[0]), f64::from(pair[1]));
    let lone_point = (stroke.len() == 2).then(|| (point(stroke), point(stroke)));
    stroke
        .windows(4)
        .step_by(2)
        .map(move |pair_of_points| (point(&pair_of_points[..2]), point(&pair_of_points[2..])))
        .chain(lone_point)
}

struct Canvas {
    /// `(height × width)` row-major.
    coverage: Vec<f32>,
    width: usize,
    height: usize,
}

impl Canvas {
    /// Paints the capsule of `radius` around segment `start`–`end`, visiting only the pixels whose
    /// centres lie in its bounding box (grown by the half-pixel ramp).
    fn stamp_capsule(&mut self, start: Point, end: Point, radius: f64) {
        let reach = radius + 0.5;
        let columns = pixel_range(start.0.min(end.0) - reach, start.0.max(end.0) + reach, self.width);
        let rows = pixel_range(start.1.min(end.1) - reach, start.1.max(end.1) + reach, self.height);
        for row in rows {
            for column in columns.clone() {
                let centre = (column as f64 + 0.5, row as f64 + 0.5);
                let coverage = (reach - distance_to_segment(centre, start, end)).clamp(0.0, 1.0) as f32;
                let pixel = &mut self.coverage[row * self.width + column];
                *pixel = pixel.max(coverage);
            }
        }
    }
}

/// Indices of the pixels (of `len` along one axis) whose centres `index + 0.5` lie in `[low, high]`.
fn pixel_range(low: f64, high: f64, len: usize) -> std::ops::Range<usize> {
    let first = (low - 0.5).ceil().max(0.0);
    let last = (high - 0.5).floor().min(len as f64 - 1.0);
    if first > last { 0..0 } else { first as usize..last as usize + 1 }
}

fn distance_to_segment(point: Point, start: Point, end: Point) -> f64 {
    let (dx, dy) = (end.0 - start.0, end.1 - start.1);
    let (px, py) = (point.0 - start.0, point.1 - start.1);
    let length_squared = dx * dx + dy * dy;
    // Parameter of the closest point along the segment; a zero-length segment is its start point.
    let t = if length_squared > 0.0 { ((px * dx + py * dy) / length_squared).clamp(0.0, 1.0) } else { 0.0 };
    (px - t * dx).hypot(py - t * dy)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f32::consts::PI;

    fn total(coverage: &[f32]) -> f32 {
        coverage.iter().sum()
    }

    #[test]
    fn horizontal_segment_is_solid_on_its_axis_and_blank_far_away() {
        let (width, height) = (100, 60);
        let coverage = rasterize_strokes(&[&[20.0, 30.0, 80.0, 30.0]], width, height, 8.0).unwrap();
        let at = |x: usize, y: usize| coverage[y * width + x];
        for x in 20..80 {
            assert_eq!(at(x, 29), 1.0, "on the axis at column {x}");
            assert_eq!(at(x, 30), 1.0, "on the axis at column {x}");
            assert_eq!(at(x, 45), 0.0, "far below at column {x}");
        }
        assert_eq!(at(5, 30), 0.0, "far to the left");
        assert_eq!(at(95, 30), 0.0, "far to the right");
        assert!(coverage.iter().all(|c| (0.0..=1.0).contains(c)));
    }

    #[test]
    fn segment_ink_matches_the_capsule_area() {
        let (length, line_width) = (60.0, 8.0);
        let coverage = rasterize_strokes(&[&[20.0, 30.0, 20.0 + length, 30.0]], 100, 60, line_width).unwrap();
        let radius = line_width / 2.0;
        let capsule_area = length * line_width + PI * radius * radius;
        let relative_error = (total(&coverage) - capsule_area).abs() / capsule_area;
        assert!(relative_error < 0.02, "ink {} vs capsule area {capsule_area}", total(&coverage));
    }

    #[test]
    fn single_point_draws_a_round_dot() {
        let (size, radius) = (40, 6.0);
        let coverage = rasterize_strokes(&[&[20.0, 20.0]], size, size, 2.0 * radius).unwrap();
        let disc_area = PI * radius * radius;
        assert!((total(&coverage) - disc_area).abs() / disc_area < 0.03, "ink {}", total(&coverage));
        // Round, not square: the centre is inked, a corner of the bounding square is not.
        assert_eq!(coverage[20 * size + 20], 1.0);
        assert_eq!(coverage[14 * size + 14], 0.0);
        // Symmetric about the centre point (20, 20), which is a pixel corner.
        for y in 0..size {
            for x in 0..size {
                assert_eq!(coverage[y * size + x], coverage[(size - 1 - y) * size + (size - 1 - x)]);
            }
        }
    }

    #[test]
    fn overlapping_segments_combine_with_max() {
        let bent = rasterize_strokes(&[&[10.0, 10.0, 30.0, 10.0, 30.0, 30.0]], 40, 40, 4.0).unwrap();
        assert!(bent.iter().all(|c| (0.0..=1.0).contains(c)));
        assert_eq!(bent[10 * 40 + 29], 1.0, "the joint is inked once, not twice");
    }

    #[test]
    fn strokes_off_the_canvas_are_clipped() {
        let coverage = rasterize_strokes(&[&[-3e38, 5.0, 3e38, 5.0], &[1e30, -1e30, 2e30, 0.0]], 20, 10, 2.0).unwrap();
        assert!((total(&coverage) - 2.0 * 20.0).abs() < 1e-3);
    }

    #[test]
    fn nan_pairs_separate_strokes() {
        let nan = f32::NAN;
        let flat = [nan, nan, 1.0, 2.0, 3.0, 4.0, nan, nan, nan, nan, 5.0, 6.0, nan, nan];
        assert_eq!(split_strokes(&flat), vec![&[1.0, 2.0, 3.0, 4.0][..], &[5.0, 6.0][..]]);
        assert!(split_strokes(&[]).is_empty());
        // Two separate points are two dots, not a line between them.
        let dots = rasterize_strokes(&split_strokes(&[5.0, 5.0, nan, nan, 35.0, 5.0]), 40, 10, 4.0).unwrap();
        assert_eq!(dots[4 * 40 + 20], 0.0);
        assert_eq!(dots[4 * 40 + 4], 1.0);
        assert_eq!(dots[4 * 40 + 34], 1.0);
    }

    #[test]
    fn malformed_wire_data_reaches_the_rasterizer_as_errors() {
        let half_separator = split_strokes(&[1.0, 2.0, f32::NAN, 3.0]);
        assert!(matches!(
            rasterize_strokes(&half_separator, 10, 10, 1.0),
            Err(RasterError::NonFinitePoint { stroke: 0, point: 1, .. })
        ));
        let odd = split_strokes(&[1.0, 2.0, f32::NAN, f32::NAN, 3.0]);
        assert_eq!(rasterize_strokes(&odd, 10, 10, 1.0), Err(RasterError::OddStroke { stroke: 1, values: 1 }));
    }

    #[test]
    fn bad_arguments_are_errors_with_messages() {
        let point: &[f32] = &[1.0, 1.0];
        let cases = [
            (rasterize_strokes(&[point], 0, 10, 1.0), RasterError::ZeroSize { width: 0, height: 10 }),
            (
                rasterize_strokes(&[point], 10, MAX_SIDE + 1, 1.0),
                RasterError::TooLarge { width: 10, height: MAX_SIDE + 1 },
            ),
            (rasterize_strokes(&[point], 10, 10, 0.0), RasterError::BadLineWidth(0.0)),
            (rasterize_strokes(&[point], 10, 10, -2.0), RasterError::BadLineWidth(-2.0)),
            (rasterize_strokes(&[&[1.0, 1.0, 2.0]], 10, 10, 1.0), RasterError::OddStroke { stroke: 0, values: 3 }),
            (
                rasterize_strokes(&[point, &[1.0, f32::INFINITY]], 10, 10, 1.0),
                RasterError::NonFinitePoint { stroke: 1, point: 0, x: 1.0, y: f32::INFINITY },
            ),
        ];
        for (result, expected) in cases {
            assert_eq!(result, Err(expected.clone()));
            assert!(!expected.to_string().is_empty());
        }
        assert!(
            matches!(rasterize_strokes(&[point], 10, 10, f32::NAN), Err(RasterError::BadLineWidth(w)) if w.is_nan())
        );
    }
}
