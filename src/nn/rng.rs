//! Seeded randomness: every draw in the project is reproducible from a `u64` seed.

use ndarray::Array2;
use rand::{Rng, SeedableRng};
use rand_distr::{Distribution, StandardNormal};
use rand_xoshiro::Xoshiro256PlusPlus;

/// The generator used everywhere: small, fast, identical on every platform for the same seed.
pub type SeededRng = Xoshiro256PlusPlus;

pub fn seeded(seed: u64) -> SeededRng {
    Xoshiro256PlusPlus::seed_from_u64(seed)
}

/// A `(rows, cols)` matrix of independent draws from N(0, 1): the ε of `z = μ + σ·ε`.
pub fn standard_normal(rows: usize, cols: usize, rng: &mut impl Rng) -> Array2<f32> {
    Array2::from_shape_simple_fn((rows, cols), || StandardNormal.sample(rng))
}
