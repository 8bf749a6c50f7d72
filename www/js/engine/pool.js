// A pool of Web Workers (worker.js), each with its own instance of the wasm module, for batched
// decodes that must not block the page: a batch is cut into pieces that the workers decode in
// parallel, and the images come back as Float32Arrays whose buffers are transferred, not copied.
// A newer job makes an older one stale: abort it with its AbortSignal and its pieces not yet
// started are dropped (a piece already running finishes, and its result is thrown away).
//
// A small batch would wait mostly on the messages: a worker's answer comes some 100 µs after the
// question even when it has nothing to do (bench/pool-probe.mjs), as long as several decodes. So
// when the model can decode on this thread (an engine Model) and the batch is small (this
// thread's part at most CALLER_BUDGET_US of work, a fraction of a frame), the pool either decodes
// it here whole or counts this thread as one of its threads: this thread decodes a share while
// one worker fewer decodes the rest, the share chosen so that both finish together (from the
// measured time of a decode and of a worker's round trip); at first, a batch that costs less than
// a round trip stays here whole. Which is faster depends on the machine (how fast a worker wakes,
// whether another core is free), so the pool times both ways, keeps to the faster, and takes the
// other one small batch in EXPLORE_EVERY. Larger batches go to the workers alone, and frames
// stay free.
//
// Where the page is cross-origin isolated, a batch of 8 to 512 points is instead decoded by this
// thread and the first worker together through shared memory (shared-decode.js): no message, so a
// batch of 16 is shared in about half its time; the call still returns a promise.
//
//   const pool = new DecodePool({ module });           // sized from navigator.hardwareConcurrency
//   const images = await pool.decodeBatch(model, zs, n, { signal });   // (n × 784)
//   await pool.decodeBatch(model, zs, n, { out });   // into a kept Float32Array(n × 784), returned

import { SharedPartner, canShare } from './shared-decode.js';

/**
 * Most points in one piece: a stale job is dropped after at most this many points per worker (about
 * 3 ms of decoding). Two workers take the 400-point grid in one piece each: cut into four, each worker
 * paid a second round trip and waited idle between its pieces.
 */
const MAX_PIECE = 200;

/** Most work this thread takes on in one batch (µs), a sixteenth of a frame: a batch whose share would cost more goes to the workers alone. */
const CALLER_BUDGET_US = 1000;

/** Points this thread decodes between looks at the clock, in a share larger than this. */
const CALLER_CHUNK = 16;

/** Fewest points a worker is sent when this thread takes a share (fewer cost more in messages). */
const MIN_WORKER_POINTS = 2;

/** Starting estimates, until measured: a decode of one point, and a worker's round trip beyond its decode (µs). */
const FIRST_POINT_US = 20;
const FIRST_ROUND_TRIP_US = 120;

/** Weight of a new measurement in the running estimates. */
const EMA = 0.2;

/** One small batch in this many is decoded the way that currently measures slower, to keep its time fresh. */
const EXPLORE_EVERY = 32;

/** Batches shared through memory (where the page can): at least this many points (fewer are
 *  faster here whole), at most SHARED_CAPACITY, of at most SHARED_MAX_DIM latent numbers. */
const SHARED_MIN = 8;
const SHARED_CAPACITY = 512;
const SHARED_MAX_DIM = 64;
/** Most work this thread does on a shared batch (ms), a quarter of a frame; the worker does the
 *  rest while this thread waits without blocking (at load, before the module is optimised, and on
 *  a slow phone, this thread's half of the map's grid would otherwise be a long task). */
const SHARED_BUDGET_MS = 4;

/** Workers for this machine: one per logical core, at least 1, at most 4 (more buys little here). */
export function defaultPoolSize() {
  const cores = Number(globalThis.navigator?.hardwareConcurrency) || 2;
  return Math.max(1, Math.min(cores, 4));
}

/**
 * How a batch of `n` points is shared: `caller` points on this thread, the rest in pieces over
 * `workers` workers. Pure, for the tests. `size`: the pool's workers, `idle` how many are free
 * now; `pointUs`: one point's decode; `roundTripUs`: a worker's round trip beyond its decode;
 * `callerCan`: whether this thread can decode the model at all; `share`: true to share a small
 * batch with the workers, false to decode it here whole, undefined to share it only if it costs
 * more than a round trip.
 * @returns {{caller: number, workers: number}}
 */
export function planBatch(n, { size, idle = size, pointUs, roundTripUs, callerCan = true, share = undefined }) {
  const alone = { caller: 0, workers: Math.min(size, n) };
  if (!callerCan) return alone;
  const cost = n * pointUs;
  const here = cost <= CALLER_BUDGET_US ? { caller: n, workers: 0 } : null;
  // Sharing measured slower, cheaper here than a round trip, or every worker busy: all of it here.
  if (here && (share === false || (share === undefined && cost <= roundTripUs) || idle === 0)) return here;
  // This thread is one of `size` threads, with w idle workers: its share a balances
  // a·t = o + (n − a)·t / w (t: a point's decode, o: a round trip).
  const workers = Math.min(size - 1, idle, Math.floor(n / MIN_WORKER_POINTS) - 1);
  if (workers < 1) return here ?? alone;
  const caller = Math.min(Math.round((roundTripUs * workers + cost) / (pointUs * (workers + 1))), n - MIN_WORKER_POINTS * workers);
  if (caller < 1 || caller * pointUs > CALLER_BUDGET_US) return here ?? alone;
  return { caller, workers };
}

export class DecodePool {
  /** @type {{worker: Worker, busy: boolean, models: Set<string>}[]} */
  #workers = [];
  /** This thread's side of the batches shared with the first worker through memory, or null. */
  #partner = null;
  /** Models' numbers for the shared batches, by name, and whether the first worker has each open
   *  (false while it opens it). */
  #modelIds = new Map();
  #sharedOpen = new Map();
  /** Pieces waiting for a worker, oldest first. */
  #queue = [];
  /** @type {Map<number, {piece: object, slot: object, sent: number}>} pieces being decoded, by message id */
  #running = new Map();
  #nextId = 1;
  /** Set when a worker failed to start: the pool refuses work, and callers decode elsewhere. */
  broken = null;
  /** Running estimates (µs): one point's decode, and a worker's round trip beyond its decode. */
  #pointUs = FIRST_POINT_US;
  #roundTripUs = FIRST_ROUND_TRIP_US;
  /** A small batch's time per point from the call to its images (µs), decoded here whole and shared; null until measured. */
  #hereUs = null;
  #sharedUs = null;
  /** Small batches so far (either way), for EXPLORE_EVERY. */
  #smallBatches = 0;

  /**
   * @param {{module?: WebAssembly.Module | null, size?: number}} options `module`: the page's
   *   compiled module, instantiated by each worker (else each fetches and compiles its own).
   */
  constructor({ module = null, size = defaultPoolSize() } = {}) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: `decode-${i}` });
      const slot = { worker, busy: false, models: new Set() };
      worker.onmessage = ({ data }) => {
        if (data?.opened === undefined) return this.#finished(slot, data);
        // A model opened for shared batches (or, if it failed, never shared: `false` stays).
        if (data.error === undefined) this.#sharedOpen.set(data.opened, true);
      };
      worker.onerror = (event) => this.#fail(new Error(`a decode worker failed: ${event.message ?? 'it did not start'}`));
      try {
        worker.postMessage({ type: 'start', module });
      } catch {
        worker.postMessage({ type: 'start', module: null }); // a module that cannot be cloned
      }
      this.#workers.push(slot);
    }
    if (canShare() && size > 0) {
      this.#partner = new SharedPartner(SHARED_CAPACITY, SHARED_MAX_DIM);
      this.#workers[0].worker.postMessage({ type: 'share', buffers: this.#partner.buffers });
    }
  }

  /** Whether batches are shared with a worker through memory (the page is cross-origin isolated). */
  get sharesMemory() {
    return this.#partner !== null;
  }

  /** Chunks the worker decoded in the last batch shared through memory (for the tests). */
  get lastSharedWorkerChunks() {
    return this.#partner?.lastWorkerChunks ?? 0;
  }

  /**
   * Model's number in the first worker if it has it open for shared batches; else null, and it is
   * asked to open it (the batch goes the other way meanwhile).
   */
  #sharedModel(model) {
    if (!this.#modelIds.has(model.name)) this.#modelIds.set(model.name, this.#modelIds.size + 1);
    const modelId = this.#modelIds.get(model.name);
    if (this.#sharedOpen.get(modelId) === true) return modelId;
    if (!this.#sharedOpen.has(modelId)) {
      this.#sharedOpen.set(modelId, false);
      this.#workers[0].worker.postMessage({ type: 'open', modelId, model: model.name, bytes: model.fileBytes ?? null });
    }
    return null;
  }

  /** Number of workers. */
  get size() {
    return this.#workers.length;
  }

  /**
   * How a batch of `n` points of `model` would be shared now (see `planBatch`).
   * @returns {{caller: number, workers: number}}
   */
  plan(model, n) {
    const callerCan = typeof model.decodeBatch === 'function';
    const idle = this.#workers.filter((slot) => !slot.busy).length - this.#queue.length;
    const pointUs = Math.max(0.1, this.#pointUs); // a coarse timer can say 0
    // Once both ways are timed, the faster; one small batch in EXPLORE_EVERY takes the other way
    // (or the way not yet timed), so that both times stay fresh.
    const timed = this.#hereUs !== null && this.#sharedUs !== null;
    let share = timed ? this.#sharedUs <= this.#hereUs : undefined;
    if (this.#smallBatches % EXPLORE_EVERY === EXPLORE_EVERY - 1) share = timed ? !share : this.#sharedUs === null;
    return planBatch(n, { size: this.size, idle: Math.max(0, idle), pointUs, roundTripUs: this.#roundTripUs, callerCan, share });
  }

  /**
   * Decodes `n` latent points across the workers, and for a small batch on this thread too.
   * @param {{name: string, latentDim: number, fileBytes?: Uint8Array | null,
   *   decodeBatch?: (zs: Float32Array, n: number, out?: Float32Array) => Float32Array}} model an engine Model
   *   (`fileBytes` for a model that is not compiled into the module; `decodeBatch` decodes on
   *   this thread, and without it every point goes to the workers)
   * @param {Float32Array} zs (n × latentDim) row-major
   * @param {{signal?: AbortSignal | null, out?: Float32Array}} [options] `out`: an array of n × 784
   *   to fill and resolve with, so that nothing is allocated here (this thread's share is decoded
   *   straight into it); it belongs to this job until the job settles
   * @returns {Promise<Float32Array>} (n × 784) pixel probabilities
   */
  decodeBatch(model, zs, n, { signal = null, out = undefined } = {}) {
    return new Promise((resolve, reject) => {
      if (this.broken) return reject(this.broken);
      if (signal?.aborted) return reject(signal.reason ?? abortError());
      const d = model.latentDim;
      if (!Number.isInteger(n) || n < 1 || zs.length !== n * d) {
        return reject(new RangeError(`${n} points of ${d} numbers need ${n * d} numbers, not ${zs.length}`));
      }
      if (out !== undefined && !(out instanceof Float32Array && out.length === n * 784)) {
        return reject(new RangeError(`the output array must be a Float32Array of ${n * 784} numbers`));
      }
      // Shared through memory with the first worker: decoded before this call returns.
      if (this.#partner && typeof model.decodeBatch === 'function' && n >= SHARED_MIN && this.#partner.fits(n, d) && !this.#workers[0].busy) {
        const modelId = this.#sharedModel(model);
        if (modelId !== null) {
          try {
            return resolve(this.#partner.decode(model, modelId, zs, n, d, out ?? new Float32Array(n * 784), SHARED_BUDGET_MS));
          } catch (error) {
            return reject(error);
          }
        }
      }
      const { caller, workers } = this.plan(model, n);
      // A small batch (decoded here, whole or in part) is timed to the end, for `plan`.
      const way = caller === n ? 'here' : caller > 0 ? 'shared' : null;
      if (way) this.#smallBatches++;
      const called = performance.now();
      // Here whole and no `out`: the module's own array is the result (no second array, no copy).
      const images = out ?? (way === 'here' ? null : new Float32Array(n * 784));
      const job = { images, n, way, called, left: 0, done: false, resolve, reject, callerLeft: caller > 0, callerDone: 0 };
      const rest = n - caller;
      const pieceSize = Math.min(MAX_PIECE, Math.ceil(rest / Math.max(1, workers)));
      for (let start = caller; start < n; start += pieceSize) {
        const count = Math.min(pieceSize, n - start);
        this.#queue.push({ job, model, start, count, zs: zs.slice(start * d, (start + count) * d) });
        job.left++;
      }
      signal?.addEventListener('abort', () => this.#settle(job, signal.reason ?? abortError()), { once: true });
      this.#dispatch(); // the workers start first, then this thread decodes its share
      if (caller > 0) {
        try {
          const started = performance.now();
          // This thread's share goes straight into the job's array, the first `caller` images.
          const decoded = this.#decodeHere(model, zs, d, caller, job, started);
          job.callerDone = performance.now();
          job.callerLeft = false;
          this.#pointUs = towards(this.#pointUs, ((job.callerDone - started) * 1000) / decoded);
        } catch (error) {
          return this.#settle(job, error);
        }
        if (job.left === 0) this.#settle(job, null);
      }
    });
  }

  /**
   * Decodes the first `caller` points of a job on this thread and returns how many it decoded. A
   * share of more than CALLER_CHUNK points goes in chunks, and what is left once CALLER_BUDGET_US
   * has passed is handed to the workers: the estimate the share was planned with lags behind a
   * module not yet optimised (the page's first batches, at load) or a slow phone, where a
   * planned millisecond can take ten.
   */
  #decodeHere(model, zs, d, caller, job, started) {
    if (caller <= CALLER_CHUNK) {
      const mine = caller === job.n ? zs : zs.subarray(0, caller * d);
      if (job.images) model.decodeBatch(mine, caller, job.images.subarray(0, caller * 784));
      else job.images = model.decodeBatch(mine, caller);
      return caller;
    }
    job.images ??= new Float32Array(job.n * 784);
    let decoded = 0;
    while (decoded < caller) {
      const count = Math.min(CALLER_CHUNK, caller - decoded);
      model.decodeBatch(zs.subarray(decoded * d, (decoded + count) * d), count, job.images.subarray(decoded * 784, (decoded + count) * 784));
      decoded += count;
      if (decoded < caller && (performance.now() - started) * 1000 > CALLER_BUDGET_US) {
        this.#queue.push({ job, model, start: decoded, count: caller - decoded, zs: zs.slice(decoded * d, caller * d) });
        job.left++;
        this.#dispatch();
        break;
      }
    }
    return decoded;
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
      this.#running.set(id, { piece, slot, sent: performance.now() });
      slot.worker.postMessage({ type: 'decode', id, model: model.name, bytes, zs: piece.zs, n: piece.count }, [piece.zs.buffer]);
    }
  }

  #finished(slot, { id, images, error, decodeMs }) {
    const running = this.#running.get(id);
    this.#running.delete(id);
    slot.busy = false;
    if (running) {
      const { job, start } = running.piece;
      if (error !== undefined) this.#settle(job, new Error(error));
      else {
        this.#measured(running, decodeMs);
        if (!job.done) {
          job.images.set(images, start * 784);
          if (--job.left === 0 && !job.callerLeft) this.#settle(job, null);
        }
      }
    }
    this.#dispatch();
  }

  /**
   * A decode's time per point, and a worker's round trip beyond its decode, from a piece sent at
   * `sent` that took `decodeMs` in the worker. While this thread decoded its own share, the
   * answer may have waited for it: then the time is only an upper bound, kept only if it lowers
   * the estimate.
   */
  #measured({ piece, sent }, decodeMs) {
    if (!(decodeMs >= 0)) return;
    this.#pointUs = towards(this.#pointUs, (decodeMs * 1000) / piece.count);
    const roundTrip = (performance.now() - sent - decodeMs) * 1000;
    const { callerDone } = piece.job;
    const waited = callerDone > 0 && callerDone > sent + decodeMs;
    if (!waited || roundTrip < this.#roundTripUs) this.#roundTripUs += EMA * (roundTrip - this.#roundTripUs);
  }

  /** Resolves (error null) or rejects a job once, and drops its pieces still queued. */
  #settle(job, error) {
    if (job.done) return;
    job.done = true;
    this.#queue = this.#queue.filter((piece) => piece.job !== job);
    if (!error && job.way) {
      const perPoint = ((performance.now() - job.called) * 1000) / job.n;
      if (job.way === 'here') this.#hereUs = this.#hereUs === null ? perPoint : towards(this.#hereUs, perPoint);
      else this.#sharedUs = this.#sharedUs === null ? perPoint : towards(this.#sharedUs, perPoint);
    }
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

/**
 * A running estimate moved towards a new measurement; a measurement over twice the estimate (a
 * garbage collection, another process) counts as twice, so one pause cannot push small batches
 * off this thread, while a lasting change still gets through in a few calls.
 */
function towards(estimate, measured) {
  return estimate + EMA * (Math.min(measured, 2 * estimate) - estimate);
}

function abortError() {
  return new DOMException('the decode was abandoned', 'AbortError');
}
