//! The int8 dense layer of [`super::int8`] for 7-bit inputs, with relaxed SIMD's
//! `i32x4.relaxed_dot_i8x16_i7x16_add_s`: sixteen int8 weights times sixteen 7-bit inputs, summed
//! by fours into four i32 lanes and added to them, in one instruction (AVX-VNNI's `vpdpbusd` where
//! the CPU has it). `wasm_simd_int8.rs` needs a widening, a `dot_i16x8` and an add for every two
//! inputs; here four inputs of four columns are one instruction. The result is defined, the same
//! on every CPU, when the 7-bit operand's top bit is 0, so the inputs must lie in 0..=127: a
//! layer's 7-bit quantisation of a ReLU's output gives exactly that, and [`affine`] declines
//! anything else. Same bits as [`super::int8::affine_reference`]: integer sums that cannot
//! overflow (127 · 127 · 4 per lane and quad), then the same f32 operations in the same order.
//!
//! Weights are read from [`PackedInt8::quads`]: per panel of eight columns and quad of inputs, 32
//! bytes (columns 0–3, then 4–7, each four inputs side by side). Inputs are packed per row as one
//! 32-bit word per quad, which `v128.load32_splat` spreads over the four lanes.
//!
//! Two kernels, as in `wasm_simd_int8.rs`: one row in strips of 32 columns (eight accumulators,
//! every non-zero quad added in); a batch in tiles of four rows × eight columns over the quads
//! that are non-zero in some row of the tile.

use core::arch::wasm32::{
    f32x4_splat, i32x4_relaxed_dot_i8x16_i7x16_add, i32x4_splat, v128, v128_load, v128_load32_splat,
};

use super::int8::{COLUMN_GROUP, PackedInt8, SEVEN_BIT_LIMIT};
use super::wasm_simd_int8::{ROW_BLOCK, TILE_ROWS, block_tiles, store_scaled};

/// `out (m, n) = (xq · q) · (sx[r] · scale[j]) + b[j]` for a layer with `quads`, if every input
/// lies in 0..=127; else false, with `out` untouched (the caller takes the 16-bit kernel).
pub fn affine(xq: &[i16], row_scales: &[f32], m: usize, layer: &PackedInt8, out: &mut [f32]) -> bool {
    let (k, n, quads) = (layer.inputs, layer.outputs, layer.quad_count());
    let stride = 2 * layer.pairs();
    assert!(
        xq.len() == m * stride && row_scales.len() == m && out.len() == m * n && n % COLUMN_GROUP == 0,
        "operand sizes disagree"
    );
    assert!(layer.quads.len() == quads * 4 * n && layer.scales.len() == n && layer.bias.len() == n);
    let Some(words) = seven_bit_words(xq, m, k, stride) else { return false };
    if m == 1 {
        one_row(&words, row_scales[0], layer, out);
    } else {
        rows(&words, row_scales, m, layer, out);
    }
    true
}

/// The rows of `xq (m, stride)` as `(m, ⌈k / 4⌉)` words, byte r of word q being input 4q + r (0
/// past k), or None if an input lies outside 0..=127.
fn seven_bit_words(xq: &[i16], m: usize, k: usize, stride: usize) -> Option<Vec<u32>> {
    let quads = k.div_ceil(4);
    let mut words = vec![0u32; m * quads]; // (m, quads)
    let mut outside = 0u16;
    for (row, row_words) in xq.chunks_exact(stride).zip(words.chunks_exact_mut(quads)) {
        for (four, word) in row[..k].chunks(4).zip(row_words.iter_mut()) {
            for (b, &v) in four.iter().enumerate() {
                outside |= (v as u16) & !(SEVEN_BIT_LIMIT as u16);
                *word |= ((v as u16 & 0x7f) as u32) << (8 * b);
            }
        }
    }
    (outside == 0).then_some(words)
}

/// One row: strips of four panels (32 columns), then single panels.
fn one_row(words: &[u32], row_scale: f32, layer: &PackedInt8, out: &mut [f32]) {
    let n = layer.outputs;
    let mut active = Vec::with_capacity(words.len()); // (quad, word), sized once: a filter's collect grows by doubling
    active.extend(words.iter().copied().enumerate().filter(|&(_, w)| w != 0));
    let mut j = 0;
    while j + 4 * COLUMN_GROUP <= n {
        strip::<4>(&active, layer, row_scale, j, out);
        j += 4 * COLUMN_GROUP;
    }
    while j + COLUMN_GROUP <= n {
        strip::<1>(&active, layer, row_scale, j, out);
        j += COLUMN_GROUP;
    }
}

/// Columns `j..j + 8P` of one row (`P` panels from panel `j / 8`), two accumulators a panel.
fn strip<const P: usize>(active: &[(usize, u32)], layer: &PackedInt8, row_scale: f32, j: usize, out: &mut [f32]) {
    let quads = layer.quad_count();
    debug_assert!(j.is_multiple_of(COLUMN_GROUP) && j + P * COLUMN_GROUP <= layer.outputs);
    // SAFETY: for every active quad q < quads and panel g = j/8 + v < n/8, the 32 bytes at
    // (g·quads + q)·32 lie inside `quads` (n/8 · quads · 32 bytes, asserted in `affine`); columns
    // j..j + 8P lie inside scales, bias and `out` (n each). Unaligned v128 loads are allowed.
    unsafe {
        let mut acc = [[i32x4_splat(0); 2]; P];
        let panels = layer.quads.as_ptr().add((j / COLUMN_GROUP) * quads * 32);
        for &(q, word) in active {
            let x = i32x4_splat(word as i32);
            let quad = panels.add(q * 32);
            for (v, acc) in acc.iter_mut().enumerate() {
                let w = quad.add(v * quads * 32);
                acc[0] = i32x4_relaxed_dot_i8x16_i7x16_add(v128_load(w as *const v128), x, acc[0]);
                acc[1] = i32x4_relaxed_dot_i8x16_i7x16_add(v128_load(w.add(16) as *const v128), x, acc[1]);
            }
        }
        let sx = f32x4_splat(row_scale);
        for (v, acc) in acc.iter().enumerate() {
            let col = j + v * COLUMN_GROUP;
            store_scaled(acc[0], sx, layer, col, out.as_mut_ptr().add(col));
            store_scaled(acc[1], sx, layer, col + 4, out.as_mut_ptr().add(col + 4));
        }
    }
}

/// A batch: in blocks of 16 rows, each tile of four rows (three, two or one at the end) first
/// lists the quads non-zero in some of its rows; then for each panel, each tile runs over its own.
fn rows(words: &[u32], row_scales: &[f32], m: usize, layer: &PackedInt8, out: &mut [f32]) {
    let quads = layer.quad_count();
    // For each tile of a block: its first row, its rows, and its quads at `active[slot·quads..]`.
    let mut tiles: Vec<(usize, usize, usize)> = Vec::with_capacity(ROW_BLOCK / TILE_ROWS);
    let mut active = vec![0u32; ROW_BLOCK / TILE_ROWS * quads]; // (tiles, quads)
    let mut counts = [0usize; ROW_BLOCK / TILE_ROWS];
    for block in block_tiles(m) {
        tiles.clear();
        for (row, rows) in block {
            let slot = tiles.len();
            let list = &mut active[slot * quads..(slot + 1) * quads];
            let mut count = 0;
            for q in 0..quads {
                if (0..rows).any(|r| words[(row + r) * quads + q] != 0) {
                    list[count] = q as u32;
                    count += 1;
                }
            }
            counts[slot] = count;
            tiles.push((row, rows, slot));
        }
        for g in 0..layer.outputs / COLUMN_GROUP {
            for &(row, rows, slot) in &tiles {
                let list = &active[slot * quads..slot * quads + counts[slot]];
                match rows {
                    4 => tile::<4>(words, list, row_scales, layer, row, g, out),
                    3 => tile::<3>(words, list, row_scales, layer, row, g, out),
                    2 => tile::<2>(words, list, row_scales, layer, row, g, out),
                    _ => tile::<1>(words, list, row_scales, layer, row, g, out),
                }
            }
        }
    }
}

/// Columns `8g..8g + 8` (panel g) of `R` rows from `row`, over the quads listed.
fn tile<const R: usize>(
    words: &[u32],
    list: &[u32],
    row_scales: &[f32],
    layer: &PackedInt8,
    row: usize,
    g: usize,
    out: &mut [f32],
) {
    let (n, quads) = (layer.outputs, layer.quad_count());
    let j = g * COLUMN_GROUP;
    debug_assert!(
        (row + R) * quads <= words.len() && j + COLUMN_GROUP <= n && list.iter().all(|&q| (q as usize) < quads)
    );
    // SAFETY: rows row..row + R ≤ m of `words` (quads words each) and of `out` (n floats each);
    // for each listed quad q < quads, the 32 bytes at (g·quads + q)·32 of `quads`, with g < n/8:
    // all inside the sizes `affine` asserted.
    unsafe {
        let mut acc = [[i32x4_splat(0); 2]; R];
        let x_rows = words.as_ptr().add(row * quads);
        let panel = layer.quads.as_ptr().add(g * quads * 32);
        for &q in list {
            let q = q as usize;
            let w0 = v128_load(panel.add(q * 32) as *const v128);
            let w1 = v128_load(panel.add(q * 32 + 16) as *const v128);
            for (r, acc) in acc.iter_mut().enumerate() {
                let x = v128_load32_splat(x_rows.add(r * quads + q));
                acc[0] = i32x4_relaxed_dot_i8x16_i7x16_add(w0, x, acc[0]);
                acc[1] = i32x4_relaxed_dot_i8x16_i7x16_add(w1, x, acc[1]);
            }
        }
        for (r, acc) in acc.iter().enumerate() {
            let sx = f32x4_splat(row_scales[row + r]);
            let o = out.as_mut_ptr().add((row + r) * n + j);
            store_scaled(acc[0], sx, layer, j, o);
            store_scaled(acc[1], sx, layer, j + 4, o.add(4));
        }
    }
}
