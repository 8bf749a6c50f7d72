// The wasm module on the page's main thread: loading it (compiled once, with progress against a
// known total), opening models (the default one is compiled in; the others are fetched from
// `pkg/models/` when first asked for, with their size known beforehand), and forwarding calls.
// It adds no maths beyond σ = exp(½·log σ²), and it turns load failures into an `EngineError`
// whose `kind` says what went wrong, so that the page can explain it in plain words.

import { hasRelaxedSimd } from './features.js';
import { DecodePool } from './pool.js';

const PKG = new URL('../../pkg/', import.meta.url);
const MODULE_URL = new URL('vae_playground.js', PKG);
/** The module's two builds: plain SIMD (every browser with wasm SIMD), and relaxed SIMD (the
 *  decoder's batches about 1.4× as fast, training's multiply-adds fused), run where the browser has
 *  it. Same exports, same glue (`./build.sh build` checks), same figures: the integer sums are exact
 *  in both. */
const PLAIN_WASM_URL = new URL('vae_playground_bg.wasm', PKG);
const RELAXED_WASM_URL = new URL('relaxed/vae_playground_bg.wasm', PKG);
const MANIFEST_URL = new URL('models/manifest.json', PKG);

/** A failure to load or start the module, or to fetch a model. `kind`: "noWasm", "fetch", "start". */
export class EngineError extends Error {
  constructor(kind, reason) {
    super(reason);
    this.kind = kind;
  }
}

/**
 * Downloads, compiles and starts the wasm module, and reads the list of models.
 * @param {(received: number, total: number | null) => void} [onProgress] bytes of the module so far
 * @returns {Promise<Engine>}
 */
export async function loadEngine(onProgress = () => {}) {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.compileStreaming !== 'function') {
    throw new EngineError('noWasm', 'no WebAssembly');
  }
  const started = performance.now();
  const manifest = fetchManifest();
  let relaxed = hasRelaxedSimd();
  let glue;
  let response;
  try {
    [glue, response] = await Promise.all([import(MODULE_URL.href), fetch(relaxed ? RELAXED_WASM_URL : PLAIN_WASM_URL)]);
    if (relaxed && !response.ok) {
      // A copy of the page without the relaxed build (it is optional): the plain one.
      relaxed = false;
      response = await fetch(PLAIN_WASM_URL);
    }
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
  } catch (error) {
    throw new EngineError('fetch', error.message);
  }
  const known = await manifest;
  let module;
  let exports;
  try {
    const bytes = (relaxed ? known?.relaxedModule?.bytes : known?.module?.bytes) ?? null;
    module = await WebAssembly.compileStreaming(countingResponse(response, bytes, onProgress));
    exports = await glue.default({ module_or_path: module });
  } catch (error) {
    throw new EngineError(error instanceof TypeError && /fetch|network/i.test(error.message) ? 'fetch' : 'start', error.message);
  }
  const engine = new Engine(glue, module, known, relaxed);
  /** The instance's memory (its size, for the tests' leak checks). */
  engine.memory = exports?.memory ?? null;
  engine.loadMs = performance.now() - started;
  return engine;
}

/** The manifest of every model (`tools/models-manifest.mjs`), or null if it cannot be read. */
async function fetchManifest() {
  try {
    const response = await fetch(MANIFEST_URL);
    return response.ok ? await response.json() : null;
  } catch {
    return null;
  }
}

/**
 * The same response, reporting the bytes received so far (still compiled while it streams).
 * @param {Response} response
 * @param {number | null} total the body's size, if known
 */
function countingResponse(response, total, onProgress) {
  if (!response.body || typeof TransformStream !== 'function') return response;
  let received = 0;
  const counter = new TransformStream({
    transform(chunk, controller) {
      received += chunk.byteLength;
      onProgress(received, total);
      controller.enqueue(chunk);
    },
  });
  return new Response(response.body.pipeThrough(counter), { headers: { 'Content-Type': 'application/wasm' } });
}

/**
 * Reads a whole response, reporting progress.
 * @returns {Promise<Uint8Array>}
 */
async function readAll(response, total, onProgress) {
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.byteLength;
    onProgress(received, total);
  }
  const bytes = new Uint8Array(received);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

/**
 * One entry of the model list.
 * @typedef {{name: string, embedded: boolean, bytes: number, gzipBytes: number | null,
 *            dataset: string | null, latentDim: number | null, testLoss: number | null}} ModelEntry
 */

/** The loaded module: the model list, the open models, and the calls that need no model. */
export class Engine {
  #glue;
  /** @type {Map<string, Promise<Model>>} */
  #open = new Map();
  /** @type {DecodePool | null | undefined} the decode workers, started on first use */
  #pool = undefined;

  constructor(glue, module, manifest, relaxed = false) {
    this.#glue = glue;
    /** The compiled module, for workers (decodes, training) to instantiate without downloading it again. */
    this.module = module;
    /** Whether `module` is the relaxed-SIMD build. */
    this.relaxed = relaxed;
    const embedded = glue.listModels();
    /** @type {ModelEntry[]} every model: the compiled-in ones, then the files of the manifest. */
    this.models = embedded.map((info) => ({
      name: info.name,
      embedded: true,
      bytes: 0,
      gzipBytes: 0,
      dataset: info.dataset,
      latentDim: info.latentDim,
      testLoss: info.testLoss,
    }));
    /** Each model's training report, as the manifest names it (a published copy's name has a hash). */
    this.reports = new Map((manifest?.models ?? []).filter((m) => m.report).map((m) => [m.name, new URL(m.report, PKG).href]));
    for (const entry of manifest?.models ?? []) {
      if (this.models.some((m) => m.name === entry.name)) continue;
      this.models.push({ ...entry, embedded: false, url: new URL(entry.file, PKG).href });
    }
    /** The judges (classifiers that read decoded images), as the manifest lists them:
     *  `{name, file, bytes, gzipBytes, dataset, testAccuracy}`. */
    this.judgeFiles = manifest?.judges ?? [];
    /** @type {Map<string, Promise<Judge>>} by dataset */
    this.judges = new Map();
    /** The atlases' test images per dataset, as the manifest lists them: `{dataset, file, bytes, count}`. */
    this.dataFiles = manifest?.data ?? [];
    /** @type {Map<string, Promise<TestImages>>} */
    this.testImageSets = new Map();
    /** The Train view's data, as the manifest lists it: `[{dataset, train: {file, bytes, gzipBytes, count}, test}]`
     *  (MNIST's digits, a part of Fashion-MNIST), each only if built. */
    this.trainingData = Array.isArray(manifest?.training) ? manifest.training : [];
    /** Every shipped model's file, by name, compiled in or not (a model to fine-tune is sent as its
     *  file): `{url, bytes, gzipBytes, latentDim, hidden, likelihood}`. */
    this.modelFiles = new Map(
      (manifest?.models ?? []).map((m) => [m.name, { url: new URL(m.file, PKG).href, bytes: m.bytes, gzipBytes: m.gzipBytes, latentDim: m.latentDim, hidden: m.hidden ?? null, likelihood: m.likelihood ?? null }]),
    );
    /** The size of the module's download (bytes), if the manifest says. */
    this.moduleBytes = (relaxed ? manifest?.relaxedModule?.bytes : manifest?.module?.bytes) ?? null;
    /** Milliseconds from the start of the download until the module was ready. */
    this.loadMs = 0;
    /** Largest magnitude of a latent coordinate the module accepts. */
    this.latentLimit = typeof glue.latentLimit === 'function' ? glue.latentLimit() : 80;
  }

  /** The list entry of model `name`, or undefined. */
  entry(name) {
    return this.models.find((m) => m.name === name);
  }

  /** Whether model `name` is ready without a download. */
  isAvailable(name) {
    const entry = this.entry(name);
    return Boolean(entry?.embedded || this.#open.has(name));
  }

  /**
   * Opens model `name`: at once if compiled in, else after fetching its file (once; later calls
   * share it). Models stay open for the page's lifetime: there are few, and switching back is then
   * instant.
   * @param {string} name
   * @param {(received: number, total: number | null) => void} [onProgress] the file's download
   * @returns {Promise<Model>}
   */
  open(name, onProgress = () => {}) {
    if (!this.#open.has(name)) {
      const opening = this.#load(name, onProgress);
      this.#open.set(name, opening);
      opening.catch(() => this.#open.delete(name));
    }
    return this.#open.get(name);
  }

  /**
   * Adds a model from the bytes of its weights file (trained or loaded in the page) to the list,
   * open at once. Throws the module's error if the file is not a usable model.
   * @param {string} name a name not yet in the list
   * @param {Uint8Array} bytes
   * @returns {Model}
   */
  add(name, bytes) {
    if (this.entry(name)) throw new EngineError('start', `a model called “${name}” is already open`);
    const model = new Model(name, this.#glue.VaeModel.fromBytes(bytes));
    model.fileBytes = bytes;
    const info = model.info;
    this.models.push({ name, embedded: false, local: true, bytes: bytes.length, gzipBytes: null, dataset: info.dataset, latentDim: info.latentDim, testLoss: info.testLoss });
    this.#open.set(name, Promise.resolve(model));
    return model;
  }

  async #load(name, onProgress) {
    const entry = this.entry(name);
    if (!entry) throw new EngineError('start', `no model called “${name}”`);
    if (entry.embedded) return new Model(name, new this.#glue.VaeModel(name));
    let bytes;
    let response;
    try {
      response = await fetch(entry.url);
    } catch (error) {
      throw new EngineError('fetch', error.message);
    }
    // The service worker's answer for a file this version has not stored, with no network.
    if (response.status === 503 && response.headers.get('X-Offline')) throw new EngineError('offline', `HTTP ${response.status}`);
    try {
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      bytes = await readAll(response, entry.bytes, onProgress);
    } catch (error) {
      throw new EngineError('fetch', error.message);
    }
    const model = new Model(name, this.#glue.VaeModel.fromBytes(bytes));
    model.fileBytes = bytes;
    return model;
  }

  /**
   * The test images behind a dataset's map dots (in the atlas' order), fetched once when first
   * asked for. Rejects with an EngineError("fetch") if the file is missing or unreadable.
   * @param {string} dataset "mnist" or "fashion-mnist"
   * @param {(received: number, total: number | null) => void} [onProgress]
   * @returns {Promise<TestImages>}
   */
  testImages(dataset, onProgress = () => {}) {
    if (!this.testImageSets.has(dataset)) {
      const loading = (async () => {
        const entry = this.dataFiles.find((d) => d.dataset === dataset);
        if (!entry) throw new EngineError('fetch', `no test images for ${dataset}`);
        try {
          const response = await fetch(new URL(entry.file, PKG));
          if (!response.ok) throw new Error(`HTTP ${response.status}`);
          return new TestImages(await readAll(response, entry.bytes, onProgress));
        } catch (error) {
          throw new EngineError('fetch', error.message);
        }
      })();
      this.testImageSets.set(dataset, loading);
      loading.catch(() => this.testImageSets.delete(dataset));
    }
    return this.testImageSets.get(dataset);
  }

  /**
   * Gives the images behind a map's dots for a dataset no file holds (a person's set, whose model
   * was trained in the page): `bytes` as `TestImages` reads them, in the atlas's order.
   * @param {string} dataset e.g. "set:letters"
   * @param {Uint8Array} bytes count × 784 pixels, then count labels
   */
  provideTestImages(dataset, bytes) {
    this.testImageSets.set(dataset, Promise.resolve(new TestImages(bytes)));
  }

  /**
   * The bytes of shipped model `name`'s file (to fine-tune a copy of it), fetched with progress.
   * @param {string} name
   * @param {(received: number, total: number | null) => void} [onProgress]
   * @returns {Promise<Uint8Array>}
   */
  async modelFile(name, onProgress = () => {}) {
    const file = this.modelFiles.get(name);
    if (!file) throw new EngineError('fetch', `no file of the model “${name}”`);
    let response;
    try {
      response = await fetch(file.url);
    } catch (error) {
      throw new EngineError('fetch', error.message);
    }
    if (response.status === 503 && response.headers.get('X-Offline')) throw new EngineError('offline', `HTTP ${response.status}`);
    if (!response.ok) throw new EngineError('fetch', `HTTP ${response.status}`);
    return readAll(response, file.bytes, onProgress);
  }

  /** Whether a judge of `dataset`'s images is listed. */
  hasJudge(dataset) {
    return this.judgeFiles.some((j) => j.dataset === dataset);
  }

  /**
   * The judge of a dataset's images (a classifier that reads decodes; see judge/ in the engine),
   * fetched once when first asked for: only the views that quote its figures download it.
   * Rejects with an EngineError("fetch") if there is none or its file cannot be read.
   * @param {string} dataset "mnist" or "fashion-mnist"
   * @param {(received: number, total: number | null) => void} [onProgress]
   * @returns {Promise<Judge>}
   */
  judge(dataset, onProgress = () => {}) {
    if (!this.judges.has(dataset)) {
      const loading = (async () => {
        const entry = this.judgeFiles.find((j) => j.dataset === dataset);
        if (!entry) throw new EngineError('fetch', `no judge of ${dataset} images`);
        let bytes;
        try {
          const response = await fetch(new URL(entry.file, PKG));
          if (!response.ok) throw new Error(`HTTP ${response.status}`);
          bytes = await readAll(response, entry.bytes, onProgress);
        } catch (error) {
          throw new EngineError('fetch', error.message);
        }
        return new Judge(this.#glue.Judge.fromBytes(bytes));
      })();
      this.judges.set(dataset, loading);
      loading.catch(() => this.judges.delete(dataset));
    }
    return this.judges.get(dataset);
  }

  /**
   * A drawing made MNIST-like (see `preprocessStrokes`) as `{prep, tooSmall}`: `prep` is null when
   * there is nothing to encode, and `tooSmall` says whether that is because the drawing (a tap, a
   * dot) is too small to be a digit.
   * @param {Float32Array} points stroke points, strokes separated by a NaN pair
   */
  preprocess(points, width, height, lineWidth) {
    if (points.length < 2) return { prep: null, tooSmall: false };
    try {
      return { prep: this.#glue.preprocessStrokes(points, width, height, lineWidth), tooSmall: false };
    } catch (error) {
      if (/too small/i.test(error.message)) return { prep: null, tooSmall: true };
      if (/empty/i.test(error.message)) return { prep: null, tooSmall: false };
      throw error;
    }
  }

  /**
   * The pool of decode workers (pool.js), started on first use; null where workers cannot run.
   * @returns {DecodePool | null}
   */
  decodePool() {
    if (this.#pool === undefined) {
      try {
        this.#pool = typeof Worker === 'function' ? new DecodePool({ module: this.module }) : null;
      } catch {
        this.#pool = null;
      }
    }
    return this.#pool?.broken ? null : this.#pool;
  }

  /**
   * `n` latent points of `model` decoded without blocking a frame: in the worker pool, or, where
   * there is none (or it failed), on this thread in slices. `signal` abandons it; `out`, a
   * Float32Array(n × 784) kept by the caller, receives the images (else a new array does).
   * @param {Model} model
   * @param {Float32Array} zs (n × latentDim)
   * @returns {Promise<Float32Array>} (n × 784)
   */
  async decodeInBackground(model, zs, n, { signal = null, out = undefined } = {}) {
    const pool = this.decodePool();
    if (pool) {
      try {
        return await pool.decodeBatch(model, zs, n, { signal, out });
      } catch (error) {
        if (error?.name === 'AbortError' || !pool.broken) throw error;
      }
    }
    return model.decodeInSlices(zs, n, { signal, out });
  }

  /** A person's set (`{name, classNames, images, labels}`) as its file's bytes (docs/SET_FORMAT.md);
   * throws the module's Error for a set the format cannot hold. */
  writeSetFile(set) {
    return this.#glue.writeSetFile(set);
  }

  /** A set file's bytes as `{name, classNames, images, labels, count, heldOut}`; throws the
   * module's Error (which says what is wrong) for bytes that are not one. */
  readSetFile(bytes) {
    return this.#glue.readSetFile(bytes);
  }

  /** Which images of a set with these labels are held out (every third of each label). */
  heldOutIndices(labels) {
    return this.#glue.heldOutIndices(labels);
  }

  /** A fresh random seed (u32). */
  randomSeed() {
    return this.#glue.randomSeed();
  }
}

/** How many points each judged set has, and how many of its first ones a view shows. */
export const JUDGED_POINTS = 1024;
export const JUDGED_SHOWN = 8;
/** The seed of the judged sets a view shows first (it shows the seed, and offers others). */
export const JUDGED_SEED = 2024;
/** The circles judged around an input, in σ. */
export const JUDGED_CIRCLES = [1, 2, 4];

/**
 * A judge: forwards to the module's `Judge`. Each result is `{set, seed, all, shown,
 * referenceClass, sameClassShare, points, classes, confidence}`, where `all` and `shown` are
 * readings `{count, confidentShare, meanConfidence, classCounts, effectiveClasses}` of the whole
 * set and of its first `shown` points.
 */
export class Judge {
  #inner;

  constructor(inner) {
    this.#inner = inner;
    /** `{name, dataset, hidden, classNames, parameters, testAccuracy, testImages, confident}` */
    this.info = inner.info;
  }

  /** Decodes and judges a set ("prior", "box" or "midpoints") of `model`'s latent points. */
  judgeSet(model, set, { count = JUDGED_POINTS, shown = JUDGED_SHOWN, seed = JUDGED_SEED } = {}) {
    return this.#inner.judgeSet(model.handle, set, count, shown, seed);
  }

  /** Decodes and judges points on the `sigmas`·σ circle around the code of `pixels`. */
  judgeCircle(model, pixels, sigmas, { count = JUDGED_POINTS, shown = JUDGED_SHOWN, seed = JUDGED_SEED } = {}) {
    return this.#inner.judgeCircle(model.handle, pixels, sigmas, count, shown, seed);
  }

  /** The verdicts on `n` images: `{classes: Uint8Array, confidence: Float32Array}`. */
  classify(images, n) {
    return this.#inner.classify(images, n);
  }
}

/**
 * A dataset's test images as `bin/webdata.rs` writes them: count × 784 bytes of pixels, then
 * count labels.
 */
export class TestImages {
  /** @param {Uint8Array} bytes */
  constructor(bytes) {
    if (bytes.length === 0 || bytes.length % 785 !== 0) throw new Error(`a test image file of ${bytes.length} bytes is not whole digits`);
    this.count = bytes.length / 785;
    this.pixels = bytes.subarray(0, this.count * 784); // (count, 784)
    this.labels = bytes.subarray(this.count * 784); // (count)
  }

  /** Image `index` as 784 values in [0, 1]. */
  image(index) {
    const image = new Float32Array(784);
    const row = this.pixels.subarray(index * 784, (index + 1) * 784);
    for (let i = 0; i < 784; i++) image[i] = row[i] / 255;
    return image;
  }
}

/** One open model: forwards to the module's `VaeModel`, adds σ and times single decodes. */
export class Model {
  #inner;

  constructor(name, inner) {
    this.#inner = inner;
    this.name = name;
    /** Metadata, as `listModels` gives it. */
    this.info = inner.info;
    this.latentDim = inner.latentDim;
    /** The test encodings `{mu, labels, classNames}` (and `logvar` if the file has it), or null. */
    this.atlas = inner.atlas();
    /** Milliseconds the last single decode took. */
    this.lastDecodeMs = 0;
    /** The weights file's bytes, when it was fetched (the worker pool loads the same bytes). */
    this.fileBytes = null;
    // The module readies the encoder's int8 weights at the first encode (a few ms, 4× that on a
    // phone): done while the page is idle, that first encode is not the first stroke's.
    const ready = () => {
      try {
        if (!this.#encoded) this.#inner.encode(new Float32Array(784));
      } catch {
        // the first real encode says what is wrong
      }
    };
    if (typeof requestIdleCallback === 'function') requestIdleCallback(ready, { timeout: 1000 });
    else setTimeout(ready, 200);
  }

  /** Whether this model has encoded an image yet. */
  #encoded = false;

  /**
   * q(z|x) of a 28×28 image: `{mu, logvar, sigma}`, σ = exp(½·log σ²).
   * @param {Float32Array} pixels 784 values in [0, 1]
   */
  encode(pixels) {
    this.#encoded = true;
    const { mu, logvar } = this.#inner.encode(pixels);
    const sigma = logvar.map((v) => Math.exp(0.5 * v));
    return { mu, logvar, sigma };
  }

  /**
   * The 784 pixel probabilities decoded from one latent point; times itself. With `out` (a
   * Float32Array(784)) they are written there and `out` is returned: nothing is allocated.
   */
  decode(z, out = undefined) {
    const started = performance.now();
    const image = this.#inner.decode(z, out);
    this.lastDecodeMs = performance.now() - started;
    return image;
  }

  /**
   * `n` latent points (rows of `zs`) decoded at once: `n × 784` probabilities, in `out` if given
   * (a Float32Array(n × 784), returned). A view that redraws its images again and again keeps one
   * such array: a new array per call costs as much as a tenth of a 16-point decode (its
   * allocation and the garbage collection it brings).
   */
  decodeBatch(zs, n, out = undefined) {
    return this.#inner.decodeBatch(zs, n, out);
  }

  /**
   * Like `decodeBatch`, but in slices of `slice` points with a pause between them, so that a long
   * batch (the map's background) never blocks a frame; `signal` abandons it (a newer one started).
   * @param {Float32Array} zs (n × latentDim)
   * @returns {Promise<Float32Array>} (n × 784), `out` if given
   */
  async decodeInSlices(zs, n, { slice = 50, signal = null, out = undefined } = {}) {
    const images = out ?? new Float32Array(n * 784);
    const d = this.latentDim;
    for (let start = 0; start < n; start += slice) {
      if (signal?.aborted) throw signal.reason ?? new DOMException('aborted', 'AbortError');
      const count = Math.min(slice, n - start);
      this.#inner.decodeBatch(zs.subarray(start * d, (start + count) * d), count, images.subarray(start * 784, (start + count) * 784));
      await new Promise((resume) => setTimeout(resume, 0));
    }
    return images;
  }

  /** `n` draws z = μ + T·σ·ε from `seed`, and their images: `{z, images}` (in `images` if given, a Float32Array(n × 784)). */
  sample(mu, logvar, n, seed, temperature, images = undefined) {
    return this.#inner.sample(mu, logvar, n, seed, temperature, images);
  }

  /** The module's `VaeModel` itself, for the module's functions that take a model (the walk's). */
  get handle() {
    return this.#inner;
  }

  /** The negative ELBO's terms for an image (see `VaeModel.lossTerms`). */
  lossTerms(pixels) {
    return this.#inner.lossTerms(pixels);
  }
}
