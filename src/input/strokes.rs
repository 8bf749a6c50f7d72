//! The page's stroke points → an MNIST-like 28×28 input, drawn at MNIST's size rather than the pad's.
//!
//! Rasterising on the pad with its fixed pen and then shrinking the image makes the stroke
//! thickness depend on how big the person drew: a 100 px digit with an 18 px pen comes out about
//! twice as heavy as a 260 px one, and a tiny one becomes a blob. So the points themselves are
//! fitted first and the strokes drawn afterwards, in the output frame, with a pen of MNIST's width:
//!
//! 1. clip the strokes to the canvas (the model sees only what is on the pad);
//! 2. refuse a drawing whose points span less than [`MIN_EXTENT_IN_PEN_WIDTHS`] pen widths (a tap,
//!    a dot): it is not a digit, and fitted to 20 px it would be one thick blob;
//! 3. scale the points by `s = (20 − w) / longer side` with `w` = [`FRAME_PEN_WIDTH`], so that the
//!    ink, pen included, spans exactly 20 output pixels on its longer side, as MNIST's does;
//! 4. draw them there as round-capped lines `w` wide, anti-aliased ([`rasterize_strokes`]);
//! 5. place the patch in 28×28 with its centre of mass within half a pixel of (14, 14), as
//!    [`crate::input::preprocess`] does for images.

use crate::input::preprocess::{
    BOX_SIDE, BoundingBox, Patch, PreprocessError, Preprocessed, SIDE, centre_of_mass, place_centred,
};
use crate::input::raster::{check_canvas_size, check_line_width, check_stroke, rasterize_strokes, split_strokes};

/// Pen width in output pixels. MNIST's strokes, measured as ink sum ÷ skeleton length on its test
/// digits, are about this wide; with it, drawings' ink sums fall in MNIST's range (BENCHMARKS.md,
/// "Drawn digits").
pub const FRAME_PEN_WIDTH: f32 = 2.4;

/// A drawing whose points span less than this many of the page's pen widths is too small to be a
/// digit (18 px pen: 36 px on the 280 px pad).
pub const MIN_EXTENT_IN_PEN_WIDTHS: f32 = 2.0;

/// A point on the canvas, in `f64` so that coordinates near `f32::MAX` stay finite in arithmetic.
type Point = (f64, f64);

/// Draws the page's strokes (wire format of [`split_strokes`]) on a `width`×`height` canvas whose
/// pen is `line_width` wide, and frames them as an MNIST digit (steps in the module documentation).
///
/// The result's `bounding_box` is the canvas area that was fitted (the points' box grown by the
/// frame pen's half width, rounded out to whole pixels and kept on the canvas), `scale` the output
/// pixels per canvas pixel, and `offset` where the fitted area's corner went in the frame.
///
/// # Shapes
/// `flat`: `(2 × points + 2 × separators)`, canvas pixel coordinates.
pub fn frame_strokes(
    flat: &[f32],
    width: usize,
    height: usize,
    line_width: f32,
) -> Result<Preprocessed, PreprocessError> {
    check_canvas_size(width, height)?;
    check_line_width(line_width)?;
    let strokes = split_strokes(flat);
    for (index, stroke) in strokes.iter().enumerate() {
        check_stroke(index, stroke)?;
    }
    let pieces = clip_to_canvas(&strokes, width as f64, height as f64);
    let points = pieces.iter().flatten();
    let left = points.clone().map(|p| p.0).reduce(f64::min).ok_or(PreprocessError::Empty)?;
    let right = points.clone().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max);
    let top = points.clone().map(|p| p.1).fold(f64::INFINITY, f64::min);
    let bottom = points.map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    let extent = (right - left).max(bottom - top);
    let minimum = MIN_EXTENT_IN_PEN_WIDTHS * line_width;
    if extent < f64::from(minimum) {
        return Err(PreprocessError::TooSmall { extent: extent as f32, minimum });
    }

    let pen = f64::from(FRAME_PEN_WIDTH);
    let scale = (BOX_SIDE as f64 - pen) / extent;
    let to_frame = |p: &Point| [((p.0 - left) * scale + pen / 2.0) as f32, ((p.1 - top) * scale + pen / 2.0) as f32];
    let side = |span: f64| ((span * scale + pen).ceil() as usize).clamp(1, BOX_SIDE);
    let (patch_width, patch_height) = (side(right - left), side(bottom - top));
    let framed: Vec<Vec<f32>> = pieces.iter().map(|piece| piece.iter().flat_map(to_frame).collect()).collect();
    let framed: Vec<&[f32]> = framed.iter().map(Vec::as_slice).collect();
    let pixels = rasterize_strokes(&framed, patch_width, patch_height, FRAME_PEN_WIDTH)?;
    let patch = Patch { pixels, width: patch_width, scale: scale as f32 };
    let placed = place_centred(&patch).ok_or(PreprocessError::Empty)?;
    let centre_of_mass = centre_of_mass(&placed.pixels, SIDE).ok_or(PreprocessError::Empty)?;

    let grow = pen / 2.0 / scale;
    let (x0, y0) = ((left - grow).floor().max(0.0), (top - grow).floor().max(0.0));
    let (x1, y1) = ((right + grow).ceil().min(width as f64), (bottom + grow).ceil().min(height as f64));
    Ok(Preprocessed {
        pixels: placed.pixels,
        bounding_box: BoundingBox {
            x: x0 as usize,
            y: y0 as usize,
            width: (x1 - x0) as usize,
            height: (y1 - y0) as usize,
        },
        scale: patch.scale,
        offset: placed.offset,
        centre_of_mass,
        clipped_ink: placed.clipped_ink,
    })
}

/// The strokes' parts on the canvas `[0, width] × [0, height]`: each segment clipped to it
/// (Liang–Barsky), a stroke that leaves and comes back split in two. Lone points off the canvas go.
fn clip_to_canvas(strokes: &[&[f32]], width: f64, height: f64) -> Vec<Vec<Point>> {
    let mut pieces: Vec<Vec<Point>> = Vec::new();
    for stroke in strokes {
        let points: Vec<Point> = stroke.chunks_exact(2).map(|p| (f64::from(p[0]), f64::from(p[1]))).collect();
        if let [only] = points[..] {
            if (0.0..=width).contains(&only.0) && (0.0..=height).contains(&only.1) {
                pieces.push(vec![only]);
            }
            continue;
        }
        let mut current: Vec<Point> = Vec::new();
        for pair in points.windows(2) {
            match clip_segment(pair[0], pair[1], width, height) {
                Some((start, end)) => {
                    if current.last() != Some(&start) {
                        if !current.is_empty() {
                            pieces.push(std::mem::take(&mut current));
                        }
                        current.push(start);
                    }
                    current.push(end);
                }
                None => {
                    if !current.is_empty() {
                        pieces.push(std::mem::take(&mut current));
                    }
                }
            }
        }
        if !current.is_empty() {
            pieces.push(current);
        }
    }
    pieces
}

/// The part of segment `a`–`b` inside `[0, width] × [0, height]`, if any (Liang–Barsky).
fn clip_segment(a: Point, b: Point, width: f64, height: f64) -> Option<(Point, Point)> {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
    for (p, q) in [(-dx, a.0), (dx, width - a.0), (-dy, a.1), (dy, height - a.1)] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    if t0 > t1 {
        return None;
    }
    let at = |t: f64| {
        if t == 0.0 {
            a
        } else if t == 1.0 {
            b
        } else {
            (a.0 + t * dx, a.1 + t * dy)
        }
    };
    Some((at(t0), at(t1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_clipped_to_the_canvas() {
        assert_eq!(clip_segment((10.0, 10.0), (20.0, 20.0), 100.0, 100.0), Some(((10.0, 10.0), (20.0, 20.0))));
        assert_eq!(clip_segment((-10.0, 50.0), (110.0, 50.0), 100.0, 100.0), Some(((0.0, 50.0), (100.0, 50.0))));
        assert_eq!(clip_segment((-10.0, -10.0), (-5.0, 50.0), 100.0, 100.0), None);
        // A stroke that leaves the canvas and comes back is two pieces.
        let stroke: &[f32] = &[10.0, 50.0, 150.0, 50.0, 150.0, 60.0, 10.0, 60.0];
        let pieces = clip_to_canvas(&[stroke], 100.0, 100.0);
        assert_eq!(pieces, vec![vec![(10.0, 50.0), (100.0, 50.0)], vec![(100.0, 60.0), (10.0, 60.0)]]);
        assert!(clip_to_canvas(&[&[-1.0, 5.0]], 100.0, 100.0).is_empty(), "a lone point off the canvas");
    }
}
