// The decode pool (www/js/engine/pool.js) in Node, with stand-in workers that decode a fake model
// after a delay: how a batch is shared between the calling thread and the workers (`planBatch`),
// that the images come back in order whoever decoded them, and that an abort or a worker's error
// rejects the job. The real workers and module are exercised by the browser tests and the bench.
//
//   node tests/pool.mjs      (exits non-zero on a failure)

import { createChecks, assert } from './e2e/checks.mjs';

/** The fake model's "image" of a point: 784 copies of z0 + 1000·z1. */
const fakeImages = (zs, n, out = undefined) => {
  const images = out ?? new Float32Array(n * 784);
  for (let i = 0; i < n; i++) images.fill(zs[2 * i] + 1000 * zs[2 * i + 1], i * 784, (i + 1) * 784);
  return images;
};

/** A stand-in for a Web Worker running worker.js: answers after `delayMs`, or fails if told to. */
class FakeWorker {
  static created = [];
  static delayMs = 2;
  static failNext = false;
  constructor() {
    this.onmessage = null;
    this.onerror = null;
    this.received = [];
    FakeWorker.created.push(this);
  }
  postMessage(data) {
    if (data.type !== 'decode') return;
    this.received.push(data.n);
    const fail = FakeWorker.failNext;
    FakeWorker.failNext = false;
    setTimeout(() => {
      const reply = fail ? { id: data.id, error: 'the fake worker failed' } : { id: data.id, images: fakeImages(data.zs, data.n), decodeMs: 0.5 };
      this.onmessage?.({ data: reply });
    }, FakeWorker.delayMs);
  }
  terminate() {}
}
globalThis.Worker = FakeWorker;

const { DecodePool, planBatch } = await import('../www/js/engine/pool.js');

const points = (n) => Float32Array.from({ length: 2 * n }, (_, i) => (i % 2 ? Math.floor(i / 2) : 0.25));
const expectImages = (images, n) => {
  assert(images.length === n * 784, `${images.length} values for ${n} points`);
  for (let i = 0; i < n; i++) {
    for (const k of [0, 783]) assert(images[i * 784 + k] === 0.25 + 1000 * i, `point ${i}: ${images[i * 784 + k]}`);
  }
};

const tally = createChecks();
const { check } = tally;
const estimates = { pointUs: 15, roundTripUs: 100 };

await check('a small batch is shared so that this thread and the worker finish together', () => {
  const plan = planBatch(16, { size: 2, ...estimates });
  // a·15 = 100 + (16 − a)·15  →  a ≈ 11.3
  assert(plan.caller === 11 && plan.workers === 1, JSON.stringify(plan));
  return JSON.stringify(plan);
});

await check('a batch cheaper than a round trip stays on this thread; a large one goes to the workers alone', () => {
  const tiny = planBatch(5, { size: 2, ...estimates });
  assert(tiny.caller === 5 && tiny.workers === 0, `5 points: ${JSON.stringify(tiny)}`);
  const grid = planBatch(400, { size: 2, ...estimates });
  assert(grid.caller === 0 && grid.workers === 2, `400 points: ${JSON.stringify(grid)}`);
  const alone = planBatch(16, { size: 2, ...estimates, callerCan: false });
  assert(alone.caller === 0 && alone.workers === 2, `no decodeBatch here: ${JSON.stringify(alone)}`);
});

await check("this thread's share never exceeds its budget, and every point is decoded", () => {
  for (const size of [1, 2, 4]) {
    for (const pointUs of [5, 15, 40]) {
      for (let n = 1; n <= 120; n++) {
        const plan = planBatch(n, { size, pointUs, roundTripUs: 100 });
        assert(plan.caller >= 0 && plan.caller <= n && plan.caller * pointUs <= 1000, `n ${n}: ${JSON.stringify(plan)}`);
        assert(plan.caller === n || plan.workers >= 1, `n ${n}: points left for no worker`);
        assert(plan.workers <= size && (plan.caller === 0 || plan.workers <= size - 1), `n ${n}, size ${size}: ${JSON.stringify(plan)}`);
      }
    }
  }
});

await check('with every worker busy, a small batch is decoded here', () => {
  const plan = planBatch(8, { size: 2, idle: 0, ...estimates });
  assert(plan.caller === 8 && plan.workers === 0, JSON.stringify(plan));
});

const pool = new DecodePool({ size: 2 });
const here = { name: 'fake', latentDim: 2, fileBytes: null, decodeBatch: fakeImages };
const workersOnly = { name: 'fake', latentDim: 2, fileBytes: null };

await check('images come back in order when this thread and a worker share a batch', async () => {
  const plan = pool.plan(here, 16);
  assert(plan.caller > 0 && plan.workers === 1, JSON.stringify(plan));
  const before = FakeWorker.created.map((w) => w.received.length);
  expectImages(await pool.decodeBatch(here, points(16), 16), 16);
  const sent = FakeWorker.created.reduce((sum, w, i) => sum + w.received.slice(before[i]).reduce((a, b) => a + b, 0), 0);
  assert(sent === 16 - plan.caller, `${sent} points sent to workers, ${plan.caller} kept`);
  return `${plan.caller} here, ${sent} in a worker`;
});

await check("a share that runs slower than planned hands what is left to the workers once its millisecond has passed", async () => {
  // This thread's decodes take 0.2 ms a point, ten times the estimate the pool starts with (a
  // module not yet optimised, at load): a fresh pool plans a share of 43 of 80 points.
  const slowPool = new DecodePool({ size: 2 });
  const spin = (ms) => { const until = performance.now() + ms; while (performance.now() < until); };
  const slow = { name: 'slow', latentDim: 2, fileBytes: null, decodeBatch: (zs, n, out) => (spin(0.2 * n), fakeImages(zs, n, out)) };
  const n = 80;
  const plan = slowPool.plan(slow, n);
  assert(plan.caller > 32, `the test needs a planned share over two chunks: ${JSON.stringify(plan)}`);
  const before = FakeWorker.created.map((w) => w.received.length);
  let here = 0;
  const timed = { ...slow, decodeBatch: (zs, count, out) => { here += count; return slow.decodeBatch(zs, count, out); } };
  const started = performance.now();
  const images = await slowPool.decodeBatch(timed, points(n), n);
  expectImages(images, n);
  const sent = FakeWorker.created.reduce((sum, w, i) => sum + w.received.slice(before[i] ?? 0).reduce((a, b) => a + b, 0), 0);
  assert(here + sent === n, `${here} here + ${sent} in workers ≠ ${n}`);
  // A chunk (pool.js's CALLER_CHUNK, 16 points) takes 3.2 ms, past the 1 ms budget: one chunk is
  // decoded here, and a second at most on a clock that lags.
  assert(here < plan.caller && here <= 2 * 16, `${here} points decoded here of the ${plan.caller} planned`);
  slowPool.close();
  return `${plan.caller} planned here, ${here} decoded here, ${sent} by the workers, ${(performance.now() - started).toFixed(0)} ms`;
});

await check('images come back in order from the workers alone', async () => {
  expectImages(await pool.decodeBatch(workersOnly, points(250), 250), 250);
  expectImages(await pool.decodeBatch(here, points(300), 300), 300);
});

await check('with an output array, every image is written into it and it is what the job resolves with', async () => {
  for (const [model, n] of [[here, 16], [here, 300], [workersOnly, 250], [here, 1]]) {
    const out = new Float32Array(n * 784).fill(-1);
    const images = await pool.decodeBatch(model, points(n), n, { out });
    assert(images === out, `${n} points: not the array given`);
    expectImages(out, n);
  }
  const wrong = await pool.decodeBatch(here, points(4), 4, { out: new Float32Array(3 * 784) }).then(() => null, (error) => error);
  assert(wrong instanceof RangeError, `an output array of the wrong length: ${wrong}`);
});

await check('an abort rejects the job with an AbortError; a worker error rejects it with the message', async () => {
  const controller = new AbortController();
  const job = pool.decodeBatch(workersOnly, points(40), 40, { signal: controller.signal });
  controller.abort();
  const aborted = await job.then(() => null, (error) => error);
  assert(aborted?.name === 'AbortError', `got ${aborted}`);
  FakeWorker.failNext = true;
  const failed = await pool.decodeBatch(workersOnly, points(3), 3).then(() => null, (error) => error);
  assert(failed?.message === 'the fake worker failed', `got ${failed}`);
  const bad = await pool.decodeBatch(here, points(3), 4).then(() => null, (error) => error);
  assert(bad instanceof RangeError, `a wrong length: ${bad}`);
});

await check('when sharing a small batch measures slower than decoding it here, the pool keeps it here', async () => {
  const plan = planBatch(16, { size: 2, ...estimates, share: false });
  assert(plan.caller === 16 && plan.workers === 0, `sharing measured slower: ${JSON.stringify(plan)}`);
  // A decode here costs 25 µs a point (busy), a worker answers after 5 ms: sharing is the slow way.
  const slowHere = { ...here, decodeBatch: (zs, n, out) => {
    const until = performance.now() + 0.025 * n;
    while (performance.now() < until);
    return fakeImages(zs, n, out);
  } };
  FakeWorker.delayMs = 5;
  const seen = { here: 0, shared: 0 };
  for (let call = 0; call < 40; call++) {
    const plan = pool.plan(slowHere, 8);
    if (call >= 16) seen[plan.workers === 0 ? 'here' : 'shared']++;
    expectImages(await pool.decodeBatch(slowHere, points(8), 8), 8);
  }
  FakeWorker.delayMs = 2;
  assert(seen.here >= 18, JSON.stringify(seen));
  return `of the last 24 calls: ${seen.here} here, ${seen.shared} shared`;
});

pool.close();
console.log(`${tally.checks - tally.failures} of ${tally.checks} pool checks passed`);
process.exit(tally.failures ? 1 : 0);
