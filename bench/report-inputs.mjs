// BENCHMARKS.md's section on sets of inputs: ours against TF.js over distributions of inputs, with one
// thread each and with two threads each (our worker pool against TF.js's threaded build), the
// bars and their verdicts. The figures come from bench/main.js's `inputs` (bench/over-inputs.js).

import { summarize } from './stats.js';

/** The bars over sets of inputs (time ours / TF.js, medians over inputs). */
export const BARS_14 = { decodePrior: 0.33, batched: 0.8 };

const significant = (x, digits = 3) => (Math.abs(x) >= 10 ** digits ? Math.round(x).toString() : x.toPrecision(digits));
const time = (us) => (us < 1000 ? `${significant(us)} µs` : `${significant(us / 1000)} ms`);
const table = (header, rows) =>
  [`| ${header.join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

/** Ratio a / b input by input: median and p10–p90. */
function ratio(a, b) {
  return summarize(a.perInput.map((t, i) => t / b.perInput[i]));
}

const threadsOf = (load) => load.tfjs.threads;

/**
 * Who decoded a batch of `n` in the pool, from the shares it chose (bench/main.js counts each
 * call's "points here/workers"): this thread alone, this thread with workers, or workers alone,
 * with how often each, most frequent first.
 */
function poolThreads(i, n) {
  if (i.poolSharesMemory && n >= 8) return 'this thread and a worker, sharing memory';
  const plans = Object.entries(i.poolPlans?.[n] ?? {}).map(([key, calls]) => [...key.split('/').map(Number), calls]);
  if (plans.length === 0) return `${i.poolWorkers} workers`;
  const total = plans.reduce((sum, [, , calls]) => sum + calls, 0);
  const kinds = new Map();
  for (const [caller, workers, calls] of plans) {
    const some = `${workers} worker${workers === 1 ? '' : 's'}`;
    const kind = caller === 0 ? some : workers === 0 ? 'this thread alone' : `this thread + ${some}`;
    const entry = kinds.get(kind) ?? { calls: 0, here: [] };
    entry.calls += calls;
    if (caller > 0 && workers > 0) entry.here.push(caller);
    kinds.set(kind, entry);
  }
  return [...kinds]
    .sort((a, b) => b[1].calls - a[1].calls)
    .map(([kind, { calls, here }]) => {
      const points = here.length ? ` (${Math.min(...here)}–${Math.max(...here)} of ${n} points here)` : '';
      return `${kind}${points.replace(/\((\d+)–\1 /, '($1 ')}${kinds.size > 1 ? ` in ${Math.round((100 * calls) / total)} % of the calls` : ''}`;
    })
    .join(', ');
}

const oneThreadLoad = (loads) => loads.find((l) => threadsOf(l) === 1 && l.inputs);
const threadedLoad = (loads) => loads.find((l) => threadsOf(l) > 1 && l.inputs?.grid.pool);

/**
 * Each bar over sets of inputs with its measurement and verdict (pass null: not measured).
 * @returns {{bar: string, measured: string, pass: boolean | null, margin: string}[]}
 */
export function verdicts14(loads) {
  const rows = [];
  const one = oneThreadLoad(loads);
  const two = threadedLoad(loads);
  const verdict = (bar, r, limit, what) => ({
    bar,
    measured: `${r.median.toFixed(2)} (p10–p90 over inputs ${r.p10.toFixed(2)}–${r.p90.toFixed(2)}; ${what})`,
    pass: r.median <= limit,
    margin: r.median <= limit ? `${Math.round((1 - r.median / limit) * 100)} % under` : `${Math.round((r.median / limit - 1) * 100)} % over`,
  });
  const missing = (bar, why) => ({ bar, measured: `not measured: ${why}`, pass: null, margin: 'see below' });
  if (one) {
    const i = one.inputs;
    rows.push(verdict(`decode of one point over ${i.inputs.prior} prior z, ours / TF.js 1 thread ≤ ${BARS_14.decodePrior}`,
      ratio(i.decodePrior.ours, i.decodePrior.tfjs), BARS_14.decodePrior, '1 thread each'));
    rows.push(verdict(`400-point grid over ${i.inputs.grids} views, 1 thread each, ≤ ${BARS_14.batched}`,
      ratio(i.grid.ours, i.grid.tfjs), BARS_14.batched, '1 thread each'));
    rows.push(verdict(`decodeBatch(16) over ${i.inputs.batches16} batches of prior z, 1 thread each, ≤ ${BARS_14.batched}`,
      ratio(i.batch16.ours, i.batch16.tfjs), BARS_14.batched, '1 thread each'));
  } else {
    rows.push(missing('the one-thread bars', 'no page load had TF.js on one thread'));
  }
  if (two) {
    const i = two.inputs;
    const what = (n) => `ours: ${poolThreads(i, n)}; TF.js ${threadsOf(two)} threads`;
    rows.push(verdict(`400-point grid, TF.js with ${threadsOf(two)} threads, ≤ ${BARS_14.batched}`, ratio(i.grid.pool, i.grid.tfjs), BARS_14.batched, what(400)));
    rows.push(verdict(`decodeBatch(16), TF.js with ${threadsOf(two)} threads, ≤ ${BARS_14.batched}`, ratio(i.batch16.pool, i.batch16.tfjs), BARS_14.batched, what(16)));
  } else {
    rows.push(missing('the two-thread bars', 'TF.js did not get 2 threads (is the page cross-origin isolated?)'));
  }
  return rows;
}

function loadTable(load) {
  const i = load.inputs;
  const cell = (s) => `**${time(s.overInputs.median)}** (${time(s.overInputs.p10)} – ${time(s.overInputs.p90)})`;
  const ratioCell = (a, b) => {
    const r = ratio(a, b);
    return `**${r.median.toFixed(2)}** (${r.p10.toFixed(2)} – ${r.p90.toFixed(2)})`;
  };
  const row = (label, ours, theirs, who = '1 (this thread)') => [label, who, cell(ours), cell(theirs), ratioCell(ours, theirs)];
  const rows = [
    row(`decode of one point: ${i.inputs.prior} z from the prior N(0, I)`, i.decodePrior.ours, i.decodePrior.tfjs),
    row(`decode of one point: ${i.inputs.gridPoints} points of the map's 20×20 grid`, i.decodeGrid.ours, i.decodeGrid.tfjs),
    row(`encode: ${i.inputs.digits} MNIST test digits`, i.encode.ours, i.encode.tfjs),
    row(`decodeBatch(16): ${i.inputs.batches16} batches of prior z, into a kept array`, i.batch16.ours, i.batch16.tfjs),
  ];
  if (i.batch16.fresh) rows.push(row('decodeBatch(16), a new array per call', i.batch16.fresh, i.batch16.tfjs));
  if (i.batch16.pool) rows.push(row('decodeBatch(16) in the worker pool, into a kept array', i.batch16.pool, i.batch16.tfjs, poolThreads(i, 16)));
  rows.push(row(`decodeBatch, 20×20 grid: ${i.inputs.grids} views of the map, into a kept array`, i.grid.ours, i.grid.tfjs));
  if (i.grid.fresh) rows.push(row('decodeBatch, 20×20 grid, a new array per call', i.grid.fresh, i.grid.tfjs));
  if (i.grid.pool) rows.push(row('decodeBatch, 20×20 grid, in the worker pool, into a kept array', i.grid.pool, i.grid.tfjs, poolThreads(i, 400)));
  return table(['operation and inputs', 'our threads', 'ours: median over inputs (p10 – p90)',
    `TF.js, ${threadsOf(load)} thread${threadsOf(load) === 1 ? '' : 's'}: median (p10 – p90)`, 'time ours / TF.js, input by input: median (p10 – p90)'], rows);
}

export function renderInputsSection(loads) {
  const measured = loads.filter((l) => l.inputs);
  if (measured.length === 0) return '';
  const [first] = measured;
  const cores = first.page.hardwareConcurrency;
  const tables = measured.map((load) => {
    const reported = load.page.reportedCores !== cores ? `; the page reported ${load.page.reportedCores} cores to TF.js` : '';
    const agreement = load.inputs.poolAgreement === undefined ? '' : `; the pool's images differ from this thread's by at most ${load.inputs.poolAgreement.toExponential(1)}`;
    return `**TF.js ${load.tfjs.version}, ${load.tfjs.binary}, ${threadsOf(load)} thread${threadsOf(load) === 1 ? '' : 's'}**${reported}${agreement}\n\n${loadTable(load)}`;
  });
  return `## Over sets of inputs: ours against TensorFlow.js, one thread and two

\`navigator.hardwareConcurrency\` on this machine: **${cores}**. TF.js's threaded wasm build takes
min(4, hardwareConcurrency / 2) threads, so one load of the page reports 4 cores to it
(\`bench/cores.js\`, \`?cores=4\`) and it runs on 2 threads; our batches then also run in a pool of
as many workers (\`www/js/engine/pool.js\`, each with its own instance of the module), timed from
the call to the last image back on the main thread. Each case warms up for 2 s (V8 optimises a
hot wasm function in the background: until then a kernel runs slower), and each batched case's
timed calls (≥ 8 ms of them) follow a 30 ms pause and then an untimed batch of the same calls (TF.js's threads spin
for a while after each call and would otherwise share the 2 cores with the case that follows them:
with the untimed batch alone, our decodeBatch(16) measured 228–293 µs from run to run in the load
with TF.js on 2 threads, against 224 µs in the one-thread load). The benchmark page is cross-origin
isolated, so the pool decodes a batch of 8 to 512 points with the calling thread (here the main
thread) and its first worker together, both claiming chunks of it, handed over through shared
memory (\`www/js/engine/shared-decode.js\`): a worker's answer by message alone takes some 100 µs
(\`node bench/pool-probe.mjs\`), about what a batch of 16 costs. On a page that is not isolated the
pool times two ways for a small batch, decoding it there whole or a share there while one worker
fewer decodes the rest, and keeps to the faster; the "our threads" column says how each batch
was decoded. Single calls run on the main thread for both. The pool is also
timed in the one-thread load, for information; the one-thread bars use the main thread.
The other load keeps TF.js on its single-threaded SIMD build and ours on the main thread.

Our batched cases decode into a Float32Array the caller keeps (\`decodeBatch(zs, n, out)\`, and
\`out\` of the pool), as the page's views do: the samples, the interpolation strip and the map's
background each keep one. A new array per call (the "new array" rows, for comparison, as TF.js's
\`dataSync\` gives) costs its allocation and the garbage collection that follows, about a tenth
of a 16-point decode when calls come back to back.

Every figure is over a set of inputs (\`bench/inputs.js\`): for each input, K back-to-back calls are
timed together (≥ 1 ms a batch, 8 ms for the batched cases), the input's time is the median of 5–9 rounds, and the table
gives the median and p10 – p90 **over inputs**; the ratio is taken input by input. Ours and TF.js
take turns input by input (\`bench/over-inputs.js\`). The single-point figures of the first
sections above are one point, the μ of \`bench/drawing.json\`.

${table(['bar', 'measured: time ours / TF.js, median over inputs', 'verdict'],
    verdicts14(loads).map((v) => [v.bar, v.measured, `**${v.pass === null ? 'NOT MEASURED' : v.pass ? 'PASS' : 'FAIL'}** (${v.margin})`]))}

${tables.join('\n\n')}`;
}
