// A thin wrapper around the wasm module: loading it (with progress), holding the one open model,
// and forwarding calls. It adds no maths beyond σ = exp(½·log σ²), and it turns load failures into
// an `EngineError` whose `kind` says what went wrong, so the page can explain it in plain words.

const MODULE_URL = new URL('../pkg/vae_playground.js', import.meta.url);
const WASM_URL = new URL('../pkg/vae_playground_bg.wasm', import.meta.url);

/** A failure to load or start the module. `kind` is "noWasm", "fetch" or "start". */
export class EngineError extends Error {
  constructor(kind, reason) {
    super(reason);
    this.kind = kind;
  }
}

/**
 * Downloads and starts the wasm module.
 * @param {(bytesReceived: number) => void} [onProgress] called as the download proceeds
 * @returns {Promise<Engine>}
 */
export async function loadEngine(onProgress = () => {}) {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
    throw new EngineError('noWasm', 'no WebAssembly');
  }
  const started = performance.now();
  let wasm;
  let response;
  try {
    wasm = await import(MODULE_URL.href);
    response = await fetch(WASM_URL);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
  } catch (error) {
    throw new EngineError('fetch', error.message);
  }
  try {
    await wasm.default({ module_or_path: countingResponse(response, onProgress) });
  } catch (error) {
    throw new EngineError(error instanceof TypeError && /fetch|network/i.test(error.message) ? 'fetch' : 'start', error.message);
  }
  const engine = new Engine(wasm);
  engine.loadMs = performance.now() - started;
  return engine;
}

/** The same response, reporting the bytes received so far (still compiled while it streams). */
function countingResponse(response, onProgress) {
  if (!response.body || typeof TransformStream !== 'function') return response;
  let received = 0;
  const counter = new TransformStream({
    transform(chunk, controller) {
      received += chunk.byteLength;
      onProgress(received);
      controller.enqueue(chunk);
    },
  });
  return new Response(response.body.pipeThrough(counter), {
    headers: { 'Content-Type': 'application/wasm' },
  });
}

/** The loaded module and its one open model. */
export class Engine {
  #wasm;
  #model = null;

  constructor(wasm) {
    this.#wasm = wasm;
    /** Metadata of every embedded model, as `listModels()` gives it. */
    this.models = wasm.listModels();
    /** Metadata of the open model. */
    this.info = null;
    this.latentDim = 0;
    /** The open model's test encodings `{mu, labels, classNames}`, or null. */
    this.atlas = null;
    /** Milliseconds the last single decode took. */
    this.lastDecodeMs = 0;
    /** Milliseconds from the start of the download until the module was ready. */
    this.loadMs = 0;
  }

  /** Opens the model called `name`, freeing the previous one. */
  open(name) {
    const next = new this.#wasm.VaeModel(name);
    this.#model?.free();
    this.#model = next;
    this.info = next.info;
    this.latentDim = next.latentDim;
    this.atlas = next.atlas();
  }

  /**
   * A drawing made MNIST-like (see `preprocessStrokes`), or null when there is no ink to encode.
   * @param {Float32Array} points stroke points, strokes separated by a NaN pair
   */
  preprocess(points, width, height, lineWidth) {
    if (points.length < 2) return null;
    try {
      return this.#wasm.preprocessStrokes(points, width, height, lineWidth);
    } catch (error) {
      if (/empty/i.test(error.message)) return null;
      throw error;
    }
  }

  /**
   * q(z|x) of a 28×28 image: `{mu, logvar, sigma}`, σ = exp(½·log σ²).
   * @param {Float32Array} pixels 784 values in [0, 1]
   */
  encode(pixels) {
    const { mu, logvar } = this.#model.encode(pixels);
    const sigma = logvar.map((v) => Math.exp(0.5 * v));
    return { mu, logvar, sigma };
  }

  /** The 784 pixel probabilities decoded from one latent point; times itself. */
  decode(z) {
    const started = performance.now();
    const image = this.#model.decode(z);
    this.lastDecodeMs = performance.now() - started;
    return image;
  }

  /** `n` latent points (rows of `zs`) decoded at once: `n × 784` probabilities. */
  decodeBatch(zs, n) {
    return this.#model.decodeBatch(zs, n);
  }

  /** `n` draws z = μ + T·σ·ε from `seed`, and their images: `{z, images}`. */
  sample(mu, logvar, n, seed, temperature) {
    return this.#model.sample(mu, logvar, n, seed >>> 0, temperature);
  }

  /** The negative ELBO's terms for an image (see `VaeModel.lossTerms`). */
  lossTerms(pixels) {
    return this.#model.lossTerms(pixels);
  }

  /** A fresh random seed (u32). */
  randomSeed() {
    return this.#wasm.randomSeed();
  }
}
