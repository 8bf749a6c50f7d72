//! The latent points a model is judged on. Each set is a function of the model's test codes (its
//! atlas), the input's code, a count and a seed, so that the page and `eval` make the same points.
//!
//! Why these four: the article's argument is about where decodes are sensible. Draws from the
//! prior N(0, I) are what a VAE is trained to decode (the KL term (19) packs the codes there); the
//! box of the test codes asks about all of the space the data spans, gaps included; midpoints
//! between codes of different classes are the gaps themselves; and the kσ circles of one input are
//! the region a VAE maps that input to (z = μ + σ·ε), which a plain autoencoder never trains.

use ndarray::{Array2, ArrayView1, ArrayView2};
use rand::{Rng, RngExt};
use rand_distr::{Distribution, StandardNormal};
use serde::Serialize;

use super::JudgeError;
use crate::nn::rng::{seeded, standard_normal};

/// Which points of latent space a model is judged on.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum PointSet {
    /// z = ε ~ N(0, I), the draws the prior makes.
    Prior,
    /// Spread evenly over the box `[min, max]` per dimension of the model's test codes μ.
    TestBox,
    /// Halfway between the codes μ of two test images of different classes.
    Midpoints,
    /// On the circle (the sphere, beyond 2-D) of radius `sigmas`·σ around μ of one input:
    /// z = μ + sigmas · σ ⊙ u with u a unit vector.
    Circle { sigmas: f32 },
}

/// `n` draws from N(0, I): `(n, latent)`. The first rows are the same for any `n` (a view that
/// shows 8 draws shows the first 8 of the 256 it measures).
pub fn prior(latent: usize, n: usize, seed: u64) -> Array2<f32> {
    standard_normal(n, latent, &mut seeded(seed))
}

/// `n` points evenly spread over the box of the test codes `mu (count, latent)`: a Halton sequence
/// (bases 2, 3, 5, … per dimension) shifted by a random offset from `seed` (modulo 1), scaled to
/// the box. `(n, latent)`
pub fn test_box(mu: ArrayView2<f32>, n: usize, seed: u64) -> Result<Array2<f32>, JudgeError> {
    if mu.nrows() == 0 {
        return Err(JudgeError::NoTestCodes);
    }
    let latent = mu.ncols();
    let low: Vec<f32> = mu.columns().into_iter().map(|c| c.iter().copied().fold(f32::INFINITY, f32::min)).collect();
    let high: Vec<f32> = mu.columns().into_iter().map(|c| c.iter().copied().fold(f32::NEG_INFINITY, f32::max)).collect();
    let bases = first_primes(latent);
    let mut rng = seeded(seed);
    let shift: Vec<f64> = (0..latent).map(|_| rng.random::<f64>()).collect();
    Ok(Array2::from_shape_fn((n, latent), |(i, j)| {
        let unit = (radical_inverse(i as u64 + 1, bases[j]) + shift[j]).fract();
        low[j] + (high[j] - low[j]) * unit as f32
    }))
}

/// `n` midpoints (μ_a + μ_b) / 2 of pairs of test codes `mu (count, latent)` whose `labels` differ,
/// the pairs drawn from `seed`. `(n, latent)`
pub fn midpoints(mu: ArrayView2<f32>, labels: &[u8], n: usize, seed: u64) -> Result<Array2<f32>, JudgeError> {
    let count = mu.nrows();
    if count == 0 || labels.len() != count {
        return Err(JudgeError::NoTestCodes);
    }
    if labels.iter().all(|&l| l == labels[0]) {
        return Err(JudgeError::OneClass);
    }
    let mut rng = seeded(seed);
    let mut points = Array2::zeros((n, mu.ncols()));
    for mut row in points.rows_mut() {
        let (a, b) = loop {
            let (a, b) = (rng.random_range(0..count), rng.random_range(0..count));
            if labels[a] != labels[b] {
                break (a, b);
            }
        };
        row.assign(&((&mu.row(a) + &mu.row(b)) * 0.5));
    }
    Ok(points)
}

/// `n` points at `sigmas`·σ from μ: z = μ + sigmas · σ ⊙ u, u a random unit vector from `seed` (in
/// 2-D, angles evenly spaced from a random start; beyond, directions drawn uniformly on the
/// sphere). `mu, logvar: (latent)` → `(n, latent)`
pub fn circle(mu: ArrayView1<f32>, logvar: ArrayView1<f32>, sigmas: f32, n: usize, seed: u64) -> Array2<f32> {
    let latent = mu.len();
    let mut rng = seeded(seed);
    let directions = if latent == 2 {
        let start = rng.random::<f64>() * std::f64::consts::TAU;
        Array2::from_shape_fn((n, 2), |(i, j)| {
            let angle = start + std::f64::consts::TAU * i as f64 / n as f64;
            (if j == 0 { angle.cos() } else { angle.sin() }) as f32
        })
    } else {
        unit_rows(standard_normal(n, latent, &mut rng), &mut rng)
    };
    let sigma = logvar.mapv(|lv| (0.5 * lv).exp());
    Array2::from_shape_fn((n, latent), |(i, j)| mu[j] + sigmas * sigma[j] * directions[[i, j]])
}

/// Each row of `g` divided by its length (a row of zeros, which has probability 0, is drawn again).
fn unit_rows(mut g: Array2<f32>, rng: &mut impl Rng) -> Array2<f32> {
    for mut row in g.rows_mut() {
        let mut length = row.dot(&row).sqrt();
        while length == 0.0 {
            row.mapv_inplace(|_| StandardNormal.sample(rng));
            length = row.dot(&row).sqrt();
        }
        row /= length;
    }
    g
}

/// The van der Corput radical inverse of `i` in `base`: its digits mirrored behind the point, in [0, 1).
fn radical_inverse(mut i: u64, base: u64) -> f64 {
    let mut inverse = 0.0;
    let mut scale = 1.0 / base as f64;
    while i > 0 {
        inverse += (i % base) as f64 * scale;
        i /= base;
        scale /= base as f64;
    }
    inverse
}

/// The first `count` primes.
fn first_primes(count: usize) -> Vec<u64> {
    let mut primes = Vec::with_capacity(count);
    let mut candidate = 2u64;
    while primes.len() < count {
        if primes.iter().take_while(|&&p| p * p <= candidate).all(|&p| candidate % p != 0) {
            primes.push(candidate);
        }
        candidate += 1;
    }
    primes
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn halton_points_fill_the_box_evenly() {
        assert_eq!(first_primes(5), vec![2, 3, 5, 7, 11]);
        assert_eq!(radical_inverse(1, 2), 0.5);
        assert_eq!(radical_inverse(6, 2), 0.375); // 110 → 0.011
        let mu = array![[-1.0f32, 10.0], [3.0, 20.0], [0.0, 15.0]];
        let points = test_box(mu.view(), 256, 7).unwrap();
        // Every quarter of each axis holds close to a quarter of the points.
        for (j, (low, high)) in [(-1.0f32, 3.0f32), (10.0, 20.0)].into_iter().enumerate() {
            let mut quarters = [0usize; 4];
            for &v in points.column(j) {
                assert!((low..=high).contains(&v));
                quarters[(((v - low) / (high - low) * 4.0) as usize).min(3)] += 1;
            }
            assert!(quarters.iter().all(|&q| (60..=68).contains(&q)), "{quarters:?}");
        }
    }

    #[test]
    fn midpoints_join_codes_of_different_classes() {
        let mu = array![[0.0f32, 0.0], [2.0, 0.0], [0.0, 4.0]];
        let labels = [0u8, 0, 1];
        let points = midpoints(mu.view(), &labels, 20, 3).unwrap();
        for row in points.rows() {
            assert!(row.to_vec() == vec![0.0, 2.0] || row.to_vec() == vec![1.0, 2.0], "{row}");
        }
        assert!(matches!(midpoints(mu.view(), &[1, 1, 1], 4, 0), Err(JudgeError::OneClass)));
    }

    #[test]
    fn circle_points_lie_at_k_sigma_in_the_metric_of_sigma() {
        for latent in [2usize, 5] {
            let mu = ndarray::Array1::from_shape_fn(latent, |j| j as f32 - 1.0);
            let logvar = ndarray::Array1::from_shape_fn(latent, |j| -2.0 + 0.3 * j as f32);
            let points = circle(mu.view(), logvar.view(), 2.0, 40, 11);
            for row in points.rows() {
                let radius: f32 = row
                    .iter()
                    .zip(&mu)
                    .zip(&logvar)
                    .map(|((z, m), lv)| ((z - m) / (0.5 * lv).exp()).powi(2))
                    .sum::<f32>()
                    .sqrt();
                assert!((radius - 2.0).abs() < 1e-4, "{latent}-D: {radius}");
            }
        }
    }

    #[test]
    fn the_first_prior_draws_do_not_depend_on_how_many_are_drawn() {
        let few = prior(2, 8, 5);
        let many = prior(2, 256, 5);
        assert_eq!(few, many.slice(ndarray::s![..8, ..]));
    }
}
