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
//! - a batch: 4 rows × 8 columns (one panel) per tile, each weight load serving four rows, rows in
//!   blocks whose quantised inputs stay in L1 while the panels pass. A tile first finds the
//!   inputs that are zero in all its rows (after a ReLU, units a region of latent space leaves
//!   off: a quarter of them for four random z, half for four neighbours on the map's grid). With
//!   few enough left it runs over those alone, pairing them as they come from the weights kept
//!   input by input (`sparse_tile`: two 8-byte loads and an interleave per pair); else over every
//!   fixed pair of the panel (`tile`: one 16-byte load). Wider tiles (4 × 16, 3 × 16) need more
//!   than the 16 vector registers V8 has on x64 and measured slower.

use core::arch::wasm32::{
    f32x4_add, f32x4_convert_i32x4, f32x4_mul, f32x4_splat, i16x8_extend_high_i8x16, i16x8_extend_low_i8x16, i32x4_add,
    i32x4_dot_i16x8, i32x4_splat, v128, v128_load, v128_load32_splat, v128_store,
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
    let mut active = Vec::with_capacity(xq.len() / 2); // (pair, word), sized once: a filter's collect grows by doubling
    active.extend(active_pairs(xq));
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
    if !layer.wide.is_empty() {
        return wide_strip::<V>(active, layer, row_scale, j, out);
    }
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

/// [`strip`] on the weights widened to int16: two 16-byte loads per panel and input pair, which
/// `dot` takes as they are, where [`strip`] loads 16 bytes and widens both halves.
fn wide_strip<const V: usize>(active: &[(usize, u32)], layer: &PackedInt8, row_scale: f32, j: usize, out: &mut [f32]) {
    let (n, pairs) = (layer.outputs, layer.pairs());
    debug_assert!(V % 2 == 0 && j % COLUMN_GROUP == 0 && j + 4 * V <= n && layer.wide.len() == layer.weights.len());
    // SAFETY: as in `strip`, with `wide` (the same layout as `weights`, two bytes a value): for an
    // active pair p < pairs and panel g = j/8 + v < n/8, the 16 values at (g·pairs + p)·16 lie
    // inside its n/8 · pairs · 16 values.
    unsafe {
        let mut acc = [i32x4_splat(0); V];
        let panels = layer.wide.as_ptr().add((j / COLUMN_GROUP) * pairs * 16);
        for &(p, word) in active {
            let x = i32x4_splat(word as i32);
            let pair = panels.add(p * 16);
            for v in 0..V / 2 {
                let w = pair.add(v * pairs * 16);
                acc[2 * v] = i32x4_add(acc[2 * v], i32x4_dot_i16x8(v128_load(w as *const v128), x));
                acc[2 * v + 1] = i32x4_add(acc[2 * v + 1], i32x4_dot_i16x8(v128_load(w.add(8) as *const v128), x));
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
pub(super) unsafe fn store_scaled(acc: v128, sx: v128, layer: &PackedInt8, col: usize, out: *mut f32) {
    unsafe {
        let scale = v128_load(layer.scales.as_ptr().add(col) as *const v128);
        let bias = v128_load(layer.bias.as_ptr().add(col) as *const v128);
        v128_store(out as *mut v128, f32x4_add(f32x4_mul(f32x4_convert_i32x4(acc), f32x4_mul(sx, scale)), bias));
    }
}

/// Rows per block: 16 quantised rows (16 × 2·pairs bytes ≤ 17 kB for 512 inputs) and one panel
/// (16 · pairs bytes) stay in L1 together.
pub(super) const ROW_BLOCK: usize = 16;

/// Rows per tile.
pub(super) const TILE_ROWS: usize = 4;

/// A tile skips its all-zero inputs when at most this share of its inputs is left (×1/5): the
/// skipping kernel pays about a sixth more per input pair (two loads and an interleave where the
/// dense one has one load), so below about 85 % it is the faster one.
const SPARSE_AT_MOST_FIFTHS: usize = 4;

/// A batch of rows: in blocks of 16 rows, each tile of four rows (three, two or one at the end)
/// first finds the inputs that are non-zero in some row of it; then for each panel of columns,
/// each tile runs the dense kernel over every input pair, or the skipping one over its own.
fn rows(xq: &[i16], row_scales: &[f32], m: usize, layer: &PackedInt8, out: &mut [f32]) {
    let mut tiles: Vec<Tile> = Vec::with_capacity(ROW_BLOCK / TILE_ROWS);
    let mut scratch = Scratch::for_layer(layer);
    for block in block_tiles(m) {
        tiles.clear();
        for (row, rows) in block {
            tiles.push(scratch.gather(xq, layer, row, rows, tiles.len()));
        }
        for g in 0..layer.outputs / COLUMN_GROUP {
            for t in &tiles {
                match (t.rows, t.sparse) {
                    (4, false) => tile::<4>(xq, row_scales, layer, t.row, g, out),
                    (3, false) => tile::<3>(xq, row_scales, layer, t.row, g, out),
                    (2, false) => tile::<2>(xq, row_scales, layer, t.row, g, out),
                    (_, false) => tile::<1>(xq, row_scales, layer, t.row, g, out),
                    (4, true) => sparse_tile::<4>(&scratch, t, row_scales, layer, g, out),
                    (3, true) => sparse_tile::<3>(&scratch, t, row_scales, layer, g, out),
                    (2, true) => sparse_tile::<2>(&scratch, t, row_scales, layer, g, out),
                    (_, true) => sparse_tile::<1>(&scratch, t, row_scales, layer, g, out),
                }
            }
        }
    }
}

/// The tiles of a batch of `m` rows, block by block: each block's tiles as `(first row, rows)`,
/// [`TILE_ROWS`] rows each but the block's last.
pub(super) fn block_tiles(m: usize) -> impl Iterator<Item = impl Iterator<Item = (usize, usize)>> {
    (0..m).step_by(ROW_BLOCK).map(move |start| {
        let end = (start + ROW_BLOCK).min(m);
        (start..end).step_by(TILE_ROWS).map(move |row| (row, (end - row).min(TILE_ROWS)))
    })
}

/// A tile of a block: its first row, its rows, and whether it skips inputs; if it does, its
/// `pairs` pairs of non-zero inputs are at `slot` in the [`Scratch`].
struct Tile {
    row: usize,
    rows: usize,
    sparse: bool,
    pairs: usize,
    slot: usize,
}

/// The inputs a tile keeps, paired in order, for each tile of a block:
/// `offsets (tiles, inputs + 1)`: for pair p, the byte offsets `8·i` of its two inputs in a panel
/// of `by_input` (the zero input `inputs` partners an odd one out);
/// `words (tiles, ⌈inputs / 2⌉ + 1, TILE_ROWS)`: for pair p and row r, the two quantised inputs as
/// the 32-bit word `dot` splats (low half: the first input).
struct Scratch {
    offsets: Vec<u32>,
    words: Vec<u32>,
    active: Vec<u32>,
    inputs: usize,
}

impl Scratch {
    fn for_layer(layer: &PackedInt8) -> Scratch {
        let tiles = ROW_BLOCK / TILE_ROWS;
        let inputs = layer.inputs;
        Scratch {
            offsets: vec![0; tiles * (inputs + 1)],
            words: vec![0; tiles * (inputs.div_ceil(2) + 1) * TILE_ROWS],
            active: Vec::with_capacity(inputs),
            inputs,
        }
    }

    /// Finds the inputs non-zero in some of `rows` rows from `row`; if few enough, pairs them into
    /// slot `slot` for [`sparse_tile`].
    fn gather(&mut self, xq: &[i16], layer: &PackedInt8, row: usize, rows: usize, slot: usize) -> Tile {
        use core::arch::wasm32::{i16x8_bitmask, i16x8_ne, v128_or};
        let (k, stride) = (self.inputs, 2 * layer.pairs());
        debug_assert!(rows >= 1 && rows <= TILE_ROWS && (row + rows) * stride <= xq.len());
        self.active.clear();
        let vector_end = stride - stride % 8;
        // SAFETY: each load reads 8 values at i + 8 ≤ vector_end ≤ stride of a row inside xq.
        unsafe {
            let first = xq.as_ptr().add(row * stride);
            for i in (0..vector_end).step_by(8) {
                let mut any = v128_load(first.add(i) as *const v128);
                for r in 1..rows {
                    any = v128_or(any, v128_load(first.add(r * stride + i) as *const v128));
                }
                let mut mask = i16x8_bitmask(i16x8_ne(any, i32x4_splat(0)));
                while mask != 0 {
                    self.active.push((i + mask.trailing_zeros() as usize) as u32);
                    mask &= mask - 1;
                }
            }
        }
        for i in vector_end..stride {
            if (0..rows).any(|r| xq[(row + r) * stride + i] != 0) {
                self.active.push(i as u32);
            }
        }
        let sparse = self.active.len() * 5 <= k * SPARSE_AT_MOST_FIFTHS;
        let pairs = self.active.len().div_ceil(2);
        if sparse {
            let offsets = &mut self.offsets[slot * (k + 1)..];
            let words = &mut self.words[slot * (k.div_ceil(2) + 1) * TILE_ROWS..];
            let value =
                |r: usize, i: u32| if (i as usize) < k { xq[(row + r) * stride + i as usize] as u16 as u32 } else { 0 };
            for (p, two) in self.active.chunks(2).enumerate() {
                let (a, b) = (two[0], two.get(1).copied().unwrap_or(k as u32));
                offsets[2 * p] = a * COLUMN_GROUP as u32;
                offsets[2 * p + 1] = b * COLUMN_GROUP as u32;
                for r in 0..rows {
                    words[p * rows + r] = value(r, a) | (value(r, b) << 16);
                }
            }
        }
        Tile { row, rows, sparse, pairs, slot }
    }
}

/// Columns `8g..8g + 8` (panel g) of a tile's `R` rows over its pairs of non-zero inputs only:
/// each pair's two 8-byte weight rows are widened and interleaved into the layout `dot` takes.
fn sparse_tile<const R: usize>(
    scratch: &Scratch,
    t: &Tile,
    row_scales: &[f32],
    layer: &PackedInt8,
    g: usize,
    out: &mut [f32],
) {
    use core::arch::wasm32::{i16x8_load_extend_i8x8, i16x8_shuffle};
    let (k, n) = (layer.inputs, layer.outputs);
    let j = g * COLUMN_GROUP;
    debug_assert!(t.rows == R && j + COLUMN_GROUP <= n && layer.by_input.len() == (k + 1) * n);
    // SAFETY: the tile's 2·pairs offsets are 8·i with i ≤ k, so each 8-byte load lies inside panel
    // g's (k + 1)·8 bytes of `by_input` (g < n/8); its pairs·R words lie inside its slot; rows
    // t.row..t.row + R of `out` (n floats each) lie inside the m·n floats `affine` asserted.
    unsafe {
        let mut acc = [[i32x4_splat(0); 2]; R];
        let offsets = scratch.offsets.as_ptr().add(t.slot * (k + 1));
        let words = scratch.words.as_ptr().add(t.slot * (k.div_ceil(2) + 1) * TILE_ROWS);
        let panel = layer.by_input.as_ptr().add(g * (k + 1) * COLUMN_GROUP);
        for p in 0..t.pairs {
            let a = i16x8_load_extend_i8x8(panel.add(*offsets.add(2 * p) as usize));
            let b = i16x8_load_extend_i8x8(panel.add(*offsets.add(2 * p + 1) as usize));
            let low = i16x8_shuffle::<0, 8, 1, 9, 2, 10, 3, 11>(a, b);
            let high = i16x8_shuffle::<4, 12, 5, 13, 6, 14, 7, 15>(a, b);
            for (r, acc) in acc.iter_mut().enumerate() {
                let x = v128_load32_splat(words.add(p * R + r));
                acc[0] = i32x4_add(acc[0], i32x4_dot_i16x8(low, x));
                acc[1] = i32x4_add(acc[1], i32x4_dot_i16x8(high, x));
            }
        }
        for (r, a) in acc.iter().enumerate() {
            let sx = f32x4_splat(row_scales[t.row + r]);
            let o = out.as_mut_ptr().add((t.row + r) * n + j);
            store_scaled(a[0], sx, layer, j, o);
            store_scaled(a[1], sx, layer, j + 4, o.add(4));
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
        [
            f32x4_extract_lane::<0>(acc),
            f32x4_extract_lane::<1>(acc),
            f32x4_extract_lane::<2>(acc),
            f32x4_extract_lane::<3>(acc),
        ]
    };
    lanes
        .into_iter()
        .chain(row[vector_end..].iter().map(|&v| if relu { relu_value(v) } else { v.abs() }))
        .fold(0.0, |m, a| if a > m { a } else { m })
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
