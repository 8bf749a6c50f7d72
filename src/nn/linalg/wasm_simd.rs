//! `x · w + b` with WebAssembly's 128-bit SIMD, for the browser's hot paths (decode while a slider
//! moves, the 400-point manifold grid). matrixmultiply has no wasm kernel, and its scalar fallback
//! is several times slower than this.
//!
//! Two kernels:
//! - one row (`m = 1`, a single decode): for each strip of 32 output columns, eight vector
//!   accumulators stay in registers while every weight row whose input is non-zero is added in
//!   (after a ReLU about half are zero); the output is written once and each weight read once.
//! - a batch: rows are taken in blocks that stay in cache, and for each 8-column strip of `w` the
//!   rows of the block go through a 4 × 8 tile, so each weight vector loaded serves four rows and
//!   the strip (`k × 8` floats) is reused from L1 across the whole block; a tile skips the inputs
//!   that are zero in all four of its rows.

use core::arch::wasm32::{f32x4_add, f32x4_mul, f32x4_splat, v128, v128_load, v128_load32_splat, v128_store};

/// Floats per vector.
const LANES: usize = 4;

/// `out = x · w + b`.
///
/// # Shapes
/// `x: (m, k)`, `w: (k, n)`, `b: (n)`, `out: (m, n)`, all row-major and contiguous.
pub fn affine(x: &[f32], w: &[f32], b: &[f32], m: usize, k: usize, n: usize, out: &mut [f32]) {
    assert!(x.len() == m * k && w.len() == k * n && b.len() == n && out.len() == m * n, "operand sizes disagree");
    if m == 1 {
        vector_times_matrix(x, w, b, n, out);
    } else {
        matrix_times_matrix(x, w, b, m, k, n, out);
    }
}

/// `out = x · w + b` for one row `x (k)`, skipping the weight rows of zero inputs.
fn vector_times_matrix(x: &[f32], w: &[f32], b: &[f32], n: usize, out: &mut [f32]) {
    let active: Vec<(usize, f32)> = x.iter().copied().enumerate().filter(|&(_, xi)| xi != 0.0).collect();
    let mut j = 0;
    while j + 8 * LANES <= n {
        strip::<8>(&active, w, b, n, j, out);
        j += 8 * LANES;
    }
    while j + LANES <= n {
        strip::<1>(&active, w, b, n, j, out);
        j += LANES;
    }
    for col in j..n {
        out[col] = b[col] + active.iter().map(|&(i, xi)| xi * w[i * n + col]).sum::<f32>();
    }
}

/// Columns `j..j + 4V` of `b + Σ_active x_i · w[i, ·]`, with `V` vector accumulators.
fn strip<const V: usize>(active: &[(usize, f32)], w: &[f32], b: &[f32], n: usize, j: usize, out: &mut [f32]) {
    debug_assert!(j + V * LANES <= n);
    // SAFETY: columns j..j + 4V lie within every row of `w` (length n each, k rows, and every
    // active index i < k) and within `b` and `out`; unaligned v128 loads and stores are allowed.
    unsafe {
        let mut acc = [f32x4_splat(0.0); V];
        for (v, a) in acc.iter_mut().enumerate() {
            *a = v128_load(b.as_ptr().add(j + v * LANES) as *const v128);
        }
        for &(i, xi) in active {
            let scale = f32x4_splat(xi);
            let row = w.as_ptr().add(i * n + j);
            for (v, a) in acc.iter_mut().enumerate() {
                *a = f32x4_add(*a, f32x4_mul(scale, v128_load(row.add(v * LANES) as *const v128)));
            }
        }
        for (v, a) in acc.iter().enumerate() {
            v128_store(out.as_mut_ptr().add(j + v * LANES) as *mut v128, *a);
        }
    }
}

/// Rows per block: 64 rows of `x` (64 × k floats) stay in L2 while every strip of `w` passes.
const ROW_BLOCK: usize = 64;

/// Rows per tile.
const TILE_ROWS: usize = 4;

/// Columns per tile: two vectors.
const TILE_COLS: usize = 2 * LANES;

/// `out = x · w + b` for a batch of rows.
fn matrix_times_matrix(x: &[f32], w: &[f32], b: &[f32], m: usize, k: usize, n: usize, out: &mut [f32]) {
    for row in out.chunks_exact_mut(n) {
        row.copy_from_slice(b);
    }
    let strip_end = n - n % TILE_COLS;
    for block_start in (0..m).step_by(ROW_BLOCK) {
        let block_end = (block_start + ROW_BLOCK).min(m);
        // The tiles' rows and the inputs they need: after a ReLU, neighbouring points of a grid
        // share most of their zeros, so a tile can skip every input that is 0 in all its rows.
        let tiles: Vec<(usize, usize, Vec<usize>)> = (block_start..block_end)
            .step_by(TILE_ROWS)
            .map(|row| {
                let rows = TILE_ROWS.min(block_end - row);
                let active = (0..k).filter(|&i| (row..row + rows).any(|r| x[r * k + i] != 0.0)).collect();
                (row, rows, active)
            })
            .collect();
        for j in (0..strip_end).step_by(TILE_COLS) {
            for (row, rows, active) in &tiles {
                if *rows == TILE_ROWS {
                    tile::<TILE_ROWS>(x, w, k, n, active, *row, j, out);
                } else {
                    for r in *row..*row + *rows {
                        tile::<1>(x, w, k, n, active, r, j, out);
                    }
                }
            }
        }
        for row in block_start..block_end {
            for col in strip_end..n {
                out[row * n + col] += (0..k).map(|i| x[row * k + i] * w[i * n + col]).sum::<f32>();
            }
        }
    }
}

/// `out[rows, j..j + 8] += x[rows, active] · w[active, j..j + 8]` for `R` rows starting at `row`,
/// where `active` lists (ascending) every input index that is non-zero in at least one of them.
#[allow(clippy::too_many_arguments)]
fn tile<const R: usize>(
    x: &[f32],
    w: &[f32],
    k: usize,
    n: usize,
    active: &[usize],
    row: usize,
    j: usize,
    out: &mut [f32],
) {
    debug_assert!((row + R) * k <= x.len() && j + TILE_COLS <= n && active.iter().all(|&i| i < k));
    // SAFETY: rows row..row + R < m of `x` (k floats each) and `out` (n floats each), and columns
    // j..j + 8 ≤ n of `w`'s rows i < k, all inside the slices whose sizes `affine` asserted.
    unsafe {
        let mut acc = [[f32x4_splat(0.0); 2]; R];
        for (r, a) in acc.iter_mut().enumerate() {
            let o = out.as_ptr().add((row + r) * n + j);
            *a = [v128_load(o as *const v128), v128_load(o.add(LANES) as *const v128)];
        }
        let x_rows = x.as_ptr().add(row * k);
        for &i in active {
            let w_ptr = w.as_ptr().add(i * n + j);
            let (w0, w1) = (v128_load(w_ptr as *const v128), v128_load(w_ptr.add(LANES) as *const v128));
            for (r, a) in acc.iter_mut().enumerate() {
                let xi = v128_load32_splat(x_rows.add(r * k + i) as *const u32);
                a[0] = f32x4_add(a[0], f32x4_mul(xi, w0));
                a[1] = f32x4_add(a[1], f32x4_mul(xi, w1));
            }
        }
        for (r, a) in acc.iter().enumerate() {
            let o = out.as_mut_ptr().add((row + r) * n + j);
            v128_store(o as *mut v128, a[0]);
            v128_store(o.add(LANES) as *mut v128, a[1]);
        }
    }
}

/// `1 / (1 + e^-x)` for every value, four at a time: the decoder's last step, 784 per image.
///
/// e^y is computed as `2^n · e^r` with `n = round(y / ln 2)` and `|r| ≤ ln 2 / 2`, `e^r` by its
/// degree-6 Taylor polynomial (relative error below 2e-7 on that interval), `2^n` by writing n
/// into the float's exponent bits. y is clamped to ±87, where the sigmoid is 0 or 1 to f32 anyway.
pub fn sigmoid_in_place(values: &mut [f32]) {
    use core::arch::wasm32::{
        f32x4_div, f32x4_max, f32x4_min, f32x4_nearest, f32x4_neg, f32x4_sub, i32x4_add, i32x4_shl, i32x4_splat,
        i32x4_trunc_sat_f32x4,
    };
    const LN2_HI: f32 = 0.693_145_75;
    const LN2_LO: f32 = 1.428_606_8e-6;
    let vector_end = values.len() - values.len() % LANES;
    let mut i = 0;
    while i < vector_end {
        // SAFETY: i + 4 ≤ vector_end ≤ values.len().
        unsafe {
            let ptr = values.as_mut_ptr().add(i) as *mut v128;
            let y = f32x4_max(f32x4_min(f32x4_neg(v128_load(ptr)), f32x4_splat(87.0)), f32x4_splat(-87.0));
            let n = f32x4_nearest(f32x4_mul(y, f32x4_splat(core::f32::consts::LOG2_E)));
            let r = f32x4_sub(f32x4_sub(y, f32x4_mul(n, f32x4_splat(LN2_HI))), f32x4_mul(n, f32x4_splat(LN2_LO)));
            // Horner: 1 + r(1 + r/2(1 + r/3(1 + r/4(1 + r/5(1 + r/6))))).
            let mut p = f32x4_splat(1.0);
            for k in [6.0f32, 5.0, 4.0, 3.0, 2.0, 1.0] {
                p = f32x4_add(f32x4_splat(1.0), f32x4_mul(f32x4_mul(r, f32x4_splat(1.0 / k)), p));
            }
            let two_to_n = i32x4_shl(i32x4_add(i32x4_trunc_sat_f32x4(n), i32x4_splat(127)), 23);
            let exp = f32x4_mul(p, two_to_n);
            v128_store(ptr, f32x4_div(f32x4_splat(1.0), f32x4_add(f32x4_splat(1.0), exp)));
        }
        i += LANES;
    }
    for v in &mut values[vector_end..] {
        *v = crate::nn::layers::sigmoid(*v);
    }
}
