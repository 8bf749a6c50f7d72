//! Seeded random-mutation fuzzing of everything that takes input from outside: the weights loader
//! (mutated model files), the preprocessing of drawings and images, a loaded model's operations
//! (hostile lengths, NaN, infinities, huge values, counts, seeds, temperatures), the sniff of
//! dropped image files (random bytes behind image magic, mutated real headers, forged lengths) and
//! the set file's reader (mutated set files).
//! Every case runs under `catch_unwind`; the bar is no panic and no non-finite number in any
//! result that is returned (a refusal is an error value, which is fine).
//!
//! `cargo test` runs a quick round (`FUZZ_CASES`, default 10,000, about 3 s); `./build.sh fuzz` runs a million
//! or more with overflow checks on and prints the figure recorded in RELIABILITY.md. `FUZZ_SEED`
//! changes the seed (default 1).
#![cfg(not(target_arch = "wasm32"))] // Native tests; tests/web.rs runs in the browser.

use std::cell::RefCell;
use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Instant;

use vae_playground::input::image_header::{FileEnds, MAX_PIXELS, sniff_image};
use vae_playground::input::polarity::preprocess_image;
use vae_playground::input::preprocess::{self, Preprocessed};
use vae_playground::training::set_file::{ImageSet, UNLABELLED};
use vae_playground::model::{MAX_LATENT_MAGNITUDE, Model};
use vae_playground::nn::rng::seeded;
use vae_playground::nn::vae::Vae;
use vae_playground::weights::{self, Atlas, ModelInfo, WeightFormat};
use vae_playground::{Likelihood, PIXELS, VaeConfig};

/// splitmix64: small, seeded, and independent of any crate's API.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }
    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
    /// A float that is usually ordinary and sometimes hostile.
    fn float(&mut self, ordinary: f32) -> f32 {
        match self.below(12) {
            0 => self.pick(&[f32::NAN, f32::INFINITY, f32::NEG_INFINITY, f32::MAX, f32::MIN, -0.0, f32::MIN_POSITIVE]),
            1 => self.pick(&[1e30, -1e30, 3e38, 1e9, -1e9, 80.0, -80.0, 80.0001, 1e-40]),
            2 => f32::from_bits(self.next() as u32),
            _ => (self.unit() * 2.0 - 1.0) * ordinary,
        }
    }
    fn floats(&mut self, length: usize, ordinary: f32) -> Vec<f32> {
        (0..length).map(|_| self.float(ordinary)).collect()
    }
    /// A length near `right`: usually right, sometimes off by a little or a lot.
    fn length(&mut self, right: usize) -> usize {
        match self.below(8) {
            0 => self.below(2 * right + 2),
            1 => right + 1,
            2 => right.saturating_sub(1),
            3 => 0,
            _ => right,
        }
    }
}

#[derive(Default)]
struct Tally {
    cases: HashMap<&'static str, u64>,
    seconds: HashMap<&'static str, f64>,
    accepted_by: HashMap<&'static str, u64>,
    accepted: u64,
    refused: u64,
    panics: Vec<String>,
    non_finite: Vec<String>,
}

impl Tally {
    /// Runs one case; `body` returns `Ok(true)` if the input was accepted, `Ok(false)` if refused,
    /// `Err(what)` if a returned result held a non-finite number (or a sample z outside the latent range).
    fn run(&mut self, family: &'static str, label: &str, body: impl FnOnce() -> Result<bool, String>) {
        *self.cases.entry(family).or_default() += 1;
        let started = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(body));
        *self.seconds.entry(family).or_default() += started.elapsed().as_secs_f64();
        match outcome {
            Ok(Ok(true)) => {
                self.accepted += 1;
                *self.accepted_by.entry(family).or_default() += 1;
            }
            Ok(Ok(false)) => self.refused += 1,
            Ok(Err(what)) => self.non_finite.push(format!("{family} {label}: {what}")),
            Err(_) => {
                let message = LAST_PANIC.with(|p| p.borrow().clone());
                self.panics.push(format!("{family} {label}: {message}"));
            }
        }
    }
    fn total(&self) -> u64 {
        self.cases.values().sum()
    }
}

thread_local! {
    static LAST_PANIC: RefCell<String> = const { RefCell::new(String::new()) };
}

fn all_finite(what: &str, values: &[f32]) -> Result<(), String> {
    match values.iter().position(|v| !v.is_finite()) {
        Some(index) => Err(format!("{what}[{index}] = {}", values[index])),
        None => Ok(()),
    }
}

fn check_preprocessed(result: Result<Preprocessed, preprocess::PreprocessError>) -> Result<bool, String> {
    let Ok(p) = result else { return Ok(false) };
    all_finite("pixels", &p.pixels)?;
    if p.pixels.iter().any(|v| !(0.0..=1.0).contains(v)) {
        return Err("a pixel outside [0, 1]".into());
    }
    all_finite("scale, centre of mass, clipped ink", &[p.scale, p.centre_of_mass.0, p.centre_of_mass.1, p.clipped_ink])?;
    Ok(true)
}

/// A small 784-pixel model in each storage format (with an atlas), for fast loading and mutation.
fn tiny_files() -> Vec<Vec<u8>> {
    [WeightFormat::Int8, WeightFormat::F16, WeightFormat::F32]
        .into_iter()
        .enumerate()
        .map(|(i, format)| {
            let likelihood = if i == 1 { Likelihood::Gaussian { sigma: 0.2 } } else { Likelihood::Bernoulli };
            let config = VaeConfig::mirrored(&[6], 2, likelihood);
            let vae = Vae::init(config.clone(), &mut seeded(i as u64));
            let info = ModelInfo {
                name: "tiny".into(),
                dataset: "none".into(),
                config,
                weight_format: format,
                training: None,
                test_loss: None,
            };
            let atlas = Atlas {
                mu: ndarray::Array2::from_shape_fn((5, 2), |(r, c)| r as f32 - c as f32),
                logvar: Some(ndarray::Array2::from_shape_fn((5, 2), |(r, c)| -(r as f32) - c as f32)),
                labels: vec![0, 1, 2, 1, 0],
                class_names: vec!["a".into(), "b".into(), "c".into()],
            };
            weights::to_bytes(&vae, &info, Some(&atlas))
        })
        .collect()
}

/// Numbers that break naive size arithmetic, for the header's JSON.
const HOSTILE_NUMBERS: [&str; 12] = [
    "9223372036854775808", "18446744073709551615", "4294967296", "4294967295", "65537", "0", "-1", "1e308", "2.5",
    "340282366920938463463374607431768211456", "784", "1",
];

/// One to four mutations of a weights file: bits, bytes, lengths, the header's numbers.
fn mutate(rng: &mut Rng, file: &[u8]) -> Vec<u8> {
    let mut bytes = file.to_vec();
    let header_end = 8 + u64::from_le_bytes(file[..8].try_into().unwrap()) as usize;
    for _ in 0..1 + rng.below(4) {
        if bytes.is_empty() {
            break;
        }
        match rng.below(9) {
            0 => {
                let at = rng.below(bytes.len());
                bytes[at] ^= 1 << rng.below(8);
            }
            1 => {
                let at = rng.below(bytes.len());
                bytes[at] = rng.pick(&[0, 0xff, 0x7f, 0x80, b'"', b'9', b'{', b']']);
            }
            2 => bytes.truncate(rng.below(bytes.len())),
            3 => bytes.extend((0..rng.below(64)).map(|_| rng.next() as u8)),
            4 if bytes.len() >= 8 => {
                let length: u64 = rng.pick(&[u64::MAX, 1 << 63, 1 << 32, 0, 7, header_end as u64 + 1, header_end as u64 - 9]);
                bytes[..8].copy_from_slice(&length.to_le_bytes());
            }
            5 | 6 if bytes.len() > header_end => {
                // A number in the header replaced: widths, offsets, shapes, metadata values.
                let header = String::from_utf8_lossy(&bytes[8..header_end]).into_owned();
                let starts: Vec<usize> = header
                    .char_indices()
                    .filter(|&(i, c)| c.is_ascii_digit() && (i == 0 || !header.as_bytes()[i - 1].is_ascii_digit()))
                    .map(|(i, _)| i)
                    .collect();
                if starts.is_empty() {
                    continue;
                }
                let start = rng.pick(&starts);
                let end = start + header[start..].find(|c: char| !c.is_ascii_digit()).unwrap_or(header.len() - start);
                let new_header = format!("{}{}{}", &header[..start], rng.pick(&HOSTILE_NUMBERS), &header[end..]);
                let mut rebuilt = (new_header.len() as u64).to_le_bytes().to_vec();
                rebuilt.extend(new_header.as_bytes());
                rebuilt.extend(&bytes[header_end..]);
                bytes = rebuilt;
                return bytes; // offsets moved: further byte edits would be aimed at the old layout
            }
            _ if bytes.len() > header_end + 4 => {
                // A stored number in the data replaced: an f32 weight, scale or bias, or f16/int8 bytes.
                let at = header_end + rng.below(bytes.len() - header_end - 4);
                let value: f32 = rng.pick(&[f32::NAN, f32::INFINITY, 3e38, 1e7, -1e20, 65504.0, 1e-45]);
                bytes[at..at + 4].copy_from_slice(&value.to_le_bytes());
            }
            _ => {}
        }
    }
    bytes
}

/// Hostile calls of a loaded model's operations; `Ok(true)` if at least one was accepted.
fn exercise(rng: &mut Rng, model: &Model, heavy: bool) -> Result<bool, String> {
    let latent = model.latent_dim();
    let mut accepted = false;
    let image = |rng: &mut Rng| -> Vec<f32> {
        let length = rng.length(PIXELS);
        if rng.chance(3) { rng.floats(length, 1.0) } else { (0..length).map(|_| rng.unit()).collect() }
    };
    let latent_values = |rng: &mut Rng, n: usize, scale: f32| -> Vec<f32> {
        let length = rng.length(n * latent);
        if rng.chance(3) { rng.floats(length, scale) } else { (0..length).map(|_| (rng.unit() * 2.0 - 1.0) * scale).collect() }
    };
    match rng.below(5) {
        0 => {
            if let Ok(e) = model.encode(&image(rng)) {
                all_finite("μ", &e.mu)?;
                all_finite("log σ²", &e.logvar)?;
                accepted = true;
            }
        }
        1 => {
            if let Ok(x) = model.decode(&latent_values(rng, 1, MAX_LATENT_MAGNITUDE)) {
                all_finite("decode", &x)?;
                accepted = true;
            }
        }
        2 => {
            let n = match rng.below(if heavy { 1000 } else { 50 }) {
                0 => 10_000, // the most accepted: slow, so rare
                _ => rng.pick(&[0, 1, 2, 3, 16, 10_001, usize::MAX]),
            };
            let n_values = if n > 10_000 { rng.below(64) } else { n };
            if let Ok(x) = model.decode_batch(&latent_values(rng, n_values, MAX_LATENT_MAGNITUDE), n) {
                all_finite("decodeBatch", &x)?;
                accepted = true;
            }
        }
        3 => {
            let n = rng.pick(&[0, 1, 4, if heavy { 9 } else { 100 }, 10_001, usize::MAX]);
            let temperature = rng.pick(&[0.0, 1.0, 10.0, 1e21, 3e38, f32::MAX, f32::NAN, f32::INFINITY, -1.0, 0.5]);
            let (mu, logvar) = (latent_values(rng, 1, 3.0), latent_values(rng, 1, MAX_LATENT_MAGNITUDE));
            if let Ok(s) = model.sample(&mu, &logvar, n, rng.next(), temperature) {
                all_finite("sample z", &s.z)?;
                // Issue 24: a z that decode, the sliders and links would refuse is never handed out.
                if let Some(index) = s.z.iter().position(|v| v.abs() > MAX_LATENT_MAGNITUDE) {
                    return Err(format!("sample z[{index}] = {}, outside the latent range", s.z[index]));
                }
                all_finite("sample ε", &s.epsilon)?;
                all_finite("sample images", &s.images)?;
                accepted = true;
            }
        }
        _ => {
            if let Ok(l) = model.loss_terms(&image(rng)) {
                all_finite("loss", &[l.bernoulli, l.squared_error, l.kl, l.total, l.sigma])?;
                all_finite("KL per dimension", &l.kl_per_dimension)?;
                accepted = true;
            }
        }
    }
    Ok(accepted)
}

/// Random strokes: a random walk with small steps, sometimes jumps, hostile values and separators.
fn strokes(rng: &mut Rng, points: usize, side: f32) -> Vec<f32> {
    let mut flat = Vec::with_capacity(2 * points);
    let (mut x, mut y) = (rng.unit() * side, rng.unit() * side);
    for _ in 0..points {
        match rng.below(40) {
            0 => flat.extend([f32::NAN, f32::NAN]),
            1 => flat.extend([rng.float(side), rng.float(side)]),
            2 => flat.push(rng.float(side)), // an odd value
            _ => {
                x += (rng.unit() - 0.5) * 6.0;
                y += (rng.unit() - 0.5) * 6.0;
                flat.extend([x, y]);
            }
        }
    }
    flat
}

fn preprocessing_case(rng: &mut Rng) -> Result<bool, String> {
    let side = |rng: &mut Rng| -> usize {
        match rng.below(40) {
            0 => rng.pick(&[0, 1, 4096, 4097, usize::MAX, 1 << 32]),
            1..4 => 1 + rng.below(400),
            _ => 1 + rng.below(100),
        }
    };
    let (width, height) = (side(rng), side(rng));
    // Keep the rare large canvas cheap: a large canvas is allocated, so draw few points on it.
    let large = width.saturating_mul(height) > 1 << 20;
    match rng.below(4) {
        0 | 1 => {
            let points = match rng.below(200) {
                0 => 100_001 + rng.below(10), // over the cap: refused before drawing
                1 => 100_000,                 // at the cap: drawn on a small canvas with a thin line
                _ => rng.below(if large { 8 } else { 200 }),
            };
            let line_width = match rng.below(20) {
                0 => rng.float(20.0),
                1 => rng.pick(&[400.0, 400.5, 1e30, 0.0, -1.0, f32::NAN, f32::INFINITY]),
                _ => 0.5 + rng.unit() * if points > 1000 || large { 4.0 } else { 40.0 },
            };
            let flat = strokes(rng, points, width.min(4096) as f32);
            if points >= 100_000 && (width > 64 || height > 64) {
                return check_preprocessed(preprocess::preprocess_strokes(&flat, 64, 64, 2.0));
            }
            check_preprocessed(preprocess::preprocess_strokes(&flat, width, height, line_width))
        }
        2 => {
            let length = if large { rng.below(64) } else { rng.length(4 * width.saturating_mul(height).min(1 << 20)) };
            let rgba: Vec<u8> = (0..length).map(|_| if rng.chance(3) { rng.next() as u8 } else { 0 }).collect();
            if rng.chance(2) {
                // A dropped image: either polarity, mostly opaque, sometimes on transparency.
                let opaque = !rng.chance(4);
                let rgba: Vec<u8> = rgba.iter().enumerate().map(|(i, &b)| if opaque && i % 4 == 3 { 255 } else { b }).collect();
                return check_preprocessed(preprocess_image(&rgba, width, height).map(|input| input.preprocessed));
            }
            check_preprocessed(preprocess::preprocess_rgba(&rgba, width, height))
        }
        _ => {
            let length = if large { rng.below(64) } else { rng.length(width.saturating_mul(height).min(1 << 20)) };
            let ink: Vec<f32> = (0..length).map(|_| if rng.chance(4) { rng.float(1.0) } else { 0.0 }).collect();
            check_preprocessed(preprocess::preprocess_gray(&ink, width, height))
        }
    }
}

/// Valid image files to mutate: tiny real ones (tests/fixtures/images/) and headers built here.
fn image_files() -> Vec<Vec<u8>> {
    let folder = format!("{}/tests/fixtures/images", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<Vec<u8>> =
        std::fs::read_dir(folder).unwrap().map(|entry| std::fs::read(entry.unwrap().path()).unwrap()).collect();
    files.sort();
    // A GIF with a global colour table and extensions before its first frame.
    let mut gif = b"GIF89a\x1C\x00\x1C\x00\x81\x00\x00".to_vec();
    gif.extend([0; 12]); // 4 colours
    gif.extend(b"\x21\xFF\x0BNETSCAPE2.0\x03\x01\x00\x00\x00\x21\xF9\x04\x00\x00\x00\x00\x00");
    gif.extend(b"\x2C\x00\x00\x00\x00\x1C\x00\x1C\x00\x00\x02\x02\x4C\x01\x00\x3B");
    files.push(gif);
    files
}

/// Magic numbers to put random bytes behind.
const MAGICS: [&[u8]; 12] = [
    b"\x89PNG\r\n\x1A\n", b"\x89PNG\r\n\x1A\n\x00\x00\x00\x0DIHDR", b"GIF89a", b"GIF87a", b"\xFF\xD8\xFF",
    b"\xFF\xD8\xFF\xC0\x00\x11", b"RIFF\xFF\xFF\xFF\x7FWEBPVP8 ", b"RIFF\x20\x00\x00\x00WEBPVP8L",
    b"RIFF\x20\x00\x00\x00WEBPVP8X", b"<svg", b"MZ", b"\xEF\xBB\xBF<?xml",
];

/// One sniff of a dropped file: a mutated valid image, or random bytes behind a magic number, read
/// as the boundary reads it (head and tail), sometimes with a forged length. An accepted image
/// must be within the limits.
fn image_header_case(rng: &mut Rng, images: &[Vec<u8>]) -> Result<bool, String> {
    let bytes = if rng.chance(3) {
        let mut bytes = rng.pick(&MAGICS).to_vec();
        let extra = if rng.chance(10) { rng.below(70_000) } else { rng.below(64) };
        bytes.extend((0..extra).map(|_| if rng.chance(4) { rng.pick(&[0x00, 0xFF, 0x2C, 0x21, 0x3B, 0xD9, 0xC0, 0xDA]) } else { rng.next() as u8 }));
        bytes
    } else {
        let original = &images[rng.below(images.len())];
        let mut bytes = original.clone();
        for _ in 0..1 + rng.below(4) {
            if bytes.is_empty() {
                break;
            }
            let at = rng.below(bytes.len());
            match rng.below(6) {
                0 => bytes[at] ^= 1 << rng.below(8),
                1 => bytes[at] = rng.pick(&[0, 0xFF, 0x7F, 0x80, 0x2C, 0x3B, 0xD9, 0xDA, 0xC0]),
                2 => bytes.truncate(at),
                3 => bytes.extend((0..rng.below(64)).map(|_| rng.next() as u8)),
                4 if at + 4 <= bytes.len() => {
                    let value: u32 = rng.pick(&[0, 1, 0xFFFF, 0x1_0000, 4096, 4097, u32::MAX, 0x7FFF_FFFF]);
                    bytes[at..at + 4].copy_from_slice(&value.to_be_bytes());
                }
                _ => bytes.insert(at, rng.next() as u8),
            }
        }
        bytes
    };
    let head = &bytes[..bytes.len().min(if rng.chance(8) { rng.below(bytes.len() + 1) } else { bytes.len() })];
    let tail = &bytes[bytes.len() - bytes.len().min(rng.below(bytes.len() + 1))..];
    let len = if rng.chance(8) { rng.pick(&[0, 1, u64::MAX, bytes.len() as u64 * 2]) } else { bytes.len() as u64 };
    match sniff_image(&FileEnds { head, tail, len }) {
        Ok(image) => {
            let (w, h) = (u64::from(image.width), u64::from(image.height));
            if !(1..=4096).contains(&w) || !(1..=4096).contains(&h) || w * h > MAX_PIXELS {
                return Err(format!("accepted a {w} × {h} image"));
            }
            Ok(true)
        }
        Err(error) if error.to_string().is_empty() => Err("a refusal without a message".into()),
        Err(_) => Ok(false),
    }
}

/// A small valid set file to mutate: labelled and unlabelled images, three classes.
fn set_file() -> Vec<u8> {
    let set = ImageSet {
        name: "fuzz".into(),
        class_names: vec!["a".into(), "b".into(), "ç".into()],
        images: (0..6 * PIXELS).map(|i| (i * 13 % 256) as u8).collect(),
        labels: vec![0, 1, 2, UNLABELLED, 1, 0],
    };
    set.to_bytes().unwrap()
}

/// One read of a mutated set file: a set that is accepted must be valid and write back to itself.
fn set_file_case(rng: &mut Rng, file: &[u8]) -> Result<bool, String> {
    let bytes = mutate(rng, file);
    match ImageSet::from_bytes(&bytes) {
        Ok(set) => {
            set.validate().map_err(|e| format!("an accepted set is invalid: {e}"))?;
            let again = ImageSet::from_bytes(&set.to_bytes().map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
            if again != set {
                return Err("an accepted set does not write back to itself".into());
            }
            Ok(true)
        }
        Err(_) => Ok(false),
    }
}

/// Runs `cases` cases from `seed`, a fifth each of loader, preprocessing, model operations, image
/// sniffs and set files.
fn fuzz(cases: u64, seed: u64) -> Tally {
    std::panic::set_hook(Box::new(|info| LAST_PANIC.with(|p| *p.borrow_mut() = info.to_string())));
    let mut rng = Rng(seed);
    let tiny = tiny_files();
    let shipped: Vec<Vec<u8>> = ["mnist-2d", "mnist-16d", "fashion-2d"]
        .iter()
        .map(|name| std::fs::read(format!("{}/models/{name}.safetensors", env!("CARGO_MANIFEST_DIR"))).unwrap())
        .collect();
    let shipped_models: Vec<Model> = shipped.iter().map(|b| Model::from_bytes(b).unwrap()).collect();
    let tiny_models: Vec<Model> = tiny.iter().map(|b| Model::from_bytes(b).unwrap()).collect();
    let images = image_files();
    let set = set_file();
    let mut tally = Tally::default();
    for case in 0..cases {
        let label = format!("case {case}");
        match case % 5 {
            0 => tally.run("loader", &label, || {
                // Mostly the tiny files (fast); one in 500 a shipped model, mutated the same way.
                let base = if rng.chance(500) { rng.pick(&[0, 1, 2]) + 3 } else { rng.below(3) };
                let original = if base < 3 { &tiny[base] } else { &shipped[base - 3] };
                let bytes = mutate(&mut rng, original);
                let _ = weights::read_info(&bytes);
                let _ = weights::read_atlas(&bytes).map(|a| a.map(|a| all_finite("atlas", a.mu.as_slice().unwrap())));
                match Model::from_bytes(&bytes) {
                    Ok(model) => {
                        for _ in 0..3 {
                            exercise(&mut rng, &model, true)?;
                        }
                        Ok(true)
                    }
                    Err(_) => Ok(false),
                }
            }),
            1 => tally.run("preprocessing", &label, || preprocessing_case(&mut rng)),
            3 => tally.run("image header", &label, || image_header_case(&mut rng, &images)),
            4 => tally.run("set file", &label, || set_file_case(&mut rng, &set)),
            _ => tally.run("model", &label, || {
                if rng.chance(16) {
                    let model = &shipped_models[rng.below(3)];
                    exercise(&mut rng, model, true)
                } else {
                    let model = &tiny_models[rng.below(3)];
                    exercise(&mut rng, model, false)
                }
            }),
        }
    }
    let _ = std::panic::take_hook();
    tally
}

#[test]
fn no_input_panics_or_gives_a_non_finite_result() {
    let cases = std::env::var("FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000);
    let seed = std::env::var("FUZZ_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(1);
    let started = Instant::now();
    let tally = fuzz(cases, seed);
    let seconds = started.elapsed().as_secs_f64();
    let mut families: Vec<_> = tally.cases.iter().collect();
    families.sort();
    println!(
        "fuzz: {} cases from seed {seed} ({}) in {seconds:.1} s, overflow checks {}: {} panics, {} non-finite outputs; {} accepted, {} refused",
        tally.total(),
        families
            .iter()
            .map(|(f, n)| {
                let accepted = tally.accepted_by.get(*f).copied().unwrap_or(0);
                format!("{f} {n} in {:.1} s, {accepted} accepted", tally.seconds[*f])
            })
            .collect::<Vec<_>>()
            .join(", "),
        if cfg!(debug_assertions) || overflow_checks_on() { "on" } else { "off" },
        tally.panics.len(),
        tally.non_finite.len(),
        tally.accepted,
        tally.refused,
    );
    for failure in tally.panics.iter().chain(&tally.non_finite).take(20) {
        println!("  {failure}");
    }
    assert!(tally.panics.is_empty() && tally.non_finite.is_empty(), "{} panics, {} non-finite", tally.panics.len(), tally.non_finite.len());
    assert!(tally.accepted > tally.total() / 10, "too few inputs accepted ({}) for the fuzzing to reach deep code", tally.accepted);
}

/// Whether integer overflow panics in this build (`-C overflow-checks=on`, as `./build.sh fuzz` builds).
fn overflow_checks_on() -> bool {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let big = std::hint::black_box(u32::MAX);
    let on = catch_unwind(|| big + std::hint::black_box(1)).is_err();
    std::panic::set_hook(previous);
    on
}
