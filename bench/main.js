// The browser benchmark: our wasm module against the same network in TensorFlow.js and in ONNX
// Runtime Web, in one page load. bench/run.mjs opens this page in headless Chromium and reads
// `window.benchResults`.
//
//   ?tfjsThreads=off   keep TensorFlow.js on one thread (it uses all cores when the page is isolated),
//                      and ONNX Runtime too (it gets as many threads as TF.js has)
//   ?suite=compare     only the comparisons with TensorFlow.js (a shorter second run)
//   ?suite=inputs      only the figures over sets of inputs (for trying a change; run.mjs needs more)
//   ?cores=4           the page reports 4 cores (bench/cores.js), so TF.js's threaded build takes 2
//                      threads on a 2-core machine; our worker pool then gets as many workers

import init, { VaeModel, preprocessStrokes } from '/www/pkg/vae_playground.js';
import { hasRelaxedSimd } from '/www/js/engine/features.js';
import { denseLayers, parseSafetensors } from './safetensors.js';
import { TfjsMlp, startTfjsWasm } from './tfjs-mlp.js';
import { OrtMlp, configureOrt, describeOrt } from './ort-mlp.js';
import { timeCases } from './timing.js';
import { measureSimdPeak } from './simd-peak.js';
import { measureRedraw } from './redraw.js';
import { summarize } from './stats.js';
import { priorPoints, gridPoints, gridBatch, GRID_VIEWS, priorBatches, testDigits, denseImages } from './inputs.js';
import { timeOverInputs } from './over-inputs.js';
import { DecodePool } from '/www/js/engine/pool.js';

/** The model the page opens with. */
const MODEL = 'mnist-2d';
/** The pause before each batched case's batches (ms): see `overInputs`. */
const SETTLE_MS = 30;
/** The least time of a batched case's untimed and timed batches (ms): see `overInputs`. */
const BATCH_MS = 8;
/** The pause before each single-call case's calls on an input when engines have threads (ms):
 * see `overInputs`. */
const SINGLE_SETTLE_MS = 20;

/** The page's manifold view decodes a GRID_SIDE × GRID_SIDE grid of latent points at once. */
const GRID_SIDE = 20;

const log = (message) => console.log(`bench: ${message}`);

/** The strokes of bench/drawing.json in the page's wire format: a NaN pair between strokes. */
function flatPoints(strokes) {
  return Float32Array.from(strokes.flatMap((stroke, i) => (i === 0 ? stroke : [NaN, NaN, ...stroke])));
}

/** Latent points of the manifold grid, row after row, in [-2, 2] (as benches/engine.rs). */
function manifoldGrid(latentDim) {
  const zs = new Float32Array(GRID_SIDE * GRID_SIDE * latentDim);
  const step = 4 / (GRID_SIDE - 1);
  for (let row = 0; row < GRID_SIDE; row++) {
    for (let col = 0; col < GRID_SIDE; col++) {
      zs[(row * GRID_SIDE + col) * latentDim] = -2 + step * col;
      zs[(row * GRID_SIDE + col) * latentDim + 1] = 2 - step * row;
    }
  }
  return zs;
}

function maxAbsDifference(a, b) {
  if (a.length !== b.length) throw new Error(`outputs differ in length: ${a.length} and ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

/** Multiply-adds count as two flops: 2 · Σ in · out over the layers, for one input. */
const flopsPerRow = (layers) => layers.reduce((sum, { inputs, outputs }) => sum + 2 * inputs * outputs, 0);

async function benchmark() {
  const params = new URLSearchParams(location.search);
  const tfjsThreads = params.get('tfjsThreads') !== 'off';
  const fullSuite = params.get('suite') === null;
  const onlyInputs = params.get('suite') === 'inputs';
  log(`cross-origin isolated: ${crossOriginIsolated}; TF.js threads ${tfjsThreads ? 'allowed' : 'off'}`);

  // Compiled here so that the worker pool can instantiate the same module: the build the page runs
  // in this browser (www/js/engine/engine.js), relaxed SIMD where the browser has it.
  const relaxedBuild = hasRelaxedSimd();
  const wasmModule = await WebAssembly.compileStreaming(fetch(relaxedBuild ? '/www/pkg/relaxed/vae_playground_bg.wasm' : '/www/pkg/vae_playground_bg.wasm'));
  log(`ours: the module's ${relaxedBuild ? 'relaxed-SIMD' : 'plain SIMD'} build, as the page picks it here`);
  await init({ module_or_path: wasmModule });
  const model = new VaeModel(MODEL);
  const drawing = await (await fetch('/bench/drawing.json')).json();
  const file = parseSafetensors(await (await fetch(`/models/${MODEL}.safetensors`)).arrayBuffer());
  const tfjs = await startTfjsWasm({ threads: tfjsThreads });
  log(`TF.js ${tfjs.version} runs ${tfjs.binary} on ${tfjs.threads} thread(s)`);
  const encoderLayers = denseLayers(file, 'encoder');
  const decoderLayers = denseLayers(file, 'decoder');
  const tfEncoder = new TfjsMlp(encoderLayers, 'linear');
  const tfDecoder = new TfjsMlp(decoderLayers, 'sigmoid');
  // ONNX Runtime gets as many threads as TF.js took: 2 in the load that reports 4 cores, else 1.
  configureOrt({ threads: tfjs.threads });
  const ortNets = await openOrtGraphs(encoderLayers[0].inputs, decoderLayers[0].inputs);
  const ort = describeOrt();
  log(`ONNX Runtime Web ${ort.version} runs ${ort.binary} on ${ort.threads} thread(s)`);

  const points = flatPoints(drawing.strokes);
  const digit = preprocessStrokes(points, drawing.width, drawing.height, drawing.lineWidth).pixels;
  const { mu, logvar } = model.encode(digit);
  const latentDim = model.latentDim;
  const grid = manifoldGrid(latentDim);
  const gridPoints = GRID_SIDE * GRID_SIDE;

  // Both must compute the same images, or the timings compare different work.
  const agreement = {
    decode: maxAbsDifference(model.decode(mu), tfDecoder.run(mu, 1)),
    grid: maxAbsDifference(model.decodeBatch(grid, gridPoints), tfDecoder.run(grid, gridPoints)),
    encode: maxAbsDifference([...mu, ...logvar], tfEncoder.run(digit, 1)),
  };
  log(`max |ours − TF.js|: decode ${agreement.decode.toExponential(1)}, grid ${agreement.grid.toExponential(1)}, encode μ/log σ² ${agreement.encode.toExponential(1)}`);

  if (onlyInputs) {
    log('timing over distributions of inputs only');
    const inputs = await overInputs({ model, wasmModule, tfDecoder, tfEncoder, ortNets, tfjsThreads: tfjs.threads });
    return { page: { crossOriginIsolated }, tfjs, ort, inputs };
  }
  // V8 optimises a hot wasm function in the background and until then runs its baseline code: each
  // operation, ours and TF.js's, runs for 2 s before any timing.
  log('warming up: each operation, ours and TF.js, for 2 s');
  for (const run of [
    () => model.decode(mu),
    () => tfDecoder.run(mu, 1),
    () => model.decodeBatch(grid, gridPoints),
    () => tfDecoder.run(grid, gridPoints),
    () => model.encode(digit),
    () => tfEncoder.run(digit, 1),
  ]) {
    const start = performance.now();
    while (performance.now() - start < 2000) run();
    await new Promise((resolve) => setTimeout(resolve, 0)); // let the page breathe between them
  }
  log('timing decode of one point, ours and TF.js, interleaved');
  const compare = timeCases([
    { name: 'decode:ours', run: () => model.decode(mu) },
    { name: 'decode:tfjs', run: () => tfDecoder.run(mu, 1) },
  ], { rounds: 100 });
  log(`timing decodeBatch of the ${GRID_SIDE}×${GRID_SIDE} grid, ours and TF.js`);
  Object.assign(compare, timeCases([
    { name: 'grid:ours', run: () => model.decodeBatch(grid, gridPoints) },
    { name: 'grid:tfjs', run: () => tfDecoder.run(grid, gridPoints) },
  ], { rounds: 40, singlesPerRound: 1 }));
  log('timing encode of one digit, ours and TF.js');
  Object.assign(compare, timeCases([
    { name: 'encode:ours', run: () => model.encode(digit) },
    { name: 'encode:tfjs', run: () => tfEncoder.run(digit, 1) },
  ], { rounds: 100 }));

  log('timing over distributions of inputs');
  const inputs = await overInputs({ model, wasmModule, tfDecoder, tfEncoder, ortNets, tfjsThreads: tfjs.threads });

  const results = {
    page: {
      crossOriginIsolated,
      userAgent: navigator.userAgent,
      hardwareConcurrency: window.realHardwareConcurrency,
      reportedCores: navigator.hardwareConcurrency,
      oursBuild: relaxedBuild ? 'relaxed' : 'plain',
    },
    model: {
      name: MODEL,
      encoderWidths: [encoderLayers[0].inputs, ...encoderLayers.map((l) => l.outputs)],
      decoderWidths: [decoderLayers[0].inputs, ...decoderLayers.map((l) => l.outputs)],
      weightFormat: String(file.metadata.weight_format).replaceAll('"', ''), // stored as a JSON string
      decoderFlopsPerPoint: flopsPerRow(decoderLayers),
      gridPoints,
    },
    tfjs,
    ort,
    agreement,
    compare,
    inputs,
  };
  if (!fullSuite) return results;

  log('timing sample of 16 and preprocessing of the 280×280 drawing (ours only)');
  results.ours = timeCases([
    { name: 'sample16', run: () => model.sample(mu, logvar, 16, 7, 1.0) },
    { name: 'preprocess', run: () => preprocessStrokes(points, drawing.width, drawing.height, drawing.lineWidth) },
  ], { rounds: 40 });
  log('measuring the f32x4 multiply-add peak of this machine\'s wasm');
  results.simdPeak = await measureSimdPeak();
  log('measuring decode + redraw per animation frame');
  const redraw = await measureRedraw((z) => model.decode(z), latentDim);
  results.redraw = { work: summarize(redraw.workUs), workMax: Math.max(...redraw.workUs), frameInterval: summarize(redraw.intervalsMs) };
  return results;
}

/**
 * ONNX Runtime sessions of the graphs bench/make-onnx.py made from the same weights file: the
 * encoder and the decoder, each in f32 and in int8.
 * @returns {Promise<{encoders: {name: string, net: OrtMlp}[], decoders: {name: string, net: OrtMlp}[]}>}
 */
async function openOrtGraphs(encoderInputs, decoderInputs) {
  const open = async (half, kind, inputs) => {
    const url = `/bench/onnx/${MODEL}-${half}-${kind}.onnx`;
    if (!(await fetch(url, { method: 'HEAD' })).ok) throw new Error(`${url} is missing: ./build.sh bench makes it (bench/make-onnx.py)`);
    return OrtMlp.open(url, inputs);
  };
  const nets = {};
  for (const [half, inputs] of [['encoder', encoderInputs], ['decoder', decoderInputs]]) {
    nets[`${half}s`] = [
      { name: 'ortF32', net: await open(half, 'f32', inputs) },
      { name: 'ortInt8', net: await open(half, 'int8', inputs) },
    ];
  }
  return nets;
}

/**
 * Max |ours − peer| of every peer on the inputs of each operation, before any timing: the engines
 * must compute the same network, or their times compare different work. Encodes compare μ and
 * log σ², decodes the pixel probabilities.
 */
async function peerAgreement({ model, tfDecoder, tfEncoder, ortNets, batch16, grid, digit, dense }) {
  const encodeOf = (x) => {
    const { mu, logvar } = model.encode(x);
    return [...mu, ...logvar];
  };
  const cases = {
    batch16: [model.decodeBatch(batch16, 16), (net) => net.run(batch16, 16), tfDecoder, ortNets.decoders],
    grid: [model.decodeBatch(grid, 400), (net) => net.run(grid, 400), tfDecoder, ortNets.decoders],
    encode: [encodeOf(digit), (net) => net.run(digit, 1), tfEncoder, ortNets.encoders],
    denseEncode: [encodeOf(dense), (net) => net.run(dense, 1), tfEncoder, ortNets.encoders],
  };
  const out = {};
  for (const [operation, [ours, run, tf, orts]] of Object.entries(cases)) {
    out[operation] = { tfjs: maxAbsDifference(ours, await run(tf)) };
    for (const { name, net } of orts) out[operation][name] = maxAbsDifference(ours, await run(net));
  }
  return out;
}

/**
 * The figures over sets of inputs: each operation over a set of inputs, ours, TF.js's and ONNX
 * Runtime's (f32 and int8 graphs) input by input. Single calls run on this thread for all; batches
 * also go through our worker pool when TF.js has threads, with as many workers as TF.js has threads.
 */
async function overInputs({ model, wasmModule, tfDecoder, tfEncoder, ortNets, tfjsThreads }) {
  const d = model.latentDim;
  const prior = priorPoints(64, d);
  const along = gridPoints(d);
  const digits = await testDigits(128);
  const dense = denseImages(digits.slice(0, 64));
  const batches16 = priorBatches(8, 16, d);
  const grids = GRID_VIEWS.map((view) => gridBatch(d, ...view));
  // As many workers as TF.js has threads; with TF.js on one thread, as many as the machine has
  // cores (a row for information: the bars at one thread use this thread). The pool counts this
  // thread as one of its threads for a small batch (pool.js): it decodes a share there and sends
  // the rest to one worker fewer, so it gets `decodeBatch`, as the page's engine Model has it.
  const pool = new DecodePool({ module: wasmModule, size: tfjsThreads > 1 ? tfjsThreads : Math.max(2, window.realHardwareConcurrency) });
  const poolModel = { name: MODEL, latentDim: d, fileBytes: null, decodeBatch: (zs, n, out) => model.decodeBatch(zs, n, out) };
  const out = { inputs: { prior: prior.length, gridPoints: along.length, digits: digits.length, dense: dense.length, batches16: batches16.length, grids: grids.length } };
  out.peerAgreement = await peerAgreement({ model, tfDecoder, tfEncoder, ortNets, batch16: batches16[0], grid: grids[0], digit: digits[0], dense: dense[0] });
  log(`  max |ours − peer|, before timing: ${JSON.stringify(out.peerAgreement, (k, v) => (typeof v === 'number' ? Number(v.toExponential(1)) : v))}`);
  out.oursThreads = 1;
  out.poolWorkers = pool.size;
  out.poolSharesMemory = pool.sharesMemory;
  {
    // The pool's images are the module's, bit for bit (workers alone, and this thread with one).
    const a = await pool.decodeBatch(poolModel, grids[0], 400);
    const b = await pool.decodeBatch(poolModel, batches16[0], 16);
    out.poolAgreement = Math.max(maxAbsDifference(a, model.decodeBatch(grids[0], 400)), maxAbsDifference(b, model.decodeBatch(batches16[0], 16)));
  }
  // ONNX Runtime's cases beside TF.js's: its f32 graph and its int8 graph.
  const ortCases = (nets, n) => nets.map(({ name, net }) => ({ name, run: (x) => net.run(x, n) }));
  const single = () => [
    { name: 'ours', run: (z) => model.decode(z) },
    { name: 'tfjs', run: (z) => tfDecoder.run(z, 1) },
    ...ortCases(ortNets.decoders, 1),
  ];
  const encodes = () => [
    { name: 'ours', run: (x) => model.encode(x) },
    { name: 'tfjs', run: (x) => tfEncoder.run(x, 1) },
    ...ortCases(ortNets.encoders, 1),
  ];
  // Threads of the engine before (TF.js's, ONNX Runtime's) spin for a while after its calls and
  // would share the 2 cores with the case after them (TF.js's encode of a digit measured 2.5 ms
  // instead of 50 µs right after ONNX Runtime's 2-thread calls, and 1.9 ms with a 5 ms pause):
  // with threads, each case's calls on an input start after a pause, and always after an untimed
  // batch, as the batched cases' do below.
  const quiet = { settleMs: tfjsThreads > 1 ? SINGLE_SETTLE_MS : 0, discard: 1 };
  log(`  decode of one point over ${prior.length} prior z`);
  out.decodePrior = await timeOverInputs(single(), prior, quiet);
  log(`  decode of one point over ${along.length} points of the map's grid`);
  out.decodeGrid = await timeOverInputs(single(), along, quiet);
  log(`  encode over ${digits.length} MNIST test digits`);
  out.encode = await timeOverInputs(encodes(), digits, quiet);
  log(`  encode over ${dense.length} dense images (test digits through noise: no pixel is 0)`);
  out.denseEncode = await timeOverInputs(encodes(), dense, quiet);
  // TF.js's threads keep spinning for a while after a call, and on a 2-core machine they would take
  // the cores of whichever case comes next: each batched case starts after a pause of SETTLE_MS
  // (the spinning threads go to sleep, as they would between a page's frames), then runs one
  // untimed batch (code and data hot again), then its timed one. With the untimed batch alone, our
  // decodeBatch(16) measured 228–293 µs from run to run in the load with TF.js on 2 threads, and
  // 224 µs in the one-thread load. The untimed and the timed batches last BATCH_MS each: after the
  // pause the first few milliseconds of calls run slower on this VM (ours: 250–290 µs in 2 ms
  // batches, 170–190 µs in 300 ms loops), and a batch that long measures the steady state.
  // How the pool shared each call (this thread's points, workers): counted, for the report.
  const plans = { 16: new Map(), 400: new Map() };
  const poolRun = (n) => (zs, out) => {
    const { caller, workers } = pool.plan(poolModel, n);
    const key = `${caller}/${workers}`;
    plans[n].set(key, (plans[n].get(key) ?? 0) + 1);
    return pool.decodeBatch(poolModel, zs, n, { out });
  };
  // The page's views decode their batches into arrays they keep (the samples, the interpolation
  // strip, the map's background: `out` of decodeBatch and of the pool), so the timed cases do the
  // same; `fresh` returns a new array per call, as TF.js's dataSync does, for comparison.
  const batched = (n) => {
    const kept = new Float32Array(n * 784);
    const keptByPool = new Float32Array(n * 784);
    return [
      { name: 'ours', run: (zs) => model.decodeBatch(zs, n, kept) },
      { name: 'fresh', run: (zs) => model.decodeBatch(zs, n) },
      { name: 'pool', run: (zs) => poolRun(n)(zs, keptByPool) },
      { name: 'tfjs', run: (zs) => tfDecoder.run(zs, n) },
      ...ortCases(ortNets.decoders, n),
    ];
  };
  log(`  decodeBatch(16) over ${batches16.length} batches of prior z`);
  out.batch16 = await timeOverInputs(batched(16), batches16, { rounds: 7, minBatchMs: BATCH_MS, discard: 1, settleMs: SETTLE_MS });
  log(`  decodeBatch of the 400-point grid over ${grids.length} views`);
  out.grid = await timeOverInputs(batched(400), grids, { rounds: 9, minBatchMs: BATCH_MS, discard: 1, settleMs: SETTLE_MS });
  out.poolPlans = Object.fromEntries(Object.entries(plans).map(([n, counts]) => [n, Object.fromEntries(counts)]));
  log(`  the pool's shares (this thread's points/workers: calls): ${JSON.stringify(out.poolPlans)}`);
  pool.close();
  return out;
}

benchmark().then(
  (results) => {
    window.benchResults = results;
    log('done');
  },
  (error) => {
    window.benchError = String(error?.stack ?? error);
    console.error(window.benchError);
  },
);
