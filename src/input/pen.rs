//! Traced strokes → pointer events on the drawing pad, as a person's hand would make them: the
//! path smoothed, placed at a chosen size and position, wobbling a little, and sampled at the
//! uneven spacing of pointer events (a pen slows down where a stroke starts and ends). The output
//! is the page's wire format (see [`crate::input::raster::split_strokes`]), ready for
//! [`crate::input::preprocess::preprocess_strokes`]. Used by the drawn-digit benchmark.

use rand::{Rng, RngExt};

use crate::input::skeleton::{Stroke, path_length};

/// How a hand draws on the pad. Lengths are in pad pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PenConfig {
    /// Side of the square pad (the page's is 280).
    pub pad_side: f32,
    /// Nearest a point may come to the pad's edge (the page's pen is 18 wide, so 9 keeps its ink on the pad).
    pub margin: f32,
    /// Pointer events per second.
    pub events_per_second: f32,
    /// Range of a stroke's top speed, in pad heights of the drawing per second.
    pub speed: (f32, f32),
    /// Slow-wobble amplitude, as a fraction of the drawing's height.
    pub wobble: f32,
    /// Per-event noise (standard deviation of each coordinate).
    pub noise: f32,
}

impl Default for PenConfig {
    fn default() -> Self {
        PenConfig {
            pad_side: 280.0,
            margin: 10.0,
            events_per_second: 60.0,
            speed: (1.5, 4.0), // a 160 px digit: 240–640 px/s, each stroke at its own pace
            wobble: 0.012,
            noise: 0.3,
        }
    }
}

/// The strokes (in any units, y down) drawn `height` pad pixels tall at a random position on the
/// pad (smaller if the digit would be wider than the pad), as pointer events in the page's wire
/// format: `[x0, y0, x1, y1, …, NaN, NaN, …]`. Empty if there are no strokes.
pub fn draw_on_pad(strokes: &[Stroke], height: f32, config: &PenConfig, rng: &mut impl Rng) -> Vec<f32> {
    let points = strokes.iter().flatten();
    let (Some(left), Some(right)) =
        (points.clone().map(|p| p.0).reduce(f32::min), points.clone().map(|p| p.0).reduce(f32::max))
    else {
        return Vec::new();
    };
    let top = points.clone().map(|p| p.1).fold(f32::INFINITY, f32::min);
    let bottom = points.map(|p| p.1).fold(f32::NEG_INFINITY, f32::max);
    let room = config.pad_side - 2.0 * config.margin;
    let scale = (height / (bottom - top).max(1e-3)).min(room / (right - left).max(1e-3));
    let (drawn_width, drawn_height) = ((right - left) * scale, (bottom - top) * scale);
    let origin = (
        config.margin + rng.random::<f32>() * (room - drawn_width).max(0.0),
        config.margin + rng.random::<f32>() * (room - drawn_height).max(0.0),
    );
    let place = |p: &(f32, f32)| (origin.0 + (p.0 - left) * scale, origin.1 + (p.1 - top) * scale);

    let mut flat = Vec::new();
    for stroke in strokes {
        let placed: Stroke = smooth(stroke).iter().map(place).collect();
        let events = pointer_events(&placed, drawn_height.max(drawn_width), config, rng);
        if !flat.is_empty() {
            flat.extend([f32::NAN, f32::NAN]);
        }
        let edge = (0.0, config.pad_side);
        flat.extend(events.iter().flat_map(|&(x, y)| [x.clamp(edge.0, edge.1), y.clamp(edge.0, edge.1)]));
    }
    flat
}

/// A three-point moving average, twice, with the ends kept: takes the staircase out of a traced path.
fn smooth(stroke: &[(f32, f32)]) -> Stroke {
    let mut points = stroke.to_vec();
    for _ in 0..2 {
        if points.len() < 3 {
            break;
        }
        let mut next = points.clone();
        for i in 1..points.len() - 1 {
            next[i] = (
                (points[i - 1].0 + points[i].0 + points[i + 1].0) / 3.0,
                (points[i - 1].1 + points[i].1 + points[i + 1].1) / 3.0,
            );
        }
        points = next;
    }
    points
}

/// The positions a pointer reports while tracing `path` (pad pixels) at a speed that rises from
/// the stroke's start and falls towards its end, with a slow wobble and per-event noise. The first
/// and last points are always reported; a one-point path is a tap.
fn pointer_events(path: &[(f32, f32)], size: f32, config: &PenConfig, rng: &mut impl Rng) -> Stroke {
    let length = path_length(path);
    let mut arc = Vec::new(); // arc-length positions of the events
    if length > 0.0 {
        let top_speed = size * (config.speed.0 + rng.random::<f32>() * (config.speed.1 - config.speed.0));
        let mut at = 0.0;
        while at < length {
            arc.push(at);
            let progress = at / length;
            let ease = 0.3 + 0.7 * (std::f32::consts::PI * progress).sin(); // slow at both ends
            at += (top_speed * ease / config.events_per_second).max(0.5);
        }
    }
    arc.push(length);
    // A wobble of two slow waves along the stroke, random phase and direction.
    let amplitude = config.wobble * size;
    let waves: [(f32, f32, f32); 2] = std::array::from_fn(|_| {
        (
            rng.random::<f32>() * std::f32::consts::TAU,
            1.0 / (40.0 + rng.random::<f32>() * 80.0),
            rng.random::<f32>() * std::f32::consts::TAU,
        )
    });
    arc.iter()
        .map(|&s| {
            let (x, y) = point_at(path, s);
            let (mut dx, mut dy) = (gaussian(rng) * config.noise, gaussian(rng) * config.noise);
            for &(phase, frequency, direction) in &waves {
                let offset = amplitude * (phase + std::f32::consts::TAU * frequency * s).sin();
                dx += offset * direction.cos();
                dy += offset * direction.sin();
            }
            (x + dx, y + dy)
        })
        .collect()
}

/// The point at arc length `s` along `path` (clamped to its ends).
fn point_at(path: &[(f32, f32)], mut s: f32) -> (f32, f32) {
    for pair in path.windows(2) {
        let length = (pair[1].0 - pair[0].0).hypot(pair[1].1 - pair[0].1);
        if s <= length && length > 0.0 {
            let t = s / length;
            return (pair[0].0 + t * (pair[1].0 - pair[0].0), pair[0].1 + t * (pair[1].1 - pair[0].1));
        }
        s -= length;
    }
    *path.last().expect("a path has points")
}

/// A draw from N(0, 1) (Box–Muller).
fn gaussian(rng: &mut impl Rng) -> f32 {
    let u: f32 = rng.random::<f32>().max(1e-7);
    let v: f32 = rng.random();
    (-2.0 * u.ln()).sqrt() * (std::f32::consts::TAU * v).cos()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::raster::split_strokes;
    use crate::nn::rng::seeded;

    #[test]
    fn a_digit_is_drawn_at_the_asked_height_on_the_pad() {
        let seven: Vec<Stroke> = vec![vec![(5.0, 5.0), (20.0, 5.0), (12.0, 24.0)], vec![(8.0, 14.0), (17.0, 14.0)]];
        let config = PenConfig::default();
        for height in [60.0, 160.0, 260.0] {
            let flat = draw_on_pad(&seven, height, &config, &mut seeded(height as u64));
            let strokes = split_strokes(&flat);
            assert_eq!(strokes.len(), 2);
            let ys: Vec<f32> = flat.chunks(2).filter(|p| !p[1].is_nan()).map(|p| p[1]).collect();
            let span = ys.iter().cloned().fold(f32::MIN, f32::max) - ys.iter().cloned().fold(f32::MAX, f32::min);
            assert!((span - height).abs() < 0.1 * height, "asked {height}, drew {span}");
            assert!(flat.iter().filter(|v| !v.is_nan()).all(|&v| (0.0..=280.0).contains(&v)));
            // Pointer events, not a handful of corners: a few pixels apart.
            assert!(strokes[0].len() / 2 > 5, "{} events", strokes[0].len() / 2);
        }
    }

    #[test]
    fn the_same_seed_draws_the_same_path() {
        let one: Vec<Stroke> = vec![vec![(0.0, 0.0), (0.0, 10.0)]];
        let config = PenConfig::default();
        let a = draw_on_pad(&one, 100.0, &config, &mut seeded(3));
        let b = draw_on_pad(&one, 100.0, &config, &mut seeded(3));
        assert_eq!(a, b);
        assert!(draw_on_pad(&[], 100.0, &config, &mut seeded(3)).is_empty());
    }
}
