// The browser benchmark: our wasm module against the same network in TensorFlow.js, in one page
// load. bench/run.mjs opens this page in headless Chromium and reads `window.benchResults`.
//
//   ?tfjsThreads=off   keep TensorFlow.js on one thread (it uses all cores when the page is isolated)
//   ?suite=compare     only the comparison with TensorFlow.js (a shorter second run)

import init, { VaeModel, preprocessStrokes } from '/www/pkg/vae_playground.js';
import { denseLayers, parseSafetensors } from './safetensors.js';
import { TfjsMlp, startTfjsWasm } from './tfjs-mlp.js';
import { timeCases } from './timing.js';
import { measureSimdPeak } from './simd-peak.js';
import { measureRedraw } from './redraw.js';
import { summarize } from './stats.js';

/** The model the page opens with. */
const MODEL = 'mnist-2d';

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
  const fullSuite = params.get('suite') !== 'compare';
  log(`cross-origin isolated: ${crossOriginIsolated}; TF.js threads ${tfjsThreads ? 'allowed' : 'off'}`);

  await init();
  const model = new VaeModel(MODEL);
  const drawing = await (await fetch('/bench/drawing.json')).json();
  const file = parseSafetensors(await (await fetch(`/models/${MODEL}.safetensors`)).arrayBuffer());
  const tfjs = await startTfjsWasm({ threads: tfjsThreads });
  log(`TF.js ${tfjs.version} runs ${tfjs.binary} on ${tfjs.threads} thread(s)`);
  const encoderLayers = denseLayers(file, 'encoder');
  const decoderLayers = denseLayers(file, 'decoder');
  const tfEncoder = new TfjsMlp(encoderLayers, 'linear');
  const tfDecoder = new TfjsMlp(decoderLayers, 'sigmoid');

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

  const results = {
    page: { crossOriginIsolated, userAgent: navigator.userAgent, hardwareConcurrency: navigator.hardwareConcurrency },
    model: {
      name: MODEL,
      encoderWidths: [encoderLayers[0].inputs, ...encoderLayers.map((l) => l.outputs)],
      decoderWidths: [decoderLayers[0].inputs, ...decoderLayers.map((l) => l.outputs)],
      weightFormat: String(file.metadata.weight_format).replaceAll('"', ''), // stored as a JSON string
      decoderFlopsPerPoint: flopsPerRow(decoderLayers),
      gridPoints,
    },
    tfjs,
    agreement,
    compare,
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
