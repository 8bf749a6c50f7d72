//! Weights rounded to a few bits with one scale per column (output unit): how an int8 weights file
//! stores them (`weights/format.rs`), and how quantisation-aware training sees them
//! (`training/trainer.rs`, `TrainConfig::weight_bits`). A file of fewer bits is still int8 on
//! disk, its values within ±[`levels`]: a compressor then stores a weight in about that many bits,
//! and the int8 kernels (`linalg/int8.rs`) read it unchanged.

use ndarray::Array2;

/// The bits a weight takes when nothing else is said: int8's full range.
pub const DEFAULT_BITS: u32 = 8;

/// The largest stored magnitude for weights of `bits` bits (2 to 8): 127 for 8, 31 for 6, 15 for 5.
pub fn levels(bits: u32) -> i32 {
    assert!((2..=8).contains(&bits), "weights of {bits} bits: 2 to 8 are possible");
    (1 << (bits - 1)) - 1
}

/// Symmetric quantisation per column: `scale[j] = max_i |w[i][j]| / levels` (1 for a column of
/// zeros) and `q[i][j] = round(w[i][j] / scale[j])`, within ±levels.
///
/// # Shapes
/// `weight: (in, out)` → `q: (in · out)` row-major, `scale: (out)`
pub fn per_column(weight: &Array2<f32>, levels: i32) -> (Vec<i8>, Vec<f32>) {
    let top = levels as f32;
    let scales: Vec<f32> = weight
        .columns()
        .into_iter()
        .map(|column| {
            let largest = column.iter().fold(0.0f32, |m, &w| m.max(w.abs()));
            if largest > 0.0 { largest / top } else { 1.0 }
        })
        .collect();
    let quantized = weight
        .rows()
        .into_iter()
        .flat_map(|row| row.iter().zip(&scales).map(|(&w, &s)| (w / s).round().clamp(-top, top) as i8).collect::<Vec<_>>())
        .collect();
    (quantized, scales)
}

/// The weights exactly as a file of `levels` stores and reads them back: `q · scale` of [`per_column`].
///
/// # Shapes
/// `weight: (in, out)` → `(in, out)`
pub fn rounded(weight: &Array2<f32>, levels: i32) -> Array2<f32> {
    let (quantized, scales) = per_column(weight, levels);
    let cols = scales.len();
    Array2::from_shape_fn(weight.raw_dim(), |(i, j)| quantized[i * cols + j] as f32 * scales[j])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn six_bit_weights_keep_31_levels_per_column_and_round_trip() {
        let w = Array2::from_shape_fn((50, 3), |(i, j)| ((i * 7 + j * 13) as f32 * 0.37).sin() * (j + 1) as f32);
        let (q, scales) = per_column(&w, levels(6));
        assert_eq!(levels(6), 31);
        assert!(q.iter().all(|&v| (-31..=31).contains(&v)));
        for j in 0..3 {
            // Each column's largest weight is ±31 steps; every weight is within half a step.
            assert!((0..50).any(|i| q[i * 3 + j].abs() == 31), "column {j}");
            for i in 0..50 {
                assert!((w[[i, j]] - q[i * 3 + j] as f32 * scales[j]).abs() <= 0.5 * scales[j] + 1e-6);
            }
        }
        // Rounding twice changes nothing: the rounded weights are what the file holds.
        let once = rounded(&w, 31);
        assert_eq!(rounded(&once, 31), once);
    }
}
