// A pool of Web Workers (worker.js), each with its own instance of the wasm module, for batched
// decodes that must not block the page: a batch is cut into pieces that the workers decode in
// parallel, and the images come back as Float32Arrays whose buffers are transferred, not copied.
// A newer job makes an older one stale: abort it with its AbortSignal and its pieces not yet
// started are dropped (a piece already running finishes, and its result is thrown away).
//
//   const pool = new DecodePool({ module });           // sized from navigator.hardwareConcurrency
//   const images = await pool.decodeBatch(model, zs, n, { signal });   // (n × 784)

/** Most points in one piece: a stale job is dropped after at most this many points per worker. */
const MAX_PIECE = 100;

/** Workers for this machine: one per logical core, at least 1, at most 4 (more buys little here). */
export function defaultPoolSize() {
  const cores = Number(globalThis.navigator?.hardwareConcurrency) || 2;
  return Math.max(1, Math.min(cores, 4));
}

export class DecodePool {
  /** @type {{worker: Worker, busy: boolean, models: Set<string>}[]} */
  #workers = [];
  /** Pieces waiting for a worker, oldest first. */
  #queue = [];
  /** @type {Map<number, {piece: object, slot: object}>} pieces being decoded, by message id */
  #running = new Map();
  #nextId = 1;
  /** Set when a worker failed to start: the pool refuses work, and callers decode elsewhere. */
  broken = null;

  /**
   * @param {{module?: WebAssembly.Module | null, size?: number}} options `module`: the page's
   *   compiled module, instantiated by each worker (else each fetches and compiles its own).
   */
  constructor({ module = null, size = defaultPoolSize() } = {}) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: `decode-${i}` });
      const slot = { worker, busy: false, models: new Set() };
      worker.onmessage = ({ data }) => this.#finished(slot, data);
      worker.onerror = (event) => this.#fail(new Error(`a decode worker failed: ${event.message ?? 'it did not start'}`));
      try {
        worker.postMessage({ type: 'start', module });
      } catch {
        worker.postMessage({ type: 'start', module: null }); // a module that cannot be cloned
      }
      this.#workers.push(slot);
    }
  }

  /** Number of workers. */
  get size() {
    return this.#workers.length;
  }

  /**
   * Decodes `n` latent points across the workers.
   * @param {{name: string, latentDim: number, fileBytes?: Uint8Array | null}} model an engine Model
   *   (`fileBytes` for a model that is not compiled into the module)
   * @param {Float32Array} zs (n × latentDim) row-major
   * @param {{signal?: AbortSignal | null}} [options]
   * @returns {Promise<Float32Array>} (n × 784) pixel probabilities
   */
  decodeBatch(model, zs, n, { signal = null } = {}) {
    return new Promise((resolve, reject) => {
      if (this.broken) return reject(this.broken);
      if (signal?.aborted) return reject(signal.reason ?? abortError());
      const d = model.latentDim;
      if (!Number.isInteger(n) || n < 1 || zs.length !== n * d) {
        return reject(new RangeError(`${n} points of ${d} numbers need ${n * d} numbers, not ${zs.length}`));
      }
      const pieceSize = Math.min(MAX_PIECE, Math.ceil(n / this.size));
      const job = { images: new Float32Array(n * 784), left: 0, done: false, resolve, reject };
      for (let start = 0; start < n; start += pieceSize) {
        const count = Math.min(pieceSize, n - start);
        this.#queue.push({ job, model, start, count, zs: zs.slice(start * d, (start + count) * d) });
        job.left++;
      }
      signal?.addEventListener('abort', () => this.#settle(job, signal.reason ?? abortError()), { once: true });
      this.#dispatch();
    });
  }

  /** Stops every worker; pending jobs are rejected. */
  close() {
    this.#fail(new Error('the decode pool was closed'));
    for (const { worker } of this.#workers) worker.terminate();
  }

  #dispatch() {
    for (const slot of this.#workers) {
      if (slot.busy) continue;
      const piece = this.#queue.shift();
      if (!piece) return;
      const { model } = piece;
      const id = this.#nextId++;
      // A model not compiled in travels to each worker once, with its first piece.
      const bytes = model.fileBytes && !slot.models.has(model.name) ? model.fileBytes : null;
      slot.models.add(model.name);
      slot.busy = true;
      this.#running.set(id, { piece, slot });
      slot.worker.postMessage({ type: 'decode', id, model: model.name, bytes, zs: piece.zs, n: piece.count }, [piece.zs.buffer]);
    }
  }

  #finished(slot, { id, images, error }) {
    const running = this.#running.get(id);
    this.#running.delete(id);
    slot.busy = false;
    if (running) {
      const { job, start } = running.piece;
      if (error !== undefined) this.#settle(job, new Error(error));
      else if (!job.done) {
        job.images.set(images, start * 784);
        if (--job.left === 0) this.#settle(job, null);
      }
    }
    this.#dispatch();
  }

  /** Resolves (error null) or rejects a job once, and drops its pieces still queued. */
  #settle(job, error) {
    if (job.done) return;
    job.done = true;
    this.#queue = this.#queue.filter((piece) => piece.job !== job);
    if (error) job.reject(error);
    else job.resolve(job.images);
  }

  #fail(error) {
    this.broken = error;
    for (const { piece } of this.#running.values()) this.#settle(piece.job, error);
    for (const piece of this.#queue) this.#settle(piece.job, error);
    this.#running.clear();
    this.#queue = [];
  }
}

function abortError() {
  return new DOMException('the decode was abandoned', 'AbortError');
}
