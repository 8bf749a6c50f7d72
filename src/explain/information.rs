//! Information content (1), entropy (2) and the KL divergence of two discrete distributions (3).

use super::{ExplainError, checked};

/// How far from 1 a distribution's sum may be.
const SUM_TOLERANCE: f64 = 1e-9;

/// (1) `I(x) = -log2 p(x)`, in bits. An impossible outcome (p = 0) carries infinite information.
pub fn information_bits(p: f64) -> Result<f64, ExplainError> {
    let p = checked("a probability", p, 0.0, 1.0)?;
    Ok(-p.log2() + 0.0)
}

/// (2) `H(p) = -Σ p(x) log2 p(x)`, in bits; outcomes with p = 0 add nothing (p log p → 0).
pub fn entropy_bits(p: &[f64]) -> Result<f64, ExplainError> {
    check_distribution("the distribution", p)?;
    Ok(p.iter().filter(|&&pi| pi > 0.0).map(|&pi| -pi * pi.log2()).sum::<f64>() + 0.0)
}

/// The entropy of a coin whose heads probability is `p`, in bits (the binary entropy).
pub fn coin_entropy_bits(p: f64) -> Result<f64, ExplainError> {
    let p = checked("the heads probability", p, 0.0, 1.0)?;
    entropy_bits(&[p, 1.0 - p])
}

/// The coin's entropy at `n` evenly spaced heads probabilities from 0 to 1: `(n)` values, for the curve.
pub fn coin_entropy_curve(n: usize) -> Result<Vec<f64>, ExplainError> {
    super::checked_count("the number of points", n, 2, 10_000)?;
    (0..n).map(|i| coin_entropy_bits(i as f64 / (n - 1) as f64)).collect()
}

/// (3) `KL(p||q) = Σ p(x) log2(p(x)/q(x))`, in bits. Terms with p(x) = 0 add nothing; a term with
/// p(x) > 0 and q(x) = 0 makes it infinite (q calls impossible what p says happens).
pub fn kl_bits(p: &[f64], q: &[f64]) -> Result<f64, ExplainError> {
    check_distribution("p", p)?;
    check_distribution("q", q)?;
    if p.len() != q.len() {
        return Err(ExplainError::WrongLength { what: "q", expected: p.len(), found: q.len() });
    }
    let mut kl = 0.0;
    for (&pi, &qi) in p.iter().zip(q) {
        if pi == 0.0 {
            continue;
        }
        if qi == 0.0 {
            return Ok(f64::INFINITY);
        }
        kl += pi * (pi / qi).log2();
    }
    // Rounding can leave -1e-17 where the distributions are equal; KL is never negative.
    Ok(kl.max(0.0))
}

fn check_distribution(what: &'static str, p: &[f64]) -> Result<(), ExplainError> {
    if p.is_empty() {
        return Err(ExplainError::WrongLength { what, expected: 1, found: 0 });
    }
    for &pi in p {
        checked(what, pi, 0.0, 1.0)?;
    }
    let sum: f64 = p.iter().sum();
    if (sum - 1.0).abs() > SUM_TOLERANCE {
        return Err(ExplainError::NotNormalised { what, sum });
    }
    Ok(())
}
