// BENCHMARKS.md's section on ours against the fastest of the runtimes a web developer would pick
// instead: ONNX Runtime Web (an f32 graph and an int8 graph of the same weights) and TensorFlow.js,
// with one thread each and with two. The figures come from bench/main.js's `inputs`
// (bench/over-inputs.js), where every engine takes its turn input by input.

import { summarize } from './stats.js';

/** The bar: our time at most this share of the fastest peer's, medians over inputs. */
export const PEER_BAR = 0.5;

/** Largest |ours − peer| accepted before timing: f32 peers compute our network to rounding;
 * ONNX Runtime's int8 graph quantises each layer's input to uint8 (256 steps over its range, where
 * ours takes int16), which moves a pixel probability by up to a few hundredths. */
// Largest |ours − peer| accepted before timing, per operation and peer. Our decoder's hidden layers
// take their inputs in 7 bits (src/nn/linalg/int8.rs), which moves a pixel's probability by up to
// 0.08 over the five models' test sets (tests/int8_decoder.rs) while the test loss moves by at most
// 0.012 nat; ONNX Runtime's int8 graph rounds its inputs to 8 bits. A broken graph or module is off
// by tenths to ones. Encodes are the f32 network's to 1e-4.
export const AGREEMENT_LIMITS = {
  batch16: { tfjs: 0.1, ortF32: 0.1, ortInt8: 0.15 },
  grid: { tfjs: 0.1, ortF32: 0.1, ortInt8: 0.15 },
  encode: { tfjs: 1e-3, ortF32: 1e-3, ortInt8: 0.1 },
  denseEncode: { tfjs: 1e-3, ortF32: 1e-3, ortInt8: 0.1 },
};

const PEERS = [
  ['tfjs', 'TensorFlow.js'],
  ['ortF32', 'ONNX Runtime, f32 graph'],
  ['ortInt8', 'ONNX Runtime, int8 graph'],
];
const SHORT = { tfjs: 'TF.js', ortF32: 'ORT f32', ortInt8: 'ORT int8' };

/** The operations, in the order of the tables: key in `inputs`, label, its bar's name (none: no
 * bar), and whether it is a batch (our pool may take it). */
const OPERATIONS = [
  ['decodePrior', (i) => `decode of one point: ${i.prior} z from the prior`, 'decode of one point (prior z)', false],
  ['decodeGrid', (i) => `decode of one point: ${i.gridPoints} points of the map's grid`, null, false],
  ['encode', (i) => `encode: ${i.digits} MNIST test digits (sparse: most pixels 0)`, 'encode of a test digit', false],
  ['denseEncode', (i) => `encode: ${i.dense} dense images (no pixel 0)`, 'encode of a dense image', false],
  ['batch16', (i) => `decodeBatch(16): ${i.batches16} batches of prior z`, 'decodeBatch(16) of prior z', true],
  ['grid', (i) => `decodeBatch, 20×20 grid: ${i.grids} views of the map`, 'the 400-point grid', true],
];

const significant = (x, digits = 3) => (Math.abs(x) >= 10 ** digits ? Math.round(x).toString() : x.toPrecision(digits));
const time = (us) => (us < 1000 ? `${significant(us)} µs` : `${significant(us / 1000)} ms`);
const table = (header, rows) =>
  [`| ${header.join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
const threadsOf = (load) => load.tfjs.threads;
const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The loads that timed the peers (ONNX Runtime ran in them). */
const peerLoads = (loads) => loads.filter((l) => l.inputs?.decodePrior?.ortF32);

/** Ours in a load: our worker pool for batches when the peers have threads, else this thread. */
function oursOf(load, key, batched) {
  const cases = load.inputs[key];
  const pool = load.inputs.poolSharesMemory === false ? `our pool (${load.inputs.poolWorkers} workers, or this thread)` : 'our pool: this thread and a worker, sharing memory';
  return batched && threadsOf(load) > 1 && cases.pool ? { figures: cases.pool, who: pool } : { figures: cases.ours, who: 'this thread' };
}

/**
 * Ours against the fastest peer, input by input: on each input the fastest peer's time, then the
 * ratio; the median and p10–p90 of the ratios, and which peer was fastest most often.
 */
function againstFastest(load, key, batched) {
  const cases = load.inputs[key];
  const ours = oursOf(load, key, batched);
  const present = PEERS.filter(([name]) => cases[name]);
  const wins = new Map();
  const ratios = ours.figures.perInput.map((t, i) => {
    const [name, best] = present.map(([n]) => [n, cases[n].perInput[i]]).reduce((a, b) => (b[1] < a[1] ? b : a));
    wins.set(name, (wins.get(name) ?? 0) + 1);
    return t / best;
  });
  const fastest = [...wins].sort((a, b) => b[1] - a[1]);
  return { ratio: summarize(ratios), fastest, ours };
}

const fastestText = (fastest, inputs) =>
  fastest.map(([name, count]) => (fastest.length === 1 ? SHORT[name] : `${SHORT[name]} on ${count} of ${inputs}`)).join(', ');

/**
 * The bars: each operation, one thread each and two, ours ≤ PEER_BAR × the fastest peer.
 * @returns {{bar: string, measured: string, pass: boolean | null, margin: string}[]}
 */
export function peerVerdicts(loads) {
  const rows = [];
  const measured = peerLoads(loads);
  for (const threads of [1, 2]) {
    const load = measured.find((l) => threadsOf(l) === threads);
    for (const [key, , bar, batched] of OPERATIONS) {
      if (!bar) continue;
      const name = `${bar}, peers on ${plural(threads, 'thread')}: ours / fastest ≤ ${PEER_BAR}`;
      if (!load) {
        rows.push({ bar: name, measured: `not measured: no page load gave the peers ${plural(threads, 'thread')}`, pass: null, margin: 'see below' });
        continue;
      }
      const { ratio, fastest, ours } = againstFastest(load, key, batched);
      const pass = ratio.median <= PEER_BAR;
      rows.push({
        bar: name,
        measured: `${ratio.median.toFixed(2)} (p10–p90 over inputs ${ratio.p10.toFixed(2)}–${ratio.p90.toFixed(2)}; ours: ${ours.who}; fastest: ${fastestText(fastest, ours.figures.perInput.length)})`,
        pass,
        margin: pass ? `${Math.round((1 - ratio.median / PEER_BAR) * 100)} % under` : `${Math.round((ratio.median / PEER_BAR - 1) * 100)} % over`,
      });
    }
  }
  return rows;
}

function agreementTable(load) {
  const a = load.inputs.peerAgreement;
  const labels = { batch16: 'decodeBatch(16), pixel probabilities', grid: '20×20 grid, pixel probabilities', encode: 'encode of a test digit, μ and log σ²', denseEncode: 'encode of a dense image, μ and log σ²' };
  const rows = Object.entries(labels).map(([key, label]) => [label, ...PEERS.map(([name]) => {
    const value = a[key][name];
    return `${value.toExponential(1)} (limit ${AGREEMENT_LIMITS[key][name]})${value <= AGREEMENT_LIMITS[key][name] ? '' : ' **over the limit**'}`;
  })]);
  return table(['max \\|ours − peer\\|', ...PEERS.map(([, label]) => label)], rows);
}

function loadTable(load) {
  const i = load.inputs;
  const cell = (s) => `**${time(s.overInputs.median)}** (${time(s.overInputs.p10)} – ${time(s.overInputs.p90)})`;
  const rows = OPERATIONS.map(([key, label, , batched]) => {
    const { ratio, fastest, ours } = againstFastest(load, key, batched);
    return [label(i.inputs), ours.who, cell(ours.figures), ...PEERS.map(([name]) => cell(i[key][name])),
      `**${ratio.median.toFixed(2)}** (${ratio.p10.toFixed(2)} – ${ratio.p90.toFixed(2)}), fastest: ${fastestText(fastest, ours.figures.perInput.length)}`];
  });
  const t = threadsOf(load);
  return table(['operation and inputs', 'ours on', 'ours: median over inputs (p10 – p90)',
    ...PEERS.map(([, label]) => `${label}, ${plural(t, 'thread')}`), 'ours / fastest peer, input by input: median (p10 – p90)'], rows);
}

export function renderPeersSection(loads) {
  const measured = peerLoads(loads);
  if (measured.length === 0) return '';
  const [first] = measured;
  const verdictText = (v) => `**${v.pass === null ? 'NOT MEASURED' : v.pass ? 'PASS' : 'FAIL'}** (${v.margin})`;
  const tables = measured.map((load) => {
    const t = threadsOf(load);
    return `**Peers on ${plural(t, 'thread')}**: ONNX Runtime Web ${load.ort.version} (${load.ort.binary}, ${plural(load.ort.threads, 'thread')}), TF.js ${load.tfjs.version} (${load.tfjs.binary}, ${plural(t, 'thread')})

${loadTable(load)}

Before timing, max |ours − peer| on the first input of each set:

${agreementTable(load)}`;
  });
  return `## In the browser: ours against the fastest of ONNX Runtime Web and TensorFlow.js

A web developer who wants a model in the page today would most likely run it with ONNX Runtime Web
(\`onnxruntime-web\`, its wasm backend with SIMD, and threads on a cross-origin isolated page) or
TensorFlow.js. Both run the very network of \`${first.model?.name ?? 'mnist-2d'}\` here, from the same weights file:
TF.js as in the sections above; ONNX Runtime on two ONNX graphs that \`bench/make-onnx.py\` makes
from \`models/*.safetensors\` (\`./build.sh bench\` writes them into \`bench/onnx/\`): an **f32 graph**
(the int8 weights times their scales; MatMul + Add, Relu, Sigmoid), and an **int8 graph** on our
own int8 weights and per-column scales, as ONNX Runtime's own dynamic quantisation writes one
(DynamicQuantizeLinear of each layer's input to uint8, MatMulInteger with the int8 weights, the
sums times the input's scale and our column scales, + bias; ONNX Runtime fuses the chain into one
kernel). ONNX Runtime loads its wasm from our server (\`env.wasm.wasmPaths\`), runs on the calling
thread (no proxy worker) and gets as many threads as TF.js (\`env.wasm.numThreads\`): 1 in one page
load, 2 in the other (the page reports 4 cores, as above). Its \`session.run\` is asynchronous;
the await is part of its time, as it is of a page's. Its sessions set \`session.force_spinning_stop\`:
by default its pool threads go on spinning after a run for as long as the page lives, and with 2
threads one of the 2 cores stayed busy between calls, so every other engine on the page ran on
what was left (in a trial run our decodeBatch(16) took twice as long in that page load as in the
other); with it, they spin during a run and stop after it, as TF.js's threads do.

Each figure is over a set of inputs, every engine taking its turn input by input
(\`bench/over-inputs.js\`), with the pauses and untimed batches described above (single calls too:
one untimed batch, after a 20 ms pause when the engines have threads, since the threads of the
engine before may still be spinning). The
ratio is taken input by input against the **fastest peer on that input** (the quickest of TF.js,
ONNX Runtime f32 and ONNX Runtime int8), then its median and p10 – p90 over the inputs. With two
threads, our batches go through our worker pool: on this cross-origin isolated page, this thread
and one worker decode each batch together, handed over through shared memory
(\`www/js/engine/shared-decode.js\`);
single decodes and encodes run on this thread. The dense images are test digits seen through
noise (every pixel in [0.05, 1], \`bench/inputs.js\`): an encoder cannot skip any input of them.

${table(['bar', 'measured: time ours / fastest peer, median over inputs', 'verdict'], peerVerdicts(loads).map((v) => [v.bar, v.measured, verdictText(v)]))}

**Where a batch's time goes.** The module comes in two builds, and the page runs the one the
browser can (\`www/js/engine/features.js\`); here: the ${first.page?.oursBuild === 'relaxed' ? 'relaxed-SIMD build' : first.page?.oursBuild === 'plain' ? 'plain SIMD build (this browser has no relaxed SIMD)' : 'build of the page'}. Plain
WebAssembly SIMD has one widening integer product, \`i32x4.dot_i16x8_s\`: eight products summed in
pairs, then an \`i32x4.add\` into the sums, and the int8 weights widened first. Relaxed SIMD's
\`i32x4.relaxed_dot_i8x16_i7x16_add_s\` multiplies sixteen int8 weights by sixteen 7-bit inputs and
adds them into four sums in one instruction (AVX-VNNI's \`vpdpbusd\` on this CPU). The decoder's
hidden layers take their inputs (a ReLU's outputs) in 7 bits in both builds, so both builds give
the same figures; that moved the five shipped models' test losses by at most 0.012 nat
(\`cargo test --release --test int8_decoder -- --nocapture\`). In the kernel probe run when the
relaxed kernel was written (\`node bench/kernel-probe.mjs /www/pkg,/target/pkg-r7\`, medians over
the inputs), decodeBatch(16) went from 164 µs to 116 µs, the grid from 2.99 ms to 2.66 ms, and one
decode from 13.2 µs to 10.9 µs.

${tables.join('\n\n')}`;
}
