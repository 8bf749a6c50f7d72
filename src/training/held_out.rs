//! Which examples of a person's set are held out: the one rule the page's Train view, `train
//! --dataset FILE` and `eval --set FILE` all use (docs/SET_FORMAT.md).
//!
//! Within each label (the unlabelled examples count as one more group), in set order, the example
//! at position i (from 0) is held out when `i % 3 == 2`: the 3rd, 6th, 9th, … of each label. Ten
//! examples of a class give 3 held out and 7 to train on; a label with fewer than three examples
//! has none held out. Splitting within each label keeps every class on both sides, and a rule of
//! positions (not of random draws) gives the same split everywhere without a seed.

use crate::training::dataset::Dataset;

/// One example in this many of each label is held out.
pub const HELD_OUT_EVERY: usize = 3;

/// Whether the example at `position` (from 0) among the examples of its label is held out.
pub fn is_held_out(position: usize) -> bool {
    position % HELD_OUT_EVERY == HELD_OUT_EVERY - 1
}

/// For each example, whether it is held out. `labels (count)` → `(count)`
pub fn held_out_mask(labels: &[u8]) -> Vec<bool> {
    let mut seen = [0usize; 256]; // examples of each label so far
    labels
        .iter()
        .map(|&label| {
            let position = seen[label as usize];
            seen[label as usize] += 1;
            is_held_out(position)
        })
        .collect()
}

/// The indices of the held-out examples, in set order.
pub fn held_out_indices(labels: &[u8]) -> Vec<usize> {
    held_out_mask(labels).iter().enumerate().filter(|&(_, &held)| held).map(|(i, _)| i).collect()
}

/// A set split by the rule: the examples to train on and the held-out ones, each in set order.
#[derive(Debug, Clone)]
pub struct Split {
    pub train: Dataset,
    pub held_out: Dataset,
    /// Where each held-out example is in the set. (held_out)
    pub held_out_indices: Vec<usize>,
}

/// Splits `set` by the rule; both parts keep its name and class names.
pub fn split(set: &Dataset) -> Split {
    let mask = held_out_mask(&set.labels);
    let (held_out_indices, train_indices): (Vec<usize>, Vec<usize>) = (0..set.len()).partition(|&i| mask[i]);
    let part = |indices: &[usize]| Dataset {
        name: set.name.clone(),
        images: set.select(indices),
        labels: indices.iter().map(|&i| set.labels[i]).collect(),
        class_names: set.class_names.clone(),
    };
    Split { train: part(&train_indices), held_out: part(&held_out_indices), held_out_indices }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::training::set_file::UNLABELLED;

    #[test]
    fn every_third_example_of_each_label_is_held_out() {
        // Labels interleaved: positions count within each label, unlabelled as its own group.
        let labels = [0, 1, 0, 1, 0, 1, UNLABELLED, UNLABELLED, UNLABELLED, 0, 0, 0];
        assert_eq!(held_out_indices(&labels), vec![4, 5, 8, 11]);
        let ten = [3u8; 10];
        assert_eq!(held_out_indices(&ten), vec![2, 5, 8], "10 of a class → 3 held out");
        assert!(held_out_indices(&[0, 0, 1, 1]).is_empty(), "two of each: none held out");
    }

    #[test]
    fn a_split_keeps_set_order_on_both_sides() {
        let set = Dataset {
            name: "set:x".into(),
            images: ndarray::Array2::from_shape_fn((7, 784), |(i, _)| i as f32),
            labels: vec![0, 0, 0, 1, 1, 1, 0],
            class_names: vec!["a".into(), "b".into()],
        };
        let split = split(&set);
        assert_eq!(split.held_out_indices, vec![2, 5]);
        assert_eq!(split.held_out.labels, vec![0, 1]);
        assert_eq!(split.held_out.images.column(0).to_vec(), vec![2.0, 5.0]);
        assert_eq!(split.train.images.column(0).to_vec(), vec![0.0, 1.0, 3.0, 4.0, 6.0]);
        assert_eq!(split.train.class_names, set.class_names);
    }
}
