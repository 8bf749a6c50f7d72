// Every export of the package used as its README says, type-checked against the generated
// declarations (`tsc --noEmit --strict`, by tests/e2e/package.mjs on the installed tarball). Each
// `@ts-expect-error` is a misuse the types must refuse: were a type `any`, the line would compile
// and tsc would fail on the unused directive. Type-checked only, never run.

import init, {
  type Atlas,
  type Encoding,
  type Evidence,
  type ImageHeader,
  type ImageInput,
  type ImageSet,
  type JudgedSet,
  type JudgeInfo,
  type LossTerms,
  type ModelInfo,
  type Preprocessed,
  type ReadSet,
  type Samples,
  type SetFigures,
  type TrainingMessage,
  type TrainingReply,
  type Verdicts,
  heldOutIndices,
  initSync,
  Judge,
  latentLimit,
  listModels,
  preprocessImage,
  preprocessRgba,
  preprocessStrokes,
  randomSeed,
  readSetFile,
  serveTraining,
  setFigures,
  sniffImage,
  TrainingWorker,
  VaeModel,
  walkCoinEntropy,
  walkEntropyCurve,
  walkEvidence,
  walkInformation,
  walkKl,
  walkKlMonteCarlo,
  walkNetworkPass,
  walkNormalDensity,
  walkSinTaylor,
  walkSinTaylorCurve,
  walkSquaredError,
  walkThreeCoins,
  writeSetFile,
} from 'vae-playground';

// Loading: the .wasm beside the module, or bytes, or a compiled module.
await init();
await init({ module_or_path: new URL('vae_playground_bg.wasm', import.meta.url) });
initSync({ module: new Uint8Array(8) });

// The models compiled in, and one of them.
const models: ModelInfo[] = listModels();
const first: string = models[0].name;
const testLoss: number | null = models[0].testLoss;
const kind: 'vae' | 'beta-vae' | 'autoencoder' = models[0].kind;
const model = new VaeModel(first);
// @ts-expect-error a model's name is a string
new VaeModel(2);
const info: ModelInfo = model.info;
const latentDim: number = model.latentDim;
const limit: number = latentLimit();

// Encode an image, decode a point, into a new array or the caller's.
const pixels = new Float32Array(784).fill(0.1);
const encoding: Encoding = model.encode(pixels);
const mu: Float32Array = encoding.mu;
const sigma = encoding.logvar.map((v) => Math.exp(0.5 * v));
model.encode(Array.from(pixels));
model.encode(new Float64Array(784));
// @ts-expect-error pixels are numbers, not a string
model.encode('pixels');
// @ts-expect-error an encoding has μ and log σ², not σ
encoding.sigma;
const image: Float32Array = model.decode(mu);
model.decode([0.5, -1], image);
// @ts-expect-error the output array is a Float32Array
model.decode(mu, new Float64Array(784));
const out = new Float32Array(3 * 784);
const images: Float32Array = model.decodeBatch(new Float32Array(3 * latentDim), 3, out);
model.decodeBatch([0, 0, 1, 1], 2);

// Samples z = μ + T·σ·ε, the loss terms, the map's test digits.
const seed: number = randomSeed();
const samples: Samples = model.sample(mu, encoding.logvar, 16, seed, 1.0);
model.sample(mu, encoding.logvar, 1, 7, 0.5, new Float32Array(784));
// @ts-expect-error the seed is a number
model.sample(mu, encoding.logvar, 16, '7', 1.0);
const z: Float32Array = samples.z;
const loss: LossTerms = model.lossTerms(pixels);
const perDimension: number[] = loss.klPerDimension;
const total: number = loss.total + loss.kl + loss.bernoulli + loss.squaredError;
const atlas: Atlas | null = model.atlas();
const labels: Uint8Array | undefined = atlas?.labels;
// @ts-expect-error the atlas may be null
model.atlas().mu;

// Models from bytes: a weights file, fetched.
const bytes = new Uint8Array(await (await fetch('mnist-16d.safetensors')).arrayBuffer());
const other: VaeModel = VaeModel.fromBytes(bytes);
// @ts-expect-error a weights file is bytes, not a URL
VaeModel.fromBytes('mnist-16d.safetensors');
other.free();

// Drawings to model inputs.
const prep: Preprocessed = preprocessStrokes([10, 10, 60, 200, Number.NaN, Number.NaN, 80, 20, 90, 180], 280, 280, 18);
const centre: [number, number] = prep.centreOfMass;
const fromCanvas: Preprocessed = preprocessRgba(new Uint8ClampedArray(4 * 280 * 280), 280, 280);
// @ts-expect-error canvas pixels are bytes
preprocessRgba(new Float32Array(4), 1, 1);

// Images dropped in: the header first, then the decoded pixels, either polarity.
const header: ImageHeader = sniffImage(new Uint8Array(await (await fetch('drop.png')).arrayBuffer()));
const format: 'png' | 'jpeg' | 'webp' | 'gif' = header.format;
const dropped: ImageInput = preprocessImage(new Uint8ClampedArray(4 * header.width * header.height), header.width, header.height);
const polarity: 'dark-on-light' | 'light-on-dark' = dropped.polarity;
// @ts-expect-error a file is bytes, not a name
sniffImage('drop.png');

// A person's own set: written, read back, measured.
const mySet: ImageSet = { name: 'letters', classNames: ['A', 'B'], images: new Uint8Array(6 * 784), labels: new Uint8Array([0, 0, 0, 1, 1, 1]) };
const setFile: Uint8Array = writeSetFile(mySet);
const readBack: ReadSet = readSetFile(setFile);
const heldOut: Uint32Array = heldOutIndices(readBack.labels);
const onSet: SetFigures = setFigures(model, setFile);
const fell: number | null = onSet.heldOutReconstruction;
// @ts-expect-error a set has class names, not classes
writeSetFile({ name: 'x', classes: ['A'], images: new Uint8Array(784), labels: new Uint8Array(1) });

// A judge of decoded images.
const judge: Judge = Judge.fromBytes(new Uint8Array(await (await fetch('judge.safetensors')).arrayBuffer()));
const judgeInfo: JudgeInfo = judge.info;
const verdicts: Verdicts = judge.classify(images, 3);
const prior: JudgedSet = judge.judgeSet(model, 'prior', 256, 8, 1);
const circle: JudgedSet = judge.judgeCircle(model, pixels, 2, 64, 8, 1);
const share: number | null = circle.sameClassShare;
// @ts-expect-error the sets are "prior", "box" and "midpoints"
judge.judgeSet(model, 'everywhere', 256, 8, 1);

// The walk's maths.
const bits: number = walkInformation(0.5) + walkCoinEntropy(0.3) + walkKl([0.5, 0.5], new Float64Array([0.9, 0.1]));
const curve: Float64Array = walkEntropyCurve(101);
const posterior: [number, number, number] = walkThreeCoins(7, 10).posterior;
const taylor: number = walkSinTaylor(1.2, 3).error + walkNormalDensity(0, 0, 1);
const series: Float64Array = walkSinTaylorCurve(3, -4, 4, 200);
const running: number[] = walkKlMonteCarlo(1, -1, 1000, 3).runningEstimate;
const evidence: Evidence = walkEvidence(model, pixels, 64, 1);
const squared: Float32Array = walkSquaredError(model, pixels, 0.5).squaredDifferences;
const pass: Float32Array = walkNetworkPass(model, pixels, 1).z;

// Training, in this thread or in a worker.
const trainer = new TrainingWorker();
const start: TrainingMessage = { kind: 'start', config: { latentDim: 2, epochs: 1 }, train: new Uint8Array(785), test: new Uint8Array(785) };
const reply: TrainingReply = trainer.handle(start);
trainer.handle({ kind: 'step', steps: 10 });
// @ts-expect-error `steps` is a number of steps
trainer.handle({ kind: 'step', steps: 'ten' });
// @ts-expect-error there is no such message
trainer.handle({ kind: 'pause' });
const fineTune: TrainingMessage = { kind: 'start', config: { epochs: 30, batchSize: 8 }, set: setFile, base: bytes, augment: 0.5 };
trainer.handle(fineTune);
const figures: TrainingReply = trainer.handle({ kind: 'figures' });
// @ts-expect-error the augmentation is a probability
trainer.handle({ kind: 'start', config: {}, set: setFile, augment: 'yes' });
const file = trainer.handle({ kind: 'export', name: 'mine' });
if (file instanceof Uint8Array) VaeModel.fromBytes(file);
serveTraining();

// Resources are freed with free() or `using`.
{
  using scoped = new VaeModel(first);
  scoped.decode([0, 0]);
}
model.free();
judge.free();

export const used = [testLoss, kind, info, limit, sigma, z, perDimension, total, labels, centre, fromCanvas, format, polarity, heldOut, fell, judgeInfo, verdicts, prior, share, bits, curve, posterior, taylor, series, running, evidence, squared, pass, reply, figures];
