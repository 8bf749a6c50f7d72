//! Dense layers on the stored int8 weights, for inference: `x · w + b` computed in integers.
//!
//! The shipped models store each weight as `q[i][j] · scale[j]` with `q` an int8 (see
//! `weights/format.rs`). Here the weights stay int8 (a quarter of the f32 bytes: a whole decoder
//! fits in a core's L2 cache) and each input row is quantised to int16 with one scale for the row:
//!
//! ```text
//!   x[i] ≈ xq[i] · sx,   sx = max_i |x[i]| / Q
//!   (x · w)[j] ≈ sx · scale[j] · Σ_i xq[i] · q[i][j]      (the sum is exact, in i32)
//! ```
//!
//! The only rounding beyond the stored weights' own is that of `xq`, one part in 2·Q of the row's
//! largest value (Q ≥ 16,384 for every width up to 1,032), far below what the int8 weights
//! already cost. `Q` is chosen so that no sum of `k` products of `|xq| ≤ Q` and `|q| ≤ 127` can
//! leave i32, so integer order does not matter: the SIMD kernels (`wasm_simd_int8.rs`, with
//! `i32x4.dot_i16x8_s`) and [`affine_reference`] give the same bits.
//!
//! Weights are packed for that instruction: inputs in pairs `(2p, 2p + 1)`, the two inputs'
//! weights side by side, so that 16 bytes hold eight columns of one pair and `dot(xq pair splat,
//! weights)` adds two inputs to four columns; and the columns in panels of eight, each panel's
//! pairs one after the other, so that a kernel walking the inputs of eight columns reads its
//! weights in one contiguous stream.
//!
//! After a ReLU over half of a row is zero, and in a tile of a few rows a quarter of the inputs
//! are zero in every row (units a z rarely turns on). A batch kernel that skips them must pair
//! the remaining inputs as they come, so the weights are also kept input by input
//! (`by_input`: eight columns of one input in 8 bytes), and the kernel interleaves two inputs'
//! weights itself.
//!
//! A layer whose input is a ReLU's output may take its inputs in 7 bits ([`PackedInt8::seven_bit_inputs`]:
//! `xq` in 0..=127, the decoder's hidden layers): every build then rounds them so, and the module
//! built with relaxed SIMD multiplies them with `i32x4.relaxed_dot_i8x16_i7x16_add_s`, sixteen
//! products in one instruction (`wasm_relaxed_int8.rs`; its result is defined, the same on every
//! CPU, when the 7-bit operand's top bit is 0), on the weights kept in quads of inputs
//! (`quads`). The sums are exact in every build, so every build gives the same bits.

use ndarray::{ArrayView1, ArrayView2};

/// A dense layer whose weights are exactly `q · scale` with int8 `q`, packed for the kernels.
#[derive(Debug, Clone, PartialEq)]
pub struct PackedInt8 {
    /// Inputs (k) and outputs (n); n is a multiple of 8.
    pub inputs: usize,
    pub outputs: usize,
    /// `(outputs / 8, pairs, 8, 2)`: `weights[((g·pairs + p)·8 + c)·2 + r] = q[2p + r][8g + c]`
    /// (0 past the last input); see [`PackedInt8::weight_index`].
    pub weights: Vec<i8>,
    /// `(outputs / 8, inputs + 1, 8)`: `by_input[(g·(inputs + 1) + i)·8 + c] = q[i][8g + c]`, and
    /// zeros for `i = inputs` (the partner of an odd input out); see [`PackedInt8::by_input_index`].
    pub by_input: Vec<i8>,
    /// `weights` widened to int16, or empty: for a layer that mostly sees one row at a time (the
    /// encoder's), the one-row kernel then reads them as `dot` takes them instead of widening
    /// every 16 bytes it loads; see [`PackedInt8::widened`].
    pub wide: Vec<i16>,
    /// Whether the inputs are quantised to 7 bits (0..=127: the layer's input is a ReLU's output).
    pub seven_bit: bool,
    /// `(outputs / 8, quads, 2, 4, 4)`, or empty: for a 7-bit layer in the relaxed-SIMD build,
    /// `quads[(((g·quads + q)·2 + h)·4 + c)·4 + r] = q[4q + r][8g + 4h + c]` (0 past the last
    /// input): 16 bytes hold four inputs of four columns, as `relaxed_dot_i8x16_i7x16_add` takes
    /// them; see [`PackedInt8::quad_index`].
    pub quads: Vec<i8>,
    /// `(outputs)`: the stored per-column scales.
    pub scales: Vec<f32>,
    /// `(outputs)`
    pub bias: Vec<f32>,
}

/// Columns per panel: 16 bytes of one input pair.
pub const COLUMN_GROUP: usize = 8;

/// The largest stored weight of each width a file may use (`nn/quantize.rs`: 8, 7, 6 and 5 bits),
/// tried in this order when a layer's weights are packed; three scales each (an ulp either way).
const LEVELS: [f32; 4] = [127.0, 63.0, 31.0, 15.0];
const CANDIDATES: usize = 3 * LEVELS.len();

/// The largest 7-bit input: relaxed SIMD's 8-bit dot product is defined for 0..=127.
pub const SEVEN_BIT_LIMIT: i32 = 127;

impl PackedInt8 {
    /// The layer `w (in, out)`, `b (out)` in int8, if its weights are exactly int8 values (of 8, 7,
    /// 6 or 5 bits) times a per-column scale (as a model stored in int8 is once loaded) and `out` is a multiple of 8;
    /// otherwise None, and the caller keeps the f32 path.
    pub fn exact_from(w: ArrayView2<f32>, b: ArrayView1<f32>) -> Option<PackedInt8> {
        let (k, n) = w.dim();
        if n == 0 || n % COLUMN_GROUP != 0 || b.len() != n || k == 0 {
            return None;
        }
        let pairs = k.div_ceil(2);
        let mut weights = vec![0i8; pairs * n * 2];
        let mut by_input = vec![0i8; (k + 1) * n];
        // Row by row (the matrix is stored row-major: a column at a time would stride through it,
        // and opening a model does this for every weight while the page waits).
        let mut max = vec![0.0f32; n];
        for row in w.rows() {
            for (m, &v) in max.iter_mut().zip(row) {
                *m = m.max(v.abs());
            }
        }
        if max.iter().any(|m| !m.is_finite()) {
            return None;
        }
        // The stored scale is max/L (nn/quantize.rs; L = 127 for 8-bit weights, 31 for 6-bit…),
        // so the largest weight is ±L · scale; dividing it by L again may land an ulp away, so the
        // neighbours are tried too: each column keeps the first of its candidates (8 bits first)
        // that gives every one of its weights exactly.
        let candidates: Vec<[f32; CANDIDATES]> = max
            .iter()
            .map(|&m| {
                let mut options = [0.0; CANDIDATES];
                for (k, &levels) in LEVELS.iter().enumerate() {
                    let guess = m / levels;
                    options[3 * k..3 * k + 3].copy_from_slice(&[guess, f32::from_bits(guess.to_bits().wrapping_sub(1)), f32::from_bits(guess.to_bits() + 1)]);
                }
                options
            })
            .collect();
        // q = v / s times the reciprocal, to the nearest integer (one instruction in wasm, where
        // `round` is a call): when v is q · s for an integer q, that gives q, and `q · s == v`
        // decides exactly whether it is.
        let reciprocal = |s: f32| if s == 0.0 { 0.0 } else { 1.0 / s };
        let candidates: Vec<[(f32, f32); CANDIDATES]> = candidates.iter().map(|c| c.map(|s| (s, reciprocal(s)))).collect();
        let exact = |(s, inverse): (f32, f32), v: f32| {
            let q = (v * inverse).round_ties_even();
            q.abs() <= 127.0 && q * s == v
        };
        let mut valid = vec![(1u16 << CANDIDATES) - 1; n];
        for row in w.rows() {
            for ((mask, options), &v) in valid.iter_mut().zip(&candidates).zip(row) {
                for (c, &option) in options.iter().enumerate() {
                    if *mask & (1 << c) != 0 && !exact(option, v) {
                        *mask &= !(1 << c);
                    }
                }
            }
        }
        let mut chosen = vec![(0.0f32, 0.0f32); n];
        for j in 0..n {
            chosen[j] = candidates[j][(0..CANDIDATES).find(|&c| valid[j] & (1 << c) != 0)?];
        }
        let scales: Vec<f32> = chosen.iter().map(|&(s, _)| s).collect();
        for (i, row) in w.rows().into_iter().enumerate() {
            for (j, (&value, &(_, inverse))) in row.iter().zip(&chosen).enumerate() {
                let q = (value * inverse).round_ties_even() as i8;
                weights[Self::weight_index(pairs, i, j)] = q;
                by_input[Self::by_input_index(k, i, j)] = q;
            }
        }
        Some(PackedInt8 {
            inputs: k,
            outputs: n,
            weights,
            by_input,
            wide: Vec::new(),
            seven_bit: false,
            quads: Vec::new(),
            scales,
            bias: b.to_vec(),
        })
    }

    /// The same layer with its weights also kept widened to int16 (twice the bytes of `weights`),
    /// for [`affine`] on one row. Same bits: only where the kernel reads its operands changes.
    pub fn widened(mut self) -> PackedInt8 {
        // A layer with quads multiplies one row from them (the relaxed build): no copy to make.
        if self.quads.is_empty() {
            self.wide = self.weights.iter().map(|&w| w as i16).collect();
        }
        self
    }

    /// The same layer taking its inputs in 7 bits (0..=127): for a layer whose input is a ReLU's
    /// output, rounded to a 127th of the row's largest value (a 16,384th before). Over the five
    /// shipped decoders this moves the test loss by at most about a hundredth of a nat
    /// (`tests/int8_decoder.rs`), and it lets the relaxed-SIMD build multiply sixteen inputs per
    /// instruction, on the weights it packs here in quads (where its one-row kernel needs no
    /// int16 copy, which is dropped).
    pub fn seven_bit_inputs(mut self) -> PackedInt8 {
        self.seven_bit = true;
        if cfg!(all(target_arch = "wasm32", target_feature = "relaxed-simd")) {
            self.quads = self.pack_quads();
            self.wide = Vec::new();
        }
        self
    }

    /// The weights in the layout of [`PackedInt8::quads`], from `by_input`.
    pub fn pack_quads(&self) -> Vec<i8> {
        let (k, n) = (self.inputs, self.outputs);
        let mut quads = vec![0i8; self.quad_count() * 4 * n];
        for i in 0..k {
            for j in 0..n {
                quads[Self::quad_index(self.quad_count(), i, j)] = self.by_input[Self::by_input_index(k, i, j)];
            }
        }
        quads
    }

    /// Quads of inputs, ⌈k / 4⌉.
    pub fn quad_count(&self) -> usize {
        self.inputs.div_ceil(4)
    }

    /// Where the weight of input `i` to column `j` lies in `quads`, for a layer of `quads` input quads.
    pub fn quad_index(quads: usize, i: usize, j: usize) -> usize {
        let (g, h, c) = (j / COLUMN_GROUP, (j % COLUMN_GROUP) / 4, j % 4);
        (((g * quads + i / 4) * 2 + h) * 4 + c) * 4 + i % 4
    }

    /// Where the weight of input `i` to column `j` lies in `by_input`, for a layer of `inputs` inputs.
    pub fn by_input_index(inputs: usize, i: usize, j: usize) -> usize {
        ((j / COLUMN_GROUP) * (inputs + 1) + i) * COLUMN_GROUP + j % COLUMN_GROUP
    }

    /// Where the weight of input `i` to column `j` lies in `weights`, for a layer of `pairs` input pairs.
    pub fn weight_index(pairs: usize, i: usize, j: usize) -> usize {
        (((j / COLUMN_GROUP) * pairs + i / 2) * COLUMN_GROUP + j % COLUMN_GROUP) * 2 + i % 2
    }

    /// The 16 bytes of input pair `p` in panel `g` (columns `8g..8g + 8`).
    pub fn panel_pair(&self, g: usize, p: usize) -> &[i8] {
        let start = (g * self.pairs() + p) * 2 * COLUMN_GROUP;
        &self.weights[start..start + 2 * COLUMN_GROUP]
    }

    /// Input pairs, ⌈k / 2⌉: the length of a quantised row in i16 is twice this.
    pub fn pairs(&self) -> usize {
        self.inputs.div_ceil(2)
    }

    /// Largest |xq| for this layer: 127 for 7-bit inputs; else the largest Q for which the sum of
    /// k products ≤ Q · 127 stays inside i32.
    pub fn quantization_limit(&self) -> i32 {
        if self.seven_bit {
            return SEVEN_BIT_LIMIT;
        }
        let padded = 2 * self.pairs() as i64;
        (i32::MAX as i64 / (127 * padded)).min(i16::MAX as i64) as i32
    }
}

/// Quantises `m` rows of `x (m, k)` to `xq (m, 2·pairs)` (zero-padded), with ReLU first if asked;
/// returns each row's scale `sx` so that `x ≈ xq · sx`. SIMD in the browser.
pub fn quantize_rows(x: &[f32], m: usize, k: usize, relu: bool, limit: i32, xq: &mut [i16]) -> Vec<f32> {
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    use self::{max_magnitude_reference as max_magnitude, quantize_row_reference as quantize_row};
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    use super::wasm_simd_int8::{max_magnitude, quantize_row};
    quantize_rows_with(x, m, k, relu, limit, xq, max_magnitude, quantize_row)
}

/// [`quantize_rows`] in plain Rust: the reference the SIMD one is tested against bit for bit.
pub fn quantize_rows_reference(x: &[f32], m: usize, k: usize, relu: bool, limit: i32, xq: &mut [i16]) -> Vec<f32> {
    quantize_rows_with(x, m, k, relu, limit, xq, max_magnitude_reference, quantize_row_reference)
}

#[allow(clippy::too_many_arguments)]
fn quantize_rows_with(
    x: &[f32],
    m: usize,
    k: usize,
    relu: bool,
    limit: i32,
    xq: &mut [i16],
    max_magnitude: fn(&[f32], bool) -> f32,
    quantize_row: fn(&[f32], bool, f32, f32, &mut [i16]),
) -> Vec<f32> {
    let padded = 2 * k.div_ceil(2);
    assert!(x.len() == m * k && xq.len() == m * padded, "operand sizes disagree");
    let limit = limit as f32;
    x.chunks_exact(k)
        .zip(xq.chunks_exact_mut(padded))
        .map(|(row, out)| {
            let max = max_magnitude(row, relu);
            if max == 0.0 || !max.is_finite() {
                out.fill(0);
                return 0.0;
            }
            quantize_row(row, relu, limit / max, limit, &mut out[..k]);
            out[k..].fill(0);
            max / limit
        })
        .collect()
}

/// `max_i |x_i|` (of `max(0, x_i)` with ReLU). A maximum is exact, so any order gives the same.
fn max_magnitude_reference(row: &[f32], relu: bool) -> f32 {
    row.iter().fold(0.0f32, |m, &v| {
        let a = if relu { relu_value(v) } else { v.abs() };
        if a > m { a } else { m }
    })
}

/// `out_i = clamp(nearest((relu)(x_i) · inverse), ±limit)`, ties to even (wasm's f32.nearest).
fn quantize_row_reference(row: &[f32], relu: bool, inverse: f32, limit: f32, out: &mut [i16]) {
    for (q, &v) in out.iter_mut().zip(row) {
        *q = quantize_value(v, relu, inverse, limit);
    }
}

/// `max(0, v)` by comparison (`f32::max` is a libm call in wasm).
#[inline(always)]
pub(super) fn relu_value(v: f32) -> f32 {
    if v > 0.0 { v } else { 0.0 }
}

/// One value of `quantize_row`.
#[inline(always)]
pub(super) fn quantize_value(v: f32, relu: bool, inverse: f32, limit: f32) -> i16 {
    let v = if relu { relu_value(v) } else { v };
    let q = (v * inverse).round_ties_even();
    (if q > limit {
        limit
    } else if q < -limit {
        -limit
    } else {
        q
    }) as i16
}

/// The plain-Rust kernel, and the reference the SIMD one is tested against bit for bit:
/// `out (m, n) = (xq · q) · (sx[r] · scale[j]) + b[j]`.
pub fn affine_reference(xq: &[i16], row_scales: &[f32], m: usize, layer: &PackedInt8, out: &mut [f32]) {
    let (n, pairs) = (layer.outputs, layer.pairs());
    assert!(xq.len() == m * 2 * pairs && row_scales.len() == m && out.len() == m * n, "operand sizes disagree");
    let mut acc = vec![0i32; n];
    for r in 0..m {
        acc.fill(0);
        let x = &xq[r * 2 * pairs..(r + 1) * 2 * pairs];
        for p in 0..pairs {
            let (x0, x1) = (x[2 * p] as i32, x[2 * p + 1] as i32);
            if x0 == 0 && x1 == 0 {
                continue;
            }
            for (g, panel) in acc.chunks_exact_mut(COLUMN_GROUP).enumerate() {
                for (a, pair) in panel.iter_mut().zip(layer.panel_pair(g, p).chunks_exact(2)) {
                    *a = a.wrapping_add(x0 * pair[0] as i32 + x1 * pair[1] as i32);
                }
            }
        }
        let out_row = &mut out[r * n..(r + 1) * n];
        for j in 0..n {
            out_row[j] = acc[j] as f32 * (row_scales[r] * layer.scales[j]) + layer.bias[j];
        }
    }
}

/// `out (m, n)` for quantised rows: the SIMD kernel in the browser, the reference elsewhere.
pub fn affine(xq: &[i16], row_scales: &[f32], m: usize, layer: &PackedInt8, out: &mut [f32]) {
    // 7-bit inputs with relaxed SIMD: sixteen products an instruction (the kernel declines inputs
    // outside 0..=127, which a 7-bit layer's quantisation never gives).
    #[cfg(all(target_arch = "wasm32", target_feature = "relaxed-simd"))]
    if !layer.quads.is_empty() && super::wasm_relaxed_int8::affine(xq, row_scales, m, layer, out) {
        return;
    }
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        super::wasm_simd_int8::affine(xq, row_scales, m, layer, out);
    }
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    affine_reference(xq, row_scales, m, layer, out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{Array1, Array2};

    /// A layer whose weights are int8 values times per-column scales, as loaded from a file (each
    /// column holds a ±127, as `quantize_per_column` makes it).
    fn int8_layer(k: usize, n: usize) -> (Array2<f32>, Array1<f32>) {
        let scales: Vec<f32> = (0..n).map(|j| 0.01 + 0.001 * j as f32).collect();
        let w = Array2::from_shape_fn((k, n), |(i, j)| {
            let q = if i == j % k { 127.0 } else { ((i * 31 + j * 17) % 255) as f32 - 127.0 };
            q * scales[j]
        });
        (w, Array1::from_shape_fn(n, |j| j as f32 * 0.1 - 0.3))
    }

    #[test]
    fn int8_affine_is_close_to_the_f32_product() {
        let (k, n, m) = (7, 16, 3);
        let (w, b) = int8_layer(k, n);
        let layer = PackedInt8::exact_from(w.view(), b.view()).expect("int8 weights");
        let x = Array2::from_shape_fn((m, k), |(r, i)| ((r * 7 + i) as f32 * 0.37).sin());
        let mut xq = vec![0i16; m * 8];
        let scales = quantize_rows(x.as_slice().unwrap(), m, k, false, layer.quantization_limit(), &mut xq);
        let mut out = vec![0.0; m * n];
        affine_reference(&xq, &scales, m, &layer, &mut out);
        let expected = x.dot(&w) + &b;
        for (a, e) in out.iter().zip(expected.iter()) {
            assert!((a - e).abs() < 1e-4 * (1.0 + e.abs()), "{a} vs {e}");
        }
    }

    #[test]
    fn only_exact_int8_weights_are_packed() {
        let (w, b) = int8_layer(4, 8);
        assert!(PackedInt8::exact_from(w.view(), b.view()).is_some());
        let mut off = w.clone();
        off[[1, 2]] += 1e-3;
        assert!(PackedInt8::exact_from(off.view(), b.view()).is_none());
        let (w, b) = int8_layer(4, 6); // not a multiple of 8 columns
        assert!(PackedInt8::exact_from(w.view(), b.view()).is_none());
    }

    #[test]
    fn weights_are_packed_in_panels_of_eight_columns() {
        let (k, n) = (5, 16); // 3 input pairs, the last padded
        let (w, b) = int8_layer(k, n);
        let layer = PackedInt8::exact_from(w.view(), b.view()).unwrap();
        assert_eq!(layer.weights.len(), 3 * n * 2);
        for i in 0..k {
            for j in 0..n {
                let q = layer.weights[PackedInt8::weight_index(3, i, j)] as f32 * layer.scales[j];
                assert_eq!(q, w[[i, j]], "input {i}, column {j}");
            }
        }
        // Widened, the same values in the same places.
        let wide = layer.clone().widened();
        assert_eq!(wide.wide, layer.weights.iter().map(|&w| w as i16).collect::<Vec<_>>());
        // Panel 1, pair 2: columns 8..16 of inputs 4 and 5 (the padding), side by side.
        let panel = layer.panel_pair(1, 2);
        for c in 0..8 {
            assert_eq!(panel[2 * c] as f32 * layer.scales[8 + c], w[[4, 8 + c]]);
            assert_eq!(panel[2 * c + 1], 0);
        }
    }

    #[test]
    fn weights_are_also_kept_input_by_input_with_a_zero_input_last() {
        let (k, n) = (5, 16);
        let (w, b) = int8_layer(k, n);
        let layer = PackedInt8::exact_from(w.view(), b.view()).unwrap();
        assert_eq!(layer.by_input.len(), (k + 1) * n);
        for j in 0..n {
            for i in 0..k {
                assert_eq!(layer.by_input[PackedInt8::by_input_index(k, i, j)] as f32 * layer.scales[j], w[[i, j]]);
            }
            assert_eq!(layer.by_input[PackedInt8::by_input_index(k, k, j)], 0, "the zero input, column {j}");
        }
        // Input 2 of panel 1: columns 8..16 in 8 consecutive bytes.
        let start = PackedInt8::by_input_index(k, 2, 8);
        for c in 0..8 {
            assert_eq!(layer.by_input[start + c] as f32 * layer.scales[8 + c], w[[2, 8 + c]]);
        }
    }

    #[test]
    fn weights_of_fewer_bits_pack_with_their_own_scales() {
        let (k, n) = (16, 8);
        let (w, b) = int8_layer(k, n);
        let six = crate::nn::quantize::rounded(&w, 31); // a 6-bit file's weights
        let layer = PackedInt8::exact_from(six.view(), b.view()).expect("6-bit weights pack");
        assert!(layer.weights.iter().all(|q| (-31..=31).contains(q)) && layer.weights.iter().any(|q| q.abs() == 31));
        for i in 0..k {
            for j in 0..n {
                assert_eq!(layer.weights[PackedInt8::weight_index(k / 2, i, j)] as f32 * layer.scales[j], six[[i, j]]);
            }
        }
    }

    #[test]
    fn quantization_limit_keeps_sums_inside_i32() {
        let (w, b) = int8_layer(784, 8);
        let layer = PackedInt8::exact_from(w.view(), b.view()).unwrap();
        let limit = layer.quantization_limit() as i64;
        assert!(limit * 127 * 784 <= i32::MAX as i64 && limit >= 16_384);
    }
}
