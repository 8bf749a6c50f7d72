// Our module's decode and encode kernels over the benchmark's sets of inputs, on this thread, for
// trying a kernel change (run by bench/kernel-probe.mjs): two builds of the module side by side
// (`?a=/www/pkg&b=/target/pkg-base`), taking turns input by input, so that a busy spell of the
// machine falls on both. Figures: µs per call, median over inputs (p10 – p90).

import { priorPoints, gridBatch, GRID_VIEWS, priorBatches, testDigits, denseImages, GRID_SIDE } from './inputs.js';
import { timeOverInputs } from './over-inputs.js';

const MODEL = 'mnist-2d';

async function load(dir) {
  const glue = await import(`${dir}/vae_playground.js`);
  await glue.default({ module_or_path: `${dir}/vae_playground_bg.wasm` });
  return new glue.VaeModel(MODEL);
}

async function probe() {
  const query = new URLSearchParams(location.search);
  const dirs = (query.get('pkgs') ?? '/www/pkg').split(',');
  const only = query.get('only');
  const models = [];
  for (const dir of dirs) models.push({ dir, model: await load(dir) });
  const d = models[0].model.latentDim;
  const digits = await testDigits(128);
  const sets = {
    'decode of one point: 64 prior z': { inputs: priorPoints(64, d), run: (m, z) => m.decode(z) },
    'decodeBatch(16): 8 batches of prior z': {
      inputs: priorBatches(8, 16, d),
      run: (m, zs, out) => m.decodeBatch(zs, 16, out),
      out: 16 * 784,
    },
    'decodeBatch(400): the grid, 4 views': {
      inputs: GRID_VIEWS.map((view) => gridBatch(d, ...view)),
      run: (m, zs, out) => m.decodeBatch(zs, GRID_SIDE * GRID_SIDE, out),
      out: GRID_SIDE * GRID_SIDE * 784,
    },
    'encode: 128 test digits': { inputs: digits, run: (m, x) => m.encode(x) },
    // No pixel to multiply: what an encode costs besides its first layer.
    'encode: empty image': { inputs: [new Float32Array(784), new Float32Array(784)], run: (m, x) => m.encode(x) },
    'encode: 64 dense images': { inputs: denseImages(digits.slice(0, 64)), run: (m, x) => m.encode(x) },
  };
  // Same figures first: the builds must agree to the bit.
  const rows = [];
  for (const [name, { inputs, run, out }] of Object.entries(sets)) {
    if (only && !name.includes(only)) continue;
    const outs = models.map(() => (out ? new Float32Array(out) : undefined));
    const first = models.map(({ model }, i) => run(model, inputs[0], outs[i]));
    const same = first.every((r) => JSON.stringify(Array.from(r.mu ?? r)) === JSON.stringify(Array.from(first[0].mu ?? first[0])));
    const cases = models.map(({ dir, model }, i) => ({ name: dir, run: (x) => run(model, x, outs[i]) }));
    const times = await timeOverInputs(cases, inputs, { rounds: 7, minBatchMs: out ? 8 : 1, warmupMs: 1500 });
    rows.push({ case: name, same, times: Object.fromEntries(Object.entries(times).map(([k, v]) => [k, v.overInputs])) });
  }
  return { crossOriginIsolated, rows };
}

probe().then((r) => (window.probeResults = r), (e) => (window.probeError = String(e?.stack ?? e)));
