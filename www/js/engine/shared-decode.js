// A batch decoded by this thread and one pool worker together, handed over through shared memory
// instead of messages: where the page is cross-origin isolated (SharedArrayBuffer and Atomics).
// A message's round trip to a worker costs about as much as decoding a batch of 16 (pool.js), so
// messages cannot halve a small batch's time; a store to shared memory reaches a waiting worker in
// microseconds.
//
// The batch is cut into chunks, and both threads claim chunks until none is left: this thread
// starts at once, the worker when it wakes. A worker that wakes late (asleep after a quiet spell)
// finds fewer chunks or none, so sharing is never much slower than decoding here alone. Each
// thread decodes its chunks into its own place: this thread into the result, the worker into the
// shared images, copied into the result at the end.
//
// A claim names its job: the word `NEXT` holds (job number << 16) | next chunk, and a claim is a
// compare-and-swap on it, so a worker still holding an old job's number can never take a chunk of
// a newer one. A job's parameters are read only after a successful claim, while the job cannot yet
// be over (the claimed chunk is not done), so they are that job's.
//
//   this thread:  const partner = new SharedPartner(capacity, maxDim)   // its buffers go to the worker
//                 partner.decode(model, modelId, zs, n, d, out, budgetMs)
//                   // out (n × 784), or a promise of it when this thread's budget ran out first
//   the worker:   serveShared(buffers, models)                  // worker.js; models(id): its open model

/** Int32 slots of the control block. */
const SEQ = 0; // the job number, raised to post a job (the worker waits on it)
const NEXT = 1; // (job number & 0x7fff) << 16 | next chunk to claim
const DONE = 2; // chunks the worker has finished in the current job
const CHUNKS = 3;
const CHUNK_ROWS = 4;
const ROWS = 5;
const DIM = 6;
const MODEL = 7;
const FAILED = 8; // set by the worker if a decode threw: this thread decodes the chunk again
const SLOTS = 9;

/** After a job the worker keeps looking for the next one this long (ms) before it sleeps: a page
 *  decoding batch after batch (a slider dragged, a benchmark) then finds it awake. */
const SPIN_MS = 2;

/** This thread waits at most this long (ms) for the worker's chunks before it decodes them itself. */
const STUCK_MS = 500;

/** Pixels of one image. */
const PIXELS = 784;

/** Whether this page can share memory with its workers. */
export function canShare() {
  return Boolean(globalThis.crossOriginIsolated && typeof SharedArrayBuffer === 'function' && typeof Atomics?.waitAsync === 'function');
}

/** Rows per chunk for a batch of `n`: two chunks for a small batch, else chunks of 32 (two of the
 *  kernel's blocks of 16 rows). */
export function chunkRows(n) {
  return n <= 64 ? Math.ceil(n / 2 / 4) * 4 : 32;
}

/** This thread's side: the shared buffers, and a batch decoded with the worker. */
export class SharedPartner {
  /**
   * @param {number} capacity most points in one shared batch
   * @param {number} maxDim largest latent size
   */
  constructor(capacity, maxDim) {
    this.capacity = capacity;
    this.maxDim = maxDim;
    this.buffers = {
      control: new SharedArrayBuffer(SLOTS * 4),
      zs: new SharedArrayBuffer(capacity * maxDim * 4),
      images: new SharedArrayBuffer(capacity * PIXELS * 4),
    };
    this.control = new Int32Array(this.buffers.control);
    this.zs = new Float32Array(this.buffers.zs);
    this.images = new Float32Array(this.buffers.images);
    this.seq = 0;
    /** Chunks the worker decoded in the last job, for the tests and the benchmark. */
    this.lastWorkerChunks = 0;
    /** Set when the worker did not finish a chunk in STUCK_MS: nothing is shared after. */
    this.broken = false;
    /** Set while a batch waits for the worker past this thread's budget: no other is shared. */
    this.busy = false;
  }

  /** Whether a batch of `n` points of `d` numbers can be shared (it fits, the worker answers, and
   *  no batch is waiting for it). */
  fits(n, d) {
    return !this.broken && !this.busy && n <= this.capacity && d <= this.maxDim;
  }

  /**
   * Decodes `n` points into `out` with the worker (which must have model `modelId` open). This
   * thread claims chunks for at most `budgetMs`: within it (the usual case, the worker awake) the
   * images are ready on return; past it (a slow start: the module not yet optimised, a slowed
   * CPU, the worker asleep) this thread stops and waits for the worker without blocking, and a
   * promise is returned. Until it settles the partner is `busy`.
   * @param {{decodeBatch: (zs: Float32Array, n: number, out: Float32Array) => Float32Array}} model this thread's
   * @param {number} modelId the model's number in the worker
   * @param {Float32Array} zs (n × d)
   * @param {Float32Array} out (n × 784)
   * @returns {Float32Array | Promise<Float32Array>} `out`
   */
  decode(model, modelId, zs, n, d, out, budgetMs = Infinity) {
    const c = this.control;
    const rows = chunkRows(n);
    const chunks = Math.ceil(n / rows);
    this.zs.set(zs.subarray(0, n * d));
    this.seq = (this.seq + 1) & 0x7fff;
    Atomics.store(c, CHUNKS, chunks);
    Atomics.store(c, CHUNK_ROWS, rows);
    Atomics.store(c, ROWS, n);
    Atomics.store(c, DIM, d);
    Atomics.store(c, MODEL, modelId);
    Atomics.store(c, DONE, 0);
    Atomics.store(c, FAILED, -1);
    Atomics.store(c, NEXT, this.seq << 16);
    Atomics.store(c, SEQ, this.seq);
    Atomics.notify(c, SEQ);
    const job = { model, zs, n, d, rows, chunks, out, mine: new Uint8Array(chunks) }; // mine: 1 if decoded here
    const started = performance.now();
    let here = 0;
    let overBudget = false;
    for (;;) {
      if (performance.now() - started > budgetMs) {
        overBudget = true; // the worker takes the chunks left
        break;
      }
      const chunk = claim(c, this.seq, chunks);
      if (chunk < 0) break;
      decodeChunk(model, zs, n, d, rows, chunk, out);
      job.mine[chunk] = 1;
      here++;
    }
    // The worker's chunks: those this thread did not take.
    const theirs = chunks - here;
    if (!overBudget) {
      // At most the chunk it is decoding is still running: a fraction of a millisecond, spun.
      const giveUp = performance.now() + STUCK_MS;
      while (Atomics.load(c, DONE) < theirs) {
        if (performance.now() > giveUp) return this.#withoutWorker(job);
      }
      return this.#collect(job, theirs);
    }
    this.busy = true;
    return (async () => {
      try {
        const giveUp = performance.now() + STUCK_MS;
        for (let done = Atomics.load(c, DONE); done < theirs; done = Atomics.load(c, DONE)) {
          const left = giveUp - performance.now();
          if (left <= 0) return this.#withoutWorker(job);
          const waiting = Atomics.waitAsync(c, DONE, done, left);
          if (waiting.async) await waiting.value;
        }
        return this.#collect(job, theirs);
      } finally {
        this.busy = false;
      }
    })();
  }

  /** The worker's images into the job's `out` once it has done its `theirs` chunks. */
  #collect({ model, zs, n, d, rows, chunks, out, mine }, theirs) {
    this.lastWorkerChunks = theirs;
    const failed = Atomics.load(this.control, FAILED);
    for (let chunk = 0; chunk < chunks; chunk++) {
      if (mine[chunk]) continue;
      // A chunk the worker could not decode (it stops claiming after one) is decoded here.
      if (chunk === failed) decodeChunk(model, zs, n, d, rows, chunk, out);
      else out.set(this.images.subarray(chunk * rows * PIXELS, Math.min(n, (chunk + 1) * rows) * PIXELS), chunk * rows * PIXELS);
    }
    return out;
  }

  /** The worker did not finish in STUCK_MS (it died, or the machine stalled): its chunks are
   *  decoded here, and nothing is shared again (a late answer of its could land in a later job). */
  #withoutWorker({ model, zs, n, d, rows, chunks, out, mine }) {
    this.broken = true;
    for (let chunk = 0; chunk < chunks; chunk++) if (!mine[chunk]) decodeChunk(model, zs, n, d, rows, chunk, out);
    return out;
  }
}

/** Chunk `chunk` of a batch: rows `chunk · rows` on, decoded into the same rows of `out`. */
function decodeChunk(model, zs, n, d, rows, chunk, out) {
  const [start, end] = [chunk * rows, Math.min(n, (chunk + 1) * rows)];
  model.decodeBatch(zs.subarray(start * d, end * d), end - start, out.subarray(start * PIXELS, end * PIXELS));
}

/**
 * The worker's side, for as long as the worker lives: waits for a job (looking for SPIN_MS after
 * each, then asleep in `Atomics.waitAsync`, so that messages still come in), claims chunks and
 * decodes them into the shared images with `models(id)`'s model.
 * @param {{control: SharedArrayBuffer, zs: SharedArrayBuffer, images: SharedArrayBuffer}} buffers
 * @param {(id: number) => {decodeBatch: (zs: Float32Array, n: number, out: Float32Array) => Float32Array} | undefined} models
 */
export async function serveShared(buffers, models) {
  const c = new Int32Array(buffers.control);
  const zs = new Float32Array(buffers.zs);
  const images = new Float32Array(buffers.images);
  let seen = Atomics.load(c, SEQ);
  for (;;) {
    const until = performance.now() + SPIN_MS;
    while (Atomics.load(c, SEQ) === seen && performance.now() < until) {
      // spin: the next job of a burst comes within microseconds
    }
    if (Atomics.load(c, SEQ) === seen) {
      const waiting = Atomics.waitAsync(c, SEQ, seen);
      if (waiting.async) await waiting.value;
      continue;
    }
    seen = Atomics.load(c, SEQ);
    for (;;) {
      const chunks = Atomics.load(c, CHUNKS);
      const chunk = claim(c, seen, chunks);
      if (chunk < 0) break;
      // Claimed: the job cannot end before this chunk is done, so its parameters are this job's.
      const [rows, n, d, id] = [Atomics.load(c, CHUNK_ROWS), Atomics.load(c, ROWS), Atomics.load(c, DIM), Atomics.load(c, MODEL)];
      let ok = false;
      try {
        const model = models(id);
        if (model) {
          decodeChunk(model, zs, n, d, rows, chunk, images);
          ok = true;
        }
      } catch {
        ok = false;
      }
      if (!ok) Atomics.store(c, FAILED, chunk);
      Atomics.add(c, DONE, 1);
      Atomics.notify(c, DONE); // for a caller that waits without blocking
      if (!ok) break;
    }
  }
}

/** Takes the next chunk of job `seq` (of `chunks`), or −1 when none is left or the job is another. */
function claim(control, seq, chunks) {
  for (;;) {
    const word = Atomics.load(control, NEXT);
    if (word >>> 16 !== seq || (word & 0xffff) >= chunks) return -1;
    if (Atomics.compareExchange(control, NEXT, word, word + 1) === word) return word & 0xffff;
  }
}
