//! A person's own set, made as the page makes one: letters A, B, X and O drawn as pen strokes on
//! the 280 × 280 pad, each with its own jitter (size, slant, position, wobble), and preprocessed
//! by the page's own path (`preprocess_strokes`). None of them is a digit, so mnist-2d has never
//! seen anything like them.

use vae_playground::input::preprocess::preprocess_strokes;
use vae_playground::training::set_file::ImageSet;

/// The pad's side and pen width, as on the page.
const PAD: f32 = 280.0;
const PEN: f32 = 18.0;

/// The shapes' names, in label order.
pub const LETTERS: [&str; 4] = ["A", "B", "X", "O"];

/// splitmix64, so that the set depends on nothing but its seed.
struct Rng(u64);

impl Rng {
    fn unit(&mut self) -> f32 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 40) as f32 / (1u64 << 24) as f32
    }
    /// Uniform in [-max, max].
    fn symmetric(&mut self, max: f32) -> f32 {
        (self.unit() * 2.0 - 1.0) * max
    }
}

/// A letter's strokes in a unit box ([0, 1]², y down): polylines through these corners.
fn skeleton(letter: usize) -> Vec<Vec<(f32, f32)>> {
    match letter {
        0 => vec![vec![(0.1, 1.0), (0.5, 0.0), (0.9, 1.0)], vec![(0.25, 0.62), (0.75, 0.62)]],
        1 => vec![
            vec![(0.2, 0.0), (0.2, 1.0)],
            vec![(0.2, 0.0), (0.6, 0.03), (0.75, 0.22), (0.6, 0.45), (0.2, 0.48)],
            vec![(0.2, 0.48), (0.7, 0.52), (0.85, 0.75), (0.65, 0.97), (0.2, 1.0)],
        ],
        2 => vec![vec![(0.1, 0.0), (0.9, 1.0)], vec![(0.9, 0.0), (0.1, 1.0)]],
        _ => vec![
            (0..=32)
                .map(|i| i as f32 / 32.0 * std::f32::consts::TAU)
                .map(|t| (0.5 + 0.42 * t.sin(), 0.5 - 0.5 * t.cos()))
                .collect(),
        ],
    }
}

/// One drawing of `letter` as the pad sends it: points about 3 px apart (as a mouse gives them),
/// strokes separated by a NaN pair.
fn drawing(letter: usize, rng: &mut Rng) -> Vec<f32> {
    let size = 150.0 * (1.0 + rng.symmetric(0.2));
    let aspect = 1.0 + rng.symmetric(0.15);
    let slant = rng.symmetric(0.25);
    let (left, top) = (PAD / 2.0 - size / 2.0 + rng.symmetric(30.0), PAD / 2.0 - size / 2.0 + rng.symmetric(30.0));
    let place = |(x, y): (f32, f32)| (left + (x + slant * (0.5 - y)) * size * aspect, top + y * size);
    let mut flat = Vec::new();
    for stroke in skeleton(letter) {
        let corners: Vec<(f32, f32)> =
            stroke.into_iter().map(place).map(|(x, y)| (x + rng.symmetric(6.0), y + rng.symmetric(6.0))).collect();
        for pair in corners.windows(2) {
            let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
            let steps = ((x1 - x0).hypot(y1 - y0) / 3.0).ceil().max(1.0) as usize;
            for step in 0..steps {
                let t = step as f32 / steps as f32;
                flat.extend([x0 + t * (x1 - x0) + rng.symmetric(0.8), y0 + t * (y1 - y0) + rng.symmetric(0.8)]);
            }
        }
        let &(x, y) = corners.last().unwrap();
        flat.extend([x, y, f32::NAN, f32::NAN]);
    }
    flat
}

/// `per_letter` drawings of each letter, in the order a person would draw them (all the As, then
/// the Bs, …), labelled with [`LETTERS`].
pub fn letters_set(per_letter: usize, seed: u64) -> ImageSet {
    let mut rng = Rng(seed);
    let (mut images, mut labels) = (Vec::new(), Vec::new());
    for letter in 0..LETTERS.len() {
        for _ in 0..per_letter {
            let framed = preprocess_strokes(&drawing(letter, &mut rng), PAD as usize, PAD as usize, PEN).unwrap();
            images.extend(framed.pixels.iter().map(|&v| (v.clamp(0.0, 1.0) * 255.0).round() as u8));
            labels.push(letter as u8);
        }
    }
    let set = ImageSet { name: "letters".into(), class_names: LETTERS.map(String::from).to_vec(), images, labels };
    set.validate().unwrap();
    set
}
