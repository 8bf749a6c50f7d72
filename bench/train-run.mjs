// The training benchmark: one epoch over the 9,003 MNIST training digits for a 784-512-2 VAE,
// batch 128, by the native trainer on one thread, by our wasm module in headless Chromium, and by
// TensorFlow.js in the same page; writes the "Training in the browser" section of BENCHMARKS.md.
//
//   ./build.sh bench-train     (builds what it needs, then this)
//   node bench/train-run.mjs   from the repository root (needs www/pkg/ with its data files and
//                              bench/node_modules/)

import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

import { startIsolatedServer } from './server.mjs';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
const HEADING = '## Training in the browser';
const say = (line) => console.log(`==> ${line}`);

/** Seconds per epoch of `bin/train` on one thread (MATMUL_NUM_THREADS=1): epochs 2–3 (the first warms up). */
function nativeEpochSeconds() {
  const output = execFileSync('cargo', ['run', '--release', '--quiet', '--bin', 'train', '--', '--hidden', '512', '--latent', '2', '--batch-size', '128', '--epochs', '3'], {
    encoding: 'utf8',
    env: { ...process.env, MATMUL_NUM_THREADS: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const seconds = [...output.matchAll(/^epoch\s+(\d+)\/\d+\s+([\d.]+) s/gm)].map((m) => ({ epoch: Number(m[1]), seconds: Number(m[2]) }));
  if (seconds.length < 3) throw new Error(`could not read the trainer's epoch times:\n${output}`);
  console.log(`    native, one thread: ${seconds.map((s) => `${s.seconds} s`).join(', ')}`);
  return { timed: seconds.slice(1).map((s) => s.seconds), all: seconds.map((s) => s.seconds) };
}

async function browserResults() {
  const server = await startIsolatedServer('.');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    page.on('console', (message) => {
      if (message.text().startsWith('bench: ')) console.log(`    ${message.text().slice(7)}`);
    });
    let pageError = null;
    page.on('pageerror', (error) => (pageError = error));
    await page.goto(`${server.url}bench/train.html`);
    await page.waitForFunction(() => window.benchResults || window.benchError, null, { timeout: 600_000, polling: 500 });
    const { results, error } = await page.evaluate(() => ({ results: window.benchResults, error: window.benchError }));
    if (error || pageError) throw new Error(`the training benchmark page failed: ${error ?? pageError}`);
    return { ...results, browser: browser.version() };
  } finally {
    await browser.close();
    await server.close();
  }
}

/** The median of `values` and their range, as the report prints them. */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function section(native, page) {
  const ours = page.oursMs / 1000;
  const tfjs = page.tfjsMs / 1000;
  const gflops = (seconds) => page.flopsPerEpoch / seconds / 1e9;
  const rate = (seconds) => page.stepsPerEpoch / seconds;
  const verdict = (pass) => (pass ? 'PASS' : 'FAIL');
  const range = (ms) => `${(Math.min(...ms) / 1000).toFixed(2)}–${(Math.max(...ms) / 1000).toFixed(2)}`;
  const share = (seconds) => `${((100 * gflops(seconds)) / page.peakGflops).toFixed(0)} %${page.fusedPeakGflops ? ` (${((100 * gflops(seconds)) / page.fusedPeakGflops).toFixed(0)} % fused)` : ''}`;
  const build = page.module === 'relaxed' ? 'relaxed-SIMD module' : 'plain simd128 module';
  return `${HEADING}

One epoch over the ${page.digits.toLocaleString('en')} MNIST training digits for the 784-512-2 VAE of the
reference figures (encoder 784-512-(2+2), decoder 2-512-784), batch 128, Adam, in one run of
\`./build.sh bench-train\` (${new Date().toISOString().slice(0, 10)}, ${page.browser}, this 2-core machine). ${(page.flopsPerEpoch / 1e9).toFixed(1)} GFLOP per epoch (forward, weight gradients,
input gradients of every layer but the first). The browser figures time a fresh model's first 70
full batches (TensorFlow.js: 20; each after 20 steps of warm-up) and scale to the whole epoch: the
median of ${page.oursRounds.length} rounds; the native figure is \`bin/train\`'s own epoch time with
\`MATMUL_NUM_THREADS=1\`, run before and after the browser: the median of epochs 2–3 of both runs
(every epoch: ${native.all.map((s) => `${s} s`).join(', ')}; the first of each run warms up). Load average
${page.load ?? ''} while it ran: other work on a shared machine slows every figure alike.

Our worker ran the ${build}${
    page.module === 'relaxed'
      ? ` (www/pkg/relaxed/, chosen as the page
chooses it: this browser validates relaxed SIMD). Each multiply-add of its matrix kernel is one \`f32x4.relaxed_madd\`, a
fused multiply-add on this CPU; the peak of that instruction, measured like the mul + add peak, is
${page.fusedPeakGflops.toFixed(1)} GFLOP/s`
      : ' (this browser has no relaxed SIMD)'
  }.

| trainer | seconds per epoch: median (range) | steps/s | GFLOP/s | share of the simd128 mul + add peak (${page.peakGflops.toFixed(1)} GFLOP/s)${page.fusedPeakGflops ? ` and of the fused peak (${page.fusedPeakGflops.toFixed(1)})` : ''} |
|---|---|---|---|---|
| native trainer, one thread | ${native.median.toFixed(2)} (${Math.min(...native.timed).toFixed(2)}–${Math.max(...native.timed).toFixed(2)}) | ${rate(native.median).toFixed(1)} | ${gflops(native.median).toFixed(1)} | – |
| ours, wasm in Chromium (the Train view's worker, ${build}) | **${ours.toFixed(2)}** (${range(page.oursRounds)}) | ${rate(ours).toFixed(1)} | ${gflops(ours).toFixed(1)} | ${share(ours)} |
| TensorFlow.js ${page.tfjs.version}, wasm backend (${page.tfjs.binary}, ${page.tfjs.threads} threads) | ${tfjs.toFixed(2)} (${range(page.tfjsRounds)}) | ${rate(tfjs).toFixed(1)} | ${gflops(tfjs).toFixed(1)} | ${share(tfjs)} |

- Browser at most 2× the native single-thread time: ${ours.toFixed(2)} s against ${(2 * native.median).toFixed(2)} s: **${verdict(ours <= 2 * native.median)}** (${(ours / native.median).toFixed(2)}×).
- Faster than TensorFlow.js on its fastest backend here: ${ours.toFixed(2)} s against ${tfjs.toFixed(2)} s: **${verdict(ours < tfjs)}** (rounds: ours ${page.oursRounds.map((ms) => (ms / 1000).toFixed(2)).join(', ')} s; TF.js ${page.tfjsRounds.map((ms) => (ms / 1000).toFixed(2)).join(', ')} s).

TensorFlow.js runs the same network (bench/tfjs-vae.js: the same layers, ReLU, reparameterisation,
cross-entropy on logits and closed-form KL, \`tf.train.adam\`) on its wasm backend, the build it
picks on a cross-origin isolated page (here with ${page.tfjs.threads} thread(s)). Its backward pass is written out
with tf ops, as ours is written out in Rust: the classic tfjs-core build a page without a bundler
loads registers no gradient functions. Products with a transposed operand are given to TF.js as
\`tf.transpose\` then \`tf.matMul\`, 4.4× faster in a first run than its own transposed matMul.
Its webgl backend is not installed (no GPU in headless Chromium here) and its cpu backend is
plain JavaScript.
`;
}

// The machine may be shared: the native trainer runs before and after the browser, and its median
// over both runs counts, so that a busy spell does not fall on one side only.
const loadAtStart = os.loadavg()[0].toFixed(2);
say('Native trainer, one thread (bin/train, 3 epochs)');
const before = nativeEpochSeconds();
say('Our module and TensorFlow.js in headless Chromium (bench/train.html)');
const page = await browserResults();
say('Native trainer again');
const after = nativeEpochSeconds();
const timed = [...before.timed, ...after.timed];
const native = { timed, median: median(timed), all: [...before.all, ...after.all] };
page.load = `${loadAtStart} → ${os.loadavg()[0].toFixed(2)}`;
const text = section(native, page);
const current = existsSync('BENCHMARKS.md') ? readFileSync('BENCHMARKS.md', 'utf8') : '# Benchmarks\n';
const start = current.indexOf(HEADING);
// The section ends at the next heading or at the marker comment of the next section's generator.
const ends = ['\n## ', '\n<!--'].map((mark) => current.indexOf(mark, start + HEADING.length)).filter((at) => at >= 0);
const next = start < 0 || ends.length === 0 ? -1 : Math.min(...ends);
const updated = start < 0 ? `${current.trimEnd()}\n\n${text}` : `${current.slice(0, start)}${text}${next < 0 ? '' : `\n${current.slice(next + 1)}`}`;
writeFileSync('BENCHMARKS.md', updated);
console.log(text);
say('Wrote the training section of BENCHMARKS.md');
