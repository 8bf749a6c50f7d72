//! An image dropped into the Train view → the model's input, whichever tone its ink is.
//!
//! The page's canvas is dark ink on a light or transparent background, and [`preprocess_rgba`]
//! reads it so. A file may be the other way round (chalk on a blackboard, a white glyph on black,
//! a white logo on transparency), so here the image itself says which tone is ink:
//!
//! 1. Each pixel's luminance `L = (0.299 R + 0.587 G + 0.114 B) / 255` and opacity `a = A / 255`.
//! 2. The background is what lies along the border (a ring [`ring_width`] pixels deep): the median
//!    luminance of its opaque pixels (`a ≥ 0.5`). If most of the ring is transparent, the
//!    background is transparency, and the ink is the tone of the opaque pixels (their median): a
//!    light one is read as ink on black, a dark one as ink on white.
//! 3. Every pixel is laid over that background (`L' = a·L + (1 − a)·B`, so transparent pixels are
//!    background), and its ink is how far it stands from the background towards the other tone:
//!    `B − L'` on a light background, `L' − B` on a dark one.
//! 4. If the strongest ink is at least [`DARK_PEN`] from the background, ink is rescaled so that
//!    it reaches 1 and the weakest [`NOISE_FLOOR`] of that range (paper grain, JPEG ringing) is 0;
//!    a fainter image is left as it is, so noise is not blown up into strokes.
//! 5. The ink is framed as an MNIST digit ([`preprocess_gray`]).
//!
//! Light-on-dark and dark-on-light versions of one image give the same input.
//!
//! [`preprocess_rgba`]: crate::input::preprocess::preprocess_rgba

use serde::Serialize;

use crate::input::preprocess::{DARK_PEN, PreprocessError, Preprocessed, preprocess_gray};
use crate::input::raster::MAX_SIDE;

/// The share of the ink's range below which ink counts as background noise (step 4).
pub const NOISE_FLOOR: f32 = 0.15;

/// Which tone was read as ink.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Polarity {
    /// Dark ink on a light (or transparent) background, like the page's pad and MNIST's scans.
    DarkOnLight,
    /// Light ink on a dark (or transparent) background: read as its inverse.
    LightOnDark,
}

/// An image framed as an MNIST digit, and how its ink was read.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImageInput {
    #[serde(flatten)]
    pub preprocessed: Preprocessed,
    pub polarity: Polarity,
    /// Whether the border was mostly transparent (the ink's tone then came from the opaque pixels).
    pub transparent_background: bool,
    /// The background's luminance in [0, 1] (0 or 1 for a transparent one).
    pub background: f32,
}

/// The border ring's depth for a `width × height` image: 1 pixel, or a 32nd of the shorter side.
pub fn ring_width(width: usize, height: usize) -> usize {
    (width.min(height) / 32).max(1)
}

/// An image's `(height × width × 4)` RGBA bytes, any polarity, framed as an MNIST digit (see the
/// module's steps).
///
/// # Shapes
/// `rgba`: `(height × width × 4)` row-major, bytes R, G, B, A per pixel.
pub fn preprocess_image(rgba: &[u8], width: usize, height: usize) -> Result<ImageInput, PreprocessError> {
    if width == 0 || height == 0 {
        return Err(PreprocessError::ZeroSize { width, height });
    }
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(PreprocessError::TooLarge { width, height });
    }
    let expected = 4 * width * height;
    if rgba.len() != expected {
        return Err(PreprocessError::WrongRgbaLength { width, height, expected, actual: rgba.len() });
    }
    let pixels = || rgba.chunks_exact(4).map(|p| (luminance(p), f32::from(p[3]) / 255.0));

    // Step 2: the border's opaque pixels, as a histogram of luminance (no copy of a large image).
    let ring = ring_width(width, height);
    let on_ring = |index: usize| {
        let (x, y) = (index % width, index / width);
        x < ring || y < ring || x + ring >= width || y + ring >= height
    };
    let (mut ring_histogram, mut ring_pixels) = ([0u64; 256], 0u64);
    for (_, (l, a)) in pixels().enumerate().filter(|&(index, _)| on_ring(index)) {
        ring_pixels += 1;
        if a >= 0.5 {
            ring_histogram[bin(l)] += 1;
        }
    }
    let opaque_ring: u64 = ring_histogram.iter().sum();
    let transparent_background = 2 * opaque_ring < ring_pixels;
    let background = if transparent_background {
        let mut content = [0u64; 256];
        pixels().filter(|&(_, a)| a >= 0.5).for_each(|(l, _)| content[bin(l)] += 1);
        match median(&content) {
            Some(tone) if tone >= 0.5 => 0.0, // light ink: read on black
            Some(_) => 1.0,
            None => return Err(PreprocessError::Empty), // nothing opaque at all
        }
    } else {
        median(&ring_histogram).unwrap_or(1.0)
    };
    let polarity = if background >= 0.5 { Polarity::DarkOnLight } else { Polarity::LightOnDark };

    // Step 3: each pixel over the background, its distance from it towards the ink's tone.
    let mut ink: Vec<f32> = pixels()
        .map(|(l, a)| {
            let over = a * l + (1.0 - a) * background;
            match polarity {
                Polarity::DarkOnLight => (background - over).max(0.0),
                Polarity::LightOnDark => (over - background).max(0.0),
            }
        })
        .collect();
    // Step 4.
    let strongest = ink.iter().copied().fold(0.0, f32::max);
    if strongest >= DARK_PEN {
        let floor = NOISE_FLOOR * strongest;
        ink.iter_mut().for_each(|v| *v = ((*v - floor) / (strongest - floor)).clamp(0.0, 1.0));
    }
    let preprocessed = preprocess_gray(&ink, width, height)?;
    Ok(ImageInput { preprocessed, polarity, transparent_background, background })
}

fn luminance(pixel: &[u8]) -> f32 {
    (0.299 * f32::from(pixel[0]) + 0.587 * f32::from(pixel[1]) + 0.114 * f32::from(pixel[2])) / 255.0
}

/// A luminance's bin of 256 (a byte's resolution, what the image has).
fn bin(luminance: f32) -> usize {
    (luminance * 255.0).round().clamp(0.0, 255.0) as usize
}

/// The median luminance of a histogram (the lower middle bin for an even count), or None if empty.
fn median(histogram: &[u64; 256]) -> Option<f32> {
    let count: u64 = histogram.iter().sum();
    if count == 0 {
        return None;
    }
    let middle = (count - 1) / 2;
    let mut seen = 0;
    histogram
        .iter()
        .position(|&n| {
            seen += n;
            seen > middle
        })
        .map(|b| b as f32 / 255.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 60×40 image of a thick ring and a bar, anti-aliased: `tone(ink)` gives each pixel's
    /// RGBA for an ink coverage in [0, 1].
    fn shape(tone: impl Fn(f32) -> [u8; 4]) -> Vec<u8> {
        let (width, height) = (60, 40);
        let mut rgba = Vec::with_capacity(4 * width * height);
        for y in 0..height {
            for x in 0..width {
                let (dx, dy) = (x as f32 - 22.0, y as f32 - 20.0);
                let ring = (1.0 - ((dx.hypot(dy) - 11.0).abs() - 2.5)).clamp(0.0, 1.0);
                let bar = if (40..=46).contains(&x) && (6..=34).contains(&y) { 1.0 } else { 0.0 };
                rgba.extend(tone(ring.max(bar)));
            }
        }
        rgba
    }

    fn grey(value: f32) -> u8 {
        (value * 255.0).round() as u8
    }

    fn same_input(a: &ImageInput, b: &ImageInput) {
        let largest =
            a.preprocessed.pixels.iter().zip(&b.preprocessed.pixels).map(|(p, q)| (p - q).abs()).fold(0.0, f32::max);
        assert!(largest < 0.005, "the inputs differ by up to {largest}"); // bytes round the greys
    }

    #[test]
    fn dark_on_light_and_light_on_dark_give_the_same_input() {
        let dark_ink = preprocess_image(
            &shape(|ink| {
                let v = grey(1.0 - ink);
                [v, v, v, 255]
            }),
            60,
            40,
        )
        .unwrap();
        let light_ink = preprocess_image(
            &shape(|ink| {
                let v = grey(ink);
                [v, v, v, 255]
            }),
            60,
            40,
        )
        .unwrap();
        assert_eq!((dark_ink.polarity, light_ink.polarity), (Polarity::DarkOnLight, Polarity::LightOnDark));
        same_input(&dark_ink, &light_ink);
        // Grey paper with dark grey ink, and its negative: the same again.
        let paper = preprocess_image(
            &shape(|ink| {
                let v = grey(0.85 - 0.6 * ink);
                [v, v, v, 255]
            }),
            60,
            40,
        )
        .unwrap();
        let slate = preprocess_image(
            &shape(|ink| {
                let v = grey(0.15 + 0.6 * ink);
                [v, v, v, 255]
            }),
            60,
            40,
        )
        .unwrap();
        same_input(&paper, &slate);
        same_input(&paper, &dark_ink);
        // A coloured pen: blue ink on white.
        let blue = preprocess_image(&shape(|ink| [grey(1.0 - ink), grey(1.0 - ink), 255, 255]), 60, 40).unwrap();
        assert_eq!(blue.polarity, Polarity::DarkOnLight);
        assert!(blue.preprocessed.pixels.iter().any(|&v| v > 0.99), "its strongest ink is full ink");
    }

    #[test]
    fn on_transparency_the_opaque_pixels_tone_is_the_ink() {
        let white = preprocess_image(&shape(|ink| [255, 255, 255, grey(ink)]), 60, 40).unwrap();
        let black = preprocess_image(&shape(|ink| [0, 0, 0, grey(ink)]), 60, 40).unwrap();
        assert!(white.transparent_background && black.transparent_background);
        assert_eq!((white.polarity, black.polarity), (Polarity::LightOnDark, Polarity::DarkOnLight));
        same_input(&white, &black);
        let opaque = preprocess_image(
            &shape(|ink| {
                let v = grey(1.0 - ink);
                [v, v, v, 255]
            }),
            60,
            40,
        )
        .unwrap();
        same_input(&white, &opaque);
    }

    #[test]
    fn blank_and_bad_images_are_refused() {
        assert_eq!(preprocess_image(&[255; 4 * 60 * 40], 60, 40), Err(PreprocessError::Empty));
        assert_eq!(preprocess_image(&[0; 4 * 60 * 40], 60, 40), Err(PreprocessError::Empty), "all transparent");
        assert!(matches!(preprocess_image(&[0; 12], 2, 2), Err(PreprocessError::WrongRgbaLength { .. })));
        assert!(matches!(preprocess_image(&[], 0, 5), Err(PreprocessError::ZeroSize { .. })));
        assert!(matches!(preprocess_image(&[], 4097, 1), Err(PreprocessError::TooLarge { .. })));
    }

    #[test]
    fn the_median_takes_the_lower_middle() {
        let mut histogram = [0u64; 256];
        histogram[10] = 2;
        histogram[200] = 2;
        assert_eq!(median(&histogram), Some(10.0 / 255.0));
        histogram[200] = 3;
        assert_eq!(median(&histogram), Some(200.0 / 255.0));
        assert_eq!(median(&[0; 256]), None);
    }
}
