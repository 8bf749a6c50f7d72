// The worker pool's cost for small batches (run by bench/pool-probe.mjs): an empty message's
// round trip to a worker that only echoes it, and decodeBatch(n) on this thread, in the workers
// alone, and in the pool as the page calls it (this thread takes a share of a small batch).
// Each figure is the median over rounds of K back-to-back calls (µs per call).

import init, { VaeModel } from '/www/pkg/vae_playground.js';
import { hasRelaxedSimd } from '/www/js/engine/features.js';
import { DecodePool } from '/www/js/engine/pool.js';
import { priorBatches } from './inputs.js';
import { summarize } from './stats.js';

const MODEL = 'mnist-2d';

async function time(run, { rounds = 15, minBatchMs = 3, warmupMs = 300 } = {}) {
  let start = performance.now();
  let calls = 0;
  while (performance.now() - start < warmupMs) {
    await run();
    calls++;
  }
  const k = Math.max(1, Math.ceil(minBatchMs / ((performance.now() - start) / calls)));
  const samples = [];
  for (let round = 0; round < rounds; round++) {
    start = performance.now();
    for (let call = 0; call < k; call++) await run();
    samples.push(((performance.now() - start) * 1000) / k);
  }
  return summarize(samples);
}

async function probe() {
  const wasmModule = await WebAssembly.compileStreaming(fetch(hasRelaxedSimd() ? '/www/pkg/relaxed/vae_playground_bg.wasm' : '/www/pkg/vae_playground_bg.wasm'));
  await init({ module_or_path: wasmModule });
  const model = new VaeModel(MODEL);
  const d = model.latentDim;
  const size = Number(new URLSearchParams(location.search).get('workers')) || 2;
  const pool = new DecodePool({ module: wasmModule, size });
  const shared = { name: MODEL, latentDim: d, fileBytes: null, decodeBatch: (zs, n, out) => model.decodeBatch(zs, n, out) };
  const workersOnly = { name: MODEL, latentDim: d, fileBytes: null };
  await pool.decodeBatch(workersOnly, new Float32Array(d), 1);
  const echo = new Worker(URL.createObjectURL(new Blob(['onmessage = (e) => postMessage(e.data);'], { type: 'text/javascript' })));
  const ping = () => new Promise((done) => {
    echo.onmessage = done;
    echo.postMessage(0);
  });
  const rows = [{ case: 'empty message to a worker and back', us: await time(ping) }];
  for (const n of [1, 4, 8, 16, 32, 400]) {
    const zs = priorBatches(1, n, d)[0];
    rows.push({ case: `decodeBatch(${n}) on this thread`, us: await time(() => model.decodeBatch(zs, n)) });
    rows.push({ case: `decodeBatch(${n}) in ${size} workers alone`, us: await time(() => pool.decodeBatch(workersOnly, zs, n)) });
    const us = await time(() => pool.decodeBatch(shared, zs, n));
    const { caller, workers } = pool.plan(shared, n);
    const way = pool.sharesMemory && n >= 8 ? `shared through memory with a worker (it took ${pool.lastSharedWorkerChunks} chunks of the last)` : `${caller} here, the rest in ${workers} worker(s)`;
    rows.push({ case: `decodeBatch(${n}) in the pool: ${way}`, us });
  }
  pool.close();
  echo.terminate();
  return { crossOriginIsolated, cores: navigator.hardwareConcurrency, rows };
}

probe().then((r) => (window.probeResults = r), (e) => (window.probeError = String(e?.stack ?? e)));
