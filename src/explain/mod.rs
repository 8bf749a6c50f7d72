//! The maths of the guided walk through the article, one file per step, each a plain function of
//! numbers that `tests/walk.rs` checks against closed forms and hand calculations. Equation numbers
//! are those of `MATH.md`.
//!
//! - [`information`]: information content and entropy (1)–(2), KL of discrete distributions (3).
//! - [`bayes`]: the three coins, a posterior over a hidden cause (4)–(5), in log space.
//! - [`taylor`]: sin x against its truncated Taylor series and the Lagrange bound (6).
//! - [`gaussian`]: the normal density (13), KL to N(0, 1) in closed form (18)–(19) against a
//!   Monte-Carlo estimate with its standard error (15)–(17).
//! - [`evidence`]: for a model and an image, the ELBO (12) beside an importance-sampled log p(x)
//!   (7)–(11), the Gaussian decoder's squared-error term (14), and one pass through the network
//!   with z = μ + σ·ε.

pub mod bayes;
pub mod evidence;
pub mod gaussian;
pub mod information;
pub mod taylor;

/// A value from outside the walk that its maths cannot use.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ExplainError {
    #[error("{what} must be a finite number, not {value}")]
    NotFinite { what: &'static str, value: f64 },
    #[error("{what} is {value}, outside [{min}, {max}]")]
    OutOfRange { what: &'static str, value: f64, min: f64, max: f64 },
    #[error("{what} must have {expected} values, not {found}")]
    WrongLength { what: &'static str, expected: usize, found: usize },
    #[error("{what} must sum to 1, not {sum}")]
    NotNormalised { what: &'static str, sum: f64 },
    #[error("{what} must be between {min} and {max}, not {found}")]
    BadCount { what: &'static str, found: usize, min: usize, max: usize },
    #[error(transparent)]
    Input(#[from] crate::model::InputError),
}

/// `value` if it is finite and within `[min, max]`.
pub(crate) fn checked(what: &'static str, value: f64, min: f64, max: f64) -> Result<f64, ExplainError> {
    if !value.is_finite() {
        return Err(ExplainError::NotFinite { what, value });
    }
    if value < min || value > max {
        return Err(ExplainError::OutOfRange { what, value, min, max });
    }
    Ok(value)
}

/// `n` if it is within `[min, max]`.
pub(crate) fn checked_count(what: &'static str, n: usize, min: usize, max: usize) -> Result<usize, ExplainError> {
    if n < min || n > max {
        return Err(ExplainError::BadCount { what, found: n, min, max });
    }
    Ok(n)
}

/// `log Σ exp(values)` without overflow. `-∞` for an empty slice.
pub fn log_sum_exp(values: &[f64]) -> f64 {
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !max.is_finite() {
        return max;
    }
    max + values.iter().map(|v| (v - max).exp()).sum::<f64>().ln()
}
