//! The matrix products of the network, in one place so that each target can use its fastest kernel.
//!
//! Natively these are `ndarray`'s GEMM (matrixmultiply, both cores when its `threading` feature is on).
//! In the browser, the forward product uses a SIMD kernel of our own ([`wasm_simd`]). Inference on
//! weights stored as int8 keeps them int8 and multiplies in integers ([`int8`], with the SIMD kernel
//! `wasm_simd_int8`, and `wasm_relaxed_int8` for 7-bit inputs in the relaxed-SIMD build).

pub mod int8;
#[cfg(all(target_arch = "wasm32", target_feature = "relaxed-simd"))]
mod wasm_relaxed_int8;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod wasm_simd;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod wasm_simd_int8;

use ndarray::linalg::general_mat_mul;
use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis};

/// `x · w + b`, a dense layer's pre-activation.
///
/// # Shapes
/// `x: (batch, in)`, `w: (in, out)`, `b: (out)` → `(batch, out)`
pub fn affine(x: ArrayView2<f32>, w: ArrayView2<f32>, b: ArrayView1<f32>) -> Array2<f32> {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    if let (Some(xs), Some(ws), Some(bs)) = (x.as_slice(), w.as_slice(), b.as_slice()) {
        let (m, k, n) = (x.nrows(), x.ncols(), w.ncols());
        let mut out = vec![0.0; m * n];
        wasm_simd::affine(xs, ws, bs, m, k, n, &mut out);
        return Array2::from_shape_vec((m, n), out).expect("m × n values");
    }
    let mut out = b.broadcast((x.nrows(), b.len())).expect("bias width matches the layer").to_owned();
    if x.nrows() < FEW_ROWS {
        // A GEMM would pack all of `w` for a row or two; adding the rows of `w` whose input is
        // non-zero (about half, after a ReLU) reads it once instead.
        for (x_row, mut out_row) in x.rows().into_iter().zip(out.rows_mut()) {
            for (&xi, w_row) in x_row.iter().zip(w.rows()) {
                if xi != 0.0 {
                    out_row.scaled_add(xi, &w_row);
                }
            }
        }
        return out;
    }
    general_mat_mul(1.0, &x, &w, 1.0, &mut out);
    out
}

/// Below this many rows, [`affine`] adds weight rows instead of calling the GEMM.
const FEW_ROWS: usize = 4;

/// `aᵀ · b`, the weight gradient of a dense layer from its input and the output gradient.
///
/// # Shapes
/// `a: (batch, in)`, `b: (batch, out)` → `(in, out)`
pub fn transpose_a_times_b(a: ArrayView2<f32>, b: ArrayView2<f32>) -> Array2<f32> {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        // matrixmultiply has no wasm kernel: copy aᵀ row-major (in · batch values, against
        // in · batch · out multiply-adds) and use the SIMD kernel (the browser's training). Reading
        // aᵀ in place (strided splats) measured 5–10 % slower per training step.
        let a_t = a.t().as_standard_layout().into_owned(); // (in, batch)
        return affine(a_t.view(), b, Array1::zeros(b.ncols()).view());
    }
    #[allow(unreachable_code)]
    let mut out = Array2::zeros((a.ncols(), b.ncols()));
    general_mat_mul(1.0, &a.t(), &b, 0.0, &mut out);
    out
}

/// `a · bᵀ`, the input gradient of a dense layer from the output gradient and the weight.
///
/// # Shapes
/// `a: (batch, out)`, `b: (in, out)` → `(batch, in)`
pub fn a_times_transpose_b(a: ArrayView2<f32>, b: ArrayView2<f32>) -> Array2<f32> {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        // As above, with bᵀ copied row-major. (out, in)
        let b_t = b.t().as_standard_layout().into_owned();
        return affine(a, b_t.view(), Array1::zeros(b_t.ncols()).view());
    }
    #[allow(unreachable_code)]
    let mut out = Array2::zeros((a.nrows(), b.nrows()));
    general_mat_mul(1.0, &a, &b.t(), 0.0, &mut out);
    out
}

/// `sigmoid` of every value, in place: pixel probabilities from the decoder's logits.
pub fn sigmoid_in_place(a: &mut Array2<f32>) {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    if let Some(values) = a.as_slice_mut() {
        wasm_simd::sigmoid_in_place(values);
        return;
    }
    a.mapv_inplace(crate::nn::layers::sigmoid);
}

/// `sigmoid` of every value of a slice, in place.
pub fn sigmoid_slice_in_place(values: &mut [f32]) {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        wasm_simd::sigmoid_in_place(values);
    }
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    for v in values {
        *v = crate::nn::layers::sigmoid(*v);
    }
}

/// `log(1 + e^-|x|)` of every value of a slice, in place: the cross-entropy's softplus term.
pub fn softplus_of_minus_abs_in_place(values: &mut [f32]) {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        wasm_simd::softplus_of_minus_abs_in_place(values);
    }
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    for v in values {
        *v = (-v.abs()).exp().ln_1p();
    }
}

/// Column sums, the bias gradient. `(batch, out)` → `(out)`
pub fn column_sums(a: ArrayView2<f32>) -> Array1<f32> {
    a.sum_axis(Axis(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn products_match_hand_computed_values() {
        let x = array![[1.0, 2.0], [3.0, 4.0]]; // (2, 2)
        let w = array![[1.0, 0.0, -1.0], [2.0, 1.0, 0.5]]; // (2, 3)
        let b = array![0.5, -0.5, 0.0];
        assert_eq!(affine(x.view(), w.view(), b.view()), array![[5.5, 1.5, 0.0], [11.5, 3.5, -1.0]]);
        let dy = array![[1.0, 0.0, 2.0], [0.0, 1.0, 1.0]]; // (2, 3)
        assert_eq!(transpose_a_times_b(x.view(), dy.view()), array![[1.0, 3.0, 5.0], [2.0, 4.0, 8.0]]);
        assert_eq!(a_times_transpose_b(dy.view(), w.view()), array![[-1.0, 3.0], [-1.0, 1.5]]);
        assert_eq!(column_sums(dy.view()), array![1.0, 1.0, 3.0]);
    }
}
