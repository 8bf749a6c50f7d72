//! A classifier of 28×28 images: an MLP from pixels to one logit per class, with the softmax
//! cross-entropy it is trained on. The page uses one as a *judge*: it reads the images a decoder
//! makes and says which class each looks like and how sure it is, so that a sentence about a
//! picture ("these draws decode to digits") can quote a measured figure instead of a claim.

use ndarray::{Array2, ArrayView2, Axis};
use rand::Rng;
use serde::{Deserialize, Serialize};

use crate::nn::config::PIXELS;
use crate::nn::layers::Mlp;

/// The shape of a classifier: `input → hidden… → classes` logits, ReLU between layers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassifierConfig {
    /// Pixels per image (784 for 28×28).
    pub input_dim: usize,
    /// Widths of the hidden layers, first to last (e.g. `[256]`).
    pub hidden: Vec<usize>,
    /// Number of classes (10 for MNIST and Fashion-MNIST).
    pub classes: usize,
}

impl ClassifierConfig {
    /// A classifier of 28×28 images.
    pub fn new(hidden: &[usize], classes: usize) -> ClassifierConfig {
        ClassifierConfig { input_dim: PIXELS, hidden: hidden.to_vec(), classes }
    }

    /// Layer widths from input to output, e.g. `[784, 256, 10]`.
    pub fn widths(&self) -> Vec<usize> {
        let mut widths = vec![self.input_dim];
        widths.extend(&self.hidden);
        widths.push(self.classes);
        widths
    }

    /// Number of trainable numbers (weights and biases).
    pub fn parameter_count(&self) -> usize {
        self.widths().windows(2).map(|w| w[0] * w[1] + w[1]).sum()
    }

    /// Checks that every width is positive and there are at least two classes.
    pub fn validate(&self) -> Result<(), String> {
        if self.widths().contains(&0) {
            return Err("every layer width must be at least 1".into());
        }
        if self.classes < 2 {
            return Err(format!("a classifier needs at least 2 classes, not {}", self.classes));
        }
        Ok(())
    }
}

/// A classifier whose shape is given by a [`ClassifierConfig`].
#[derive(Debug, Clone, PartialEq)]
pub struct Classifier {
    pub config: ClassifierConfig,
    /// `x (batch, input) → (batch, classes)` logits.
    pub mlp: Mlp,
}

/// What a classifier makes of each image of a batch.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdicts {
    /// The most probable class of each image. `(batch)`
    pub classes: Vec<u8>,
    /// Its softmax probability, the classifier's confidence, in (0, 1]. `(batch)`
    pub confidence: Vec<f32>,
}

impl Classifier {
    /// A freshly initialised classifier.
    pub fn init(config: ClassifierConfig, rng: &mut impl Rng) -> Classifier {
        let mlp = Mlp::init(&config.widths(), rng);
        Classifier { config, mlp }
    }

    /// Logits: `x (batch, input)` → `(batch, classes)`.
    pub fn logits(&self, x: ArrayView2<f32>) -> Array2<f32> {
        self.mlp.forward(x)
    }

    /// Class probabilities: `x (batch, input)` → `(batch, classes)`, each row summing to 1.
    pub fn probabilities(&self, x: ArrayView2<f32>) -> Array2<f32> {
        let mut p = self.logits(x);
        softmax_rows_in_place(&mut p);
        p
    }

    /// The most probable class of each row of `x (batch, input)` and its probability.
    pub fn verdicts(&self, x: ArrayView2<f32>) -> Verdicts {
        let p = self.probabilities(x);
        let mut verdicts = Verdicts { classes: Vec::with_capacity(p.nrows()), confidence: Vec::with_capacity(p.nrows()) };
        for row in p.rows() {
            // Ties go to the lower class, so that the verdict does not depend on the platform.
            let (class, &best) = row.iter().enumerate().fold((0, &f32::NEG_INFINITY), |b, (i, v)| if *v > *b.1 { (i, v) } else { b });
            verdicts.classes.push(class as u8);
            verdicts.confidence.push(best);
        }
        verdicts
    }

    /// The batch-mean softmax cross-entropy `−log p(label | x)` and its gradient with respect to
    /// every parameter, by backpropagation.
    ///
    /// # Shapes
    /// `x: (batch, input)`, `labels: (batch)`, each `< classes`
    pub fn loss_and_gradients(&self, x: ArrayView2<f32>, labels: &[u8]) -> (f32, Mlp) {
        assert_eq!(x.nrows(), labels.len(), "one label per image");
        let batch = x.nrows().max(1) as f32;
        let (logits, tape) = self.mlp.forward_with_tape(x.to_owned());
        let mut grad = logits; // (batch, classes): becomes softmax − one-hot
        let loss = softmax_cross_entropy_in_place(&mut grad, labels) / batch;
        grad /= batch;
        let mut grads = self.mlp.zeros_like();
        self.mlp.backward(&tape, grad, &mut grads, false);
        (loss, grads)
    }
}

/// Each row of `logits (batch, classes)` replaced by its softmax, stably (the row's largest logit
/// subtracted first).
pub fn softmax_rows_in_place(logits: &mut Array2<f32>) {
    for mut row in logits.rows_mut() {
        let max = row.iter().fold(f32::NEG_INFINITY, |m, &v| m.max(v));
        row.mapv_inplace(|v| (v - max).exp());
        let sum = row.sum();
        row /= sum;
    }
}

/// The summed cross-entropy `Σ −log softmax(logits)[label]` of a batch, and `logits (batch,
/// classes)` replaced by its gradient `softmax − one-hot(label)`.
fn softmax_cross_entropy_in_place(logits: &mut Array2<f32>, labels: &[u8]) -> f32 {
    let mut total = 0.0;
    for (mut row, &label) in logits.rows_mut().into_iter().zip(labels) {
        let max = row.iter().fold(f32::NEG_INFINITY, |m, &v| m.max(v));
        let log_sum = row.iter().map(|&v| (v - max).exp()).sum::<f32>().ln() + max;
        total += log_sum - row[label as usize];
        row.mapv_inplace(|v| (v - log_sum).exp());
        row[label as usize] -= 1.0;
    }
    total
}

/// Share of `labels (n)` equal to the classifier's verdict on `x (n, input)`.
pub fn accuracy(classifier: &Classifier, x: ArrayView2<f32>, labels: &[u8]) -> f64 {
    const CHUNK: usize = 1024;
    let mut right = 0usize;
    for (rows, labels) in x.axis_chunks_iter(Axis(0), CHUNK).zip(labels.chunks(CHUNK)) {
        let verdicts = classifier.verdicts(rows);
        right += verdicts.classes.iter().zip(labels).filter(|(a, b)| a == b).count();
    }
    right as f64 / labels.len().max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::rng::{seeded, standard_normal};

    fn small() -> Classifier {
        Classifier::init(ClassifierConfig { input_dim: 5, hidden: vec![7], classes: 3 }, &mut seeded(4))
    }

    #[test]
    fn softmax_rows_sum_to_one_and_survive_huge_logits() {
        let mut logits = ndarray::array![[1.0f32, 2.0, 3.0], [1000.0, 0.0, -1000.0]];
        softmax_rows_in_place(&mut logits);
        for row in logits.rows() {
            assert!((row.sum() - 1.0).abs() < 1e-6);
        }
        assert!((logits[[0, 2]] - 0.665_240_9).abs() < 1e-6);
        assert_eq!(logits[[1, 0]], 1.0);
    }

    #[test]
    fn the_gradient_matches_finite_differences() {
        let classifier = small();
        let x = standard_normal(4, 5, &mut seeded(9)); // (4, 5)
        let labels = [0u8, 2, 1, 2];
        let (_, grads) = classifier.loss_and_gradients(x.view(), &labels);
        let h = 1e-2;
        for (layer, (i, j)) in [(0usize, (1usize, 3usize)), (1, (6, 2)), (0, (4, 0))] {
            let mut plus = classifier.clone();
            plus.mlp.layers[layer].weight[[i, j]] += h;
            let mut minus = classifier.clone();
            minus.mlp.layers[layer].weight[[i, j]] -= h;
            let numeric =
                (plus.loss_and_gradients(x.view(), &labels).0 - minus.loss_and_gradients(x.view(), &labels).0) / (2.0 * h);
            let analytic = grads.layers[layer].weight[[i, j]];
            assert!((numeric - analytic).abs() < 2e-3, "layer {layer} ({i}, {j}): {numeric} vs {analytic}");
        }
    }

    #[test]
    fn verdicts_are_the_argmax_and_its_probability() {
        let classifier = small();
        let x = standard_normal(6, 5, &mut seeded(2));
        let p = classifier.probabilities(x.view());
        let verdicts = classifier.verdicts(x.view());
        for (i, row) in p.rows().into_iter().enumerate() {
            let best = row.iter().cloned().fold(f32::NEG_INFINITY, f32::max);
            assert_eq!(verdicts.confidence[i], best);
            assert_eq!(row[verdicts.classes[i] as usize], best);
        }
    }
}
