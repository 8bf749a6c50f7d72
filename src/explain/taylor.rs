//! The article's picture of approximation (6): sin x against its Taylor series at 0 cut after a
//! number of terms, and Lagrange's bound on what the cut leaves out.

use super::{ExplainError, checked, checked_count};

/// Most terms the walk shows (the 20th term already has degree 39).
pub const MAX_TERMS: usize = 20;
/// Largest |x| accepted (a few periods either side of 0).
pub const MAX_X: f64 = 20.0;

/// The series at one x.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TaylorPoint {
    /// `Σ_{k<terms} (-1)^k x^(2k+1) / (2k+1)!`
    pub approximation: f64,
    /// sin x
    pub exact: f64,
    /// |sin x − approximation|
    pub error: f64,
    /// Lagrange: `|x|^(2n+1) / (2n+1)!` for n terms (every derivative of sin is at most 1 in size,
    /// and the series' next term of even degree is 0).
    pub bound: f64,
}

/// sin x by its first `terms` Taylor terms, with the error and its bound.
pub fn sin_taylor(x: f64, terms: usize) -> Result<TaylorPoint, ExplainError> {
    let x = checked("x", x, -MAX_X, MAX_X)?;
    checked_count("the number of terms", terms, 1, MAX_TERMS)?;
    let mut term = x; // x^(2k+1) / (2k+1)! with its sign
    let mut approximation = 0.0;
    for k in 0..terms {
        approximation += term;
        let next = (2 * k + 2) as f64 * (2 * k + 3) as f64;
        term *= -x * x / next;
    }
    let exact = x.sin();
    Ok(TaylorPoint { approximation, exact, error: (exact - approximation).abs(), bound: term.abs() })
}

/// The truncated series at `n` evenly spaced points of `[from, to]`: `(n)` values, for the curve.
pub fn sin_taylor_curve(terms: usize, from: f64, to: f64, n: usize) -> Result<Vec<f64>, ExplainError> {
    checked_count("the number of points", n, 2, 10_000)?;
    let from = checked("the start", from, -MAX_X, MAX_X)?;
    let to = checked("the end", to, -MAX_X, MAX_X)?;
    (0..n).map(|i| sin_taylor(from + (to - from) * i as f64 / (n - 1) as f64, terms).map(|p| p.approximation)).collect()
}
