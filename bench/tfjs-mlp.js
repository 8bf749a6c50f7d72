// The same network in TensorFlow.js, built from the layers our weights file holds: what a web
// developer would write with tfjs-core. Each layer is one fused matMul + bias + activation (the
// wasm backend runs it as a single XNNPACK fully-connected op), ReLU between layers, and the
// decoder's sigmoid fused into its last layer.
//
// `tf` is the global of the classic <script> builds of tfjs-core and tfjs-backend-wasm (their ES
// module builds import Node's fs and path, which a page without a bundler cannot resolve).

/* global tf */

/** A multi-layer perceptron whose weights live in the backend as tensors. */
export class TfjsMlp {
  /**
   * @param {import('./safetensors.js').DenseLayer[]} layers
   * @param {'linear' | 'sigmoid'} outputActivation
   */
  constructor(layers, outputActivation) {
    this.inputs = layers[0].inputs;
    this.outputActivation = outputActivation;
    this.layers = layers.map((layer) => ({
      weight: tf.tensor2d(layer.weight, [layer.inputs, layer.outputs]),
      bias: tf.tensor1d(layer.bias),
    }));
  }

  /**
   * The network on `n` rows of `x`, read back into a Float32Array, as our `decodeBatch` returns
   * one (the readback is part of what is timed).
   * @param {Float32Array} x `(n × inputs)` row-major
   * @returns {Float32Array} `(n × outputs)` row-major
   */
  run(x, n) {
    const output = tf.tidy(() => {
      let h = tf.tensor2d(x, [n, this.inputs]);
      this.layers.forEach(({ weight, bias }, index) => {
        const last = index === this.layers.length - 1;
        h = tf.fused.matMul({ a: h, b: weight, bias, activation: last ? this.outputActivation : 'relu' });
      });
      return h;
    });
    const values = output.dataSync();
    output.dispose();
    return values;
  }
}

/**
 * Starts the wasm backend with its binaries served from our node_modules, and says which of its
 * three builds loaded (plain, SIMD, or threaded SIMD, which needs cross-origin isolation).
 * @param {{threads: boolean}} options `threads: false` keeps TF.js on one thread even when isolated.
 */
export async function startTfjsWasm({ threads }) {
  tf.wasm.setWasmPaths('/bench/node_modules/@tensorflow/tfjs-backend-wasm/dist/');
  if (!threads) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (!(await tf.setBackend('wasm'))) throw new Error('TensorFlow.js could not start its wasm backend');
  await tf.ready();
  const binary = performance
    .getEntriesByType('resource')
    .map((entry) => entry.name.split('/').pop())
    .find((name) => name.startsWith('tfjs-backend-wasm'));
  return {
    version: tf.version_core,
    binary,
    simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
    threads: tf.wasm.getThreadsCount(),
  };
}
