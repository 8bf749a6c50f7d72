//! The article's three coins: a hidden cause z (which coin was picked) and what it shows, x (the
//! number of heads in n tosses). Bayes (4) with the evidence (5) as a sum over the coins, all in
//! log space so that 10,000 tosses do not underflow.

use super::{ExplainError, checked_count, log_sum_exp};

/// The heads probability of each coin, as in the article.
pub const HEADS_PROBABILITIES: [f64; 3] = [1.0 / 2.0, 1.0 / 3.0, 1.0 / 4.0];
/// p(z): each coin is picked with probability 1/3.
pub const PRIOR: [f64; 3] = [1.0 / 3.0; 3];
/// Most tosses the walk accepts (the article's 10,000, with room).
pub const MAX_TOSSES: usize = 1_000_000;

/// The posterior over the coins and the evidence for `heads` heads in `tosses` tosses.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CoinPosterior {
    /// p(z|x) for each coin, (4). `(3)`
    pub posterior: [f64; 3],
    /// log p(x|z) for each coin (binomial, natural log). `(3)`
    pub log_likelihood: [f64; 3],
    /// log p(x) = log Σ_z p(x|z) p(z), (5).
    pub log_evidence: f64,
}

/// Bayes (4)–(5) for the three coins given `heads` of `tosses`.
pub fn three_coins(heads: usize, tosses: usize) -> Result<CoinPosterior, ExplainError> {
    checked_count("the number of tosses", tosses, 1, MAX_TOSSES)?;
    checked_count("the number of heads", heads, 0, tosses)?;
    let log_choose = ln_choose(tosses, heads);
    let mut log_likelihood = [0.0; 3];
    for (l, &h) in log_likelihood.iter_mut().zip(&HEADS_PROBABILITIES) {
        *l = log_choose + heads as f64 * h.ln() + (tosses - heads) as f64 * (1.0 - h).ln();
    }
    let joint: Vec<f64> = log_likelihood.iter().zip(&PRIOR).map(|(l, p)| l + p.ln()).collect();
    let log_evidence = log_sum_exp(&joint);
    let mut posterior = [0.0; 3];
    for (post, j) in posterior.iter_mut().zip(&joint) {
        *post = (j - log_evidence).exp();
    }
    Ok(CoinPosterior { posterior, log_likelihood, log_evidence })
}

/// `ln C(n, k)` as a sum of logs (exact enough for n up to a million, no overflow).
pub fn ln_choose(n: usize, k: usize) -> f64 {
    let k = k.min(n - k);
    (1..=k).map(|i| ((n - k + i) as f64 / i as f64).ln()).sum()
}
