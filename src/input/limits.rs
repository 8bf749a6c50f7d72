//! Caps on a drawing, checked before any work is done on it, so that no input (a million points, a
//! line a kilometre wide) can keep the page busy: the worst accepted drawing is rasterised and
//! framed in well under 100 ms (RELIABILITY.md).
//!
//! The canvas side is capped by [`crate::input::raster::MAX_SIDE`]; this module caps the rest.

use thiserror::Error;

/// Most points in one drawing (stroke separators not counted). The page's draw pad keeps at most
/// as many (`MAX_POINTS` in `www/js/ui/draw-pad.js`).
pub const MAX_POINTS: usize = 100_000;

/// Widest accepted line, in canvas pixels: a tenth of the largest canvas side, far beyond any pen.
pub const MAX_LINE_WIDTH: f32 = 400.0;

/// Why a drawing is refused before it is drawn.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum LimitError {
    #[error("the drawing has {found} points: at most {max} are accepted")]
    TooManyPoints { found: usize, max: usize },
    #[error("the line width is {found} pixels: at most {max} is accepted")]
    LineTooWide { found: f32, max: f32 },
}

/// Checks a drawing in the page's wire format (`[x0, y0, …]`, strokes separated by a `(NaN, NaN)`
/// pair, see [`crate::input::raster::split_strokes`]) against [`MAX_POINTS`] and
/// [`MAX_LINE_WIDTH`]. Other faults (odd lengths, non-finite points, a bad width) are the
/// rasteriser's to report.
///
/// # Shapes
/// `flat`: `(2 × points + 2 × separators)`.
pub fn check_drawing(flat: &[f32], line_width: f32) -> Result<(), LimitError> {
    if line_width > MAX_LINE_WIDTH {
        return Err(LimitError::LineTooWide { found: line_width, max: MAX_LINE_WIDTH });
    }
    // Cheap first: even counting every value as a point, few enough.
    if flat.len() / 2 > MAX_POINTS {
        let found = flat.chunks(2).filter(|pair| !(pair.len() == 2 && pair[0].is_nan() && pair[1].is_nan())).count();
        if found > MAX_POINTS {
            return Err(LimitError::TooManyPoints { found, max: MAX_POINTS });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_do_not_count_as_points() {
        let mut flat = Vec::new();
        for _ in 0..MAX_POINTS {
            flat.extend([1.0, 2.0, f32::NAN, f32::NAN]);
        }
        assert_eq!(check_drawing(&flat, 18.0), Ok(()));
        flat.extend([3.0, 4.0]);
        assert_eq!(check_drawing(&flat, 18.0), Err(LimitError::TooManyPoints { found: MAX_POINTS + 1, max: MAX_POINTS }));
    }

    #[test]
    fn a_line_wider_than_the_cap_is_refused() {
        assert!(check_drawing(&[1.0, 1.0], MAX_LINE_WIDTH).is_ok());
        assert!(matches!(check_drawing(&[1.0, 1.0], 1e30), Err(LimitError::LineTooWide { .. })));
        assert!(matches!(check_drawing(&[1.0, 1.0], f32::INFINITY), Err(LimitError::LineTooWide { .. })));
    }
}
