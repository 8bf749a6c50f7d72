//! `x · w + b` with WebAssembly's 128-bit SIMD, for the browser's hot paths (decode while a slider
//! moves, the 400-point manifold grid). matrixmultiply has no wasm kernel, and its scalar fallback
//! is several times slower than this.
//!
//! Two kernels: one image (`m = 1`) streams the weight rows once and skips the rows whose input is
//! 0, which after a ReLU is about half of them; a batch works on 4 rows × 8 columns at a time so
//! that each loaded weight vector is used four times.

use core::arch::wasm32::{f32x4_add, f32x4_mul, f32x4_splat, v128, v128_load, v128_store};

/// Columns per vector.
const LANES: usize = 4;

/// `out = x · w + b`.
///
/// # Shapes
/// `x: (m, k)`, `w: (k, n)`, `b: (n)`, `out: (m, n)`, all row-major and contiguous.
pub fn affine(x: &[f32], w: &[f32], b: &[f32], m: usize, k: usize, n: usize, out: &mut [f32]) {
    assert!(x.len() == m * k && w.len() == k * n && b.len() == n && out.len() == m * n, "operand sizes disagree");
    for row in out.chunks_exact_mut(n) {
        row.copy_from_slice(b);
    }
    let mut first_row = 0;
    while first_row + 4 <= m {
        rows_times_w::<4>(&x[first_row * k..], w, k, n, &mut out[first_row * n..(first_row + 4) * n]);
        first_row += 4;
    }
    for row in first_row..m {
        row_times_w(&x[row * k..(row + 1) * k], w, n, &mut out[row * n..(row + 1) * n]);
    }
}

/// `out += x · w` for one row: weight rows scaled by `x[i]` and added, skipping `x[i] = 0`.
fn row_times_w(x: &[f32], w: &[f32], n: usize, out: &mut [f32]) {
    let vector_end = n - n % LANES;
    for (i, &xi) in x.iter().enumerate() {
        if xi == 0.0 {
            continue;
        }
        let w_row = &w[i * n..(i + 1) * n];
        let scale = f32x4_splat(xi);
        let mut j = 0;
        while j < vector_end {
            // SAFETY: j + 4 ≤ vector_end ≤ n = w_row.len() = out.len(); unaligned loads are allowed.
            unsafe {
                let acc = v128_load(out.as_ptr().add(j) as *const v128);
                let wv = v128_load(w_row.as_ptr().add(j) as *const v128);
                v128_store(out.as_mut_ptr().add(j) as *mut v128, f32x4_add(acc, f32x4_mul(scale, wv)));
            }
            j += LANES;
        }
        for j in vector_end..n {
            out[j] += xi * w_row[j];
        }
    }
}

/// `out += x · w` for `R` rows at once, 8 columns at a time (2·R accumulators stay in registers).
fn rows_times_w<const R: usize>(x: &[f32], w: &[f32], k: usize, n: usize, out: &mut [f32]) {
    const COLS: usize = 2 * LANES;
    let block_end = n - n % COLS;
    let mut j = 0;
    while j < block_end {
        // SAFETY: every load and store below reads columns j..j+8 < n of rows < R (or of w's k
        // rows), inside the slices whose sizes `affine` asserted.
        unsafe {
            let mut acc = [[f32x4_splat(0.0); 2]; R];
            for (r, acc_row) in acc.iter_mut().enumerate() {
                acc_row[0] = v128_load(out.as_ptr().add(r * n + j) as *const v128);
                acc_row[1] = v128_load(out.as_ptr().add(r * n + j + LANES) as *const v128);
            }
            for i in 0..k {
                let w_ptr = w.as_ptr().add(i * n + j);
                let w0 = v128_load(w_ptr as *const v128);
                let w1 = v128_load(w_ptr.add(LANES) as *const v128);
                for (r, acc_row) in acc.iter_mut().enumerate() {
                    let xi = f32x4_splat(*x.get_unchecked(r * k + i));
                    acc_row[0] = f32x4_add(acc_row[0], f32x4_mul(xi, w0));
                    acc_row[1] = f32x4_add(acc_row[1], f32x4_mul(xi, w1));
                }
            }
            for (r, acc_row) in acc.iter().enumerate() {
                v128_store(out.as_mut_ptr().add(r * n + j) as *mut v128, acc_row[0]);
                v128_store(out.as_mut_ptr().add(r * n + j + LANES) as *mut v128, acc_row[1]);
            }
        }
        j += COLS;
    }
    for r in 0..R {
        for col in block_end..n {
            let mut sum = out[r * n + col];
            for i in 0..k {
                sum += x[r * k + i] * w[i * n + col];
            }
            out[r * n + col] = sum;
        }
    }
}
