//! The int8 dense layer of [`super::int8`] with WebAssembly's 128-bit SIMD: `i32x4.dot_i16x8_s`
//! multiplies eight int16 pairs and adds each pair, so one instruction adds two inputs to four
//! output columns (an f32 kernel needs a multiply and an add for one input and four columns), and
//! the weights are a quarter of f32's bytes (a decoder's fit in L2, so a single decode stops
//! waiting on memory). Same bits as [`super::int8::affine_reference`]: integer sums that cannot
//! overflow, then the same f32 operations in the same order.
//!
//! Two kernels, as for f32 (`wasm_simd.rs`):
//! - one row (a single decode): strips of 32 columns (four panels), eight i32x4 accumulators in
//!   registers while every non-zero input pair is added in, the output written once and each
//!   weight read once;
//! - a batch: 4 rows × 8 columns (one panel) per tile, each 16-byte weight load serving four rows,
//!   every input pair in order (in four rows after a ReLU, few pairs are zero in all of them, and a
//!   dense loop walks the panel's contiguous weights with no list to follow), rows in blocks whose
//!   quantised inputs stay in L1 while the panels pass. Wider tiles (4 × 16, 3 × 16) need more
//!   than the 16 vector registers V8 has on x64 and measured slower.

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

/// Columns `j..j + 4V` of one row (`V / 2` panels from panel `j / 8`).
fn strip<const V: usize>(active: &[(usize, u32)], layer: &PackedInt8, row_scale: f32, j: usize, out: &mut [f32]) {
    let (n, pairs) = (layer.outputs, layer.pairs());
    debug_assert!(V % 2 == 0 && j % COLUMN_GROUP == 0 && j + 4 * V <= n);
    // SAFETY: for every active pair p < pairs and panel g = j/8 + v < n/8, the 16 bytes at
    // (g·pairs + p)·16 lie inside `weights` (n/8 · pairs · 16 bytes); columns j..j + 4V lie inside
    // scales, bias and `out` (n each, asserted in `affine`). Unaligned v128 loads and stores are allowed.
    unsafe {
        let mut acc = [i32x4_splat(0); V];
        let panels = layer.weights.as_ptr().add((j / COLUMN_GROUP) * pairs * 16);
        for &(p, word) in active {
            let x = i32x4_splat(word as i32);
            let pair = panels.add(p * 16);
            for v in 0..V / 2 {
                let w = v128_load(pair.add(v * pairs * 16) as *const v128);
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

/// Rows per block: 16 quantised rows (16 × 2·pairs bytes ≤ 17 kB for 512 inputs) and one panel
/// (16 · pairs bytes) stay in L1 together.
const ROW_BLOCK: usize = 16;

/// Rows per tile.
const TILE_ROWS: usize = 4;

/// A batch of rows: for each block of rows, each panel of columns, each tile of rows.
fn rows(xq: &[i16], row_scales: &[f32], m: usize, layer: &PackedInt8, out: &mut [f32]) {
    for block_start in (0..m).step_by(ROW_BLOCK) {
        let block_end = (block_start + ROW_BLOCK).min(m);
        for g in 0..layer.outputs / COLUMN_GROUP {
            let mut row = block_start;
            while row + TILE_ROWS <= block_end {
                tile::<TILE_ROWS>(xq, row_scales, layer, row, g, out);
                row += TILE_ROWS;
            }
            match block_end - row {
                3 => tile::<3>(xq, row_scales, layer, row, g, out),
                2 => tile::<2>(xq, row_scales, layer, row, g, out),
                1 => tile::<1>(xq, row_scales, layer, row, g, out),
                _ => {}
            }
        }
    }
}

/// Columns `8g..8g + 8` (panel g) of `R` rows starting at `row`, over every input pair.
fn tile<const R: usize>(xq: &[i16], row_scales: &[f32], layer: &PackedInt8, row: usize, g: usize, out: &mut [f32]) {
    let (n, pairs) = (layer.outputs, layer.pairs());
    let j = g * COLUMN_GROUP;
    debug_assert!((row + R) * 2 * pairs <= xq.len() && j + COLUMN_GROUP <= n);
    // SAFETY: rows row..row + R ≤ m of `xq` (pairs u32 words each) and of `out` (n floats each),
    // and panel g < n/8 of `weights` (pairs · 16 bytes from (g·pairs)·16), all inside the sizes
    // `affine` asserted.
    unsafe {
        let mut acc = [[i32x4_splat(0); 2]; R];
        let x_rows = xq.as_ptr().add(row * 2 * pairs) as *const u32;
        let panel = layer.weights.as_ptr().add(g * pairs * 16);
        for p in 0..pairs {
            let w = v128_load(panel.add(p * 16) as *const v128);
            let (low, high) = (i16x8_extend_low_i8x16(w), i16x8_extend_high_i8x16(w));
            for (r, a) in acc.iter_mut().enumerate() {
                let x = v128_load32_splat(x_rows.add(r * pairs + p));
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
