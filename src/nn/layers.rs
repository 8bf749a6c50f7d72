//! Dense layers and the multi-layer perceptrons built from them, forward and backward, for whole batches.

use ndarray::{Array1, Array2, ArrayView2, Zip, s};
use rand::Rng;
use rand_distr::{Distribution, Uniform};

use crate::nn::linalg::int8::{self, COLUMN_GROUP, PackedInt8};
use crate::nn::linalg::{a_times_transpose_b, affine, column_sums, transpose_a_times_b};

/// A fully connected layer `y = x · weight + bias`.
#[derive(Debug, Clone, PartialEq)]
pub struct Dense {
    pub weight: Array2<f32>, // (in, out)
    pub bias: Array1<f32>,   // (out)
}

impl Dense {
    /// PyTorch's default initialisation (`U(-1/√in, 1/√in)` for weight and bias), the one the
    /// reference figures in the engine issue were measured with.
    pub fn init(inputs: usize, outputs: usize, rng: &mut impl Rng) -> Dense {
        let bound = 1.0 / (inputs as f32).sqrt();
        let uniform = Uniform::new_inclusive(-bound, bound).expect("bound is finite and positive");
        Dense {
            weight: Array2::from_shape_simple_fn((inputs, outputs), || uniform.sample(rng)),
            bias: Array1::from_shape_simple_fn(outputs, || uniform.sample(rng)),
        }
    }

    /// A layer of zeros with the same shape, used to hold gradients and optimiser moments.
    pub fn zeros_like(&self) -> Dense {
        Dense { weight: Array2::zeros(self.weight.raw_dim()), bias: Array1::zeros(self.bias.raw_dim()) }
    }

    pub fn inputs(&self) -> usize {
        self.weight.nrows()
    }

    pub fn outputs(&self) -> usize {
        self.weight.ncols()
    }

    /// `(batch, in)` → `(batch, out)`
    pub fn forward(&self, x: ArrayView2<f32>) -> Array2<f32> {
        affine(x, self.weight.view(), self.bias.view())
    }
}

/// `max(0, x)` in place.
pub fn relu_in_place(x: &mut Array2<f32>) {
    x.mapv_inplace(|v| v.max(0.0));
}

/// Multiplies a gradient by ReLU's derivative, read from the ReLU's *output* (`output > 0`).
pub fn relu_grad_from_output_in_place(grad: &mut Array2<f32>, relu_output: ArrayView2<f32>) {
    Zip::from(grad).and(relu_output).for_each(|g, &y| {
        if y <= 0.0 {
            *g = 0.0;
        }
    });
}

/// `1 / (1 + e^-x)`, written so that neither branch overflows.
pub fn sigmoid(x: f32) -> f32 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

/// A stack of dense layers with ReLU between them and none after the last.
#[derive(Debug, Clone, PartialEq)]
pub struct Mlp {
    pub layers: Vec<Dense>,
}

/// What a training forward pass keeps for the backward pass.
pub struct MlpTape {
    /// `inputs[i]` is what layer i received: the MLP's input, then each ReLU output. (batch, width_i)
    inputs: Vec<Array2<f32>>,
}

impl Mlp {
    /// Layers of the given widths, e.g. `[784, 512, 4]` makes two layers.
    pub fn init(widths: &[usize], rng: &mut impl Rng) -> Mlp {
        Mlp { layers: widths.windows(2).map(|w| Dense::init(w[0], w[1], rng)).collect() }
    }

    /// Widths from input to output, e.g. `[784, 512, 4]`.
    pub fn widths(&self) -> Vec<usize> {
        let mut widths = vec![self.layers[0].inputs()];
        widths.extend(self.layers.iter().map(Dense::outputs));
        widths
    }

    pub fn zeros_like(&self) -> Mlp {
        Mlp { layers: self.layers.iter().map(Dense::zeros_like).collect() }
    }

    /// Inference: `(batch, in)` → `(batch, out)`.
    pub fn forward(&self, x: ArrayView2<f32>) -> Array2<f32> {
        let mut h = self.layers[0].forward(x);
        for layer in &self.layers[1..] {
            relu_in_place(&mut h);
            h = layer.forward(h.view());
        }
        h
    }

    /// Training forward pass: the output and the tape that [`Mlp::backward`] needs.
    pub fn forward_with_tape(&self, x: Array2<f32>) -> (Array2<f32>, MlpTape) {
        let mut inputs = Vec::with_capacity(self.layers.len());
        let mut h = x;
        for (i, layer) in self.layers.iter().enumerate() {
            let mut out = layer.forward(h.view());
            if i + 1 < self.layers.len() {
                relu_in_place(&mut out);
            }
            inputs.push(h);
            h = out;
        }
        (h, MlpTape { inputs })
    }

    /// Backward pass: overwrites `grads` with dLoss/dparameters and, if asked,
    /// returns dLoss/dinput.
    ///
    /// # Shapes
    /// `grad_output: (batch, out)` → `Some((batch, in))` when `want_input_grad`
    pub fn backward(
        &self,
        tape: &MlpTape,
        grad_output: Array2<f32>,
        grads: &mut Mlp,
        want_input_grad: bool,
    ) -> Option<Array2<f32>> {
        let mut grad = grad_output;
        for i in (0..self.layers.len()).rev() {
            let input = tape.inputs[i].view();
            grads.layers[i].weight = transpose_a_times_b(input, grad.view());
            grads.layers[i].bias = column_sums(grad.view());
            if i == 0 && !want_input_grad {
                return None;
            }
            let mut grad_input = a_times_transpose_b(grad.view(), self.layers[i].weight.view());
            if i > 0 {
                relu_grad_from_output_in_place(&mut grad_input, input);
            }
            grad = grad_input;
        }
        Some(grad)
    }
}

/// An [`Mlp`] for inference on its int8 weights (see `linalg/int8.rs`): ReLU between layers, none
/// after the last. Built only from layers whose weights are exactly int8 times a per-column scale,
/// which is what a model stored as int8 holds once loaded.
#[derive(Debug, Clone, PartialEq)]
pub struct Int8Mlp {
    layers: Vec<PackedInt8>,
    /// The network's outputs. The kernels compute columns eight at a time, so a last layer of
    /// another width (an encoder's 2·latent) is packed with zero columns up to a multiple of 8,
    /// which `forward` drops.
    outputs: usize,
}

impl Int8Mlp {
    /// The same network in int8, or None if some layer is not exactly int8 (then use the f32 path).
    pub fn exact_from(mlp: &Mlp) -> Option<Int8Mlp> {
        let last = mlp.layers.len() - 1;
        let layers = mlp.layers.iter().enumerate().map(|(index, l)| {
            if index < last || l.outputs() % COLUMN_GROUP == 0 {
                return PackedInt8::exact_from(l.weight.view(), l.bias.view());
            }
            // Zero columns (scale 0, bias 0) up to the next multiple of 8: their sums are 0 and
            // they are dropped, so the other columns keep their bits.
            let padded = l.outputs().next_multiple_of(COLUMN_GROUP);
            let mut weight = Array2::zeros((l.inputs(), padded)); // (in, padded)
            weight.slice_mut(s![.., ..l.outputs()]).assign(&l.weight);
            let mut bias = Array1::zeros(padded); // (padded)
            bias.slice_mut(s![..l.outputs()]).assign(&l.bias);
            PackedInt8::exact_from(weight.view(), bias.view())
        });
        Some(Int8Mlp { layers: layers.collect::<Option<Vec<_>>>()?, outputs: mlp.layers[last].outputs() })
    }

    /// The same network with each layer's weights also widened to int16 ([`PackedInt8::widened`]):
    /// for a network that runs one row at a time (the encoder), twice the weight bytes for a
    /// faster one-row kernel. Same bits.
    pub fn widened(self) -> Int8Mlp {
        Int8Mlp { layers: self.layers.into_iter().map(PackedInt8::widened).collect(), outputs: self.outputs }
    }

    /// The same network with every layer after the first taking its inputs (a ReLU's outputs) in 7
    /// bits ([`PackedInt8::seven_bit_inputs`]): for the decoder, whose batches (the map's grid,
    /// samples) the relaxed-SIMD build then multiplies sixteen inputs an instruction.
    pub fn seven_bit_hidden(self) -> Int8Mlp {
        let layers = self
            .layers
            .into_iter()
            .enumerate()
            .map(|(index, l)| if index > 0 { l.seven_bit_inputs() } else { l })
            .collect();
        Int8Mlp { layers, outputs: self.outputs }
    }

    /// Inputs of the first layer.
    pub fn inputs(&self) -> usize {
        self.layers[0].inputs
    }

    /// Outputs of the last layer.
    pub fn outputs(&self) -> usize {
        self.outputs
    }

    /// Inference on `m` rows. A small batch is decoded in an order that puts nearby inputs next to
    /// each other ([`proximity_order`]), and its rows are put back in their places at the end: the
    /// batch kernel skips the units that are off in every row of a tile of four, and nearby z turn
    /// off more of the same ones (16 random z from the prior, 2-D decoder: a third of the last
    /// layer's inputs instead of a quarter). Each row's figures are the same in any order.
    ///
    /// # Shapes
    /// `x: (m, inputs)` row-major → `(m, outputs)` row-major
    pub fn forward(&self, x: &[f32], m: usize) -> Vec<f32> {
        let k = self.inputs();
        assert_eq!(x.len(), m * k, "rows of the first layer's width");
        if m > REORDER_ABOVE && m <= REORDER_AT_MOST {
            let order = proximity_order(x, m, k);
            let permuted: Vec<f32> = order.iter().flat_map(|&r| x[r * k..(r + 1) * k].iter().copied()).collect();
            let h = self.forward_in_order(&permuted, m);
            let n = self.outputs();
            let mut out = vec![0.0; m * n]; // (m, outputs)
            for (position, &r) in order.iter().enumerate() {
                out[r * n..(r + 1) * n].copy_from_slice(&h[position * n..(position + 1) * n]);
            }
            return out;
        }
        self.forward_in_order(x, m)
    }

    /// The layers on `m` rows `x (m, inputs)`, in the order given.
    fn forward_in_order(&self, x: &[f32], m: usize) -> Vec<f32> {
        let mut h = Vec::new(); // (m, outputs of the layer before)
        let mut quantized = Vec::new();
        for (index, layer) in self.layers.iter().enumerate() {
            quantized.clear();
            quantized.resize(m * 2 * layer.pairs(), 0i16); // (m, 2·pairs)
            let relu = index > 0; // ReLU after every layer but the last, applied to the next one's input
            let input = if index == 0 { x } else { &h }; // the caller's rows are read, not copied
            let scales = int8::quantize_rows(input, m, layer.inputs, relu, layer.quantization_limit(), &mut quantized);
            let mut out = vec![0.0; m * layer.outputs]; // (m, outputs)
            int8::affine(&quantized, &scales, m, layer, &mut out);
            h = out;
        }
        let packed = self.layers[self.layers.len() - 1].outputs;
        if packed != self.outputs {
            // (m, packed) → (m, outputs): the padding columns dropped.
            h = h.chunks_exact(packed).flat_map(|row| row[..self.outputs].iter().copied()).collect();
        }
        h
    }
}

/// Batches of up to four rows are one tile; above 64 the order's O(m²) search would cost more than
/// it saves, and the large batches the page decodes (the map's grid) are in grid order already.
const REORDER_ABOVE: usize = 4;
const REORDER_AT_MOST: usize = 64;

/// An order of the `m` rows of `x (m, k)` in which each row is followed by the nearest one not yet
/// taken (squared distance; ties to the lower index), starting from row 0.
pub fn proximity_order(x: &[f32], m: usize, k: usize) -> Vec<usize> {
    let mut order = Vec::with_capacity(m);
    let mut left: Vec<usize> = (1..m).collect();
    order.push(0);
    while !left.is_empty() {
        let last = &x[order[order.len() - 1] * k..][..k];
        let distance = |r: usize| x[r * k..][..k].iter().zip(last).map(|(a, b)| (a - b) * (a - b)).sum::<f32>();
        let (at, _) = left.iter().enumerate().fold((0, f32::INFINITY), |best, (i, &r)| {
            let d = distance(r);
            if d < best.1 { (i, d) } else { best }
        });
        order.push(left.remove(at));
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn proximity_order_walks_to_the_nearest_row_left() {
        // Points on a line, shuffled: the walk from the first visits its neighbours in turn.
        let xs = [0.0f32, 5.0, 1.0, 4.0, 2.0, 3.0];
        assert_eq!(proximity_order(&xs, 6, 1), vec![0, 2, 4, 5, 3, 1]);
        let pairs = [0.0f32, 0.0, 9.0, 9.0, 0.1, 0.0, 9.0, 8.9];
        assert_eq!(proximity_order(&pairs, 4, 2), vec![0, 2, 3, 1]);
        assert_eq!(proximity_order(&[1.0, 1.0], 1, 2), vec![0]);
    }

    #[test]
    fn an_int8_mlp_whose_last_layer_is_not_eight_wide_drops_its_padding() {
        // Weights exactly int8 × a per-column scale, as a model stored in int8 holds them; the
        // last layer has 4 outputs (an encoder's μ and log σ² for a 2-D latent).
        let mut rng = crate::nn::rng::seeded(4);
        let mut mlp = Mlp::init(&[10, 16, 4], &mut rng);
        for layer in &mut mlp.layers {
            for mut column in layer.weight.columns_mut() {
                let scale = column.iter().fold(0.0f32, |m, &v| m.max(v.abs())) / 127.0;
                column.mapv_inplace(|v| (v / scale).round() * scale);
            }
        }
        let int8 = Int8Mlp::exact_from(&mlp).expect("int8 weights pack");
        assert_eq!((int8.inputs(), int8.outputs()), (10, 4));
        let x = Array2::from_shape_fn((3, 10), |(r, i)| ((r * 10 + i) as f32 * 0.71).sin());
        let expected = mlp.forward(x.view());
        let got = int8.forward(x.as_slice().unwrap(), 3);
        assert_eq!(got.len(), 3 * 4);
        for (a, e) in got.iter().zip(expected.iter()) {
            assert!((a - e).abs() < 1e-3 * (1.0 + e.abs()), "{a} vs {e}");
        }
    }

    #[test]
    fn sigmoid_is_stable_at_the_extremes() {
        assert_eq!(sigmoid(0.0), 0.5);
        assert!((sigmoid(2.0) - 0.880_797).abs() < 1e-6);
        assert_eq!(sigmoid(-1000.0), 0.0);
        assert_eq!(sigmoid(1000.0), 1.0);
        assert!((sigmoid(-2.0) + sigmoid(2.0) - 1.0).abs() < 1e-6);
    }

    #[test]
    fn forward_with_tape_equals_inference_forward() {
        let mut rng = crate::nn::rng::seeded(3);
        let mlp = Mlp::init(&[5, 7, 6, 3], &mut rng);
        let x = array![[0.1, -0.2, 0.3, 0.9, -1.0], [1.0, 0.0, 0.5, -0.5, 0.25]];
        let (with_tape, _) = mlp.forward_with_tape(x.clone());
        assert_eq!(with_tape, mlp.forward(x.view()));
        assert_eq!(mlp.widths(), vec![5, 7, 6, 3]);
    }
}
