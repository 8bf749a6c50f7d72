// BENCHMARKS.md from the measurements of bench/run.mjs: the first bars (speed, size, load) with their verdicts,
// then every figure behind them and how it was measured; the section over sets of inputs is report-inputs.mjs,
// the one against ONNX Runtime Web and TensorFlow.js together report-peers.mjs.

import { renderInputsSection } from './report-inputs.mjs';
import { renderPeersSection } from './report-peers.mjs';

/** The first bars: speed, size, load. */
const BARS = {
  decodeMicros: 100, // decode of one point, median
  decodeSpeedup: 3, // TF.js time / ours, decode of one point
  gridRatio: 1.0, // ours / TF.js, the 400-point grid
  downloadBytes: 3e6, // everything the page downloads, gzipped
  readyMs: 500, // navigation → first possible encode, median
  redrawMicros: 8000, // decode + redraw, p90 per frame: half of a 16.7 ms frame is "well inside"
};

const significant = (x, digits = 3) => (Math.abs(x) >= 10 ** digits ? Math.round(x).toString() : x.toPrecision(digits));
/** Microseconds as µs or ms, three significant digits. */
const time = (us) => (us < 1000 ? `${significant(us)} µs` : `${significant(us / 1000)} ms`);
const spread = ({ p10, p90 }) => `${time(p10)} – ${time(p90)}`;
const bytes = (n) => (n < 1e6 ? `${significant(n / 1e3)} kB` : `${significant(n / 1e6)} MB`);
const percent = (x) => `${Math.round(x * 100)} %`;
const table = (header, rows) =>
  [`| ${header.join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
const utc = (date) => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

const tfjsLabel = ({ tfjs }) => `TF.js ${tfjs.version}, ${tfjs.binary}, ${tfjs.threads} thread${tfjs.threads === 1 ? '' : 's'}`;
/** Median time per call (µs) of a case of the comparison, e.g. "grid:tfjs". */
const median = (load, name) => load.compare[name].perCall.median;
const downloadBytes = (pageLoad) => pageLoad.files.reduce((sum, file) => sum + file.transferred, 0);

/** "12 % under" or "30 % over" the bar, for bars that are upper limits. */
const against = (value, bar) => (value <= bar ? `${percent(1 - value / bar)} under` : `${percent(value / bar - 1)} over`);
const upperLimit = (bar, measured, value, limit) => ({ bar, measured, pass: value <= limit, margin: against(value, limit) });

/**
 * Each bar: what was measured, and whether it passes (null: not measured) by how much.
 * The ratios with TF.js are checked in every page load, and the worst one decides.
 * @returns {{bar: string, measured: string, pass: boolean | null, margin: string}[]}
 */
export function verdicts({ loads, pageLoad }) {
  const [main] = loads;
  const decode = median(main, 'decode:ours');
  const speedups = loads.map((load) => median(load, 'decode:tfjs') / median(load, 'decode:ours'));
  const gridRatios = loads.map((load) => median(load, 'grid:ours') / median(load, 'grid:tfjs'));
  const perLoad = (values, digits, unit) => values.map((v, i) => `${v.toFixed(digits)}${unit} (${tfjsLabel(loads[i])})`).join('; ');
  const worstSpeedup = Math.min(...speedups);

  const rows = [
    upperLimit(`decode of one point, median ≤ ${BARS.decodeMicros} µs`, time(decode), decode, BARS.decodeMicros),
    {
      bar: `decode of one point ≥ ${BARS.decodeSpeedup}× faster than TF.js-wasm`,
      measured: perLoad(speedups, 2, '×'),
      pass: worstSpeedup >= BARS.decodeSpeedup,
      margin: worstSpeedup >= BARS.decodeSpeedup
        ? `${(worstSpeedup / BARS.decodeSpeedup).toFixed(2)}× the bar`
        : `needs to be ${(BARS.decodeSpeedup / worstSpeedup).toFixed(2)}× faster`,
    },
    upperLimit(`400-point grid, time ours / TF.js ≤ ${BARS.gridRatio.toFixed(1)}`, perLoad(gridRatios, 2, ''), Math.max(...gridRatios), BARS.gridRatio),
  ];
  const downloadBar = `everything the page downloads, gzipped, ≤ ${bytes(BARS.downloadBytes)}`;
  const readyBar = `navigation → first possible encode, median ≤ ${BARS.readyMs} ms`;
  if (pageLoad.error) {
    const notMeasured = { measured: 'not measured: the page did not become ready', pass: null, margin: 'see Load' };
    rows.push({ bar: downloadBar, ...notMeasured }, { bar: readyBar, ...notMeasured });
  } else {
    const download = downloadBytes(pageLoad);
    const stand_in = pageLoad.realPage ? '' : ' (www/index.html absent: the module only)';
    rows.push(
      upperLimit(downloadBar, `${bytes(download)}${stand_in}`, download, BARS.downloadBytes),
      upperLimit(readyBar, `${time(pageLoad.ready.median * 1000)}${stand_in}`, pageLoad.ready.median, BARS.readyMs),
    );
  }
  const redraw = main.redraw.work;
  rows.push(upperLimit(
    `decode + redraw per frame well inside 16 ms (p90 ≤ ${time(BARS.redrawMicros)})`,
    `median ${time(redraw.median)}, p90 ${time(redraw.p90)}, max ${time(main.redraw.workMax)}`,
    redraw.p90,
    BARS.redrawMicros,
  ));
  return rows;
}

const verdictText = ({ pass, margin }) => `**${pass === null ? 'NOT MEASURED' : pass ? 'PASS' : 'FAIL'}** (${margin})`;

const medianAndSpread = (summary) => `**${time(summary.median)}** (${spread(summary)})`;
const singles = (summary) => `${time(summary.median)} / ${time(summary.p90)}`;

function comparisonTable(load) {
  const rows = [
    ['decode', 'decode of one point'],
    ['grid', 'decodeBatch, 20×20 grid (400 points)'],
    ['encode', 'encode of one digit'],
  ].map(([key, label]) => {
    const ours = load.compare[`${key}:ours`];
    const theirs = load.compare[`${key}:tfjs`];
    return [
      label,
      medianAndSpread(ours.perCall),
      medianAndSpread(theirs.perCall),
      (ours.perCall.median / theirs.perCall.median).toFixed(2),
      `${(theirs.perCall.median / ours.perCall.median).toFixed(2)}×`,
      singles(ours.single),
      singles(theirs.single),
    ];
  });
  const header = ['per call', 'ours: median (p10 – p90)', 'TF.js: median (p10 – p90)', 'time ours / TF.js', 'ours faster by',
    'ours, single calls: median / p90', 'TF.js, single calls: median / p90'];
  return table(header, rows);
}

function browserSection(loads) {
  const [main] = loads;
  const { model, agreement } = main;
  // Decodes within 0.1 (the decoder's 7-bit hidden inputs; see report-peers.mjs), encodes within 1e-3.
  const agrees = agreement.decode <= 0.1 && agreement.grid <= 0.1 && agreement.encode <= 1e-3;
  const loadTables = loads.map((load, i) => {
    const why = i === 0
      ? 'TF.js configured as it configures itself on a cross-origin isolated page'
      : 'TF.js kept off threads: the build an ordinary, non-isolated page gets';
    const cores = load.page.reportedCores !== load.page.hardwareConcurrency ? `; the page reported ${load.page.reportedCores} cores to TF.js` : '';
    return `**Page load ${i + 1}: ${tfjsLabel(load)}** (${why}${cores})\n\n${comparisonTable(load)}`;
  });
  return `## In the browser: ours against TensorFlow.js

The shipped \`${model.name}\` model: encoder ${model.encoderWidths.join('-')}, decoder ${model.decoderWidths.join('-')}, ${model.weightFormat} weights.
TF.js runs the same network: our safetensors file parsed in JavaScript (\`bench/safetensors.js\`),
the int8 weights dequantized with their scales, one fused matMul + bias + activation per layer
(\`bench/tfjs-mlp.js\`), and \`dataSync()\` inside the timed span (ours returns a Float32Array too).

Same results: max |ours − TF.js| = ${agreement.decode.toExponential(1)} (decode), ${agreement.grid.toExponential(1)} (grid),
${agreement.encode.toExponential(1)} (encode's μ and log σ²)${agrees ? ': the decodes within 0.1 (our decoder rounds its hidden layers\' inputs to 7 bits), the encode within 1e-3.' : ': **over the limits (0.1 for decodes, 1e-3 for the encode): the module and models/ disagree (rebuild the wasm module?)**'}

${loadTables.join('\n\n')}

## In the browser: ours only

${table(['', 'median (p10 – p90)', 'single calls: median / p90'], [
  ['sample of 16', medianAndSpread(main.ours.sample16.perCall), singles(main.ours.sample16.single)],
  ['preprocessing of the 280×280 drawing (`bench/drawing.json`)', medianAndSpread(main.ours.preprocess.perCall), singles(main.ours.preprocess.single)],
  ['decode + redraw of a frame (28×28 → 280×280 canvas)', medianAndSpread(main.redraw.work),
    `max ${time(main.redraw.workMax)} over ${main.redraw.work.count} frames; frame interval median ${main.redraw.frameInterval.median.toFixed(1)} ms`],
])}`;
}

function throughputSection(main) {
  const { model, simdPeak } = main;
  const gridFlops = model.decoderFlopsPerPoint * model.gridPoints;
  const gflops = (us) => gridFlops / (us * 1e3);
  const row = (label, value) => [label, value.toFixed(1), percent(value / simdPeak.gflops)];
  return `## Throughput of the grid decode

${table(['', 'GFLOP/s', 'of the peak'], [
  row('ours, decodeBatch of 400 points', gflops(median(main, 'grid:ours'))),
  row(tfjsLabel(main), gflops(median(main, 'grid:tfjs'))),
  row(`peak: f32x4.mul + f32x4.add on ${simdPeak.accumulators} independent accumulators, one thread`, simdPeak.gflops),
])}

A decode of one point is ${(model.decoderFlopsPerPoint / 1e6).toFixed(2)} MFLOP (2 · in · out per layer); the grid is ${(gridFlops / 1e6).toFixed(0)} MFLOP.
The peak loop is a wasm module assembled byte by byte in \`bench/simd-peak.js\`, run on the same page;
wasm SIMD has no fused multiply-add, so the engine's kernel is made of the same two instructions.`;
}

function downloadSection(pageLoad, modelFiles) {
  const models = table(['model file (mnist-2d is also compiled into the .wasm; the others download when chosen)', 'raw', 'gzip -9'], modelFiles.map((f) => [`\`${f.path}\``, bytes(f.raw), bytes(f.gzip)]));
  if (pageLoad.error) return `## Download\n\nNot measured: ${pageLoad.error}\n\n${models}`;
  const total = (key) => pageLoad.files.reduce((sum, file) => sum + file[key], 0);
  const what = pageLoad.realPage
    ? 'Everything `www/index.html` downloads'
    : '`www/index.html` does not exist yet: the files of `www/pkg/` that a page must download';
  return `## Download

${what}, as \`tools/serve.mjs\` serves it (gzip -9), from the browser's resource timing; kB = 1000 bytes.

${table(['file', 'raw', 'gzip (transferred)'], [
  ...pageLoad.files.map((f) => [`\`${f.path}\``, bytes(f.raw), bytes(f.transferred)]),
  ['**total**', `**${bytes(total('raw'))}**`, `**${bytes(total('transferred'))}**`],
])}

${models}`;
}

function loadSection(pageLoad) {
  if (pageLoad.error) return `## Load\n\nNot measured: ${pageLoad.error}`;
  const ms = (summary) => `**${time(summary.median * 1000)}** (${time(summary.p10 * 1000)} – ${time(summary.p90 * 1000)})`;
  const page = pageLoad.realPage
    ? '`www/index.html`'
    : "`bench/load-probe.html`, a minimal stand-in until `www/index.html` exists (`init()`, then `new VaeModel('mnist-2d')`)";
  return `## Load

${table(['from navigation to …', `median of ${pageLoad.loads} fresh loads (p10 – p90)`], [
  [`ready to encode: ${pageLoad.readySource}`, ms(pageLoad.ready)],
  ['the .wasm downloaded', ms(pageLoad.wasmDownloaded)],
  ['DOMContentLoaded', ms(pageLoad.domContentLoaded)],
])}

Page: ${page}; served by \`tools/serve.mjs\` on 127.0.0.1 (no network latency), each load in a new
browser context (empty cache), times from \`performance.timeOrigin\`.`;
}

function nativeSection(native) {
  const rows = native.map(({ description, result }) =>
    result
      ? [description, `**${time(result.estimateUs)}**`, spread(result.samples)]
      : [description, 'not measured', 'run `cargo bench --bench engine -- --noplot` first']);
  const measuredAt = native.find((n) => n.result)?.result.measuredAt;
  return `## Native (criterion)

${table(['benches/engine.rs', 'median', 'p10 – p90 of samples'], rows)}

${measuredAt ? `Measured ${utc(measuredAt)} by \`cargo bench --bench engine -- --noplot\`, release build. ` : ''}One thread,
except the training step, whose matrix products use every core (matrixmultiply's threading). Natively the engine decodes in f32 (matrixmultiply is faster there than the plain-Rust
int8 reference kernel, timed in its own rows); in the browser it decodes in int8 with simd128.`;
}

export function renderReport({ command, date, machine, browserVersion, loads, pageLoad, modelFiles, native }) {
  const [main] = loads;
  const busy = machine.loadAverage > 0.5 ? ': the machine was busy, so figures are slower and noisier than on a quiet one' : '';
  return `# Benchmarks

Generated by \`${command}\` on ${utc(date)}; do not edit, rerun. The benchmark page is
\`bench/index.html\` (driven by \`bench/run.mjs\`); the native benchmarks are \`benches/engine.rs\`.

## Machine

${table(['', ''], [
  ['CPU', `${machine.cpu}, ${machine.cores} logical cores`],
  ['Memory', `${machine.memoryGiB.toFixed(1)} GiB`],
  ['Load average (1 min) at the start', `${machine.loadAverage.toFixed(2)}${busy}`],
  ['Browser', `Chromium ${browserVersion}, headless, \`--disable-gpu\`; benchmark page cross-origin isolated: ${main.page.crossOriginIsolated}`],
  ['TensorFlow.js', `@tensorflow/tfjs-core + @tensorflow/tfjs-backend-wasm ${main.tfjs.version}; wasm SIMD available: ${main.tfjs.simd}`],
  ...(main.ort ? [['ONNX Runtime Web', `onnxruntime-web ${main.ort.version}, wasm backend (${main.ort.binary}); graphs made by \`bench/make-onnx.py\` with the PyPI packages \`bench/requirements.txt\` pins`]] : []),
  ['System', `${machine.kernel}, Node ${machine.node}`],
])}

## The first bars: speed, size, load

${table(['bar', 'measured', 'verdict'], verdicts({ loads, pageLoad }).map((v) => [v.bar, v.measured, verdictText(v)]))}

${browserSection(loads)}

${renderInputsSection(loads)}

${renderPeersSection(loads)}

${throughputSection(main)}

${downloadSection(pageLoad, modelFiles)}

${loadSection(pageLoad)}

${nativeSection(native)}

## Method

- The benchmark page is served by \`bench/server.mjs\` with \`Cross-Origin-Opener-Policy: same-origin\`
  and \`Cross-Origin-Embedder-Policy: require-corp\`: cross-origin isolated, so \`performance.now()\`
  ticks in 5 µs instead of 100 µs (and TF.js may use threads). It is loaded twice, once per TF.js
  configuration; each load measures ours and TF.js side by side.
- Every operation first runs for 2 s, ours and TF.js's, so that V8 has moved the wasm from its
  baseline compiler to its optimising one (it does so in the background once a function is hot; a
  0.4 s warm-up left our batch kernel on baseline code in some runs), then 0.4 s more just before its
  timing. Then **per call** = K back-to-back calls timed together and divided by K,
  K chosen so that a batch lasts ≥ 3 ms; the median and p10 – p90 are over 40–100 batches.
  **Single calls** are timed one by one between the batches, to show the tail a person would feel.
- Ours and TF.js take their samples in turn, batch for batch, so that a busy spell of the machine
  falls on both alike; a ratio is of the two medians from the same page load.
- Decode + redraw: 120 \`requestAnimationFrame\` frames, each decoding a point on a circle, writing
  the 28×28 image with \`putImageData\`, scaling it onto a 280×280 canvas with \`drawImage\`, and
  reading one pixel back, so that the canvas has really drawn inside the timed span.
- Native: criterion, 1 s warm-up and 3 s of samples per benchmark.
`;
}
