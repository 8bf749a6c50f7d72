//! A drawing → an MNIST-like 28×28 input, made the way MNIST's digits were made.
//!
//! LeCun, Cortes and Burges describe MNIST's preprocessing: each digit was size-normalised to fit
//! a 20×20 box while keeping its aspect ratio, anti-aliased, and then centred in a 28×28 frame by
//! translating it so that its centre of mass sits at the frame's centre. On the data we train on,
//! the centre of mass (pixel-index coordinates) is at (14.0, 14.0) ± 0.29, the spread of
//! whole-pixel shifts, and the ink's bounding box is at most 20×20 with its longer side exactly 20.
//! A drawing framed any other way is unlike everything the encoder has seen, so this module frames
//! it the same way:
//!
//! 1. crop to the bounding box of the ink (pixels above [`INK_THRESHOLD`]);
//! 2. scale by `s = 20 / longer side`, the same on both axes, with exact area averaging;
//! 3. shift by whole pixels into the 28×28 frame so that the centre of mass lands within half a
//!    pixel of (14, 14).
//!
//! Coordinates are pixel indices: pixel (row r, column c) is the point (x, y) = (c, r).

use serde::Serialize;
use thiserror::Error;

use crate::input::limits::{LimitError, check_drawing};
use crate::input::raster::{MAX_SIDE, RasterError};
use crate::input::strokes::frame_strokes;

/// Side of the output frame, in pixels.
pub const SIDE: usize = 28;

/// The longer side of the digit is scaled to exactly this many output pixels.
pub const BOX_SIDE: usize = 20;

/// Source pixels with more ink than this make the bounding box: faint anti-aliased fringes and
/// paper noise should not widen it.
pub const INK_THRESHOLD: f32 = 0.05;

/// Where MNIST puts the centre of mass. (The middle of pixel indices 0…27 would be 13.5; MNIST's
/// digits measure 14.0, and the encoder learnt that.)
const FRAME_CENTRE: f32 = 14.0;

/// A canvas whose darkest pixel is at least this dark was drawn with a pen, and its ink is
/// normalised to the pen's darkness ([`preprocess_rgba`]).
pub const DARK_PEN: f32 = 0.25;

/// Less ink than one full pixel's worth inside the bounding box is not a drawing.
const MIN_INK: f32 = 1.0;

/// Ink that fits in this many source pixels on both sides is a stray tap, not a drawing.
const TAP_SIDE: usize = 2;

/// Why a drawing could not be turned into an input.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum PreprocessError {
    #[error("the drawing is empty: draw a digit")]
    Empty,
    #[error("the drawing is {extent:.0} px across: too small to be a digit (draw it at least {minimum:.0} px tall)")]
    TooSmall { extent: f32, minimum: f32 },
    #[error("the image is {width}×{height} pixels: both sides must be at least 1")]
    ZeroSize { width: usize, height: usize },
    #[error("the image is {width}×{height} pixels: at most {MAX_SIDE}×{MAX_SIDE} is accepted")]
    TooLarge { width: usize, height: usize },
    #[error("got {actual} ink values for a {width}×{height} image: expected width × height = {expected}")]
    WrongInkLength { width: usize, height: usize, expected: usize, actual: usize },
    #[error("got {actual} bytes for a {width}×{height} RGBA image: expected 4 × width × height = {expected}")]
    WrongRgbaLength { width: usize, height: usize, expected: usize, actual: usize },
    #[error("the ink at row {row}, column {column} is {value}: every value must be a finite number (0 paper, 1 ink)")]
    NonFiniteInk { row: usize, column: usize, value: f32 },
    #[error("could not draw the strokes: {0}")]
    Raster(#[from] RasterError),
    #[error("{0}")]
    Limit(#[from] LimitError),
}

/// A rectangle of source pixels: its top-left pixel `(x, y)` and its size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BoundingBox {
    pub x: usize,
    pub y: usize,
    pub width: usize,
    pub height: usize,
}

/// A drawing framed as an MNIST digit, with what was done to it (for the page to show).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Preprocessed {
    /// `(28 × 28)` row-major ink in `[0, 1]`: the encoder's input.
    pub pixels: Vec<f32>,
    /// The ink's bounding box in the source image, which was cropped to (for strokes, the canvas
    /// area that was fitted: see [`crate::input::strokes::frame_strokes`]).
    pub bounding_box: BoundingBox,
    /// Output pixels per source pixel, on both axes.
    pub scale: f32,
    /// Where the scaled patch's top-left corner went in the 28×28 frame, `(x, y)`.
    pub offset: (i32, i32),
    /// Centre of mass of `pixels`, `(x, y)`: within half a pixel of (14, 14) unless ink was clipped.
    pub centre_of_mass: (f32, f32),
    /// Ink (sum of scaled pixel values) that fell outside the frame and was dropped; usually 0.
    pub clipped_ink: f32,
}

/// Frames a grey-level ink image as an MNIST digit.
///
/// Values are ink coverage: 0 paper, 1 ink; values outside `[0, 1]` are clamped.
///
/// # Shapes
/// `ink`: `(height × width)` row-major.
pub fn preprocess_gray(ink: &[f32], width: usize, height: usize) -> Result<Preprocessed, PreprocessError> {
    check_size(width, height)?;
    let expected = width * height;
    if ink.len() != expected {
        return Err(PreprocessError::WrongInkLength { width, height, expected, actual: ink.len() });
    }
    if let Some(index) = ink.iter().position(|value| !value.is_finite()) {
        return Err(PreprocessError::NonFiniteInk { row: index / width, column: index % width, value: ink[index] });
    }
    frame_digit(&Source { ink, width })
}

/// Frames a canvas's `getImageData` pixels as an MNIST digit.
///
/// A pixel's darkness is `(alpha / 255) × (1 − luminance / 255)` with luminance
/// `0.299 R + 0.587 G + 0.114 B`: dark opaque strokes are ink, and so neither a transparent nor a
/// white background is. Darkness is then divided by the darkest pixel's, so that a pen of any dark
/// colour (the page's blue-grey reaches only 0.865) gives full ink where it covers the canvas, as
/// MNIST's strokes do; an image whose darkest pixel is lighter than [`DARK_PEN`] is left as it is,
/// so faint noise is not blown up into strokes.
///
/// # Shapes
/// `rgba`: `(height × width × 4)` row-major, bytes R, G, B, A per pixel.
pub fn preprocess_rgba(rgba: &[u8], width: usize, height: usize) -> Result<Preprocessed, PreprocessError> {
    check_size(width, height)?;
    let expected = 4 * width * height;
    if rgba.len() != expected {
        return Err(PreprocessError::WrongRgbaLength { width, height, expected, actual: rgba.len() });
    }
    let mut ink: Vec<f32> = rgba.chunks_exact(4).map(rgba_ink).collect();
    let darkest = ink.iter().copied().fold(0.0, f32::max);
    if darkest >= DARK_PEN {
        ink.iter_mut().for_each(|value| *value /= darkest);
    }
    frame_digit(&Source { ink: &ink, width })
}

/// Frames the page's strokes (see [`crate::input::raster::split_strokes`] for the wire format)
/// as an MNIST digit: the path that does not trust the canvas's pixels. The points are fitted to
/// the 20-pixel box first and drawn there with a pen of MNIST's width, so that the stroke
/// thickness does not depend on how big the person drew ([`crate::input::strokes`]); `line_width`,
/// the page's pen, decides what is too small to be a digit ([`PreprocessError::TooSmall`]).
///
/// # Shapes
/// `flat`: `(2 × points + 2 × separators)`, canvas pixel coordinates of a `width × height` canvas.
pub fn preprocess_strokes(
    flat: &[f32],
    width: usize,
    height: usize,
    line_width: f32,
) -> Result<Preprocessed, PreprocessError> {
    check_drawing(flat, line_width)?;
    frame_strokes(flat, width, height, line_width)
}

/// Intensity-weighted mean position `(x, y)` of an image's ink in pixel-index coordinates
/// (pixel (row r, column c) is the point (c, r)); `None` if there is no ink or `width` is 0.
///
/// # Shapes
/// `image`: `(height × width)` row-major, ink ≥ 0.
pub fn centre_of_mass(image: &[f32], width: usize) -> Option<(f32, f32)> {
    if width == 0 {
        return None;
    }
    // f64 sums: a 4096×4096 image would lose whole pixels' worth of ink in f32.
    let (mut total, mut sum_x, mut sum_y) = (0.0_f64, 0.0_f64, 0.0_f64);
    for (index, &value) in image.iter().enumerate() {
        let value = f64::from(value);
        total += value;
        sum_x += value * (index % width) as f64;
        sum_y += value * (index / width) as f64;
    }
    (total > 0.0).then(|| ((sum_x / total) as f32, (sum_y / total) as f32))
}

fn check_size(width: usize, height: usize) -> Result<(), PreprocessError> {
    if width == 0 || height == 0 {
        Err(PreprocessError::ZeroSize { width, height })
    } else if width > MAX_SIDE || height > MAX_SIDE {
        Err(PreprocessError::TooLarge { width, height })
    } else {
        Ok(())
    }
}

fn rgba_ink(pixel: &[u8]) -> f32 {
    let [red, green, blue, alpha] = [pixel[0], pixel[1], pixel[2], pixel[3]].map(f32::from);
    let luminance = 0.299 * red + 0.587 * green + 0.114 * blue;
    (alpha / 255.0) * (1.0 - luminance / 255.0)
}

/// A checked source image.
struct Source<'a> {
    /// `(height × width)` row-major, finite.
    ink: &'a [f32],
    width: usize,
}

impl Source<'_> {
    /// Ink at column `x`, row `y`, clamped to `[0, 1]`.
    fn at(&self, x: usize, y: usize) -> f32 {
        self.ink[y * self.width + x].clamp(0.0, 1.0)
    }
}

/// The three steps of the module documentation, after the input has been checked.
fn frame_digit(source: &Source) -> Result<Preprocessed, PreprocessError> {
    let bounding_box = ink_bounding_box(source).ok_or(PreprocessError::Empty)?;
    let is_tap = bounding_box.width <= TAP_SIDE && bounding_box.height <= TAP_SIDE;
    if is_tap || ink_inside(source, bounding_box) < MIN_INK {
        return Err(PreprocessError::Empty);
    }
    let patch = fit_to_box(source, bounding_box);
    // The crop holds at least MIN_INK, so the patch holds that × scale² > 0 and has a centre of mass.
    let framed = place_centred(&patch).ok_or(PreprocessError::Empty)?;
    // The patch is at most 20×20 with its centre of mass at 14 ± 0.5, so some ink always stays in
    // the frame; were it all clipped, there would be nothing to encode.
    let centre_of_mass = centre_of_mass(&framed.pixels, SIDE).ok_or(PreprocessError::Empty)?;
    Ok(Preprocessed {
        pixels: framed.pixels,
        bounding_box,
        scale: patch.scale,
        offset: framed.offset,
        centre_of_mass,
        clipped_ink: framed.clipped_ink,
    })
}

/// The smallest rectangle holding every pixel with more than [`INK_THRESHOLD`] ink.
fn ink_bounding_box(source: &Source) -> Option<BoundingBox> {
    let mut corners: Option<((usize, usize), (usize, usize))> = None; // (top-left, bottom-right), inclusive
    for (index, _) in source.ink.iter().enumerate().filter(|&(_, &value)| value > INK_THRESHOLD) {
        let (x, y) = (index % source.width, index / source.width);
        corners = Some(match corners {
            None => ((x, y), (x, y)),
            Some(((left, top), (right, bottom))) => ((left.min(x), top.min(y)), (right.max(x), bottom.max(y))),
        });
    }
    corners.map(|((left, top), (right, bottom))| BoundingBox {
        x: left,
        y: top,
        width: right - left + 1,
        height: bottom - top + 1,
    })
}

fn ink_inside(source: &Source, area: BoundingBox) -> f32 {
    (area.y..area.y + area.height).flat_map(|y| (area.x..area.x + area.width).map(move |x| source.at(x, y))).sum()
}

/// A scaled crop, before it is placed in the frame.
pub(crate) struct Patch {
    /// `(height × width)` row-major, in `[0, 1]`.
    pub(crate) pixels: Vec<f32>,
    pub(crate) width: usize,
    /// Patch pixels per source pixel, on both axes.
    pub(crate) scale: f32,
}

/// Scales the `crop` of `source` by `scale = 20 / longer side` on both axes, keeping its aspect
/// ratio. Each output pixel is the mean ink of the source area it covers (area outside the crop
/// counting as paper), so that total ink is multiplied by exactly `scale²`, for shrinking and
/// enlarging alike.
///
/// The patch is `ceil(side × scale)` on each axis, at most [`BOX_SIDE`]: rounding down could
/// cut off a sliver of ink, so a partly covered last column or row is kept.
fn fit_to_box(source: &Source, crop: BoundingBox) -> Patch {
    let longer_side = crop.width.max(crop.height);
    let scale = BOX_SIDE as f32 / longer_side as f32;
    // Integer arithmetic, so that the longer side is exactly BOX_SIDE whatever f32 rounding does.
    let patch_side = |crop_side: usize| (crop_side * BOX_SIDE).div_ceil(longer_side);
    let (width, height) = (patch_side(crop.width), patch_side(crop.height));
    let column_overlaps = axis_overlaps(crop.width, scale, width);
    let row_overlaps = axis_overlaps(crop.height, scale, height);

    // Separable: first every source row into patch columns, then those rows into patch rows.
    let mut narrowed = vec![0.0; crop.height * width]; // (crop.height × width) row-major
    for y in 0..crop.height {
        for overlap in &column_overlaps {
            narrowed[y * width + overlap.output] += overlap.length * source.at(crop.x + overlap.source, crop.y + y);
        }
    }
    let mut pixels = vec![0.0; height * width];
    for overlap in &row_overlaps {
        for x in 0..width {
            pixels[overlap.output * width + x] += overlap.length * narrowed[overlap.source * width + x];
        }
    }
    // Means of values in [0, 1] stay in [0, 1] but for rounding in the last bit.
    pixels.iter_mut().for_each(|value| *value = value.min(1.0));
    Patch { pixels, width, scale }
}

/// How much of output pixel `output` source pixel `source` covers, along one axis.
struct Overlap {
    source: usize,
    output: usize,
    /// In output pixels, in `(0, 1]`.
    length: f32,
}

/// Along one axis, source pixel `k` spans `[k·scale, (k+1)·scale)` in output coordinates and
/// overlaps output pixel `i` (spanning `[i, i+1)`) by `length`; an output pixel's value is the
/// sum of `length × value` over the source pixels it overlaps, once per axis.
fn axis_overlaps(source_len: usize, scale: f32, output_len: usize) -> Vec<Overlap> {
    let mut overlaps = Vec::new();
    for source in 0..source_len {
        let (start, end) = (source as f32 * scale, (source + 1) as f32 * scale);
        let outputs = start.floor() as usize..(end.ceil() as usize).min(output_len);
        for output in outputs {
            let length = end.min((output + 1) as f32) - start.max(output as f32);
            if length > 0.0 {
                overlaps.push(Overlap { source, output, length });
            }
        }
    }
    overlaps
}

/// A patch placed in the 28×28 frame.
pub(crate) struct Framed {
    /// `(28 × 28)` row-major.
    pub(crate) pixels: Vec<f32>,
    pub(crate) offset: (i32, i32),
    pub(crate) clipped_ink: f32,
}

/// Places the patch in the frame shifted by whole pixels (as MNIST did, so no resampling blurs
/// it again) that bring its centre of mass nearest to (14, 14). `None` for a patch without ink.
pub(crate) fn place_centred(patch: &Patch) -> Option<Framed> {
    let (x, y) = centre_of_mass(&patch.pixels, patch.width)?;
    let offset = ((FRAME_CENTRE - x).round() as i32, (FRAME_CENTRE - y).round() as i32);
    let frame = 0..SIDE as i32;
    let mut pixels = vec![0.0; SIDE * SIDE];
    let mut clipped_ink = 0.0;
    for (index, &value) in patch.pixels.iter().enumerate() {
        let x = (index % patch.width) as i32 + offset.0;
        let y = (index / patch.width) as i32 + offset.1;
        if frame.contains(&x) && frame.contains(&y) {
            pixels[y as usize * SIDE + x as usize] = value;
        } else {
            clipped_ink += value;
        }
    }
    Some(Framed { pixels, offset, clipped_ink })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(ink: &[f32], width: usize) -> Source<'_> {
        Source { ink, width }
    }

    #[test]
    fn centre_of_mass_is_the_weighted_mean_pixel_index() {
        // 3 wide, 2 high: ink 1 at (x 0, y 0) and 3 at (x 2, y 1).
        let image = [1.0, 0.0, 0.0, 0.0, 0.0, 3.0];
        assert_eq!(centre_of_mass(&image, 3), Some((1.5, 0.75)));
        assert_eq!(centre_of_mass(&[0.0; 6], 3), None);
        assert_eq!(centre_of_mass(&image, 0), None);
    }

    #[test]
    fn rgba_ink_is_opacity_times_darkness() {
        assert_eq!(rgba_ink(&[0, 0, 0, 255]), 1.0, "opaque black");
        assert_eq!(rgba_ink(&[255, 255, 255, 255]), 0.0, "opaque white");
        assert_eq!(rgba_ink(&[0, 0, 0, 0]), 0.0, "transparent");
        assert!((rgba_ink(&[0, 0, 0, 51]) - 0.2).abs() < 1e-6, "faint black");
        // Luminance weights: pure red is darker than pure green, blue the darkest.
        for (pixel, darkness) in [([255, 0, 0, 255], 0.701), ([0, 255, 0, 255], 0.413), ([0, 0, 255, 255], 0.886)] {
            assert!((rgba_ink(&pixel) - darkness).abs() < 1e-5, "{pixel:?}");
        }
        assert!((rgba_ink(&[0, 0, 255, 102]) - 0.4 * 0.886).abs() < 1e-5, "translucent blue");
    }

    #[test]
    fn axis_overlaps_partition_every_source_pixel() {
        // (this side, the longer side) of a crop: enlarged, kept, shrunk, a short side of each.
        for (source_len, longer_side) in [(7, 7), (20, 20), (233, 233), (3, 7), (35, 233), (14, 233)] {
            let scale = BOX_SIDE as f32 / longer_side as f32;
            let output_len = (source_len * BOX_SIDE).div_ceil(longer_side);
            let overlaps = axis_overlaps(source_len, scale, output_len);
            for source in 0..source_len {
                let covered: f32 = overlaps.iter().filter(|o| o.source == source).map(|o| o.length).sum();
                assert!((covered - scale).abs() < 1e-5, "source {source} of {source_len}: {covered} vs {scale}");
            }
            for output in 0..output_len {
                let covered: f32 = overlaps.iter().filter(|o| o.output == output).map(|o| o.length).sum();
                assert!(covered <= 1.0 + 1e-5, "output {output} covered {covered}");
            }
        }
    }

    #[test]
    fn fit_to_box_keeps_uniform_ink_uniform() {
        let (width, height) = (60, 30);
        let ink = vec![0.5; width * height];
        let crop = BoundingBox { x: 0, y: 0, width, height };
        let patch = fit_to_box(&source(&ink, width), crop);
        assert_eq!(patch.scale, 20.0 / 60.0);
        assert_eq!((patch.width, patch.pixels.len() / patch.width), (20, 10));
        assert!(patch.pixels.iter().all(|&v| (v - 0.5).abs() < 1e-5), "{:?}", patch.pixels);
    }

    #[test]
    fn fit_to_box_enlarges_a_pixel_into_a_block() {
        // One inked pixel in a 4×4 crop, scaled by 5: a 5×5 block of full ink.
        let mut ink = vec![0.0; 16];
        ink[4 + 2] = 1.0; // x 2, y 1
        let patch = fit_to_box(&source(&ink, 4), BoundingBox { x: 0, y: 0, width: 4, height: 4 });
        assert_eq!(patch.scale, 5.0);
        for (index, &value) in patch.pixels.iter().enumerate() {
            let (x, y) = (index % 20, index / 20);
            let inside = (10..15).contains(&x) && (5..10).contains(&y);
            assert_eq!(value, if inside { 1.0 } else { 0.0 }, "at ({x}, {y})");
        }
    }

    #[test]
    fn a_partly_covered_last_column_is_kept() {
        // 7 × 4 crop at scale 20/7: the short side is 4 × 20/7 = 11.43 output pixels, so 12.
        let ink = vec![1.0; 7 * 4];
        let patch = fit_to_box(&source(&ink, 4), BoundingBox { x: 0, y: 0, width: 4, height: 7 });
        assert_eq!(patch.width, 12);
        let last_column = patch.pixels[11];
        assert!((last_column - (4.0 * 20.0 / 7.0 - 11.0)).abs() < 1e-4, "{last_column}");
        let total: f32 = patch.pixels.iter().sum();
        assert!((total - 28.0 * (20.0_f32 / 7.0).powi(2)).abs() < 1e-2, "{total}");
    }

    #[test]
    fn placement_shifts_the_centre_of_mass_to_within_half_a_pixel_of_14() {
        for width in 1..=20 {
            // Ink growing to the right: the centre of mass is off the patch's middle.
            let pixels: Vec<f32> = (0..width * 3).map(|i| ((i % width) as f32 + 1.0) / width as f32).collect();
            let framed = place_centred(&Patch { pixels, width, scale: 1.0 }).unwrap();
            let (x, y) = centre_of_mass(&framed.pixels, SIDE).unwrap();
            assert!((x - 14.0).abs() <= 0.5 && (y - 14.0).abs() <= 0.5, "width {width}: ({x}, {y})");
            assert_eq!(framed.clipped_ink, 0.0);
        }
    }

    #[test]
    fn ink_off_the_frame_is_counted_as_clipped() {
        // A heavy pixel at the patch's left edge and a light one 19 pixels to its right: the centre
        // of mass sits near the left, so the light pixel lands beyond column 27.
        let mut pixels = vec![0.0; 20];
        pixels[0] = 1.0;
        pixels[19] = 0.05;
        let framed = place_centred(&Patch { pixels, width: 20, scale: 1.0 }).unwrap();
        assert_eq!(framed.offset, (13, 14));
        assert_eq!(framed.clipped_ink, 0.05);
        assert_eq!(framed.pixels.iter().sum::<f32>(), 1.0);
    }

    #[test]
    fn bounding_box_is_tight_around_ink_above_the_threshold() {
        let (width, height) = (10, 8);
        let mut ink = vec![0.0; width * height];
        ink[2 * width + 3] = 0.9;
        ink[6 * width + 7] = 0.2;
        ink[7 * width + 9] = INK_THRESHOLD; // not above the threshold: ignored
        let found = ink_bounding_box(&source(&ink, width));
        assert_eq!(found, Some(BoundingBox { x: 3, y: 2, width: 5, height: 5 }));
    }
}
