//! The int8 dense layer of [`super::int8`] with WebAssembly's 128-bit SIMD: `i32x4.dot_i16x8_s`
//! multiplies eight int16 pairs and adds each pair, so one instruction adds two inputs to four
//! output columns (an f32 kernel needs a multiply and an add for one input and four columns), and
//! the weights are a quarter of f32's bytes (a decoder's fit in L2, so a single decode stops
//! waiting on memory). Same bits as [`super::int8::affine_reference`]: integer sums that cannot
//! overflow, then the same f32 operations in the same order.
//!
//! Two kernels, as for f32 (`wasm_simd.rs`):
//! - one row (a single decode): strips of 32 columns, eight i32x4 accumulators in registers while
//!   every non-zero input pair is added in, the output written once and each weight read once;
//! - a batch: 4 rows × 8 columns per tile, each 16-byte weight load serving four rows, rows in
//!   blocks whose quantised inputs stay in L1 while the strips of weights pass.

use core::arch::wasm32::{
    f32x4_add, f32x4_convert_i32x4, f32x4_mul, f32x4_splat, i16x8_extend_high_i8x16, i16x8_extend_low_i8x16,
    i32x4_add, i32x4_dot_i16x8, i32x4_splat, v128, v128_load, v128_load32_splat, v128_store,
};

use super::int8::{COLUMN_GROUP, PackedInt8, quantize_value, relu_value};

/// `out (m, n) = (xq · q) · (sx[r] · scale[j]) + b[j]`; see [`super::int8::affine_reference`].
pub fn affine(xq: &[i16], row_scales: &[f32], m: usize, layer: &PackedInt8, out: &mut [f32]) {
    let (n, pairs) = (layer.outputs, layer.pairs());
    assert!(
        xq.len() == m * 2 * pairs && row_scales.len() == m && out.len() == m * n && n % COLUMN_GROUP == 0,
        "operand sizes disagree"
    );
    assert!(layer.weights.len() == pairs * n * 2 && layer.scales.len() == n && layer.bias.len() == n);
    if m == 1 {
        one_row(xq, row_scales[0], layer, out);
    } else {
        rows(xq, row_scales, m, layer, out);
    }
}

/// The input pairs of a row as the 32-bit words `dot` splats (low half: input 2p), skipping zeros.
fn active_pairs(x: &[i16]) -> impl Iterator<Item = (usize, u32)> + '_ {
    x.chunks_exact(2)
        .enumerate()
        .map(|(p, pair)| (p, (pair[0] as u16 as u32) | ((pair[1] as u16 as u32) << 16)))
        .filter(|&(_, word)| word != 0)
}

/// One row: `V` = accumulators per strip (four columns each), 8 then 2.
fn one_row(xq: &[i16], row_scale: f32, layer: &PackedInt8, out: &mut [f32]) {
    let n = layer.outputs;
    let active: Vec<(usize, u32)> = active_pairs(xq).collect();
    let mut j = 0;
    while j + 32 <= n {
        strip::<8>(&active, layer, row_scale, j, out);
        j += 32;
    }
    while j + COLUMN_GROUP <= n {
        strip::<2>(&active, layer, row_scale, j, out);
        j += COLUMN_GROUP;
    }
}

/// Columns `j..j + 4V` of one row.
fn strip<const V: usize>(active: &[(usize, u32)], layer: &PackedInt8, row_scale: f32, j: usize, out: &mut [f32]) {
    let n = layer.outputs;
    debug_assert!(V % 2 == 0 && j + 4 * V <= n);
    // SAFETY: for every active pair p < pairs, bytes (p·n + j)·2 .. (p·n + j + 4V)·2 lie inside
    // `weights` (pairs · n · 2 bytes, j + 4V ≤ n); columns j..j + 4V lie inside scales, bias and
    // `out` (n each, asserted in `affine`). Unaligned v128 loads and stores are allowed.
    unsafe {
        let mut acc = [i32x4_splat(0); V];
        let weights = layer.weights.as_ptr();
        for &(p, word) in active {
            let x = i32x4_splat(word as i32);
            let row = weights.add((p * n + j) * 2);
            for v in 0..V / 2 {
                let w = v128_load(row.add(16 * v) as *const v128);
                acc[2 * v] = i32x4_add(acc[2 * v], i32x4_dot_i16x8(i16x8_extend_low_i8x16(w), x));
                acc[2 * v + 1] = i32x4_add(acc[2 * v + 1], i32x4_dot_i16x8(i16x8_extend_high_i8x16(w), x));
            }
        }
        let sx = f32x4_splat(row_scale);
        for (v, a) in acc.iter().enumerate() {
            store_scaled(*a, sx, layer, j + 4 * v, out.as_mut_ptr().add(j + 4 * v));
        }
    }
}

/// `out[0..4] = f32(acc) · (sx · scale[col..col + 4]) + bias[col..col + 4]`.
///
/// # Safety
/// `col + 4 ≤ n` and `out` points at four writable floats.
#[inline(always)]
unsafe fn store_scaled(acc: v128, sx: v128, layer: &PackedInt8, col: usize, out: *mut f32) {
    unsafe {
        let scale = v128_load(layer.scales.as_ptr().add(col) as *const v128);
        let bias = v128_load(layer.bias.as_ptr().add(col) as *const v128);
        v128_store(out as *mut v128, f32x4_add(f32x4_mul(f32x4_convert_i32x4(acc), f32x4_mul(sx, scale)), bias));
    }
}

/// Rows per block: 32 quantised rows (32 × 2·pairs bytes ≤ 33 kB for 512 inputs) stay in L1.
const ROW_BLOCK: usize = 32;

/// Rows per tile.
const TILE_ROWS: usize = 4;

/// A batch of rows.
fn rows(xq: &[i16], row_scales: &[f32], m: usize, layer: &PackedInt8, out: &mut [f32]) {
    let (n, pairs) = (layer.outputs, layer.pairs());
    for block_start in (0..m).step_by(ROW_BLOCK) {
        let block_end = (block_start + ROW_BLOCK).min(m);
        // Each tile's rows and the input pairs that are non-zero in at least one of them.
        let tiles: Vec<(usize, usize, Vec<usize>)> = (block_start..block_end)
            .step_by(TILE_ROWS)
            .map(|row| {
                let count = TILE_ROWS.min(block_end - row);
                let active = (0..pairs)
                    .filter(|&p| (row..row + count).any(|r| xq[r * 2 * pairs + 2 * p] != 0 || xq[r * 2 * pairs + 2 * p + 1] != 0))
                    .collect();
                (row, count, active)
            })
            .collect();
        for j in (0..n).step_by(COLUMN_GROUP) {
            for (row, count, active) in &tiles {
                if *count == TILE_ROWS {
                    tile::<TILE_ROWS>(xq, row_scales, layer, active, *row, j, out);
                } else {
                    for r in *row..*row + *count {
                        tile::<1>(xq, row_scales, layer, active, r, j, out);
                    }
                }
            }
        }
    }
}

/// Columns `j..j + 8` of `R` rows starting at `row`, over the listed input pairs.
fn tile<const R: usize>(
    xq: &[i16],
    row_scales: &[f32],
    layer: &PackedInt8,
    active: &[usize],
    row: usize,
    j: usize,
    out: &mut [f32],
) {
    let (n, pairs) = (layer.outputs, layer.pairs());
    debug_assert!((row + R) * 2 * pairs <= xq.len() && j + COLUMN_GROUP <= n && active.iter().all(|&p| p < pairs));
    // SAFETY: rows row..row + R < m of `xq` (2·pairs i16 each) and `out` (n floats each), pairs
    // p < pairs of `weights` at columns j..j + 8 ≤ n, all inside the sizes `affine` asserted.
    unsafe {
        let mut acc = [[i32x4_splat(0); 2]; R];
        let x_rows = xq.as_ptr().add(row * 2 * pairs);
        let weights = layer.weights.as_ptr();
        for &p in active {
            let w = v128_load(weights.add((p * n + j) * 2) as *const v128);
            let (low, high) = (i16x8_extend_low_i8x16(w), i16x8_extend_high_i8x16(w));
            for (r, a) in acc.iter_mut().enumerate() {
                let x = v128_load32_splat(x_rows.add(r * 2 * pairs + 2 * p) as *const u32);
                a[0] = i32x4_add(a[0], i32x4_dot_i16x8(low, x));
                a[1] = i32x4_add(a[1], i32x4_dot_i16x8(high, x));
            }
        }
        for (r, a) in acc.iter().enumerate() {
            let sx = f32x4_splat(row_scales[row + r]);
            let o = out.as_mut_ptr().add((row + r) * n + j);
            store_scaled(a[0], sx, layer, j, o);
            store_scaled(a[1], sx, layer, j + 4, o.add(4));
        }
    }
}

/// `max_i |x_i|` (of `max(0, x_i)` with ReLU), four lanes at a time; exact, as the scalar one.
pub fn max_magnitude(row: &[f32], relu: bool) -> f32 {
    use core::arch::wasm32::{f32x4_abs, f32x4_extract_lane, f32x4_pmax};
    let vector_end = row.len() - row.len() % 4;
    // SAFETY: every load reads row[i..i + 4] with i + 4 ≤ vector_end ≤ row.len().
    let lanes = unsafe {
        let mut acc = f32x4_splat(0.0);
        let zero = f32x4_splat(0.0);
        for i in (0..vector_end).step_by(4) {
            let v = v128_load(row.as_ptr().add(i) as *const v128);
            let v = if relu { f32x4_pmax(zero, v) } else { f32x4_abs(v) };
            acc = f32x4_pmax(acc, v);
        }
        [f32x4_extract_lane::<0>(acc), f32x4_extract_lane::<1>(acc), f32x4_extract_lane::<2>(acc), f32x4_extract_lane::<3>(acc)]
    };
    lanes.into_iter().chain(row[vector_end..].iter().map(|&v| if relu { relu_value(v) } else { v.abs() })).fold(0.0, |m, a| if a > m { a } else { m })
}

/// [`super::int8`]'s `quantize_row`, eight values at a time: the same operations lane by lane.
pub fn quantize_row(row: &[f32], relu: bool, inverse: f32, limit: f32, out: &mut [i16]) {
    use core::arch::wasm32::{f32x4_nearest, f32x4_pmax, f32x4_pmin, i16x8_narrow_i32x4, i32x4_trunc_sat_f32x4};
    debug_assert_eq!(row.len(), out.len());
    let vector_end = row.len() - row.len() % 8;
    // SAFETY: loads read row[i..i + 8] and stores write out[i..i + 8], i + 8 ≤ vector_end ≤ both lengths.
    unsafe {
        let (zero, scale) = (f32x4_splat(0.0), f32x4_splat(inverse));
        let (high, low) = (f32x4_splat(limit), f32x4_splat(-limit));
        let quantize = |v: v128| {
            let v = if relu { f32x4_pmax(zero, v) } else { v };
            i32x4_trunc_sat_f32x4(f32x4_pmax(low, f32x4_pmin(high, f32x4_nearest(f32x4_mul(v, scale)))))
        };
        for i in (0..vector_end).step_by(8) {
            let a = quantize(v128_load(row.as_ptr().add(i) as *const v128));
            let b = quantize(v128_load(row.as_ptr().add(i + 4) as *const v128));
            v128_store(out.as_mut_ptr().add(i) as *mut v128, i16x8_narrow_i32x4(a, b));
        }
    }
    for i in vector_end..row.len() {
        out[i] = quantize_value(row[i], relu, inverse, limit);
    }
}
