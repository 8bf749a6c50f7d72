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
//!   that are zero in all four of its rows, and one without such inputs (a gradient) loops over all
//!   of them without the list. Columns past the last 8-wide strip take 4-wide ones, then scalars.
//!   (6 × 8 and 4 × 12 tiles measured 20–30 % slower here: more live vectors than V8's 16 registers.)
//!
//! Built with relaxed SIMD (the training worker's second module, where the browser has it), each
//! multiply-add is one fused `f32x4.relaxed_madd`; the results differ only by that rounding.

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

/// Vectors per tile row: 4 × 2 accumulators, 2 weight vectors and a splat fit the 16 registers.
const TILE_VECTORS: usize = 2;

/// Columns per tile.
const TILE_COLS: usize = TILE_VECTORS * LANES;

/// `out = x · w + b` for a batch of rows.
fn matrix_times_matrix(x: &[f32], w: &[f32], b: &[f32], m: usize, k: usize, n: usize, out: &mut [f32]) {
    for row in out.chunks_exact_mut(n) {
        row.copy_from_slice(b);
    }
    let strip_end = n - n % TILE_COLS;
    let vector_end = n - n % LANES;
    let mut active = Vec::with_capacity(k);
    for block_start in (0..m).step_by(ROW_BLOCK) {
        let block_end = (block_start + ROW_BLOCK).min(m);
        // The tiles' rows and the inputs they need: after a ReLU, neighbouring points of a grid
        // share most of their zeros, so a tile can skip every input that is 0 in all its rows; a
        // tile without such inputs (a gradient) runs over all k without the index list.
        let mut tiles = Vec::with_capacity(ROW_BLOCK / TILE_ROWS + 1);
        for row in (block_start..block_end).step_by(TILE_ROWS) {
            let rows = TILE_ROWS.min(block_end - row);
            let start = active.len();
            active.extend((0..k).filter(|&i| (row..row + rows).any(|r| x[r * k + i] != 0.0)));
            let dense = active.len() - start == k;
            if dense {
                active.truncate(start);
            }
            tiles.push((row, rows, dense, start..active.len()));
        }
        for j in (0..vector_end).step_by(TILE_COLS) {
            for (row, rows, dense, range) in &tiles {
                let inputs = if *dense { None } else { Some(&active[range.clone()]) };
                // SAFETY: rows row..row + rows ≤ m and inputs < k of `x`, columns j..j + TILE_COLS ≤ n
                // (j..j + 4 ≤ n past strip_end) of `w`'s k rows and `out`'s m rows: `affine` asserted
                // the slices' sizes.
                unsafe {
                    if j < strip_end {
                        tile_rows::<TILE_VECTORS>(x, w, k, n, inputs, *row, *rows, j, out);
                    } else {
                        for jv in (j..vector_end).step_by(LANES) {
                            tile_rows::<1>(x, w, k, n, inputs, *row, *rows, jv, out);
                        }
                    }
                }
            }
        }
        for row in block_start..block_end {
            for col in vector_end..n {
                out[row * n + col] += (0..k).map(|i| x[row * k + i] * w[i * n + col]).sum::<f32>();
            }
        }
        active.clear();
    }
}

/// One tile of `rows ≤ TILE_ROWS` rows, `V` vectors wide, over the `inputs` listed (all k if None).
///
/// # Safety
/// As for [`tile`].
#[allow(clippy::too_many_arguments)]
#[inline(always)]
unsafe fn tile_rows<const V: usize>(
    x: &[f32],
    w: &[f32],
    k: usize,
    n: usize,
    inputs: Option<&[usize]>,
    row: usize,
    rows: usize,
    j: usize,
    out: &mut [f32],
) {
    // SAFETY: the caller's promise.
    unsafe {
        match (rows, inputs) {
            (TILE_ROWS, None) => tile::<TILE_ROWS, V>(x, w, k, n, 0..k, row, j, out),
            (TILE_ROWS, Some(list)) => tile::<TILE_ROWS, V>(x, w, k, n, list.iter().copied(), row, j, out),
            (_, None) => (row..row + rows).for_each(|r| tile::<1, V>(x, w, k, n, 0..k, r, j, out)),
            (_, Some(list)) => (row..row + rows).for_each(|r| tile::<1, V>(x, w, k, n, list.iter().copied(), r, j, out)),
        }
    }
}

/// `out[rows, j..j + 4V] += x[rows, inputs] · w[inputs, j..j + 4V]` for `R` rows starting at `row`,
/// where `inputs` lists (ascending) every input index that is non-zero in at least one of them.
///
/// # Safety
/// Rows `row..row + R` of `x` and `out`, the `inputs` (< k), and columns `j..j + 4V` of `w` and
/// `out` (row length n) lie inside their slices.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
unsafe fn tile<const R: usize, const V: usize>(
    x: &[f32],
    w: &[f32],
    k: usize,
    n: usize,
    inputs: impl Iterator<Item = usize>,
    row: usize,
    j: usize,
    out: &mut [f32],
) {
    // SAFETY: the caller's promise; unaligned v128 loads and stores are allowed.
    unsafe {
        let mut acc = [[f32x4_splat(0.0); V]; R];
        for (r, a) in acc.iter_mut().enumerate() {
            let o = out.as_ptr().add((row + r) * n + j);
            for (v, a) in a.iter_mut().enumerate() {
                *a = v128_load(o.add(v * LANES) as *const v128);
            }
        }
        let x_rows = x.as_ptr().add(row * k);
        for i in inputs {
            let w_ptr = w.as_ptr().add(i * n + j);
            let mut wv = [f32x4_splat(0.0); V];
            for (v, wv) in wv.iter_mut().enumerate() {
                *wv = v128_load(w_ptr.add(v * LANES) as *const v128);
            }
            let x_col = x_rows.add(i);
            for (r, a) in acc.iter_mut().enumerate() {
                let xi = v128_load32_splat(x_col.add(r * k) as *const u32);
                for (a, &wv) in a.iter_mut().zip(&wv) {
                    *a = madd(xi, wv, *a);
                }
            }
        }
        for (r, a) in acc.iter().enumerate() {
            let o = out.as_mut_ptr().add((row + r) * n + j);
            for (v, a) in a.iter().enumerate() {
                v128_store(o.add(v * LANES) as *mut v128, *a);
            }
        }
    }
}

/// `a · b + c`: one fused instruction where relaxed SIMD is built in, a multiply and an add elsewhere.
#[inline(always)]
fn madd(a: v128, b: v128, c: v128) -> v128 {
    #[cfg(target_feature = "relaxed-simd")]
    return core::arch::wasm32::f32x4_relaxed_madd(a, b, c);
    #[cfg(not(target_feature = "relaxed-simd"))]
    return f32x4_add(c, f32x4_mul(a, b));
}

/// e^y for four values: `2^n · e^r` with `n = round(y / ln 2)` and `|r| ≤ ln 2 / 2`, `e^r` by its
/// degree-6 Taylor polynomial (relative error below 2e-7 on that interval), `2^n` by writing n
/// into the float's exponent bits. y is clamped to ±87 (e^y is 0 or infinite in f32 beyond): for the
/// loss's softplus, which keeps every digit it can.
///
/// Written with the operations that are one x86 instruction each in V8: the clamp with `pmin` /
/// `pmax` (IEEE `min` / `max` cost about seven each, for NaN and −0 rules that cannot matter
/// here), and the integer n read from `n + 1.5·2²³`, whose low mantissa bits hold it exactly for
/// |n| < 2²² (a saturating truncation costs about seven). The same figures as with those.
#[inline(always)]
fn exp_clamped(y: v128) -> v128 {
    use core::arch::wasm32::{f32x4_nearest, f32x4_pmax, f32x4_pmin, f32x4_sub, i32x4_add, i32x4_shl, i32x4_splat, i32x4_sub};
    const LN2_HI: f32 = 0.693_145_75;
    const LN2_LO: f32 = 1.428_606_8e-6;
    /// 1.5 · 2²³: adding it to an integer-valued float |n| < 2²² puts n in the low mantissa bits.
    const SHIFTER: f32 = 12_582_912.0;
    // y first: pmin(a, b) is `b < a ? b : a`, so a NaN stays NaN (and the decode reports it).
    let y = f32x4_pmax(f32x4_pmin(y, f32x4_splat(87.0)), f32x4_splat(-87.0));
    let n = f32x4_nearest(f32x4_mul(y, f32x4_splat(core::f32::consts::LOG2_E)));
    let r = f32x4_sub(f32x4_sub(y, f32x4_mul(n, f32x4_splat(LN2_HI))), f32x4_mul(n, f32x4_splat(LN2_LO)));
    // Horner: 1 + r(1 + r/2(1 + r/3(1 + r/4(1 + r/5(1 + r/6))))).
    let mut p = f32x4_splat(1.0);
    for k in [6.0f32, 5.0, 4.0, 3.0, 2.0, 1.0] {
        p = f32x4_add(f32x4_splat(1.0), f32x4_mul(f32x4_mul(r, f32x4_splat(1.0 / k)), p));
    }
    let n_int = i32x4_sub(f32x4_add(n, f32x4_splat(SHIFTER)), i32x4_splat(SHIFTER.to_bits() as i32));
    let two_to_n = i32x4_shl(i32x4_add(n_int, i32x4_splat(127)), 23);
    f32x4_mul(p, two_to_n)
}

/// Every value of `values` through `lanes`, four at a time, and the last `len % 4` through `scalar`.
#[inline(always)]
fn map_in_place(values: &mut [f32], lanes: impl Fn(v128) -> v128, scalar: impl Fn(f32) -> f32) {
    let vector_end = values.len() - values.len() % LANES;
    let mut i = 0;
    while i < vector_end {
        // SAFETY: i + 4 ≤ vector_end ≤ values.len().
        unsafe {
            let ptr = values.as_mut_ptr().add(i) as *mut v128;
            v128_store(ptr, lanes(v128_load(ptr)));
        }
        i += LANES;
    }
    for v in &mut values[vector_end..] {
        *v = scalar(*v);
    }
}

/// `1 / (1 + e^-x)` for every value, four at a time: the decoder's last step, 784 per image (a
/// sixth of a batch's decode, before this form). `e^-x = 2^t` with `t = −x · log₂ e` clamped to
/// ±126, `2^t = 2^n · 2^f` with `n = round(t)` and `|f| ≤ ½`: `2^f` by a degree-5 polynomial fitted
/// for the least relative error on [−½, ½] (below 3e-7 in f32), `2^n` written into the exponent
/// bits as in [`exp_clamped`]. About a third fewer operations than `exp_clamped`'s two-part
/// reduction and Taylor polynomial, whose extra digits a pixel's probability does not need
/// (the loss keeps them). Separate multiplies and adds, never fused: every build, the same bits.
pub fn sigmoid_in_place(values: &mut [f32]) {
    use core::arch::wasm32::{f32x4_div, f32x4_nearest, f32x4_pmax, f32x4_pmin, f32x4_sub, i32x4_add, i32x4_shl, i32x4_splat, i32x4_sub};
    /// 2^f ≈ Σ C[k] f^k on [−½, ½] (fitted in f64 by reweighted least squares, then rounded to f32).
    const C: [f32; 6] = [1.000_000_1, 0.693_146_94, 0.240_221_2, 0.055_507_13, 0.009_675_541, 0.001_327_647_1];
    /// 1.5 · 2²³, as in `exp_clamped`.
    const SHIFTER: f32 = 12_582_912.0;
    let lanes = |x: v128| {
        let t = f32x4_mul(x, f32x4_splat(-core::f32::consts::LOG2_E));
        // t first: pmin(a, b) is `b < a ? b : a`, so a NaN stays NaN (and the decode reports it).
        let t = f32x4_pmax(f32x4_pmin(t, f32x4_splat(126.0)), f32x4_splat(-126.0));
        let n = f32x4_nearest(t);
        let f = f32x4_sub(t, n);
        let mut p = f32x4_splat(C[5]);
        for &c in C[..5].iter().rev() {
            p = f32x4_add(f32x4_mul(p, f), f32x4_splat(c));
        }
        let n_int = i32x4_sub(f32x4_add(n, f32x4_splat(SHIFTER)), i32x4_splat(SHIFTER.to_bits() as i32));
        let two_to_n = i32x4_shl(i32x4_add(n_int, i32x4_splat(127)), 23);
        f32x4_div(f32x4_splat(1.0), f32x4_add(f32x4_splat(1.0), f32x4_mul(p, two_to_n)))
    };
    map_in_place(values, lanes, crate::nn::layers::sigmoid);
}

/// `log(1 + e^-|x|)` for every value, four at a time: the cross-entropy's softplus, 784 per image.
///
/// With `u = e^-|x| ∈ (0, 1]` and `s = u / (2 + u) ≤ 1/3`, `log(1 + u) = 2 atanh(s) =
/// 2s (1 + s²/3 + s⁴/5 + …)`; eight terms leave a relative error below 2e-8 (`s² ≤ 1/9`).
pub fn softplus_of_minus_abs_in_place(values: &mut [f32]) {
    use core::arch::wasm32::{f32x4_abs, f32x4_div, f32x4_neg};
    let lanes = |x: v128| {
        let u = exp_clamped(f32x4_neg(f32x4_abs(x)));
        let s = f32x4_div(u, f32x4_add(f32x4_splat(2.0), u));
        let s2 = f32x4_mul(s, s);
        let mut series = f32x4_splat(1.0 / 15.0);
        for k in [13.0f32, 11.0, 9.0, 7.0, 5.0, 3.0, 1.0] {
            series = f32x4_add(f32x4_splat(1.0 / k), f32x4_mul(s2, series));
        }
        f32x4_mul(f32x4_add(s, s), series)
    };
    map_in_place(values, lanes, |v| (-v.abs()).exp().ln_1p());
}
