// The Train view: a VAE trained in the browser, in a Web Worker running the same Rust code as the
// native trainer, while the person watches: curves of the loss terms, the test digits' q(z|x)
// pulling apart on the map, reconstructions of fixed test digits improving, and the KL of each
// latent dimension. The trained model can be used by the rest of the page, downloaded as a
// safetensors file, and a saved file loaded back.
//
// The main thread only asks for steps and draws: the worker answers each `step` message after a
// slice of steps sized to take about SLICE_MS, so that Pause takes effect within that time and
// the page never waits on training.

import { loadStrings, applyStrings, t, formatBytes, latentName } from '../../i18n/i18n.js';
import { CLASS_COLOURS, paintTiles } from '../../ui/pixels.js';
import { TrainingClient, fetchBytes, hasRelaxedSimd } from './client.js';
import { buildSettings, readSettings, settingsForLink, settingsFromLink } from './settings.js';
import { registerLinkPart } from '../../state.js';
import { LineChart, drawMap, drawKlBars } from './charts.js';
import { element, text } from '../../ui/dom.js';

/** Wall-clock time one `step` message should take. */
const SLICE_MS = 120;
/** Steps between two snapshots (the map, the reconstructions, the KL bars). */
const SNAPSHOT_STEPS = 100;

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

/**
 * @param {{root: HTMLElement, engine: import('../../engine/engine.js').Engine,
 *          showError: (error: unknown) => void, addModel: (name: string, bytes: Uint8Array) => Promise<void>}} context
 */
export async function mount({ root, engine, showError, addModel }) {
  await loadStrings(['train']);
  const data = engine.trainingData.find((d) => d.dataset === 'mnist') ?? null;
  // The worker's faster module, fetched with the digits, where the browser can run it.
  const relaxed = data && engine.trainingModule && hasRelaxedSimd() ? engine.trainingModule : null;

  // ---- the view's elements ----
  const start = button('train.start');
  const pause = button('train.pause');
  const reset = button('train.reset');
  const size = element('p', 'train-size');
  const progress = element('p', 'train-progress');
  progress.setAttribute('aria-live', 'polite');
  const form = element('form', 'train-settings');
  const inputs = buildSettings(form);
  // A link keeps the settings (not a run in progress).
  registerLinkPart('train', {
    capture: () => ({ train: settingsForLink(inputs) }),
    restore(params, problems) {
      const text = params.get('train');
      if (text !== null && !settingsFromLink(inputs, text)) problems.push({ key: 'train', value: text.slice(0, 40) });
    },
  });
  form.addEventListener('submit', (event) => event.preventDefault());

  const lossCanvas = canvas('train-chart', 'train.lossChartLabel');
  const klCanvas = canvas('train-chart', 'train.klChartLabel');
  const mapCanvas = canvas('train-map', 'train.mapLabel');
  const reconCanvas = canvas('train-recons', 'train.reconLabel');
  const barsCanvas = canvas('train-bars', 'train.barsLabel');
  const mapCaption = element('p', 'caption');
  const legend = element('div', 'legend');
  for (const [digit, colour] of CLASS_COLOURS.entries()) {
    const swatch = element('span', 'swatch');
    swatch.style.background = colour;
    legend.append(element('span', 'key-entry', swatch, String(digit)));
  }

  const use = button('train.use');
  const download = button('train.download');
  const fileInput = Object.assign(element('input'), { type: 'file', accept: '.safetensors', id: 'train-file', hidden: true });
  const load = button('train.load');
  load.addEventListener('click', () => fileInput.click());
  const modelStatus = element('p', 'train-model-status');
  modelStatus.setAttribute('aria-live', 'polite');

  root.append(
    element(
      'div',
      'layout train-layout',
      element(
        'section',
        'card train-intro',
        text('h2', '', 'train.heading'),
        text('p', 'lede', 'train.lede'),
        size,
        element('div', 'controls', start, pause, reset),
        progress,
      ),
      element('section', 'card train-settings-card', text('h3', 'sub-heading', 'train.settingsHeading'), form, text('p', 'help', 'train.settingsHelp')),
      element(
        'section',
        'card train-curves',
        text('h3', 'sub-heading', 'train.curvesHeading'),
        lossCanvas,
        element('div', 'legend', legendEntry(COLOURS.total, 'train.key.total'), legendEntry(COLOURS.reconstruction, 'train.key.reconstruction'), legendEntry(COLOURS.testTotal, 'train.key.test', true)),
        klCanvas,
        element('div', 'legend', legendEntry(COLOURS.kl, 'train.key.kl'), legendEntry(COLOURS.testKl, 'train.key.test', true)),
        text('p', 'help', 'train.curvesHelp'),
      ),
      element('section', 'card train-map-card', text('h3', 'sub-heading', 'train.mapHeading'), mapCanvas, legend, mapCaption),
      element('section', 'card train-recons-card', text('h3', 'sub-heading', 'train.reconHeading'), reconCanvas, text('p', 'caption', 'train.reconCaption')),
      element('section', 'card train-bars-card', text('h3', 'sub-heading', 'train.barsHeading'), barsCanvas, text('p', 'caption', 'train.barsCaption')),
      element('section', 'card train-model-card', text('h3', 'sub-heading', 'train.modelHeading'), element('div', 'controls', use, download, load, fileInput), modelStatus),
    ),
  );
  applyStrings(root);

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
  let digits = null; // {train: Uint8Array, test: Uint8Array}
  let trainingModule = null; // the worker's compiled module, the relaxed build or the page's
  let session = null; // {config, stepsPerEpoch, reconstructed, steps, seconds, epoch, stepsPerSecond, lastLoss, firstLoss, snapshot}
  let running = null; // the loop's promise while it runs
  let stopping = false; // Pause asked the loop to stop after its current slice

  function setPhase(next) {
    phase = next;
    root.dataset.phase = next;
    start.disabled = next !== 'idle';
    pause.disabled = !['running', 'paused'].includes(next);
    pause.dataset.text = next === 'paused' ? 'train.resume' : 'train.pause';
    pause.textContent = t(pause.dataset.text);
    reset.disabled = ['idle', 'loading'].includes(next);
    use.disabled = download.disabled = !session || session.steps === 0 || next === 'running';
    for (const input of Object.values(inputs)) input.disabled = next !== 'idle' || (input === inputs.sigma && inputs.likelihood.value !== 'gaussian');
    describeProgress();
  }

  function describeSize() {
    if (!data) {
      size.textContent = t('train.noData');
      return;
    }
    const files = [data.train, data.test, ...(relaxed ? [relaxed] : [])];
    const bytes = files.reduce((sum, file) => sum + file.bytes, 0);
    const gzip = files.reduce((sum, file) => sum + (file.gzipBytes ?? file.bytes), 0);
    const [train, test] = [data.train.count.toLocaleString('en'), data.test.count.toLocaleString('en')];
    const key = relaxed ? 'train.dataAndModuleSize' : 'train.dataSize';
    size.textContent = digits ? t('train.dataReady', { train, test }) : t(key, { train, test, size: formatBytes(bytes), gzip: formatBytes(gzip) });
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

  async function ensureDigits() {
    if (digits) return digits;
    if (!data) throw new Error(t('train.noData'));
    const base = new URL('../../../pkg/', import.meta.url);
    const files = [
      { url: new URL(data.train.file, base), bytes: data.train.bytes },
      { url: new URL(data.test.file, base), bytes: data.test.bytes },
      ...(relaxed ? [{ url: new URL(relaxed.url), bytes: relaxed.bytes }] : []),
    ];
    const total = files.reduce((sum, file) => sum + file.bytes, 0);
    const received = files.map(() => 0);
    const report = () => {
      progress.textContent = t('train.downloading', { received: formatBytes(received.reduce((a, b) => a + b, 0)), total: formatBytes(total) });
    };
    const [train, test, moduleBytes] = await Promise.all(
      files.map((file, i) =>
        fetchBytes(file.url, file.bytes, (n) => {
          received[i] = n;
          report();
        }),
      ),
    );
    // The relaxed build if it compiles here, else the page's own module.
    trainingModule = moduleBytes ? await WebAssembly.compile(moduleBytes).catch(() => engine.module) : engine.module;
    digits = { train, test, testLabels: test.subarray(data.test.count * 784) };
    describeSize();
    return digits;
  }

  async function startTraining() {
    const config = readSettings(inputs);
    setPhase('loading');
    try {
      const { train, test } = await ensureDigits();
      client ??= await TrainingClient.start(trainingModule);
      // Copies, handed over (not cloned) to the worker: the page keeps its own for the originals.
      const [trainCopy, testCopy] = [train.slice(), test.slice()];
      const started = await client.call('start', { config, train: trainCopy, test: testCopy }, [trainCopy.buffer, testCopy.buffer]);
      session = {
        config,
        stepsPerEpoch: started.stepsPerEpoch,
        reconstructed: started.reconstructed,
        steps: 0,
        seconds: 0,
        epoch: 0,
        stepsPerSecond: 0,
        firstLoss: NaN,
        lastLoss: NaN,
        snapshotAt: -Infinity,
        snapshots: 0,
      };
      lossChart.clear();
      klChart.clear();
      lossChart.epochs = klChart.epochs = config.epochs;
      paintOriginals();
      await takeSnapshot();
      setPhase('running');
      running = loop();
    } catch (error) {
      session = null;
      setPhase('idle');
      progress.textContent = t('train.failed', { reason: error.message });
    }
  }

  /** Asks for slices of steps until paused, reset or finished. */
  async function loop() {
    let slice = 5;
    try {
      while (phase === 'running' && !stopping) {
        const started = performance.now();
        const report = await client.call('step', { steps: slice });
        const took = performance.now() - started;
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
        lossChart.draw();
        klChart.draw();
        describeProgress();
      }
    } catch (error) {
      showError(error);
      setPhase('paused');
    }
  }

  /** The test digits' encodings, the reconstructions and the KL bars, as the model is now. */
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
    const extent = drawMap(mapCanvas, { mu: snapshot.mu, logvar: snapshot.logvar, labels: digits.testLabels, latentDim, dims });
    mapCaption.textContent = t(latentDim === 2 ? 'train.mapCaption' : latentDim === 1 ? 'train.mapCaption1' : 'train.mapCaptionMany', {
      steps: session.steps,
      extent: extent.toFixed(1),
      a: latentName(dims[0]),
      b: dims.length > 1 ? latentName(dims[1]) : '',
    });
    const count = session.reconstructed.length;
    const tiles = new Float32Array(2 * count * 784);
    const half = count / 2;
    // Rows: originals, their reconstructions, the next originals, theirs.
    for (let row = 0; row < 2; row++) {
      tiles.set(session.originals.subarray(row * half * 784, (row + 1) * half * 784), 2 * row * half * 784);
      tiles.set(snapshot.reconstructions.subarray(row * half * 784, (row + 1) * half * 784), (2 * row + 1) * half * 784);
    }
    paintTiles(reconCanvas, tiles, 2 * count, half, { gap: 2 });
    drawKlBars(barsCanvas, snapshot.klPerDimension, latentName);
    root.dataset.snapshots = String(session.snapshots);
  }

  function paintOriginals() {
    const originals = new Float32Array(session.reconstructed.length * 784);
    session.reconstructed.forEach((index, k) => {
      for (let i = 0; i < 784; i++) originals[k * 784 + i] = digits.test[index * 784 + i] / 255;
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

  async function exportModel() {
    await stopLoop();
    const latent = session.config.latentDim;
    return client.call('export', { name: `trained-${latent}d`, seconds: session.seconds });
  }

  /** A model name not yet in the engine's list. */
  function freshName(base) {
    let name = base;
    for (let n = 2; engine.entry(name); n++) name = `${base}-${n}`;
    return name;
  }

  use.addEventListener('click', async () => {
    try {
      const bytes = await exportModel();
      const name = freshName(`trained-${session.config.latentDim}d`);
      await addModel(name, bytes);
      modelStatus.textContent = t('train.used', { name });
    } catch (error) {
      showError(error);
    }
  });

  download.addEventListener('click', async () => {
    try {
      const bytes = await exportModel();
      const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
      const link = Object.assign(document.createElement('a'), { href: url, download: `trained-${session.config.latentDim}d.safetensors` });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      modelStatus.textContent = t('train.downloaded', { size: formatBytes(bytes.length) });
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

  start.addEventListener('click', () => startTraining());
  pause.addEventListener('click', async () => {
    if (phase === 'running') {
      await stopLoop();
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
    setPhase('idle');
  });

  document.addEventListener('languagechange', () => {
    describeSize();
    setPhase(phase);
    drawSnapshot();
    lossChart.draw();
    klChart.draw();
  });

  describeSize();
  setPhase('idle');
  return {
    show() {
      lossChart.draw();
      klChart.draw();
      drawSnapshot();
    },
    hide() {},
  };
}
