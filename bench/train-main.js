// The training benchmark page: one epoch over the 9,003 training digits for a 784-512-2 VAE,
// batch 128, with our wasm module (in the Train view's Web Worker, through its client) and with
// TensorFlow.js (on the page), in the same page load, and the machine's simd128 peak. bench/train-run.mjs opens it in headless Chromium and reads
// `window.benchResults`.
//
// Each trainer first takes WARMUP steps on a session of its own (so that the browser has
// compiled the hot code), then a fresh model is timed on the epoch's first STEPS full batches
// (TensorFlow.js, much slower, on TFJS_STEPS after its warm-up); the epoch's time is that scaled
// by 9,003 / (steps · 128) (the epoch's last batch has 43 digits). This
// leaves out our session's end-of-epoch test loss, which the native trainer's epoch time leaves
// out too.

import { TrainingClient } from '/www/js/views/train/client.js';
import { hasRelaxedSimd } from '/www/js/engine/features.js';
import { measureSimdPeak } from './simd-peak.js';
import { TfjsVae } from './tfjs-vae.js';
import { startTfjsWasm } from './tfjs-mlp.js';

const HIDDEN = 512;
const LATENT = 2;
const BATCH = 128;
const STEPS = 70;
/** TensorFlow.js is timed on fewer batches (it is much slower), scaled the same way. */
const TFJS_STEPS = 20;
const WARMUP = 20;
const ROUNDS = 5;

const log = (message) => console.log(`bench: ${message}`);

async function fetchBytes(path) {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** One training step's flops per digit: forward, weight gradients, and input gradients of every
 *  layer but the first (whose input is the image). */
function flopsPerDigit() {
  const layers = [[784, HIDDEN], [HIDDEN, 2 * LATENT], [LATENT, HIDDEN], [HIDDEN, 784]];
  const products = layers.map(([i, o]) => 2 * i * o);
  const total = products.reduce((a, b) => a + b, 0);
  return 3 * total - products[0];
}

/** Our module as the Train view runs it, in its Web Worker: a fresh session timed on STEPS steps
 *  (one `step` message, so the messaging costs once). */
async function timeOurs(client, train, test, seed) {
  const config = { latentDim: LATENT, hidden: [HIDDEN], batchSize: BATCH, epochs: 1, seed };
  await client.call('start', { config, train, test });
  const started = performance.now();
  const report = await client.call('step', { steps: STEPS });
  const ms = performance.now() - started;
  return { ms, loss: report.losses.at(-1).objective };
}

function shuffledBatches(train, count) {
  const order = Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return (step) => {
    const batch = new Float32Array(BATCH * 784);
    for (let r = 0; r < BATCH; r++) {
      const row = order[step * BATCH + r];
      for (let p = 0; p < 784; p++) batch[r * 784 + p] = train[row * 784 + p] / 255;
    }
    return batch;
  };
}

/** TensorFlow.js: a fresh model timed on STEPS steps, the same batches as ours would see in kind. */
async function timeTfjs(train, count) {
  const vae = new TfjsVae(HIDDEN, LATENT, 1e-3);
  const batchAt = shuffledBatches(train, count);
  let loss = null;
  const run = (step) => {
    const x = tf.tensor2d(batchAt(step), [BATCH, 784]);
    loss?.dispose();
    loss = vae.step(x);
    x.dispose();
  };
  for (let s = 0; s < WARMUP; s++) run(s);
  await tf.ready();
  tf.engine().startScope();
  const started = performance.now();
  for (let s = 0; s < TFJS_STEPS; s++) run(WARMUP + s);
  // Wait for the last step's updates to land.
  const last = (await loss.data())[0];
  await vae.layers[0].weight.data();
  const ms = performance.now() - started;
  tf.engine().endScope();
  return { ms, loss: last };
}

async function main() {
  log('measuring the simd128 peak');
  const peak = await measureSimdPeak();
  // The module the Train view's worker runs here (the page's own): the relaxed-SIMD build where the browser has it.
  const relaxed = hasRelaxedSimd();
  const fusedPeak = relaxed ? await measureSimdPeak({ fused: true }) : null;
  const module = await WebAssembly.compileStreaming(fetch(relaxed ? '/www/pkg/relaxed/vae_playground_bg.wasm' : '/www/pkg/vae_playground_bg.wasm'));
  log(`the ${relaxed ? 'relaxed-SIMD' : 'plain simd128'} module; peak ${peak.gflops.toFixed(1)} GFLOP/s (mul + add)${relaxed ? `, ${fusedPeak.gflops.toFixed(1)} GFLOP/s (relaxed_madd)` : ''}`);
  const client = await TrainingClient.start(module);
  const [train, test] = await Promise.all([fetchBytes('/www/pkg/data/mnist-train.u8'), fetchBytes('/www/pkg/data/mnist-test.u8')]);
  const count = train.length / 785;
  const scale = count / (STEPS * BATCH);
  log(`${count} training digits; warming up our module in the Train view's worker`);
  await client.call('start', { config: { latentDim: LATENT, hidden: [HIDDEN], batchSize: BATCH, epochs: 1 }, train, test });
  await client.call('step', { steps: WARMUP });
  // Ours first, then TensorFlow.js: its threaded backend starts workers of its own, which should
  // not share the machine with our timing.
  const ours = [];
  for (let round = 0; round < ROUNDS; round++) {
    const o = await timeOurs(client, train, test, round);
    ours.push(o.ms * scale);
    log(`round ${round + 1}: ours ${(o.ms * scale).toFixed(0)} ms per epoch (loss after ${STEPS} steps ${o.loss.toFixed(1)})`);
  }
  client.terminate();
  const tfjsInfo = await startTfjsWasm({ threads: true });
  log(`TensorFlow.js ${tfjsInfo.version}, wasm backend ${tfjsInfo.binary}, ${tfjsInfo.threads} threads`);
  const tfjs = [];
  for (let round = 0; round < ROUNDS; round++) {
    const t = await timeTfjs(train, count);
    const tfjsScale = count / (TFJS_STEPS * BATCH);
    tfjs.push(t.ms * tfjsScale);
    log(`round ${round + 1}: TensorFlow.js ${(t.ms * tfjsScale).toFixed(0)} ms per epoch (loss after ${TFJS_STEPS + WARMUP} steps ${t.loss.toFixed(1)})`);
  }
  // The median round (3 or more rounds: never the best one, which a quiet spell flatters).
  const median = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  };
  window.benchResults = {
    digits: count,
    stepsPerEpoch: Math.ceil(count / BATCH),
    flopsPerEpoch: flopsPerDigit() * count,
    peakGflops: peak.gflops,
    fusedPeakGflops: fusedPeak?.gflops ?? null,
    module: relaxed ? 'relaxed' : 'plain',
    oursMs: median(ours),
    oursRounds: ours,
    tfjsMs: median(tfjs),
    tfjsRounds: tfjs,
    tfjs: tfjsInfo,
    userAgent: navigator.userAgent,
  };
}

main().catch((error) => {
  console.error(error);
  window.benchError = String(error?.stack ?? error);
});
