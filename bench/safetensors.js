// Our weights files read in plain JavaScript, so that TensorFlow.js can be given the very same
// network. The layout is that of src/weights/format.rs: dense layers `encoder.{i}` and `decoder.{i}`,
// input side first, each `{layer}.weight (in, out)` as f32, f16, or i8 with `{layer}.weight_scale
// (out)`, and `{layer}.bias (out)` f32; y = x · W + b.

/**
 * @typedef {{inputs: number, outputs: number, weight: Float32Array, bias: Float32Array}} DenseLayer
 *   `weight` is `(inputs, outputs)` row-major, already dequantized; `bias` is `(outputs)`.
 */

/**
 * Splits a safetensors file into its tensors: an 8-byte little-endian header length, a JSON header
 * `{name: {dtype, shape, data_offsets: [begin, end]}, __metadata__: {…}}`, then the data.
 * @param {ArrayBuffer} buffer
 * @returns {{metadata: Record<string, string>, tensors: Map<string, {dtype: string, shape: number[], bytes: Uint8Array}>}}
 */
export function parseSafetensors(buffer) {
  const view = new DataView(buffer);
  const headerLength = Number(view.getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 8, headerLength)));
  const dataStart = 8 + headerLength;
  const tensors = new Map();
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const [begin, end] = entry.data_offsets;
    // A copy, so that typed arrays over it are aligned whatever the offset in the file.
    const bytes = new Uint8Array(buffer.slice(dataStart + begin, dataStart + end));
    tensors.set(name, { dtype: entry.dtype, shape: entry.shape, bytes });
  }
  return { metadata: header.__metadata__ ?? {}, tensors };
}

/**
 * The dense layers of one half of the VAE, widths checked against the file's `config`.
 * @param {ReturnType<typeof parseSafetensors>} file
 * @param {'encoder' | 'decoder'} half
 * @returns {DenseLayer[]}
 */
export function denseLayers(file, half) {
  const config = JSON.parse(file.metadata.config);
  const widths = half === 'encoder'
    ? [config.input_dim, ...config.encoder_hidden, 2 * config.latent_dim]
    : [config.latent_dim, ...config.decoder_hidden, config.input_dim];
  const layers = [];
  for (let i = 0; i + 1 < widths.length; i++) {
    const name = `${half}.${i}`;
    const [inputs, outputs] = [widths[i], widths[i + 1]];
    const weight = tensorValues(file, `${name}.weight`, [inputs, outputs]);
    if (file.tensors.get(`${name}.weight`).dtype === 'I8') {
      const scale = tensorValues(file, `${name}.weight_scale`, [outputs]);
      for (let k = 0; k < weight.length; k++) weight[k] *= scale[k % outputs];
    }
    layers.push({ inputs, outputs, weight, bias: tensorValues(file, `${name}.bias`, [outputs]) });
  }
  return layers;
}

/** A tensor's values as float32, its shape checked. */
function tensorValues(file, name, shape) {
  const tensor = file.tensors.get(name);
  if (!tensor) throw new Error(`the weights file lacks ${name}`);
  if (tensor.shape.join('×') !== shape.join('×')) {
    throw new Error(`${name} has shape ${tensor.shape.join('×')}, expected ${shape.join('×')}`);
  }
  const { buffer } = tensor.bytes;
  switch (tensor.dtype) {
    case 'F32': return new Float32Array(buffer);
    case 'I8': return Float32Array.from(new Int8Array(buffer));
    case 'F16': return Float32Array.from(new Uint16Array(buffer), halfToFloat);
    default: throw new Error(`${name} is stored as ${tensor.dtype}, which this reader does not know`);
  }
}

/** IEEE 754 half precision bits → number. */
function halfToFloat(bits) {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}
