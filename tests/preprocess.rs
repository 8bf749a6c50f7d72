//! A drawing → MNIST-like 28×28 input, checked against what MNIST's digits measure: the ink fits a
//! 20×20 box with its longer side 20, the centre of mass is within half a pixel of (14, 14), the
//! aspect ratio is kept, and area averaging conserves ink (× scale²).
#![cfg(not(target_arch = "wasm32"))] // Native tests; tests/web.rs runs in the browser.

use vae_playground::input::preprocess::{
    BOX_SIDE, INK_THRESHOLD, PreprocessError, Preprocessed, SIDE, preprocess_gray, preprocess_rgba, preprocess_strokes,
};
use vae_playground::input::raster::{MAX_SIDE, RasterError, rasterize_strokes, split_strokes};

const CANVAS: usize = 280;

/// How far from (14, 14) whole-pixel centring may leave the centre of mass: half a pixel, reached
/// exactly by a symmetric patch of even side (9.5 + 4.5 = 14 ± 0.5), plus float rounding.
const HALF_PIXEL: f64 = 0.5 + 1e-5;

/// `(left, top, width, height)` of the pixels with more ink than `threshold`.
fn ink_bounds(image: &[f32], width: usize, threshold: f32) -> Option<(usize, usize, usize, usize)> {
    let inked: Vec<(usize, usize)> =
        image.iter().enumerate().filter(|&(_, &v)| v > threshold).map(|(i, _)| (i % width, i / width)).collect();
    let left = inked.iter().map(|p| p.0).min()?;
    let top = inked.iter().map(|p| p.1).min()?;
    let right = inked.iter().map(|p| p.0).max()?;
    let bottom = inked.iter().map(|p| p.1).max()?;
    Some((left, top, right - left + 1, bottom - top + 1))
}

/// An independent centre of mass, `(x, y)` = (column, row) weighted by ink.
fn mass_centre(image: &[f32], width: usize) -> (f64, f64) {
    let total: f64 = image.iter().map(|&v| v as f64).sum();
    let x: f64 = image.iter().enumerate().map(|(i, &v)| v as f64 * (i % width) as f64).sum();
    let y: f64 = image.iter().enumerate().map(|(i, &v)| v as f64 * (i / width) as f64).sum();
    (x / total, y / total)
}

/// Ink of `image` inside the result's bounding box, clamped as the preprocessor reads it.
fn cropped_ink(image: &[f32], width: usize, result: &Preprocessed) -> f64 {
    let b = result.bounding_box;
    (b.y..b.y + b.height)
        .flat_map(|y| (b.x..b.x + b.width).map(move |x| y * width + x))
        .map(|i| image[i].clamp(0.0, 1.0) as f64)
        .sum()
}

/// Everything every framed digit must satisfy, whatever was drawn.
fn assert_framed_like_mnist(result: &Preprocessed) {
    assert_eq!(result.pixels.len(), SIDE * SIDE);
    assert!(result.pixels.iter().all(|v| (0.0..=1.0).contains(v)));
    let (x, y) = mass_centre(&result.pixels, SIDE);
    assert!((x - 14.0).abs() <= HALF_PIXEL && (y - 14.0).abs() <= HALF_PIXEL, "centre of mass ({x}, {y})");
    let (reported_x, reported_y) = result.centre_of_mass;
    assert!((reported_x as f64 - x).abs() < 1e-3 && (reported_y as f64 - y).abs() < 1e-3);
    // Every row and column of the patch holds some of the crop's ink, so with threshold 0 the
    // framed ink spans exactly the patch: longer side 20. (Above INK_THRESHOLD, an edge pixel that
    // averages a little ink with paper may fall below it, so that box can be a pixel or two less.)
    let (left, top, width, height) = ink_bounds(&result.pixels, SIDE, 0.0).unwrap();
    assert_eq!(width.max(height), BOX_SIDE, "ink spans {width}×{height}");
    assert_eq!((left as i32, top as i32), result.offset, "the patch's corner is where the ink starts");
    let (_, _, width, height) = ink_bounds(&result.pixels, SIDE, INK_THRESHOLD).unwrap();
    assert!((BOX_SIDE - 2..=BOX_SIDE).contains(&width.max(height)), "ink above threshold spans {width}×{height}");
}

/// Framed ink plus clipped ink equals the cropped source ink times scale², within `tolerance`.
fn assert_ink_conserved(source: &[f32], width: usize, result: &Preprocessed, tolerance: f64) {
    let framed: f64 = result.pixels.iter().map(|&v| v as f64).sum::<f64>() + result.clipped_ink as f64;
    let expected = cropped_ink(source, width, result) * (result.scale as f64).powi(2);
    assert!((framed - expected).abs() <= tolerance * expected, "framed {framed} vs scaled source {expected}");
}

/// A thick "7" in the bottom-right corner of a 280×280 canvas, about 140 pixels across.
fn corner_seven() -> Vec<f32> {
    let bar: &[f32] = &[130.0, 135.0, 265.0, 135.0];
    let stem: &[f32] = &[265.0, 135.0, 225.0, 205.0, 190.0, 272.0];
    rasterize_strokes(&[bar, stem], CANVAS, CANVAS, 16.0).unwrap()
}

#[test]
fn oversized_off_centre_seven_fits_the_box_and_is_centred() {
    let ink = corner_seven();
    let result = preprocess_gray(&ink, CANVAS, CANVAS).unwrap();
    let (left, top, width, height) = ink_bounds(&ink, CANVAS, INK_THRESHOLD).unwrap();
    let b = result.bounding_box;
    assert_eq!((b.x, b.y, b.width, b.height), (left, top, width, height));
    assert!((result.scale - 20.0 / width.max(height) as f32).abs() < 1e-6);
    assert_framed_like_mnist(&result);
    assert_eq!(result.clipped_ink, 0.0);
}

#[test]
fn tall_thin_one_keeps_its_aspect_ratio() {
    let ink = rasterize_strokes(&[&[60.0, 30.0, 62.0, 250.0]], CANVAS, CANVAS, 12.0).unwrap();
    let result = preprocess_gray(&ink, CANVAS, CANVAS).unwrap();
    assert_framed_like_mnist(&result);
    let (_, _, width, height) = ink_bounds(&result.pixels, SIDE, 0.0).unwrap();
    let b = result.bounding_box;
    let scaled_width = b.width as f32 * 20.0 / b.height as f32;
    assert_eq!(height, 20);
    assert_eq!(width, scaled_width.ceil() as usize, "source {}×{}", b.width, b.height);
    assert!(width <= 3);
}

#[test]
fn wide_dash_keeps_its_aspect_ratio() {
    let ink = rasterize_strokes(&[&[40.0, 100.0, 240.0, 100.0]], CANVAS, CANVAS, 30.0).unwrap();
    let result = preprocess_gray(&ink, CANVAS, CANVAS).unwrap();
    assert_framed_like_mnist(&result);
    let (_, _, width, height) = ink_bounds(&result.pixels, SIDE, 0.0).unwrap();
    let b = result.bounding_box;
    assert_eq!(width, 20);
    assert_eq!(height, (b.height as f32 * 20.0 / b.width as f32).ceil() as usize);
}

#[test]
fn area_averaging_conserves_ink() {
    let seven = corner_seven();
    let result = preprocess_gray(&seven, CANVAS, CANVAS).unwrap();
    assert_ink_conserved(&seven, CANVAS, &result, 1e-4);
}

#[test]
fn small_drawing_is_scaled_up_the_same_way() {
    // A "7" about 8 pixels across on a 40×40 image, off-centre.
    let (size, line_width) = (40, 1.5);
    let ink = rasterize_strokes(&[&[3.0, 4.0, 10.0, 4.0, 6.0, 11.0]], size, size, line_width).unwrap();
    let result = preprocess_gray(&ink, size, size).unwrap();
    let b = result.bounding_box;
    assert!(b.width.max(b.height) <= 10 && result.scale >= 2.0, "box {b:?}, scale {}", result.scale);
    assert_framed_like_mnist(&result);
    assert_ink_conserved(&ink, size, &result, 1e-4);
}

#[test]
fn values_outside_zero_to_one_are_clamped() {
    let seven = corner_seven();
    let overdrawn: Vec<f32> = seven.iter().map(|&v| if v > 0.0 { v * 3.0 } else { -1.0 }).collect();
    let clamped: Vec<f32> = overdrawn.iter().map(|v| v.clamp(0.0, 1.0)).collect();
    assert_eq!(preprocess_gray(&overdrawn, CANVAS, CANVAS), preprocess_gray(&clamped, CANVAS, CANVAS));
}

/// The "7" as a canvas stores it, in whole 255ths of coverage, and that coverage as gray ink.
fn seven_in_bytes() -> (Vec<u8>, Vec<f32>) {
    let levels: Vec<u8> = corner_seven().iter().map(|&v| (v * 255.0).round() as u8).collect();
    let gray = levels.iter().map(|&level| level as f32 / 255.0).collect();
    (levels, gray)
}

fn assert_same_framing(a: &Preprocessed, b: &Preprocessed) {
    assert_eq!((a.bounding_box, a.offset, a.scale), (b.bounding_box, b.offset, b.scale));
    let largest_difference = a.pixels.iter().zip(&b.pixels).map(|(p, q)| (p - q).abs()).fold(0.0, f32::max);
    assert!(largest_difference < 1e-5, "pixels differ by up to {largest_difference}");
}

#[test]
fn rgba_dark_on_transparent_matches_gray() {
    let (levels, gray) = seven_in_bytes();
    // Black paint whose alpha is the coverage, on a transparent canvas.
    let rgba: Vec<u8> = levels.iter().flat_map(|&level| [0, 0, 0, level]).collect();
    let from_rgba = preprocess_rgba(&rgba, CANVAS, CANVAS).unwrap();
    assert_same_framing(&from_rgba, &preprocess_gray(&gray, CANVAS, CANVAS).unwrap());
}

#[test]
fn rgba_dark_on_white_matches_gray() {
    let (levels, gray) = seven_in_bytes();
    // Black paint composited over opaque white: every channel darkens with coverage.
    let rgba: Vec<u8> = levels.iter().flat_map(|&level| [255 - level, 255 - level, 255 - level, 255]).collect();
    let from_rgba = preprocess_rgba(&rgba, CANVAS, CANVAS).unwrap();
    assert_same_framing(&from_rgba, &preprocess_gray(&gray, CANVAS, CANVAS).unwrap());
}

/// The "7" of [`corner_seven`] as the page sends it: points, strokes separated by a NaN pair,
/// scaled by `size / 140` about the pad's top-left corner and moved by `(dx, dy)`.
fn seven_points(size: f32, dx: f32, dy: f32) -> Vec<f32> {
    let nan = f32::NAN;
    let flat = [130.0, 135.0, 265.0, 135.0, nan, nan, 265.0, 135.0, 225.0, 205.0, 190.0, 272.0];
    let k = size / 140.0;
    flat.chunks(2)
        .flat_map(|p| if p[0].is_nan() { [nan, nan] } else { [(p[0] - 125.0) * k + dx, (p[1] - 130.0) * k + dy] })
        .collect()
}

/// MNIST's training digits' 5th and 95th percentiles of ink sum (`./build.sh drawn` measures them).
const MNIST_INK_SUM: (f32, f32) = (52.1, 164.3);

#[test]
fn strokes_are_framed_like_mnist_at_any_size_and_place() {
    for (size, dx, dy) in [(60.0, 5.0, 200.0), (140.0, 130.0, 135.0), (270.0, 3.0, 3.0)] {
        let points = seven_points(size, dx, dy);
        let result = preprocess_strokes(&points, CANVAS, CANVAS, 18.0).unwrap();
        assert_framed_like_mnist(&result);
        assert_eq!(result.clipped_ink, 0.0);
        // The box is the points' span, grown by the frame pen's half width (in canvas pixels).
        let b = result.bounding_box;
        assert!(b.width.max(b.height) as f32 >= size * 135.0 / 140.0, "size {size}: box {b:?}");
    }
}

#[test]
fn stroke_thickness_does_not_depend_on_the_drawing_size() {
    let ink_sum = |size: f32| {
        preprocess_strokes(&seven_points(size, 10.0, 10.0), CANVAS, CANVAS, 18.0).unwrap().pixels.iter().sum::<f32>()
    };
    let sums: Vec<f32> = [40.0, 60.0, 100.0, 160.0, 220.0, 270.0].map(ink_sum).to_vec();
    let (low, high) = (sums.iter().cloned().fold(f32::MAX, f32::min), sums.iter().cloned().fold(0.0, f32::max));
    assert!(high / low < 1.05, "ink sums {sums:?}");
    assert!(sums.iter().all(|s| (MNIST_INK_SUM.0..=MNIST_INK_SUM.1).contains(s)), "ink sums {sums:?}");
    // Rasterised on the pad with its 18 px pen and then shrunk, as before: the ink followed the size.
    let on_the_pad = |size: f32| {
        let ink = rasterize_strokes(&split_strokes(&seven_points(size, 10.0, 10.0)), CANVAS, CANVAS, 18.0).unwrap();
        preprocess_gray(&ink, CANVAS, CANVAS).unwrap().pixels.iter().sum::<f32>()
    };
    assert!(on_the_pad(60.0) > 2.0 * on_the_pad(270.0), "the old way's ink did depend on the size");
}

#[test]
fn strokes_keep_mnist_like_grey_edges() {
    // A horizontal bar drawn in the frame is two full rows and a partly covered one (2.4 px pen),
    // not a one-pixel line nor a thick slab.
    let result = preprocess_strokes(&seven_points(140.0, 70.0, 70.0), CANVAS, CANVAS, 18.0).unwrap();
    let solid = result.pixels.iter().filter(|&&v| v > 0.5).count() as f32 / 784.0;
    let grey = result.pixels.iter().filter(|&&v| v > 0.0 && v < 0.9).count();
    assert!((0.068..=0.212).contains(&solid), "fraction of pixels above 0.5: {solid}");
    assert!(grey >= 10, "{grey} anti-aliased pixels");
}

#[test]
fn a_tap_or_a_tiny_scribble_is_too_small_to_be_a_digit() {
    let too_small = |points: &[f32]| match preprocess_strokes(points, CANVAS, CANVAS, 18.0) {
        Err(error @ PreprocessError::TooSmall { .. }) => error.to_string(),
        other => panic!("{points:?} gave {other:?}"),
    };
    let message = too_small(&[140.0, 140.0]);
    assert!(message.contains("too small to be a digit"), "{message}");
    too_small(&[140.0, 140.0, 141.0, 140.5, 140.0, 141.0]); // a tap that moved a pixel
    too_small(&[100.0, 100.0, 120.0, 110.0, f32::NAN, f32::NAN, 105.0, 120.0]); // a 20 px scribble
    // Twice the pen width is enough; the limit scales with the pen.
    assert!(preprocess_strokes(&[100.0, 100.0, 100.0, 137.0], CANVAS, CANVAS, 18.0).is_ok());
    assert!(preprocess_strokes(&[100.0, 100.0, 100.0, 120.0], CANVAS, CANVAS, 5.0).is_ok());
    // Points entirely off the pad are not a drawing at all.
    assert_empty(preprocess_strokes(&[-50.0, -50.0, -10.0, -60.0], CANVAS, CANVAS, 18.0));
}

#[test]
fn strokes_off_the_pad_are_cut_at_its_edge() {
    // A bar running off the right edge frames like the bar that stops at the edge.
    let off = preprocess_strokes(
        &[100.0, 50.0, 400.0, 50.0, f32::NAN, f32::NAN, 200.0, 50.0, 200.0, 150.0],
        CANVAS,
        CANVAS,
        18.0,
    );
    let cut = preprocess_strokes(
        &[100.0, 50.0, 280.0, 50.0, f32::NAN, f32::NAN, 200.0, 50.0, 200.0, 150.0],
        CANVAS,
        CANVAS,
        18.0,
    );
    assert_eq!(off.unwrap(), cut.unwrap());
}

#[test]
fn any_dark_pen_colour_gives_full_ink() {
    let (levels, gray) = seven_in_bytes();
    let black = preprocess_gray(&gray, CANVAS, CANVAS).unwrap();
    // The page's pen colour and a dark red, painted with the coverage as alpha on a transparent canvas.
    for colour in [[27u8, 35, 51], [120, 0, 0]] {
        let rgba: Vec<u8> = levels.iter().flat_map(|&level| [colour[0], colour[1], colour[2], level]).collect();
        let result = preprocess_rgba(&rgba, CANVAS, CANVAS).unwrap();
        let darkest = result.pixels.iter().cloned().fold(0.0, f32::max);
        assert!(darkest > 0.999, "{colour:?}: darkest {darkest}");
        assert_same_framing(&result, &black);
    }
    // A faint grey smear is not blown up into full ink.
    let faint: Vec<u8> = levels.iter().flat_map(|&level| [0, 0, 0, level / 8]).collect();
    let result = preprocess_rgba(&faint, CANVAS, CANVAS).unwrap();
    assert!(result.pixels.iter().cloned().fold(0.0, f32::max) < 0.2);
}

#[test]
fn serialises_with_camel_case_names_for_javascript() {
    let result = preprocess_gray(&corner_seven(), CANVAS, CANVAS).unwrap();
    let json = serde_json::to_value(&result).unwrap();
    for name in ["pixels", "boundingBox", "scale", "offset", "centreOfMass", "clippedInk"] {
        assert!(json.get(name).is_some(), "{name} missing from {json}");
    }
}

fn assert_empty(result: Result<Preprocessed, PreprocessError>) {
    let error = result.unwrap_err();
    assert_eq!(error, PreprocessError::Empty);
    assert_eq!(error.to_string(), "the drawing is empty: draw a digit");
}

#[test]
fn empty_canvas_is_empty() {
    assert_empty(preprocess_gray(&vec![0.0; CANVAS * CANVAS], CANVAS, CANVAS));
    assert_empty(preprocess_rgba(&vec![255; 4 * CANVAS * CANVAS], CANVAS, CANVAS)); // opaque white
    assert_empty(preprocess_rgba(&vec![0; 4 * CANVAS * CANVAS], CANVAS, CANVAS)); // transparent
    assert_empty(preprocess_strokes(&[], CANVAS, CANVAS, 16.0));
}

#[test]
fn stray_tap_and_faint_smudge_are_empty() {
    let mut tap = vec![0.0; CANVAS * CANVAS];
    tap[100 * CANVAS + 100] = 1.0;
    tap[101 * CANVAS + 101] = 1.0;
    assert_empty(preprocess_gray(&tap, CANVAS, CANVAS));
    // Spread out but with less than one pixel's worth of ink.
    let mut smudge = vec![0.0; CANVAS * CANVAS];
    for x in 50..60 {
        smudge[80 * CANVAS + x] = 0.06;
    }
    assert_empty(preprocess_gray(&smudge, CANVAS, CANVAS));
}

#[test]
fn malformed_input_is_its_own_error_with_numbers() {
    let gray = preprocess_gray(&[0.0; 10], 4, 3).unwrap_err();
    assert_eq!(gray, PreprocessError::WrongInkLength { width: 4, height: 3, expected: 12, actual: 10 });
    assert!(gray.to_string().contains("10") && gray.to_string().contains("12"), "{gray}");

    let rgba = preprocess_rgba(&[0; 12], 4, 3).unwrap_err();
    assert_eq!(rgba, PreprocessError::WrongRgbaLength { width: 4, height: 3, expected: 48, actual: 12 });
    assert!(rgba.to_string().contains("48"), "{rgba}");

    let mut ink = vec![0.0; 12];
    ink[6] = f32::NAN;
    let nan = preprocess_gray(&ink, 4, 3).unwrap_err();
    assert!(matches!(nan, PreprocessError::NonFiniteInk { row: 1, column: 2, value } if value.is_nan()), "{nan:?}");
    ink[6] = f32::NEG_INFINITY;
    assert!(matches!(preprocess_gray(&ink, 4, 3), Err(PreprocessError::NonFiniteInk { row: 1, column: 2, .. })));

    let zero = preprocess_gray(&[], 0, 5).unwrap_err();
    assert_eq!(zero, PreprocessError::ZeroSize { width: 0, height: 5 });
    assert_eq!(preprocess_rgba(&[], 5, 0).unwrap_err(), PreprocessError::ZeroSize { width: 5, height: 0 });

    // Checked before the buffer length, so an absurd size cannot overflow width × height.
    let huge = preprocess_gray(&[], usize::MAX, 2).unwrap_err();
    assert_eq!(huge, PreprocessError::TooLarge { width: usize::MAX, height: 2 });
    assert_eq!(
        preprocess_rgba(&[], 2, MAX_SIDE + 1).unwrap_err(),
        PreprocessError::TooLarge { width: 2, height: MAX_SIDE + 1 }
    );

    let odd = preprocess_strokes(&[1.0, 2.0, 3.0], 10, 10, 2.0).unwrap_err();
    assert_eq!(odd, PreprocessError::Raster(RasterError::OddStroke { stroke: 0, values: 3 }));

    for error in [gray, rgba, nan, zero, huge, odd] {
        assert!(!error.to_string().is_empty());
    }
}

/// A 64-bit linear congruential generator (Knuth's MMIX constants): reproducible, no dependency.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> usize {
        (self.next() % n) as usize
    }

    fn float(&mut self, low: f32, high: f32) -> f32 {
        low + (high - low) * (self.next() as f32 / (1u64 << 31) as f32)
    }

    /// Mostly ordinary values, sometimes wild ones.
    fn value(&mut self) -> f32 {
        match self.below(40) {
            0 => f32::NAN,
            1 => f32::INFINITY,
            2 => -1e30,
            3 => 1e30,
            _ => self.float(-0.5, 1.5),
        }
    }
}

#[test]
fn random_input_never_panics() {
    let mut rng = Lcg(2024);
    let mut framed = [0; 3]; // successes of the gray, RGBA and strokes paths
    for _ in 0..3000 {
        let (width, height) = (rng.below(50), rng.below(50));
        // Usually the right length, sometimes not.
        let len = if rng.below(10) == 0 { rng.below(3000) } else { width * height };
        let sparse = rng.below(2) == 0;
        let ink: Vec<f32> = (0..len).map(|_| if sparse && rng.below(10) > 0 { 0.0 } else { rng.value() }).collect();
        framed[0] += check_if_ok(preprocess_gray(&ink, width, height));

        let rgba_len = if rng.below(10) == 0 { rng.below(10_000) } else { 4 * len };
        let rgba: Vec<u8> = (0..rgba_len).map(|_| rng.next() as u8).collect();
        framed[1] += check_if_ok(preprocess_rgba(&rgba, width, height));

        let points: Vec<f32> =
            (0..rng.below(40)).map(|_| if rng.below(8) == 0 { rng.value() } else { rng.float(-10.0, 60.0) }).collect();
        framed[2] += check_if_ok(preprocess_strokes(&points, width, height, rng.float(-1.0, 20.0)));
    }
    // The loop must reach the framing code on every path, not only the input checks.
    assert!(framed.iter().all(|&count| count > 100), "framed {framed:?} of 3000");
}

/// Checks a result's invariants; 1 if it was framed, 0 if it was a (well-formed) error.
fn check_if_ok(result: Result<Preprocessed, PreprocessError>) -> usize {
    match result {
        Ok(framed) => {
            assert_eq!(framed.pixels.len(), SIDE * SIDE);
            assert!(framed.pixels.iter().all(|v| (0.0..=1.0).contains(v)));
            if framed.clipped_ink == 0.0 {
                let (x, y) = framed.centre_of_mass;
                let off_centre = (x as f64 - 14.0).abs().max((y as f64 - 14.0).abs());
                assert!(off_centre <= HALF_PIXEL, "{framed:?}");
            }
            1
        }
        Err(error) => {
            assert!(!error.to_string().is_empty());
            0
        }
    }
}
