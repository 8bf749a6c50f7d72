//! A digit image → the pen path that could have drawn it: the ink thinned to a one-pixel skeleton
//! (Zhang and Suen, "A fast parallel algorithm for thinning digital patterns", CACM 27(3), 1984),
//! then traced into ordered strokes. The drawn-digit benchmark (`src/bin/drawn.rs`) draws MNIST's
//! test digits again through these paths, as a person would draw them on the pad, without anyone
//! labelling a drawing by hand.
//!
//! Coordinates are those of the source image's pixel indices: pixel (row r, column c) is the point
//! (x, y) = (c, r), as in [`crate::input::preprocess`].

/// How many times finer than the source the skeleton is found: thinning a 28×28 digit directly
/// gives a staircase path; on a 3× bilinear upsampling the path follows the stroke's middle.
pub const UPSAMPLING: usize = 3;

/// Source ink above this is inside a stroke.
pub const STROKE_THRESHOLD: f32 = 0.4;

/// Strokes shorter than this (in source pixels) are left out when longer ones exist: they are the
/// crumbs that thinning leaves at junctions, not anything a person drew.
const MIN_STROKE_LENGTH: f32 = 1.0;

/// A traced pen path: points `(x, y)` in source pixel coordinates, in drawing order.
pub type Stroke = Vec<(f32, f32)>;

/// The strokes that draw the ink of a `width`×`height` grey image (0 paper, 1 ink): upsampled,
/// thresholded at [`STROKE_THRESHOLD`], thinned and traced. Empty for an image without strokes.
///
/// # Shapes
/// `ink`: `(height × width)` row-major.
pub fn image_to_strokes(ink: &[f32], width: usize, height: usize) -> Vec<Stroke> {
    let k = UPSAMPLING;
    let (fine_width, fine_height) = (width * k, height * k);
    let mut binary = vec![false; fine_width * fine_height];
    for row in 0..fine_height {
        for column in 0..fine_width {
            let (x, y) = (to_source(column), to_source(row));
            binary[row * fine_width + column] = bilinear(ink, width, height, x, y) > STROKE_THRESHOLD;
        }
    }
    thin(&mut binary, fine_width, fine_height);
    let strokes: Vec<Stroke> = trace(&binary, fine_width, fine_height)
        .into_iter()
        .map(|stroke| stroke.into_iter().map(|(x, y)| (to_source_f(x), to_source_f(y))).collect())
        .collect();
    let longest = strokes.iter().map(|s| path_length(s)).fold(0.0, f32::max);
    strokes.into_iter().filter(|s| path_length(s) >= MIN_STROKE_LENGTH.min(longest)).collect()
}

/// A fine pixel index → its centre in source pixel-index coordinates.
fn to_source(fine: usize) -> f32 {
    to_source_f(fine as f32)
}

fn to_source_f(fine: f32) -> f32 {
    (fine + 0.5) / UPSAMPLING as f32 - 0.5
}

/// Bilinear interpolation of `ink` at `(x, y)` in pixel-index coordinates; paper outside.
fn bilinear(ink: &[f32], width: usize, height: usize, x: f32, y: f32) -> f32 {
    let at = |column: i64, row: i64| {
        if (0..width as i64).contains(&column) && (0..height as i64).contains(&row) {
            ink[row as usize * width + column as usize]
        } else {
            0.0
        }
    };
    let (left, top) = (x.floor(), y.floor());
    let (fx, fy) = (x - left, y - top);
    let (left, top) = (left as i64, top as i64);
    let upper = at(left, top) * (1.0 - fx) + at(left + 1, top) * fx;
    let lower = at(left, top + 1) * (1.0 - fx) + at(left + 1, top + 1) * fx;
    upper * (1.0 - fy) + lower * fy
}

/// Length of a polyline, in its own units.
pub fn path_length(stroke: &[(f32, f32)]) -> f32 {
    stroke.windows(2).map(|pair| (pair[1].0 - pair[0].0).hypot(pair[1].1 - pair[0].1)).sum()
}

/// The 8 neighbours in Zhang and Suen's order P2…P9: north, then clockwise.
const RING: [(i64, i64); 8] = [(0, -1), (1, -1), (1, 0), (1, 1), (0, 1), (-1, 1), (-1, 0), (-1, -1)];

/// Zhang–Suen thinning in place: removes boundary pixels in two alternating sub-iterations until
/// none can go, leaving a path one pixel wide that keeps the ink's connectivity.
///
/// # Shapes
/// `image`: `(height × width)` row-major, `true` for ink; outside the image is paper.
#[allow(clippy::nonminimal_bool)] // the conditions as the paper writes them: P2·P4·P6 = 0 and P4·P6·P8 = 0, …
pub fn thin(image: &mut [bool], width: usize, height: usize) {
    let at = |image: &[bool], x: i64, y: i64| {
        (0..width as i64).contains(&x) && (0..height as i64).contains(&y) && image[y as usize * width + x as usize]
    };
    loop {
        let mut changed = false;
        for step in 0..2 {
            let mut remove = Vec::new();
            for index in (0..image.len()).filter(|&i| image[i]) {
                let (x, y) = ((index % width) as i64, (index / width) as i64);
                let p: [bool; 8] = RING.map(|(dx, dy)| at(image, x + dx, y + dy));
                let neighbours = p.iter().filter(|&&b| b).count();
                // 0 → 1 transitions around the ring P2, P3, …, P9, P2.
                let transitions = (0..8).filter(|&i| !p[i] && p[(i + 1) % 8]).count();
                let [p2, _, p4, _, p6, _, p8, _] = p;
                let clear = if step == 0 {
                    !(p2 && p4 && p6) && !(p4 && p6 && p8)
                } else {
                    !(p2 && p4 && p8) && !(p2 && p6 && p8)
                };
                if (2..=6).contains(&neighbours) && transitions == 1 && clear {
                    remove.push(index);
                }
            }
            changed |= !remove.is_empty();
            for index in remove {
                image[index] = false;
            }
        }
        if !changed {
            return;
        }
    }
}

/// Traces a one-pixel-wide skeleton into strokes, each a walk along unvisited links between
/// neighbouring pixels, going straight on where it can (as a pen does through a crossing).
/// Walks start at line ends first, then at junctions, then anywhere (closed loops such as a 0).
/// A diagonal link is not used where the two pixels also meet through a shared side neighbour,
/// so the skeleton's corners do not form little triangles. A lone pixel is a one-point stroke.
///
/// # Shapes
/// `skeleton`: `(height × width)` row-major. Returned points are `(x, y)` pixel indices.
pub fn trace(skeleton: &[bool], width: usize, height: usize) -> Vec<Stroke> {
    let set = |x: i64, y: i64| {
        (0..width as i64).contains(&x) && (0..height as i64).contains(&y) && skeleton[y as usize * width + x as usize]
    };
    let links = |index: usize| -> Vec<usize> {
        let (x, y) = ((index % width) as i64, (index / width) as i64);
        RING.iter()
            .filter(|&&(dx, dy)| set(x + dx, y + dy))
            .filter(|&&(dx, dy)| dx == 0 || dy == 0 || !(set(x + dx, y) || set(x, y + dy)))
            .map(|&(dx, dy)| (y + dy) as usize * width + (x + dx) as usize)
            .collect()
    };
    let pixels: Vec<usize> = (0..skeleton.len()).filter(|&i| skeleton[i]).collect();
    let degree = |index: usize| links(index).len();
    let mut starts: Vec<usize> = pixels.iter().copied().filter(|&i| degree(i) == 1).collect();
    starts.extend(pixels.iter().copied().filter(|&i| degree(i) >= 3));
    starts.extend(pixels.iter().copied().filter(|&i| degree(i) == 2));

    let mut visited = std::collections::HashSet::new();
    let key = |a: usize, b: usize| (a.min(b), a.max(b));
    let point = |index: usize| ((index % width) as f32, (index / width) as f32);
    let mut strokes = Vec::new();
    for &start in &starts {
        loop {
            let mut current = start;
            let mut heading: Option<(f32, f32)> = None;
            let mut stroke = vec![point(start)];
            while let Some(next) =
                links(current).into_iter().filter(|&n| !visited.contains(&key(current, n))).max_by(|&a, &b| {
                    straightness(heading, point(current), point(a)).total_cmp(&straightness(
                        heading,
                        point(current),
                        point(b),
                    ))
                })
            {
                visited.insert(key(current, next));
                let (from, to) = (point(current), point(next));
                heading = Some((to.0 - from.0, to.1 - from.1));
                stroke.push(to);
                current = next;
            }
            if stroke.len() == 1 {
                break;
            }
            strokes.push(stroke);
        }
    }
    strokes.extend(pixels.iter().filter(|&&i| degree(i) == 0).map(|&i| vec![point(i)]));
    strokes
}

/// Cosine between the current heading and the step to `next` (1 straight on); 0 with no heading.
fn straightness(heading: Option<(f32, f32)>, from: (f32, f32), next: (f32, f32)) -> f32 {
    let step = (next.0 - from.0, next.1 - from.1);
    heading.map_or(0.0, |h| (h.0 * step.0 + h.1 * step.1) / (h.0.hypot(h.1) * step.0.hypot(step.1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(rows: &[&str]) -> (Vec<bool>, usize, usize) {
        let width = rows[0].len();
        (rows.iter().flat_map(|r| r.chars().map(|c| c == '#')).collect(), width, rows.len())
    }

    #[test]
    fn a_thick_bar_thins_to_a_line_one_pixel_wide() {
        let (mut bar, width, height) = image(&["..........", ".########.", ".########.", ".########.", ".........."]);
        thin(&mut bar, width, height);
        let columns: Vec<usize> = (0..width).filter(|&x| (0..height).any(|y| bar[y * width + x])).collect();
        assert!(columns.len() >= 5, "the line keeps most of the bar's length: {columns:?}");
        for x in columns {
            assert_eq!((0..height).filter(|&y| bar[y * width + x]).count(), 1, "column {x} is one pixel wide");
        }
    }

    #[test]
    fn a_line_is_one_stroke_end_to_end_and_a_ring_is_closed() {
        let (line, width, height) = image(&["......", ".####.", "......"]);
        let strokes = trace(&line, width, height);
        assert_eq!(strokes, vec![vec![(1.0, 1.0), (2.0, 1.0), (3.0, 1.0), (4.0, 1.0)]]);
        let (ring, width, height) = image(&[".###.", "#...#", "#...#", ".###."]);
        let strokes = trace(&ring, width, height);
        assert_eq!(strokes.len(), 1);
        assert_eq!(strokes[0].first(), strokes[0].last(), "a loop ends where it began");
        assert_eq!(strokes[0].len(), 11, "every one of the 10 links once");
    }

    #[test]
    fn a_cross_is_drawn_as_two_straight_strokes() {
        let (cross, width, height) = image(&["..#..", "..#..", "#####", "..#..", "..#.."]);
        let strokes = trace(&cross, width, height);
        assert_eq!(strokes.len(), 2, "{strokes:?}");
        for stroke in &strokes {
            assert_eq!(stroke.len(), 5);
            let straight = stroke.iter().all(|p| p.0 == stroke[0].0) || stroke.iter().all(|p| p.1 == stroke[0].1);
            assert!(straight, "{stroke:?}");
        }
    }

    #[test]
    fn a_digit_image_becomes_strokes_inside_its_ink() {
        // A thick 7 in a 28×28 image.
        let mut ink = vec![0.0; 28 * 28];
        for x in 6..22 {
            for y in 5..8 {
                ink[y * 28 + x] = 1.0;
            }
        }
        for y in 8..24 {
            for dx in 0..3 {
                ink[y * 28 + 19 - (y - 8) / 2 + dx] = 1.0;
            }
        }
        let strokes = image_to_strokes(&ink, 28, 28);
        assert!(!strokes.is_empty() && strokes.len() <= 3, "{} strokes", strokes.len());
        let total: f32 = strokes.iter().map(|s| path_length(s)).sum();
        assert!((25.0..40.0).contains(&total), "path length {total}");
        for &(x, y) in strokes.iter().flatten() {
            let near = ink[(y.round() as usize) * 28 + x.round() as usize];
            assert!(near > 0.0, "({x}, {y}) is off the ink");
        }
    }
}
