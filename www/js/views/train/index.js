// The Train view: a VAE trained in the browser, in a Web Worker running the same Rust code as the
// native trainer, while the person watches: curves of the loss terms, the test images' q(z|x)
// pulling apart on the map, reconstructions of fixed test images improving, and the KL of each
// latent dimension. It trains on MNIST's digits, on a part of Fashion-MNIST, or on the person's own
// set (own-set.js: drawn on a pad or dropped in as image files), from random weights or fine-tuning
// a copy of a shipped model. The trained model can be used by the rest of the page, downloaded as
// a safetensors file, and a saved file loaded back; the last one is kept in this browser.
//
// The main thread only asks for steps and draws: the worker answers each `step` message after a
// slice of steps sized to take about SLICE_MS, so that Pause takes effect within that time and
// the page never waits on training.

import { loadStrings, applyStrings, t, formatBytes, latentName, modelName } from '../../i18n/i18n.js';
import { CLASS_COLOURS, paintTiles } from '../../ui/pixels.js';
import { TrainingClient, fetchBytes } from './client.js';
import { buildSettings, readSettings, settingsForLink, settingsFromLink } from './settings.js';
import { registerLinkPart } from '../../state.js';
import { LineChart, drawMap, drawKlBars } from './charts.js';
import { element, text } from '../../ui/dom.js';
import { downloadBytes } from '../../ui/export.js';
import { DATA, FASHION_CLASSES, buildDataChoice, buildFromChoice } from './data-choice.js';
import { mountOwnSet, slug } from './own-set.js';
import { describeFigures } from './figures.js';
import { UNLABELLED, PIXELS } from '../../own-data/set.js';
import { atlasImages, keepModel, keptModel } from '../../own-data/kept-model.js';

/** Wall-clock time one `step` message should take. */
const SLICE_MS = 120;
/** Steps between two snapshots (the map, the reconstructions, the KL bars). */
const SNAPSHOT_STEPS = 100;
/** A set this small has its figures measured after every epoch (a larger one when it stops). */
const FIGURES_EVERY_EPOCH = 2000;
/** Settings that suit a small set (a few dozen drawings) and MNIST's: switched with the data, if unchanged. */
const OWN_DEFAULTS = { epochs: '30', batchSize: '8' };
const DIGIT_DEFAULTS = { epochs: '10', batchSize: '128' };

const COLOURS = { total: '#111827', reconstruction: '#2563eb', kl: '#c2410c', testTotal: '#111827', testReconstruction: '#2563eb', testKl: '#c2410c' };

function button(key) {
  const node = text('button', '', key);
  node.type = 'button';
  return node;
}

function canvas(className, labelKey) {
  const node = element('canvas', className);
  node.setAttribute('role', 'img');
  node.dataset.label = labelKey;
  return node;
}

/** A legend entry: a swatch of `colour` (a line, or a dot for per-epoch points) and its text. */
function legendEntry(colour, key, dot = false) {
  const swatch = element('span', dot ? 'swatch' : 'train-line');
  swatch.style.background = colour;
  return element('span', 'key-entry', swatch, text('span', '', key));
}

/** A class's colour on the map (an unlabelled image: the class after the set's, as the playground's map). */
const classColour = (label) => CLASS_COLOURS[label % CLASS_COLOURS.length];

/**
 * @param {{root: HTMLElement, engine: import('../../engine/engine.js').Engine,
 *          showError: (error: unknown) => void, addModel: (name: string, bytes: Uint8Array) => Promise<void>,
 *          openModel: (name: string) => Promise<void>}} context
 */
export async function mount({ root, engine, showError, addModel, openModel }) {
  await loadStrings(['train', 'own']);
  const dataFiles = Object.fromEntries(DATA.map(({ value, dataset }) => [value, dataset ? (engine.trainingData.find((d) => d.dataset === dataset) ?? null) : null]));

  // ---- the view's elements ----
  const start = button('train.start');
  const pause = button('train.pause');
  const reset = button('train.reset');
  const size = element('p', 'train-size');
  const progress = element('p', 'train-progress');
  progress.setAttribute('aria-live', 'polite');
  const figuresLine = element('p', 'train-figures');
  figuresLine.setAttribute('aria-live', 'polite');
  const augmentLine = element('p', 'help train-augment');
  const dataChoice = buildDataChoice((value) => value === 'own' || Boolean(dataFiles[value]));
  const form = element('form', 'train-settings');
  const inputs = buildSettings(form);
  const shipped = [...engine.modelFiles.keys()];
  const fromChoice = buildFromChoice(shipped, modelName);
  form.prepend(fromChoice.element);
  const fromHelp = text('p', 'help train-from-help', 'train.fromHelp');
  form.addEventListener('submit', (event) => event.preventDefault());
  const own = mountOwnSet({ engine, root });

  // A link keeps the data, the starting point and the settings (not a run in progress, nor the set's images).
  registerLinkPart('train', {
    capture: () => ({ tdata: dataChoice.value(), tfrom: fromChoice.value(), train: settingsForLink(inputs) }),
    restore(params, problems) {
      const data = params.get('tdata');
      if (data !== null) {
        if (dataChoice.set(data)) dataChanged();
        else problems.push({ key: 'tdata', value: data.slice(0, 40) });
      }
      const from = params.get('tfrom');
      if (from !== null) {
        if (fromChoice.set(from)) fromTouched = true;
        else problems.push({ key: 'tfrom', value: from.slice(0, 40) });
      }
      const text = params.get('train');
      if (text !== null && !settingsFromLink(inputs, text)) problems.push({ key: 'train', value: text.slice(0, 40) });
      setPhase(phase);
    },
  });

  const lossCanvas = canvas('train-chart', 'train.lossChartLabel');
  const klCanvas = canvas('train-chart', 'train.klChartLabel');
  const mapCanvas = canvas('train-map', 'train.mapLabel');
  const reconCanvas = canvas('train-recons', 'train.reconLabel');
  const barsCanvas = canvas('train-bars', 'train.barsLabel');
  const mapCaption = element('p', 'caption');
  const mapHeading = text('h3', 'sub-heading', 'train.mapHeading');
  const reconCaption = text('p', 'caption', 'train.reconCaption');
  const curvesHelp = text('p', 'help', 'train.curvesHelp');
  const legend = element('div', 'legend');

  /** The map's legend: the digits (or Fashion's classes), or the set's classes. */
  function showLegend(names) {
    legend.replaceChildren(
      ...names.map((name, label) => {
        const swatch = element('span', 'swatch');
        swatch.style.background = classColour(label);
        return element('span', 'key-entry', swatch, String(name));
      }),
    );
  }

  const use = button('train.use');
  const download = button('train.download');
  const fileInput = Object.assign(element('input'), { type: 'file', accept: '.safetensors', id: 'train-file', hidden: true });
  const load = button('train.load');
  load.addEventListener('click', () => fileInput.click());
  const modelStatus = element('p', 'train-model-status');
  modelStatus.setAttribute('aria-live', 'polite');
  const keptStatus = element('p', 'help train-kept');

  const testEntries = [legendEntry(COLOURS.testTotal, 'train.key.test', true), legendEntry(COLOURS.testKl, 'train.key.test', true)];
  /** The keys that name the test images (MNIST's test digits, or the set's held-out examples). */
  const testKeys = testEntries.map((entry) => entry.lastChild);
  root.append(
    element(
      'div',
      'layout train-layout',
      element(
        'section',
        'card train-intro',
        text('h2', '', 'train.heading'),
        text('p', 'lede', 'train.lede'),
        dataChoice.element,
        size,
        augmentLine,
        element('div', 'controls', start, pause, reset),
        progress,
        figuresLine,
      ),
      ...own.cards,
      element('section', 'card train-settings-card', text('h3', 'sub-heading', 'train.settingsHeading'), form, fromHelp, text('p', 'help', 'train.settingsHelp')),
      element(
        'section',
        'card train-curves',
        text('h3', 'sub-heading', 'train.curvesHeading'),
        lossCanvas,
        element('div', 'legend', legendEntry(COLOURS.total, 'train.key.total'), legendEntry(COLOURS.reconstruction, 'train.key.reconstruction'), testEntries[0]),
        klCanvas,
        element('div', 'legend', legendEntry(COLOURS.kl, 'train.key.kl'), testEntries[1]),
        curvesHelp,
      ),
      element('section', 'card train-map-card', mapHeading, mapCanvas, legend, mapCaption),
      element('section', 'card train-recons-card', text('h3', 'sub-heading', 'train.reconHeading'), reconCanvas, reconCaption),
      element('section', 'card train-bars-card', text('h3', 'sub-heading', 'train.barsHeading'), barsCanvas, text('p', 'caption', 'train.barsCaption')),
      element('section', 'card train-model-card', text('h3', 'sub-heading', 'train.modelHeading'), element('div', 'controls', use, download, load, fileInput), modelStatus, keptStatus),
    ),
  );

  const lossChart = new LineChart(lossCanvas, [
    { key: 'total', colour: COLOURS.total },
    { key: 'reconstruction', colour: COLOURS.reconstruction },
    { key: 'testTotal', colour: COLOURS.testTotal, dots: true },
    { key: 'testReconstruction', colour: COLOURS.testReconstruction, dots: true },
  ]);
  const klChart = new LineChart(klCanvas, [
    { key: 'kl', colour: COLOURS.kl },
    { key: 'testKl', colour: COLOURS.testKl, dots: true },
  ]);

  // ---- the session ----

  /** 'idle' (no session), 'loading', 'running', 'paused', 'finished'. */
  let phase = 'idle';
  let client = null;
  /** Downloaded data, by dataset: {train, test, testLabels}. */
  const loaded = new Map();
  /** Shipped models' files, downloaded to fine-tune copies of them, by name. */
  const baseFiles = new Map();
  /** {config, data, stepsPerEpoch, reconstructed, steps, seconds, epoch, stepsPerSecond, firstLoss,
   *  lastLoss, snapshot, testLabels, testImages, set?: {labels, classNames, heldOut, images, name},
   *  baseline?, figures?, from} */
  let session = null;
  let running = null; // the loop's promise while it runs
  let stopping = false; // Pause asked the loop to stop after its current slice
  /** Whether the person chose the starting point themselves (else it follows the data). */
  let fromTouched = false;
  fromChoice.select.addEventListener('change', () => {
    fromTouched = true;
    setPhase(phase);
  });

  const fineTuning = () => fromChoice.value() !== 'scratch';

  /** The shape fields the person set, kept while a fine-tuned copy's (the base's) is shown. */
  let ownShape = null;
  /** Shows the base model's shape in the shape fields while fine-tuning (a copy keeps it), and the
   * person's own again when training from scratch. */
  function showShape() {
    const base = fineTuning() ? engine.modelFiles.get(fromChoice.value()) : null;
    if (base?.latentDim) {
      ownShape ??= { latentDim: inputs.latentDim.value, hidden: inputs.hidden.value, likelihood: inputs.likelihood.value, sigma: inputs.sigma.value };
      inputs.latentDim.value = String(base.latentDim);
      if (base.hidden) inputs.hidden.value = base.hidden.join(',');
      if (base.likelihood?.kind) inputs.likelihood.value = base.likelihood.kind;
      if (base.likelihood?.sigma) inputs.sigma.value = String(base.likelihood.sigma);
    } else if (!base && ownShape) {
      Object.entries(ownShape).forEach(([name, value]) => (inputs[name].value = value));
      ownShape = null;
    }
  }

  function setPhase(next) {
    phase = next;
    root.dataset.phase = next;
    const choice = dataChoice.value();
    const ownProblem = choice === 'own' ? ownSetProblem() : null;
    start.disabled = next !== 'idle' || (choice !== 'own' && !dataFiles[choice]) || ownProblem !== null;
    pause.disabled = !['running', 'paused'].includes(next);
    pause.dataset.text = next === 'paused' ? 'train.resume' : 'train.pause';
    pause.textContent = t(pause.dataset.text);
    reset.disabled = ['idle', 'loading'].includes(next);
    use.disabled = download.disabled = !(session && session.steps > 0 && next !== 'running') && !(next === 'idle' && kept);
    const shape = ['latentDim', 'hidden', 'likelihood', 'sigma'];
    for (const [name, input] of Object.entries(inputs)) {
      input.disabled = next !== 'idle' || (shape.includes(name) && fineTuning()) || (input === inputs.sigma && inputs.likelihood.value !== 'gaussian');
    }
    fromChoice.select.disabled = next !== 'idle';
    for (const input of Object.values(dataChoice.inputs)) input.disabled = next !== 'idle' || (input.value !== 'own' && !dataFiles[input.value]);
    fromHelp.hidden = !fineTuning();
    if (next === 'idle') showShape();
    for (const card of own.cards) card.hidden = choice !== 'own';
    root.dataset.data = choice;
    describeSize();
    describeProgress();
  }

  /** Why the own set cannot be trained on now (a string key), or null. */
  function ownSetProblem() {
    if (own.set.count === 0) return 'train.ownEmpty';
    if (own.busy()) return 'train.ownBusy';
    if (own.heldOutCount() === 0) return 'train.ownNoHeldOut';
    return null;
  }

  /** Bytes still to download before a run on `choice`: [{bytes, gzip}] parts, and the key naming them. */
  function downloads(choice) {
    const parts = [];
    const files = dataFiles[choice];
    if (files && !loaded.has(files.dataset)) parts.push(files.train, files.test);
    const base = fromChoice.value();
    if (base !== 'scratch' && !baseFiles.has(base)) parts.push(engine.modelFiles.get(base));
    return parts.filter(Boolean);
  }

  function describeSize() {
    const choice = dataChoice.value();
    const parts = downloads(choice);
    const bytes = parts.reduce((sum, file) => sum + file.bytes, 0);
    const gzip = parts.reduce((sum, file) => sum + (file.gzipBytes ?? file.bytes), 0);
    const amount = { size: formatBytes(bytes), gzip: formatBytes(gzip) };
    const base = fromChoice.value();
    const baseNote = base !== 'scratch' && !baseFiles.has(base) ? t('train.baseSize', { model: modelName(base), size: formatBytes(engine.modelFiles.get(base)?.bytes ?? 0) }) : '';
    if (choice === 'own') {
      const problem = ownSetProblem();
      const downloadNote = parts.length > 0 ? t('train.ownDownloads', amount) : '';
      size.textContent = [own.describe(), problem ? t(problem) : '', downloadNote].filter(Boolean).join(' ');
      if (session) describeAugment();
      else augmentLine.textContent = own.set.count > 0 && own.set.count < 1000 ? t('train.augmentSmall') : '';
      return;
    }
    if (session) describeAugment();
    else augmentLine.textContent = '';
    const files = dataFiles[choice];
    if (!files) {
      size.textContent = t('train.noData');
      return;
    }
    const counts = { train: files.train.count.toLocaleString('en'), test: files.test.count.toLocaleString('en') };
    const prefix = choice === 'fashion' ? 'train.fashion' : 'train.data';
    if (loaded.has(files.dataset)) {
      size.textContent = [t(choice === 'fashion' ? 'train.fashionReady' : 'train.dataReady', counts), parts.length > 0 ? t('train.ownDownloads', amount) : ''].filter(Boolean).join(' ');
      return;
    }
    size.textContent = [t(`${prefix}Size`, { ...counts, ...amount }), baseNote].filter(Boolean).join(' ');
  }

  function describeProgress() {
    if (!session) {
      progress.textContent = phase === 'loading' ? progress.textContent : t('train.notStarted');
      return;
    }
    const key = { running: 'train.progress.running', paused: 'train.progress.paused', finished: 'train.progress.finished' }[phase] ?? 'train.progress.running';
    progress.textContent = t(key, {
      steps: session.steps,
      epoch: session.epoch.toFixed(2),
      epochs: session.config.epochs,
      rate: session.stepsPerSecond.toFixed(1),
      loss: Number.isFinite(session.lastLoss) ? session.lastLoss.toFixed(1) : '–',
    });
    root.dataset.steps = String(session.steps);
    root.dataset.firstLoss = String(session.firstLoss);
    root.dataset.lastLoss = String(session.lastLoss);
  }

  function describeFiguresLine() {
    if (!session?.baseline) {
      figuresLine.textContent = '';
      return;
    }
    const from = session.base ? modelName(session.base) : t('train.from.scratch');
    figuresLine.textContent = describeFigures(session.baseline, session.figures, from);
    const now = session.figures ?? session.baseline;
    Object.assign(root.dataset, {
      baselineReconstruction: String(session.baseline.heldOutReconstruction),
      baselineAgreement: String(session.baseline.heldOutAgreement),
      reconstruction: String(now.heldOutReconstruction),
      agreement: String(now.heldOutAgreement),
      figuresAt: String(session.figuresAt ?? 0),
    });
  }

  /** Downloads what a run on `choice` needs (the data, a base model's file), with progress. */
  async function ensureDownloads(choice) {
    const files = dataFiles[choice];
    const base = fromChoice.value();
    const pkg = new URL('../../../pkg/', import.meta.url);
    const wanted = [
      ...(files && !loaded.has(files.dataset) ? [{ key: 'train', url: new URL(files.train.file, pkg), bytes: files.train.bytes }, { key: 'test', url: new URL(files.test.file, pkg), bytes: files.test.bytes }] : []),
      ...(base !== 'scratch' && !baseFiles.has(base) ? [{ key: 'base', url: new URL(engine.modelFiles.get(base).url), bytes: engine.modelFiles.get(base).bytes }] : []),
    ];
    const total = wanted.reduce((sum, file) => sum + file.bytes, 0);
    const received = wanted.map(() => 0);
    const report = () => {
      progress.textContent = t(choice === 'own' ? 'train.downloadingOwn' : 'train.downloading', { received: formatBytes(received.reduce((a, b) => a + b, 0)), total: formatBytes(total) });
    };
    const got = await Promise.all(
      wanted.map((file, i) =>
        fetchBytes(file.url, file.bytes, (n) => {
          received[i] = n;
          report();
        }),
      ),
    );
    const by = Object.fromEntries(wanted.map((file, i) => [file.key, got[i]]));
    if (by.train) loaded.set(files.dataset, { train: by.train, test: by.test, testLabels: by.test.subarray(files.test.count * PIXELS), count: files.test.count });
    if (by.base) baseFiles.set(base, by.base);
    describeSize();
  }

  async function startTraining() {
    const choice = dataChoice.value();
    const config = readSettings(inputs);
    const base = fromChoice.value();
    if (base !== 'scratch') {
      // The base model's shape is kept: its latent size, widths and likelihood are not asked for.
      delete config.latentDim;
      delete config.hidden;
      delete config.likelihood;
    }
    setPhase('loading');
    try {
      await ensureDownloads(choice);
      client ??= await TrainingClient.start(engine.module); // the page's own: the relaxed build where it runs
      const message = { config };
      const transfer = [];
      let setInfo = null;
      if (choice === 'own') {
        message.set = own.setFile();
        transfer.push(message.set.buffer);
        const { set } = own;
        setInfo = { name: set.name, labels: set.labels.slice(0, set.count), classNames: [...set.classNames], images: set.images.slice(0, set.count * PIXELS), count: set.count };
      } else {
        // Copies, handed over (not cloned) to the worker: the page keeps its own for the originals.
        const data = loaded.get(dataFiles[choice].dataset);
        message.train = data.train.slice();
        message.test = data.test.slice();
        message.dataset = dataFiles[choice].dataset;
        transfer.push(message.train.buffer, message.test.buffer);
      }
      if (base !== 'scratch') message.base = baseFiles.get(base).slice();
      const started = await client.call('start', message, transfer);
      const data = choice === 'own' ? null : loaded.get(dataFiles[choice].dataset);
      session = {
        choice,
        config: started.config,
        base: started.base,
        stepsPerEpoch: started.stepsPerEpoch,
        reconstructed: started.reconstructed,
        classNames: started.classNames,
        set: setInfo && { ...setInfo, heldOut: started.heldOut },
        baseline: started.baseline,
        figures: null,
        figuresAt: 0,
        testLabels: data ? data.testLabels : null,
        testImages: data ? data.test : null,
        steps: 0,
        seconds: 0,
        epoch: 0,
        stepsPerSecond: 0,
        firstLoss: NaN,
        lastLoss: NaN,
        snapshotAt: -Infinity,
        snapshots: 0,
        kept: false,
      };
      session.augment = started.augment;
      describeAugment();
      lossChart.clear();
      klChart.clear();
      lossChart.epochs = klChart.epochs = session.config.epochs;
      paintOriginals();
      showCaptions();
      describeFiguresLine();
      await takeSnapshot();
      setPhase('running');
      running = loop();
    } catch (error) {
      session = null;
      setPhase('idle');
      progress.textContent = t('train.failed', { reason: error.message });
    }
  }

  /** The captions and keys that name the test images: MNIST's test digits, or the held-out examples. */
  function showCaptions() {
    const choice = session?.choice ?? dataChoice.value();
    const isSet = choice === 'own';
    const fashion = choice === 'fashion';
    mapHeading.dataset.text = isSet ? 'train.mapHeadingOwn' : fashion ? 'train.mapHeadingFashion' : 'train.mapHeading';
    reconCaption.dataset.text = isSet ? 'train.reconCaptionOwn' : fashion ? 'train.reconCaptionFashion' : 'train.reconCaption';
    curvesHelp.dataset.text = isSet ? 'train.curvesHelpOwn' : fashion ? 'train.curvesHelpFashion' : 'train.curvesHelp';
    for (const key of testKeys) key.dataset.text = isSet ? 'train.key.heldOut' : 'train.key.test';
    applyStrings(root);
    showLegend(session?.classNames ?? dataChoiceClassNames());
  }

  /** The class names before a run: the digits, Fashion-MNIST's, or the set's. */
  function dataChoiceClassNames() {
    const choice = dataChoice.value();
    return choice === 'own' ? own.set.classNames : choice === 'fashion' ? FASHION_CLASSES : Array.from({ length: 10 }, (_, d) => d);
  }

  /** How the training examples are augmented, once a run has started. */
  function describeAugment() {
    if (!session) return;
    augmentLine.textContent = session.augment > 0 ? t('train.augmented', { p: session.augment }) : session.set ? t('train.notAugmented') : '';
  }

  /** Asks for slices of steps until paused, reset or finished. */
  async function loop() {
    let slice = 5;
    try {
      while (phase === 'running' && !stopping) {
        const began = performance.now();
        const report = await client.call('step', { steps: slice });
        const took = performance.now() - began;
        if (!session) return;
        session.seconds += took / 1000;
        session.steps += report.losses.length;
        session.stepsPerSecond = report.losses.length / Math.max(took / 1000, 1e-6);
        slice = Math.max(1, Math.min(1000, Math.round((slice * SLICE_MS) / Math.max(took, 1))));
        for (const loss of report.losses) {
          lossChart.add('total', loss.epoch, loss.objective);
          lossChart.add('reconstruction', loss.epoch, loss.reconstruction);
          klChart.add('kl', loss.epoch, loss.kl);
          if (!Number.isFinite(session.firstLoss)) session.firstLoss = loss.objective;
        }
        const last = report.losses.at(-1);
        if (last) {
          session.lastLoss = last.objective;
          session.epoch = last.epoch;
        }
        for (const { train, test } of report.epochs) {
          lossChart.add('testTotal', train.epoch, test.total);
          lossChart.add('testReconstruction', train.epoch, test.reconstruction);
          klChart.add('testKl', train.epoch, test.kl);
        }
        if (report.finished) setPhase('finished');
        if (report.finished || session.steps - session.snapshotAt >= SNAPSHOT_STEPS) await takeSnapshot();
        if (session.set && (report.finished || (report.epochs.length > 0 && session.set.count <= FIGURES_EVERY_EPOCH))) await measureFigures();
        lossChart.draw();
        klChart.draw();
        describeProgress();
        if (report.finished) await keepTrained();
      }
    } catch (error) {
      showError(error);
      setPhase('paused');
    }
  }

  /** The set figures of the model as it is now (a session on a set). */
  async function measureFigures() {
    const figures = await client.call('figures');
    if (!session) return;
    session.figures = figures;
    session.figuresAt = session.steps;
    describeFiguresLine();
  }

  /** The test images' encodings, the reconstructions and the KL bars, as the model is now. */
  async function takeSnapshot() {
    const snapshot = await client.call('snapshot');
    if (!session) return;
    session.snapshotAt = session.steps;
    session.snapshots++;
    session.snapshot = snapshot;
    drawSnapshot();
  }

  function drawSnapshot() {
    const snapshot = session?.snapshot;
    if (!snapshot) return;
    const latentDim = session.config.latentDim;
    // For more than two dimensions, the two the model uses most.
    const dims = [...snapshot.klPerDimension.keys()].sort((a, b) => snapshot.klPerDimension[b] - snapshot.klPerDimension[a]).slice(0, 2).sort((a, b) => a - b);
    let extent;
    if (session.set && snapshot.setMap) {
      // The whole set, coloured by the person's labels; the held-out examples drawn hollow.
      const { indices, mu, logvar } = snapshot.setMap;
      const heldOut = new Set(session.set.heldOut);
      const unlabelled = session.set.classNames.length;
      const labels = Uint8Array.from(indices, (i) => (session.set.labels[i] === UNLABELLED ? unlabelled : session.set.labels[i]));
      extent = drawMap(mapCanvas, { mu, logvar, labels, latentDim, dims, colour: classColour, hollow: (k) => heldOut.has(indices[k]) });
      mapCaption.textContent = t(latentDim === 2 ? 'train.mapCaptionOwn' : 'train.mapCaptionOwnMany', {
        steps: session.steps,
        n: indices.length,
        extent: extent.toFixed(1),
        a: latentName(dims[0]),
        b: dims.length > 1 ? latentName(dims[1]) : '',
      });
    } else {
      extent = drawMap(mapCanvas, { mu: snapshot.mu, logvar: snapshot.logvar, labels: session.testLabels, latentDim, dims });
      mapCaption.textContent = t(latentDim === 2 ? 'train.mapCaption' : latentDim === 1 ? 'train.mapCaption1' : 'train.mapCaptionMany', {
        steps: session.steps,
        extent: extent.toFixed(1),
        a: latentName(dims[0]),
        b: dims.length > 1 ? latentName(dims[1]) : '',
      });
    }
    // Rows: up to ten originals, their reconstructions, the next originals, theirs.
    const count = session.reconstructed.length;
    // Rows of at most ten, as even as they can be (twelve held-out examples: two rows of six).
    const rows = Math.max(1, Math.ceil(count / 10));
    const columns = Math.max(1, Math.ceil(count / rows));
    const tiles = new Float32Array(2 * rows * columns * 784);
    for (let row = 0; row < rows; row++) {
      const from = row * columns;
      const to = Math.min(count, from + columns);
      tiles.set(session.originals.subarray(from * 784, to * 784), 2 * row * columns * 784);
      tiles.set(snapshot.reconstructions.subarray(from * 784, to * 784), (2 * row + 1) * columns * 784);
    }
    paintTiles(reconCanvas, tiles, 2 * rows * columns, columns, { gap: 2 });
    drawKlBars(barsCanvas, snapshot.klPerDimension, latentName);
    root.dataset.snapshots = String(session.snapshots);
  }

  function paintOriginals() {
    const originals = new Float32Array(session.reconstructed.length * 784);
    session.reconstructed.forEach((index, k) => {
      // With a set, the reconstructed rows are held-out examples: `index` counts those.
      const [images, at] = session.set ? [session.set.images, session.set.heldOut[index]] : [session.testImages, index];
      for (let i = 0; i < 784; i++) originals[k * 784 + i] = images[at * 784 + i] / 255;
    });
    session.originals = originals;
  }

  /** Stops the loop after its current slice (the worker finishes the steps it was sent). */
  async function stopLoop() {
    if (phase === 'running') {
      stopping = true;
      pause.disabled = true;
    }
    await running;
    running = null;
    stopping = false;
    if (phase === 'running') setPhase('paused');
  }

  // ---- the trained model ----

  /** The name a trained model takes: trained-2d (MNIST), fashion-trained-2d, or the set's name. */
  function trainedName() {
    const latent = session.config.latentDim;
    if (session.set) return `${slug(session.set.name)}-${latent}d`;
    return session.choice === 'fashion' ? `fashion-trained-${latent}d` : `trained-${latent}d`;
  }

  /** The model's file as it is now (the loop stopped first, unless it is the loop asking). */
  async function exportModel({ fromLoop = false } = {}) {
    if (!fromLoop) await stopLoop();
    return client.call('export', { name: trainedName(), seconds: session.seconds });
  }

  /** The images behind the map's dots of a model trained on the set (its atlas's choice). */
  function setTestImages() {
    return session.set ? atlasImages({ ...session.set, images: session.set.images }) : null;
  }

  /** A model name not yet in the engine's list. */
  function freshName(base) {
    let name = base;
    for (let n = 2; engine.entry(name); n++) name = `${base}-${n}`;
    return name;
  }

  /** The model kept in this browser from an earlier visit (shown until a new one is trained). */
  let kept = null;

  /** Keeps the trained model in this browser; says whether it could. */
  async function keepTrained(bytes = null) {
    if (!session) return;
    try {
      bytes ??= await exportModel({ fromLoop: true });
      const record = { name: trainedName(), bytes, dataset: session.set ? `set:${session.set.name}` : dataFiles[session.choice].dataset, testImages: setTestImages() };
      await keepModel(record);
      session.kept = true;
      kept = record;
      keptStatus.textContent = t('train.modelKept', { name: record.name, size: formatBytes(bytes.length) });
    } catch (error) {
      keptStatus.textContent = t(error.kind === 'quota' ? 'train.modelNotKeptFull' : 'train.modelNotKept', { reason: error.message });
    }
  }

  /** The model to use or download: the session's, or the one kept from before. */
  async function currentModel() {
    if (session && session.steps > 0) {
      const bytes = await exportModel();
      return { name: trainedName(), bytes, dataset: session.set ? `set:${session.set.name}` : null, testImages: setTestImages(), fresh: true };
    }
    if (kept) return { ...kept, fresh: false };
    throw new Error(t('train.nothingToUse'));
  }

  use.addEventListener('click', async () => {
    try {
      const model = await currentModel();
      if (model.testImages && model.dataset) engine.provideTestImages(model.dataset, model.testImages);
      let name = model.name;
      if (!model.fresh && engine.entry(name)) await openModel(name);
      else {
        name = freshName(model.name);
        await addModel(name, model.bytes);
      }
      modelStatus.textContent = t(model.testImages ? 'train.usedOwn' : 'train.used', { name });
      if (model.fresh) await keepTrained(model.bytes);
    } catch (error) {
      showError(error);
    }
  });

  download.addEventListener('click', async () => {
    try {
      const model = await currentModel();
      downloadBytes(model.bytes, `${model.name}.safetensors`);
      modelStatus.textContent = t('train.downloaded', { size: formatBytes(model.bytes.length) });
      if (model.fresh && !session.kept) await keepTrained(model.bytes);
    } catch (error) {
      showError(error);
    }
  });

  fileInput.addEventListener('change', async () => {
    const file = fileInput.files?.[0];
    fileInput.value = '';
    if (!file) return;
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const name = freshName(file.name.replace(/\.safetensors$/i, '').replace(/[^\w.-]+/g, '-').slice(0, 40) || 'loaded');
      await addModel(name, bytes);
      modelStatus.textContent = t('train.loaded', { name });
    } catch (error) {
      modelStatus.textContent = t('train.loadFailed', { reason: error.message });
    }
  });

  // ---- controls ----

  /** The data changed: the settings that suit it (if the person left them as they were), the cards, the size. */
  function dataChanged() {
    const choice = dataChoice.value();
    const [from, to] = choice === 'own' ? [DIGIT_DEFAULTS, OWN_DEFAULTS] : [OWN_DEFAULTS, DIGIT_DEFAULTS];
    for (const [name, value] of Object.entries(to)) if (inputs[name].value === from[name]) inputs[name].value = value;
    if (!fromTouched) fromChoice.set(choice === 'own' && engine.modelFiles.has('mnist-2d') ? 'mnist-2d' : 'scratch');
    if (!session) showCaptions();
    setPhase(phase);
  }
  for (const input of Object.values(dataChoice.inputs)) input.addEventListener('change', dataChanged);
  own.onChange(() => {
    if (phase === 'idle') setPhase('idle');
    if (!session && dataChoice.value() === 'own') showLegend(own.set.classNames);
  });

  start.addEventListener('click', () => startTraining());
  pause.addEventListener('click', async () => {
    if (phase === 'running') {
      await stopLoop();
      if (session?.set) await measureFigures().catch(showError);
    } else if (phase === 'paused') {
      setPhase('running');
      running = loop();
    }
  });
  reset.addEventListener('click', async () => {
    await stopLoop();
    session = null;
    await client?.call('reset');
    lossChart.clear();
    klChart.clear();
    lossChart.draw();
    klChart.draw();
    for (const c of [mapCanvas, reconCanvas, barsCanvas]) c.getContext('2d').clearRect(0, 0, c.width, c.height);
    mapCaption.textContent = '';
    modelStatus.textContent = '';
    describeFiguresLine();
    showCaptions();
    setPhase('idle');
  });

  document.addEventListener('languagechange', () => {
    fromChoice.relabel(t);
    own.languageChanged();
    setPhase(phase);
    describeFiguresLine();
    describeAugment();
    showCaptions();
    drawSnapshot();
    lossChart.draw();
    klChart.draw();
  });

  fromChoice.relabel(t);
  applyStrings(root);
  showCaptions();
  setPhase('idle');
  // The model kept from an earlier visit, ready to use or download until a new one is trained.
  keptModel().then((record) => {
    if (!record || session) return;
    kept = record;
    keptStatus.textContent = t('train.keptFromBefore', { name: record.name, when: new Date(record.savedAt).toLocaleString(document.documentElement.lang) });
    root.dataset.kept = record.name;
    setPhase(phase);
  });
  own.loaded.then(() => setPhase(phase));
  return {
    show() {
      lossChart.draw();
      klChart.draw();
      drawSnapshot();
    },
    hide() {},
  };
}
