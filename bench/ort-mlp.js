// The same network in ONNX Runtime Web (onnxruntime-web, its wasm execution provider with SIMD, and
// threads when the page is cross-origin isolated), as a web developer would run it: a session per
// ONNX graph, Float32Array in, Float32Array out. The graphs are made from our weights file by
// bench/make-onnx.py (`./build.sh bench` writes them into bench/onnx/): f32, and int8 on our own
// int8 weights and scales (DynamicQuantizeLinear + MatMulInteger).
//
// Its .wasm and its glue are served from our node_modules (`env.wasm.wasmPaths`): never a CDN.

import * as ort from '/bench/node_modules/onnxruntime-web/dist/ort.wasm.min.mjs';

const DIST = '/bench/node_modules/onnxruntime-web/dist/';

/**
 * Sets ONNX Runtime's wasm backend up before its first session: `threads` threads (the calling
 * thread and threads − 1 workers), SIMD, its files from our server. ORT reads these once, when
 * its wasm starts, so one page load has one thread count.
 * @param {{threads: number}} options
 */
export function configureOrt({ threads }) {
  ort.env.wasm.wasmPaths = DIST;
  ort.env.wasm.numThreads = threads;
  ort.env.wasm.proxy = false; // run on the calling thread, as our module and TF.js do
  ort.env.logLevel = 'error';
}

/** A session of one graph: `run(x, n)` as TfjsMlp's. */
export class OrtMlp {
  /**
   * @param {string} url of the .onnx file
   * @param {number} inputs the graph's input width
   */
  static async open(url, inputs) {
    const session = await ort.InferenceSession.create(url, {
      executionProviders: ['wasm'],
      graphOptimizationLevel: 'all', // ORT's default: fuses MatMul + Add, and the int8 chain
      // Its pool threads spin while a run lasts, and by default go on spinning after it, for as
      // long as the page lives: with 2 threads, one core stayed busy between calls and every other
      // engine on the page ran on what was left (TF.js's 2-thread decode 4 ms instead of 50 µs, our
      // decodeBatch(16) twice as long as in the 1-thread load). Stopped after each run, as a page
      // that shares its cores would have it; runs themselves keep spinning.
      extra: { session: { force_spinning_stop: '1' } },
    });
    return new OrtMlp(session, inputs);
  }

  constructor(session, inputs) {
    this.session = session;
    this.inputs = inputs;
  }

  /**
   * The network on `n` rows of `x`, read back as a Float32Array (part of what is timed).
   * @param {Float32Array} x `(n × inputs)` row-major
   * @returns {Promise<Float32Array>} `(n × outputs)` row-major
   */
  async run(x, n) {
    const { y } = await this.session.run({ x: new ort.Tensor('float32', x, [n, this.inputs]) });
    return y.data;
  }
}

/** What loaded: ORT's version, the wasm binary fetched, and its threads. */
export function describeOrt() {
  const binary = performance
    .getEntriesByType('resource')
    .map((entry) => entry.name)
    .filter((name) => name.includes('/onnxruntime-web/') && name.endsWith('.wasm'))
    .map((name) => name.split('/').pop())[0];
  return { version: ort.env.versions.web ?? ort.env.versions.common, binary, threads: ort.env.wasm.numThreads };
}
