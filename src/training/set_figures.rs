//! The figures of a model on a person's own set: how well it reconstructs the held-out examples,
//! and whether the codes of examples of one class lie together. One function, [`set_figures`],
//! which the page (through the training worker's `figures` message and `setFigures`) and `eval
//! --set` both call, so that both print the same numbers.

use ndarray::{ArrayView2, Axis};
use serde::{Deserialize, Serialize};

use crate::nn::vae::Vae;
use crate::training::dataset::Dataset;
use crate::training::eval::{DRAWS_PER_IMAGE, TEST_SEED, test_loss};
use crate::training::held_out::held_out_mask;
use crate::training::set_file::UNLABELLED;

/// A model's figures on a set, `null` (None) where there is nothing to measure.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SetFigures {
    /// Examples in the set, and how many of them have a label.
    pub examples: usize,
    pub labelled: usize,
    /// Held-out examples ([`crate::training::held_out`]), and how many of them have a label.
    pub held_out: usize,
    pub held_out_labelled: usize,
    /// The held-out examples' mean reconstruction loss, nats per image: the binary cross-entropy
    /// of decode(z), z drawn from q(z|x) `draws_per_image` times from `seed`, the reconstruction
    /// term of [`test_loss`] (the Train view's test loss and the exported model's). None without
    /// held-out examples.
    pub held_out_reconstruction: Option<f64>,
    /// Their mean KL(q(z|x) ‖ N(0, I)) (19), the rest of that test loss.
    pub held_out_kl: Option<f64>,
    /// Leave-one-out 1-NN agreement among the held-out labelled examples' μ: the share whose
    /// nearest other one has the same label. None with fewer than two.
    pub held_out_agreement: Option<f64>,
    /// The same over all the set's labelled examples.
    pub all_agreement: Option<f64>,
    pub draws_per_image: usize,
    pub seed: u64,
}

/// `vae`'s figures on the whole `set` (its labels with [`UNLABELLED`] for examples that have
/// none); the held-out examples are the rule's.
pub fn set_figures(vae: &Vae, set: &Dataset) -> SetFigures {
    let mask = held_out_mask(&set.labels);
    let held_out: Vec<usize> = (0..set.len()).filter(|&i| mask[i]).collect();
    let labelled: Vec<usize> = (0..set.len()).filter(|&i| set.labels[i] != UNLABELLED).collect();
    let held_out_labelled: Vec<usize> = labelled.iter().copied().filter(|&i| mask[i]).collect();

    let loss = (!held_out.is_empty()).then(|| test_loss(vae, set.select(&held_out).view(), DRAWS_PER_IMAGE, TEST_SEED));
    let mu = vae.encode(set.select(&labelled).view()).mu; // (labelled, latent)
    let labels: Vec<u8> = labelled.iter().map(|&i| set.labels[i]).collect();
    // The held-out labelled examples' rows of `mu`.
    let rows: Vec<usize> = (0..labelled.len()).filter(|&row| mask[labelled[row]]).collect();
    let held_out_labels: Vec<u8> = rows.iter().map(|&row| labels[row]).collect();
    SetFigures {
        examples: set.len(),
        labelled: labelled.len(),
        held_out: held_out.len(),
        held_out_labelled: held_out_labelled.len(),
        held_out_reconstruction: loss.map(|l| l.reconstruction),
        held_out_kl: loss.map(|l| l.kl),
        held_out_agreement: nearest_neighbour_agreement(mu.select(Axis(0), &rows).view(), &held_out_labels),
        all_agreement: nearest_neighbour_agreement(mu.view(), &labels),
        draws_per_image: DRAWS_PER_IMAGE,
        seed: TEST_SEED,
    }
}

/// Leave-one-out 1-nearest-neighbour agreement: for each row of `codes (count, latent)`, whether
/// the nearest *other* row (Euclidean; of equal distances, the lower index) has the same label;
/// the share of yes. None for fewer than two rows.
///
/// Distances are summed in f64 in a fixed order, so the same codes give the same answer on every
/// machine.
pub fn nearest_neighbour_agreement(codes: ArrayView2<f32>, labels: &[u8]) -> Option<f64> {
    let count = codes.nrows();
    if count < 2 {
        return None;
    }
    let latent = codes.ncols().max(1);
    let flat: Vec<f64> = codes.iter().map(|&v| f64::from(v)).collect(); // (count × latent)
    let agreeing = (0..count)
        .filter(|&i| {
            let code = &flat[i * latent..(i + 1) * latent];
            let mut nearest = (f64::INFINITY, usize::MAX);
            for (j, other) in flat.chunks_exact(latent).enumerate() {
                let distance: f64 = code.iter().zip(other).map(|(a, b)| (a - b) * (a - b)).sum();
                if distance < nearest.0 && j != i {
                    nearest = (distance, j);
                }
            }
            // A NaN distance never wins: with no nearest row there is no agreement.
            nearest.1 != usize::MAX && labels[nearest.1] == labels[i]
        })
        .count();
    Some(agreeing as f64 / count as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn agreement_counts_the_nearest_other_code_ties_to_the_lower_index() {
        // Two tight pairs, and a fifth point exactly as far from rows 1 and 2 (0.875).
        let codes = array![[0.0, 0.0], [0.25, 0.0], [2.0, 0.0], [2.25, 0.0], [1.125, 0.0]];
        assert_eq!(nearest_neighbour_agreement(codes.view(), &[0, 0, 1, 1, 0]), Some(1.0), "row 4's tie goes to row 1");
        assert_eq!(
            nearest_neighbour_agreement(codes.view(), &[0, 0, 1, 1, 1]),
            Some(0.8),
            "…so a label 1 there disagrees"
        );
        assert_eq!(nearest_neighbour_agreement(codes.view(), &[0, 1, 0, 1, 1]), Some(0.2), "only row 4 agrees");
        assert_eq!(nearest_neighbour_agreement(codes.slice(ndarray::s![..1, ..]), &[0]), None);
    }

    #[test]
    fn figures_measure_the_held_out_examples_and_leave_unlabelled_ones_out_of_agreement() {
        use crate::nn::config::{Likelihood, VaeConfig};
        use crate::nn::rng::seeded;
        let vae = Vae::init(VaeConfig::mirrored(&[8], 2, Likelihood::Bernoulli), &mut seeded(1));
        // 7 of class 0, 4 of class 1, 3 unlabelled: held out 2 + 1 + 1.
        let mut labels = vec![0u8; 7];
        labels.extend([1; 4]);
        labels.extend([UNLABELLED; 3]);
        let set = Dataset {
            name: "set:t".into(),
            images: ndarray::Array2::from_shape_fn((14, 784), |(i, j)| ((i * 31 + j) % 17) as f32 / 16.0),
            labels,
            class_names: vec!["a".into(), "b".into()],
        };
        let figures = set_figures(&vae, &set);
        assert_eq!((figures.examples, figures.labelled, figures.held_out, figures.held_out_labelled), (14, 11, 4, 3));
        let held_out = set.select(&[2, 5, 9, 13]);
        let expected = test_loss(&vae, held_out.view(), DRAWS_PER_IMAGE, TEST_SEED);
        assert_eq!(figures.held_out_reconstruction, Some(expected.reconstruction));
        assert_eq!(figures.held_out_kl, Some(expected.kl));
        let mu = vae.encode(set.select(&[2, 5, 9]).view()).mu;
        assert_eq!(figures.held_out_agreement, nearest_neighbour_agreement(mu.view(), &[0, 0, 1]));
        assert!(figures.all_agreement.is_some());

        let unmeasured = set_figures(&vae, &Dataset { labels: vec![UNLABELLED; 14], ..set.head(14) }.head(2));
        assert_eq!(
            (unmeasured.held_out_reconstruction, unmeasured.held_out_agreement, unmeasured.all_agreement),
            (None, None, None)
        );
    }
}
