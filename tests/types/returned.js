// What the package's exports return, every kind of result once, called in a browser page on the
// installed package and described plainly (typed arrays by name, arrays by their first items,
// objects by their keys). tests/e2e/package.mjs writes each as a TypeScript literal typed with
// what the .d.ts declares for that call, and tsc must accept every one: the declared interfaces
// are what the calls give, no key missing, none extra, no kind wrong.
//
// Served from the folder the package was installed in, with fixtures/ holding the test digits
// (www/pkg/data/mnist-test.u8) and a judge's file.

import init, * as vae from '/node_modules/vae-playground/vae_playground.js';

/** `value` as `{kind, …}`, for the literal tests/e2e/package.mjs writes. */
function describe(value) {
  if (value === null) return { kind: 'null' };
  if (ArrayBuffer.isView(value)) return { kind: 'typed', name: value.constructor.name };
  if (Array.isArray(value)) return { kind: 'array', items: value.slice(0, 3).map(describe) };
  if (typeof value === 'object') return { kind: 'object', fields: Object.entries(value).map(([k, v]) => [k, describe(v)]) };
  return { kind: typeof value, value };
}

async function bytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** `[call, declared type, description of what it returned]` for every kind of result. */
export async function returnedValues() {
  await init();
  const digits = await bytes('/fixtures/mnist-test.u8'); // count × 784 pixels, then count labels
  const digit = Float32Array.from(digits.subarray(0, 784), (v) => v / 255);
  // The digit at 4× as a canvas would hold it: dark ink on white, RGBA.
  const rgba = new Uint8ClampedArray(112 * 112 * 4).map((_, i) => {
    const [x, y] = [((i >> 2) % 112) >> 2, Math.floor((i >> 2) / 112) >> 2];
    return i % 4 === 3 ? 255 : 255 - Math.round(255 * digit[y * 28 + x]);
  });
  const model = new vae.VaeModel('mnist-2d');
  const judge = vae.Judge.fromBytes(await bytes('/fixtures/judge-mnist.safetensors'));
  const trainer = new vae.TrainingWorker();
  const started = trainer.handle({ kind: 'start', config: { hidden: [16], epochs: 1 }, train: digits, test: digits });
  // A set of six test digits (two classes, one held out of each), and a PNG the browser wrote.
  const set = { name: 'six', classNames: ['first', 'second'], images: digits.subarray(0, 6 * 784), labels: new Uint8Array([0, 0, 0, 1, 1, 1]) };
  const setFile = vae.writeSetFile(set);
  const setTrainer = new vae.TrainingWorker();
  const canvas = new OffscreenCanvas(28, 20);
  canvas.getContext('2d').fillRect(4, 4, 20, 12);
  const png = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
  // One whole epoch, so that the reply holds an epoch's record.
  const epoch = () => {
    const progress = trainer.handle({ kind: 'step', steps: started.stepsPerEpoch });
    if (progress.epochs.length === 0) throw new Error('a whole epoch of steps recorded no epoch');
    return progress;
  };
  const returns = [
    ['listModels()', 'ModelInfo[]', () => vae.listModels()],
    ['latentLimit()', 'number', () => vae.latentLimit()],
    ['randomSeed()', 'number', () => vae.randomSeed()],
    ['VaeModel.info', 'ModelInfo', () => model.info],
    ['VaeModel.latentDim', 'number', () => model.latentDim],
    ['VaeModel.encode()', 'Encoding', () => model.encode(digit)],
    ['VaeModel.decode()', 'Float32Array', () => model.decode([0.5, -0.5])],
    ['VaeModel.decodeBatch()', 'Float32Array', () => model.decodeBatch([0, 0, 1, 1], 2)],
    ['VaeModel.sample()', 'Samples', () => model.sample([0, 0], [0, 0], 4, 1, 1)],
    ['VaeModel.lossTerms()', 'LossTerms', () => model.lossTerms(digit)],
    ['VaeModel.atlas()', 'Atlas | null', () => model.atlas()],
    ['preprocessStrokes()', 'Preprocessed', () => vae.preprocessStrokes([60, 40, 200, 40, 120, 250], 280, 280, 18)],
    ['preprocessRgba()', 'Preprocessed', () => vae.preprocessRgba(rgba, 112, 112)],
    ['preprocessImage()', 'ImageInput', () => vae.preprocessImage(rgba, 112, 112)],
    ['sniffImage()', 'ImageHeader', () => vae.sniffImage(png)],
    ['writeSetFile()', 'Uint8Array', () => vae.writeSetFile(set)],
    ['readSetFile()', 'ReadSet', () => vae.readSetFile(setFile)],
    ['heldOutIndices()', 'Uint32Array', () => vae.heldOutIndices(set.labels)],
    ['setFigures()', 'SetFigures', () => vae.setFigures(model, setFile)],
    ['Judge.info', 'JudgeInfo', () => judge.info],
    ['Judge.classify()', 'Verdicts', () => judge.classify(digit, 1)],
    ['Judge.judgeSet()', 'JudgedSet', () => judge.judgeSet(model, 'prior', 16, 4, 1)],
    ['Judge.judgeCircle()', 'JudgedSet', () => judge.judgeCircle(model, digit, 2, 16, 4, 1)],
    ['walkInformation()', 'number', () => vae.walkInformation(0.25)],
    ['walkCoinEntropy()', 'number', () => vae.walkCoinEntropy(0.25)],
    ['walkEntropyCurve()', 'Float64Array', () => vae.walkEntropyCurve(11)],
    ['walkKl()', 'number', () => vae.walkKl([0.5, 0.5], [0.9, 0.1])],
    ['walkThreeCoins()', 'ThreeCoins', () => vae.walkThreeCoins(7, 10)],
    ['walkSinTaylor()', 'SinTaylor', () => vae.walkSinTaylor(1.2, 3)],
    ['walkSinTaylorCurve()', 'Float64Array', () => vae.walkSinTaylorCurve(3, -4, 4, 20)],
    ['walkNormalDensity()', 'number', () => vae.walkNormalDensity(0, 0, 1)],
    ['walkKlMonteCarlo()', 'KlMonteCarlo', () => vae.walkKlMonteCarlo(1, -1, 100, 3)],
    ['walkEvidence()', 'Evidence', () => vae.walkEvidence(model, digit, 16, 1)],
    ['walkSquaredError()', 'SquaredErrorTerm', () => vae.walkSquaredError(model, digit, 0.5)],
    ['walkNetworkPass()', 'NetworkPass', () => vae.walkNetworkPass(model, digit, 1)],
    ['TrainingWorker.handle(start)', 'TrainingStarted', () => started],
    ['TrainingWorker.handle(step)', 'TrainingProgress', epoch],
    ['TrainingWorker.handle(snapshot)', 'TrainingSnapshot', () => trainer.handle({ kind: 'snapshot' })],
    ['TrainingWorker.handle(export)', 'Uint8Array', () => trainer.handle({ kind: 'export', name: 'tiny' })],
    ['TrainingWorker.handle(reset)', 'null', () => trainer.handle({ kind: 'reset' })],
    ['TrainingWorker.handle(start a set)', 'TrainingStarted', () => setTrainer.handle({ kind: 'start', config: { hidden: [16], epochs: 1 }, set: setFile })],
    ['TrainingWorker.handle(figures)', 'SetFigures', () => setTrainer.handle({ kind: 'figures' })],
  ];
  const described = returns.map(([call, type, run]) => [call, type, describe(run())]);
  for (const resource of [model, judge, trainer, setTrainer]) resource.free();
  return described;
}
