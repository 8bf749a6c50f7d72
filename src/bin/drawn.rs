//! The drawn-digit benchmark: MNIST's test digits drawn again on the pad, as pen paths,
//! and measured through the page's own preprocessing against their MNIST originals.
//!
//! Each of the 997 test digits is thinned to its skeleton and traced into strokes
//! (`input::skeleton`), then drawn at several heights and random positions on the 280 × 280 pad as
//! pointer events (`input::pen`), and framed by `preprocess_strokes(points, 280, 280, 18)`, exactly
//! as the page calls it. Per model: the negative ELBO (12) of the drawn digits ÷ that of their
//! originals, the leave-one-out 1-NN class agreement of μ (each drawn digit's nearest test-digit
//! μ other than its own original's), and the ink of the preprocessed drawings against MNIST's.
//! The drawings are made afresh each run (seeded) and never written to disk.
//!
//! ```text
//! cargo run --release --bin drawn                      # print the report
//! cargo run --release --bin drawn -- --write BENCHMARKS.md   # and replace its "Drawn digits" section
//! ```

use std::path::PathBuf;

use anyhow::Context;
use clap::Parser;
use ndarray::{Array2, ArrayView2, Axis};

use vae_playground::data::{Split, load_mnist};
use vae_playground::input::pen::{PenConfig, draw_on_pad};
use vae_playground::input::preprocess::{preprocess_gray, preprocess_strokes};
use vae_playground::input::raster::{rasterize_strokes, split_strokes};
use vae_playground::input::skeleton::{Stroke, image_to_strokes, path_length};
use vae_playground::input::strokes::FRAME_PEN_WIDTH;
use vae_playground::nn::rng::seeded;
use vae_playground::training::eval::{DRAWS_PER_IMAGE, test_loss};
use vae_playground::weights;

/// The page's pad and pen (www/js/views/playground/index.js: PAD_SIZE, LINE_WIDTH).
const PAD: usize = 280;
const PEN: f32 = 18.0;

/// The section of BENCHMARKS.md this writes.
const HEADING: &str = "## Drawn digits";

#[derive(Parser, Debug)]
#[command(about = "Draw MNIST's test digits as pen paths on the pad and measure the models on them.")]
struct Args {
    /// Weights files (MNIST models).
    #[arg(default_values_t = ["models/mnist-2d.safetensors".to_string(), "models/mnist-16d.safetensors".to_string()])]
    models: Vec<String>,
    /// Heights of the drawings on the pad, in pad pixels.
    #[arg(long, value_delimiter = ',', default_values_t = [60.0, 80.0, 120.0, 160.0, 200.0, 260.0])]
    sizes: Vec<f32>,
    /// Draws of z per image for the negative ELBO.
    #[arg(long, default_value_t = DRAWS_PER_IMAGE)]
    draws: usize,
    /// Seed of the drawings and of the draws.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Only N of the test digits, evenly spaced through the set (quick runs).
    #[arg(long)]
    limit: Option<usize>,
    /// Also measure the preprocessing the page used before (rasterised on the pad with
    /// its 18 px pen, then shrunk).
    #[arg(long)]
    before: bool,
    /// Replace (or add) the "Drawn digits" section of this markdown file with the report.
    #[arg(long)]
    write: Option<PathBuf>,
}

/// Drawn digits of one size through one preprocessing: `(count, 784)`, and drawings refused.
struct DrawnSet {
    size: f32,
    images: Array2<f32>,
    refused: usize,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let test = load_mnist(Split::Test)?;
    let count = args.limit.unwrap_or(test.len()).clamp(1, test.len());
    // Evenly spaced through the set (sorted by class), so a quick run still holds every class.
    let chosen: Vec<usize> = (0..count).map(|i| i * test.len() / count).collect();
    let originals = test.select(&chosen);
    let labels: Vec<u8> = chosen.iter().map(|&i| test.labels[i]).collect();
    let labels = &labels[..];
    let train = load_mnist(Split::Train)?;

    let strokes: Vec<Vec<Stroke>> =
        originals.rows().into_iter().map(|row| image_to_strokes(row.as_slice().unwrap(), 28, 28)).collect();
    let stroke_widths: Vec<f32> = originals
        .rows()
        .into_iter()
        .zip(&strokes)
        .map(|(row, s)| row.sum() / s.iter().map(|s| path_length(s)).sum::<f32>().max(1.0))
        .collect();

    let pipelines: Vec<(&str, bool)> =
        if args.before { vec![("before", true), ("now", false)] } else { vec![("now", false)] };
    let mut sets: Vec<(&str, Vec<DrawnSet>)> = Vec::new();
    for &(name, before) in &pipelines {
        let drawn = args
            .sizes
            .iter()
            .map(|&size| draw_all(&strokes, size, args.seed, before))
            .collect::<anyhow::Result<Vec<_>>>()?;
        sets.push((name, drawn));
    }

    let mut report = String::new();
    let mut line = |text: String| {
        println!("{text}");
        report.push_str(&text);
        report.push('\n');
    };
    line(HEADING.to_string());
    line(String::new());
    line(format!(
        "MNIST's {count} test digits, each thinned to its skeleton (Zhang–Suen on a 3× upsampling), traced into strokes, \
         smoothed, and drawn as pointer events (60 per second, slow at stroke ends, a slow wobble of 1.2 % of the size \
         and 0.3 px noise) at each height below and a random position on the 280 × 280 pad, then framed by \
         `preprocess_strokes(points, 280, 280, 18)` as the page calls it. Made by \
         `./build.sh drawn` (`cargo run --release --bin drawn -- --before --write BENCHMARKS.md`; seed {}, {} draws of z \
         per image); the drawings are not stored. \"before\" is the preprocessing the page had before the present one \
         (rasterised on the pad with its 18 px pen, then shrunk to 20 px); \"now\" fits the points to the 20 px box and \
         draws them there with a {FRAME_PEN_WIDTH} px pen.",
        args.seed, args.draws
    ));
    line(String::new());

    // Ink against MNIST's (training digits) 5th–95th percentiles.
    let train_ink: Vec<f32> = train.images.rows().into_iter().map(|r| r.sum()).collect();
    let train_solid: Vec<f32> =
        train.images.rows().into_iter().map(|r| solid_fraction(r.as_slice().unwrap())).collect();
    let (ink_low, ink_high) = (percentile(&train_ink, 5.0), percentile(&train_ink, 95.0));
    let (solid_low, solid_high) = (percentile(&train_solid, 5.0), percentile(&train_solid, 95.0));
    line(format!(
        "**Ink.** MNIST's training digits: ink sum (sum of the 784 values) {:.1} / {:.1} / {:.1} (5th / 50th / 95th \
         percentile), fraction of pixels above 0.5 {:.3} / {:.3} / {:.3}; stroke width of the test digits (ink sum ÷ \
         skeleton length) {:.2} px (median). Share of preprocessed drawings inside MNIST's 5th–95th percentiles (bar: \
         ink sum ≥ 90 % at every size):",
        ink_low,
        percentile(&train_ink, 50.0),
        ink_high,
        solid_low,
        percentile(&train_solid, 50.0),
        solid_high,
        percentile(&stroke_widths, 50.0)
    ));
    line(String::new());
    line("| preprocessing | height on the pad (px) | refused | median ink sum | ink sum in range | median fraction > 0.5 | fraction > 0.5 in range |".into());
    line("|---|---|---|---|---|---|---|".into());
    for (name, drawn) in &sets {
        for set in drawn {
            let ink: Vec<f32> = set.images.rows().into_iter().map(|r| r.sum()).collect();
            let solid: Vec<f32> =
                set.images.rows().into_iter().map(|r| solid_fraction(r.as_slice().unwrap())).collect();
            let inside = |values: &[f32], low: f32, high: f32| {
                values.iter().filter(|&&v| (low..=high).contains(&v)).count() as f64 / values.len().max(1) as f64
            };
            line(format!(
                "| {name} | {} | {} | {:.1} | {:.1} % | {:.3} | {:.1} % |",
                set.size,
                set.refused,
                percentile(&ink, 50.0),
                100.0 * inside(&ink, ink_low, ink_high),
                percentile(&solid, 50.0),
                100.0 * inside(&solid, solid_low, solid_high)
            ));
        }
    }
    line(String::new());

    line(
        "**Models.** Negative ELBO (12) of the drawn digits ÷ that of their MNIST originals (bar ≤ 1.08), and 1-NN \
         class agreement of μ: the share of drawn digits whose nearest test-digit μ, leaving out their own original's, \
         has their class (bar ≥ 0.85 for mnist-16d, ≥ 0.65 for mnist-2d). The first row of each model is the MNIST \
         test digits themselves (their own leave-one-out agreement)."
            .into(),
    );
    line(String::new());
    line("| model | preprocessing | height (px) | negative ELBO | ÷ originals | 1-NN agreement |".into());
    line("|---|---|---|---|---|---|".into());
    for path in &args.models {
        let bytes = std::fs::read(path).with_context(|| format!("reading {path}"))?;
        let (vae, info) = weights::from_bytes(&bytes).with_context(|| format!("loading {path}"))?;
        let original_loss = test_loss(&vae, originals.view(), args.draws, args.seed).total;
        let test_mu = vae.encode(originals.view()).mu;
        let own = agreement(test_mu.view(), test_mu.view(), labels);
        line(format!("| {} | MNIST originals | – | {original_loss:.2} | 1 | {own:.3} |", info.name));
        for (name, drawn) in &sets {
            let (mut total_loss, mut total_agree, mut total_count) = (0.0, 0.0, 0usize);
            for set in drawn {
                let loss = test_loss(&vae, set.images.view(), args.draws, args.seed).total;
                let mu = vae.encode(set.images.view()).mu;
                let agree = agreement(mu.view(), test_mu.view(), labels);
                total_loss += loss * count as f64;
                total_agree += agree * count as f64;
                total_count += count;
                line(format!(
                    "| {} | {name} | {} | {loss:.2} | {:.3} | {agree:.3} |",
                    info.name,
                    set.size,
                    loss / original_loss
                ));
            }
            let (loss, agree) = (total_loss / total_count as f64, total_agree / total_count as f64);
            line(format!(
                "| {} | {name} | **all** | **{loss:.2}** | **{:.3}** | **{agree:.3}** |",
                info.name,
                loss / original_loss
            ));
        }
    }

    if let Some(path) = &args.write {
        let old = std::fs::read_to_string(path).unwrap_or_default();
        std::fs::write(path, replace_section(&old, &report)).with_context(|| format!("writing {}", path.display()))?;
        eprintln!("Wrote the \"Drawn digits\" section of {}", path.display());
    }
    Ok(())
}

/// Every digit drawn `size` pad pixels tall and preprocessed. A refused drawing (too small, say)
/// is counted and stands in as a blank input, so the figures still cover every digit.
fn draw_all(strokes: &[Vec<Stroke>], size: f32, seed: u64, before: bool) -> anyhow::Result<DrawnSet> {
    let mut images = Array2::zeros((strokes.len(), 784));
    let mut refused = 0;
    for (index, digit) in strokes.iter().enumerate() {
        let mut rng = seeded(seed ^ ((size as u64) << 32) ^ index as u64);
        let flat = draw_on_pad(digit, size, &PenConfig::default(), &mut rng);
        let result = if before {
            let ink = rasterize_strokes(&split_strokes(&flat), PAD, PAD, PEN)?;
            preprocess_gray(&ink, PAD, PAD)
        } else {
            preprocess_strokes(&flat, PAD, PAD, PEN)
        };
        match result {
            Ok(framed) => images.row_mut(index).assign(&ndarray::ArrayView1::from(&framed.pixels)),
            Err(_) => refused += 1,
        }
    }
    Ok(DrawnSet { size, images, refused })
}

/// Share of `queries` whose nearest row of `reference` (Euclidean), other than the row with the
/// same index, has the same label.
///
/// # Shapes
/// `queries`, `reference`: `(count, latent)`; `labels`: `(count)`.
fn agreement(queries: ArrayView2<f32>, reference: ArrayView2<f32>, labels: &[u8]) -> f64 {
    let mut agree = 0;
    for (i, query) in queries.axis_iter(Axis(0)).enumerate() {
        let nearest = reference
            .axis_iter(Axis(0))
            .enumerate()
            .filter(|&(j, _)| j != i)
            .map(|(j, r)| (j, r.iter().zip(query.iter()).map(|(a, b)| (a - b) * (a - b)).sum::<f32>()))
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(j, _)| j);
        agree += usize::from(nearest.is_some_and(|j| labels[j] == labels[i]));
    }
    agree as f64 / queries.nrows().max(1) as f64
}

fn solid_fraction(pixels: &[f32]) -> f32 {
    pixels.iter().filter(|&&v| v > 0.5).count() as f32 / pixels.len() as f32
}

/// The `p`-th percentile by nearest rank.
fn percentile(values: &[f32], p: f32) -> f32 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f32::total_cmp);
    if sorted.is_empty() {
        return f32::NAN;
    }
    sorted[((p / 100.0 * sorted.len() as f32).ceil() as usize).clamp(1, sorted.len()) - 1]
}

/// `markdown` with its "Drawn digits" section (up to the next `## ` heading) replaced by
/// `section`, or with `section` appended if it has none.
fn replace_section(markdown: &str, section: &str) -> String {
    let Some(start) = markdown.find(&format!("\n{HEADING}\n")).map(|i| i + 1) else {
        return format!("{}\n\n{section}", markdown.trim_end());
    };
    match markdown[start + HEADING.len()..].find("\n## ") {
        Some(i) => format!("{}{section}\n{}", &markdown[..start], &markdown[start + HEADING.len() + i + 1..]),
        None => format!("{}{section}", &markdown[..start]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_section_is_replaced_in_place_or_appended() {
        let section = format!("{HEADING}\n\nnew\n");
        let before = format!("# B\n\n## A\n\na\n\n{HEADING}\n\nold\n\n## C\n\nc\n");
        assert_eq!(replace_section(&before, &section), format!("# B\n\n## A\n\na\n\n{HEADING}\n\nnew\n\n## C\n\nc\n"));
        let last = format!("# B\n\n{HEADING}\n\nold\n");
        assert_eq!(replace_section(&last, &section), format!("# B\n\n{HEADING}\n\nnew\n"));
        assert_eq!(replace_section("# B\n", &section), format!("# B\n\n{section}"));
    }

    #[test]
    fn one_nearest_neighbour_leaves_the_digit_itself_out() {
        let mu = ndarray::array![[0.0, 0.0], [0.1, 0.0], [5.0, 5.0], [5.1, 5.0]];
        assert_eq!(agreement(mu.view(), mu.view(), &[1, 1, 2, 2]), 1.0);
        assert_eq!(agreement(mu.view(), mu.view(), &[1, 2, 1, 2]), 0.0);
        assert_eq!(percentile(&[3.0, 1.0, 2.0, 4.0], 50.0), 2.0);
    }
}
