// The page's wiring and state. Inputs (drawing, sliders, map, samples' controls) change the state
// and mark what must be redrawn; one animation frame then does the work, so a burst of events
// costs one encode or decode per frame. Errors from the module are shown, never thrown away.

import { loadEngine } from './engine.js';
import { t, applyStrings, formatNumber, formatVector, formatBytes, latentName } from './strings.js';
import { DrawPad } from './draw-pad.js';
import { LatentMap, renderLegend } from './latent-map.js';
import { LatentSliders } from './sliders.js';
import { SamplesPanel, SAMPLE_COUNT } from './samples.js';
import { LossPanel } from './loss-panel.js';
import { InterpolationPanel, INTERPOLATION_STEPS } from './interpolation.js';
import { renderModelPicker, selectModel, renderModelFacts } from './model-info.js';
import { readShared, sharedUrl, copyText, downloadPng } from './share.js';
import { paintDigit, paintBlank, paintTiles } from './pixels.js';
import { gridPoints, linePoints, project, dimensionsBySpread, fittingView } from './latent.js';

/** Side of the drawing's coordinate space, and the pen width in it (sent as is to the preprocessor). */
const PAD_SIZE = 280;
const LINE_WIDTH = 18;
/** The map's background is decoded on a BACKGROUND_GRID × BACKGROUND_GRID grid. */
const BACKGROUND_GRID = 20;
const DEFAULT_MODEL = 'mnist-2d';

const $ = (id) => document.getElementById(id);
const app = $('app');

const state = {
  engine: null,
  model: '',
  /** The drawing's preprocessing, code, reconstruction and loss: `{prep, mu, logvar, sigma, recon, loss}`, or null. */
  drawing: null,
  /** The latent point shown in "Decode any z", set by sliders, map, or the drawing's μ. */
  z: new Float32Array(2),
  /** The drawing's samples `{z, images}`, or null. */
  samples: null,
  /** The pinned drawing A: `{pixels, mu}`, or null. */
  pin: null,
  /** Interpolation points from A to B (INTERPOLATION_STEPS × latentDim), or null. */
  path: null,
  /** The two dimensions the map shows. */
  dims: [0, 1],
  /** What the map's background was decoded for (grid, dimensions, held values). */
  backgroundKey: '',
};

/** Parts of the page to redraw in the next animation frame, and that frame's id (0: none pending). */
const dirty = new Set();
let frame = 0;

/** Marks parts of the page for the next animation frame: drawing, z, samples, interpolation, background. */
function invalidate(...parts) {
  for (const part of parts) dirty.add(part);
  if (!frame && state.engine) frame = requestAnimationFrame(renderFrame);
}

// ---- the parts of the page -----------------------------------------------------------------------

const pad = new DrawPad($('pad'), { size: PAD_SIZE, lineWidth: LINE_WIDTH, onChange: () => invalidate('drawing') });

const map = new LatentMap($('map'), {
  onProbe(x, y) {
    state.z[state.dims[0]] = x;
    state.z[state.dims[1]] = y;
    invalidate('z');
  },
  onViewChange: () => invalidate('background'),
});

const sliders = new LatentSliders($('sliders'), {
  onInput(dimension, value) {
    state.z[dimension] = value;
    invalidate('z');
  },
});

const samples = new SamplesPanel(
  {
    canvas: $('samples'),
    seedInput: $('seed'),
    newSeedButton: $('new-seed'),
    temperatureInput: $('temperature'),
    temperatureOutput: $('temperature-value'),
  },
  { onChange: () => invalidate('samples'), newSeed: () => state.engine.randomSeed() },
);

const loss = new LossPanel({
  bernoulli: $('loss-bernoulli'),
  squared: $('loss-squared'),
  squaredLabel: $('loss-squared-label'),
  kl: $('loss-kl'),
  total: $('loss-total'),
  totalWhat: $('loss-total-what'),
  reconBadge: $('badge-recon'),
  squaredBadge: $('badge-squared'),
  bars: $('kl-bars'),
});

const interpolation = new InterpolationPanel(
  {
    pinButton: $('pin'),
    aCanvas: $('interp-a'),
    bCanvas: $('interp-b'),
    bSelect: $('interp-source'),
    rowCanvas: $('interp-row'),
    message: $('interp-message'),
  },
  {
    onPin() {
      if (!state.drawing) return;
      state.pin = { pixels: state.drawing.prep.pixels.slice(), mu: state.drawing.mu.slice() };
      invalidate('interpolation');
    },
    onSourceChange: () => invalidate('interpolation'),
    onPick(step) {
      if (!state.path) return;
      const latentDim = state.engine.latentDim;
      state.z = state.path.slice(step * latentDim, (step + 1) * latentDim);
      invalidate('z');
    },
  },
);

// ---- one frame of work -----------------------------------------------------------------------------

function renderFrame() {
  frame = 0;
  const parts = new Set(dirty);
  dirty.clear();
  try {
    if (parts.has('drawing')) {
      encodeDrawing();
      for (const part of ['z', 'samples', 'interpolation']) parts.add(part);
    }
    if (parts.has('samples')) showSamples();
    if (parts.has('interpolation')) showInterpolation();
    if (parts.has('z')) showDecodedZ();
    if (parts.has('background') || (parts.has('z') && state.engine.latentDim > 2)) scheduleBackground();
    showOverlay();
    map.drawNow();
    hideError();
  } catch (error) {
    showError(error);
  }
}

/** Preprocesses and encodes the drawing; sets z to its μ. */
function encodeDrawing() {
  const { engine } = state;
  const prep = engine.preprocess(pad.points(), PAD_SIZE, PAD_SIZE, LINE_WIDTH);
  pad.showCrop(prep);
  $('pad').setAttribute(
    'aria-label',
    pad.isEmpty ? t('draw.canvasLabel') : t('draw.canvasLabelStrokes', { n: pad.strokes.length }),
  );
  $('clipped').hidden = !(prep && prep.clippedInk > 0);
  app.dataset.empty = String(!prep);
  interpolation.setCanPin(Boolean(prep));
  $('zoom-drawing').disabled = !prep;
  if (!prep) {
    state.drawing = null;
    $('seen').setAttribute('aria-label', t('seen.labelEmpty'));
    $('recon').setAttribute('aria-label', t('recon.labelEmpty'));
    return;
  }
  const code = engine.encode(prep.pixels);
  state.drawing = { prep, ...code, recon: engine.decode(code.mu), loss: engine.lossTerms(prep.pixels) };
  paintDigit($('seen'), prep.pixels);
  paintDigit($('recon'), state.drawing.recon);
  $('seen').setAttribute('aria-label', t('seen.label'));
  $('recon').setAttribute('aria-label', t('recon.label'));
  loss.show(state.drawing.loss);
  $('code-readout').textContent =
    engine.latentDim <= 4
      ? t('code.readout', { mu: formatVector(code.mu), sigma: formatVector(code.sigma) })
      : t('code.readoutMany', { n: engine.latentDim });
  state.z = Float32Array.from(code.mu);
}

function showSamples() {
  const { drawing, engine } = state;
  if (!drawing) {
    state.samples = null;
    samples.showEmpty();
    return;
  }
  state.samples = engine.sample(drawing.mu, drawing.logvar, SAMPLE_COUNT, samples.seed, samples.temperature);
  samples.show(state.samples.images);
}

function showDecodedZ() {
  const { drawing, engine, z } = state;
  // At μ the decoded image is the reconstruction, already decoded this frame.
  const atMu = drawing !== null && z.every((v, j) => v === drawing.mu[j]);
  paintDigit($('decoded'), atMu ? drawing.recon : engine.decode(z));
  // Browsers round performance.now() to 0.1 ms or coarser.
  $('timing').textContent = t('probe.timing', { ms: engine.lastDecodeMs < 0.1 ? '< 0.1' : engine.lastDecodeMs.toFixed(1) });
  const [x, y] = state.dims;
  $('z-readout').textContent =
    engine.latentDim <= 4
      ? t('probe.zVector', { z: formatVector(z) })
      : t('probe.zPair', { x: latentName(x), vx: formatNumber(z[x]), y: latentName(y), vy: formatNumber(z[y]) });
  $('decoded').setAttribute('aria-label', t('probe.label', { z: formatVector(z) }));
  sliders.update(z, state.drawing?.mu ?? null, state.drawing?.sigma ?? null);
}

/** The end point B of the interpolation: the drawing's μ, or the μ of a test image of a class. */
function interpolationEnd() {
  const { drawing, engine } = state;
  const source = interpolation.bSource;
  if (source === 'drawing') return drawing ? { mu: drawing.mu, thumbnail: drawing.prep.pixels } : null;
  const atlas = engine.atlas;
  const index = atlas ? atlas.labels.indexOf(source) : -1;
  if (index < 0) return null;
  const mu = atlas.mu.slice(index * engine.latentDim, (index + 1) * engine.latentDim);
  return { mu, thumbnail: engine.decode(mu) };
}

function showInterpolation() {
  const { pin, engine } = state;
  const end = interpolationEnd();
  state.path = pin && end ? linePoints(pin.mu, end.mu, INTERPOLATION_STEPS) : null;
  interpolation.show({
    a: pin?.pixels ?? null,
    b: end?.thumbnail ?? null,
    row: state.path && engine.decodeBatch(state.path, INTERPOLATION_STEPS),
    hasPin: Boolean(pin),
  });
}

function showOverlay() {
  const { drawing, dims, engine, z } = state;
  const pick = (vector) => vector && [vector[dims[0]], vector[dims[1]]];
  map.setOverlay({
    mu: pick(drawing?.mu),
    sigma: pick(drawing?.sigma),
    samples: state.samples && project(state.samples.z, engine.latentDim, dims),
    probe: pick(z),
    path: state.path && project(state.path, engine.latentDim, dims),
  });
  const shown = [latentName(dims[0]), latentName(dims[1])];
  const what = drawing
    ? t('map.labelDrawing', { mu: formatVector(pick(drawing.mu)), sigma: formatVector(pick(drawing.sigma)) })
    : t('map.labelEmpty');
  $('map').setAttribute(
    'aria-label',
    `${t('map.label', { dims: shown.join(', '), what })} ${t('map.labelProbe', { z: formatVector(pick(z)) })}`,
  );
}

// ---- the map's background: decoded on a grid, only when the view (or, in 16-D, z) changes ---------

let backgroundTimer = 0;
const backgroundCanvas = document.createElement('canvas');

function scheduleBackground() {
  clearTimeout(backgroundTimer);
  backgroundTimer = setTimeout(() => {
    try {
      decodeBackground();
    } catch (error) {
      showError(error);
    }
  }, 120);
}

function decodeBackground() {
  const { engine, dims, z } = state;
  const { xs, ys, range } = map.grid(BACKGROUND_GRID);
  // In more than two dimensions the other dimensions are held at the current z.
  const base = engine.latentDim > 2 ? z : new Float32Array(engine.latentDim);
  // Decode again only if the grid or the held dimensions changed.
  const held = Array.from(base).filter((_, j) => !dims.includes(j));
  const key = [state.model, dims, xs[0], xs.at(-1), ys[0], ys.at(-1), held].join('|');
  if (key === state.backgroundKey) return;
  state.backgroundKey = key;
  const count = BACKGROUND_GRID * BACKGROUND_GRID;
  const images = engine.decodeBatch(gridPoints(xs, ys, base, dims), count);
  paintTiles(backgroundCanvas, images, count, BACKGROUND_GRID, { transparent: true });
  map.setBackground({ image: backgroundCanvas, x: range.x, y: range.y });
}

// ---- models ----------------------------------------------------------------------------------------

/**
 * Opens a model and rebuilds everything that depends on it; the drawing is kept and re-encoded.
 * @param {string} name
 * @param {number[] | null} [z] a latent point to show (from a shared link)
 */
function useModel(name, z = null) {
  const { engine } = state;
  engine.open(name);
  state.model = name;
  const { info, latentDim, atlas } = engine;
  selectModel($('model-options'), name);
  renderModelFacts($('model-facts'), info);
  const dataset = info.dataset === 'fashion-mnist' ? 'fashion-mnist' : 'mnist';
  $('model-hint').textContent = t(`model.hint.${dataset}`);
  const emptyText = t(dataset === 'fashion-mnist' ? 'draw.emptyFashion' : 'draw.empty');
  $('empty-title').textContent = emptyText;
  $('pad-placeholder').textContent = emptyText;

  const order = atlas ? dimensionsBySpread(atlas.mu, latentDim) : [...Array(latentDim).keys()];
  state.dims = latentDim > 2 ? [order[0], order[1]].sort((a, b) => a - b) : [0, 1];
  buildDimensionPickers(latentDim);
  showMapContent();
  renderLegend($('legend'), atlas?.classNames ?? info.classNames);

  sliders.build(latentDim);
  loss.setModel(info);
  interpolation.setClassNames(atlas?.classNames ?? info.classNames);
  state.z = z && z.length === latentDim ? Float32Array.from(z) : new Float32Array(latentDim);
  // A's μ belongs to the old model: encode the pinned drawing again.
  if (state.pin) state.pin.mu = engine.encode(state.pin.pixels).mu;
  state.backgroundKey = '';
  invalidate(pad.isEmpty ? 'z' : 'drawing', 'samples', 'interpolation', 'background');
}

function buildDimensionPickers(latentDim) {
  $('dims').hidden = latentDim <= 2;
  for (const [index, select] of [$('dim-x'), $('dim-y')].entries()) {
    select.replaceChildren(
      ...Array.from({ length: latentDim }, (_, j) => new Option(latentName(j), String(j))),
    );
    select.value = String(state.dims[index]);
  }
}

/** Axes, dots and caption of the map for the current model and dimensions. */
function showMapContent() {
  const { engine, dims } = state;
  const dots = engine.atlas && { points: project(engine.atlas.mu, engine.latentDim, dims), labels: engine.atlas.labels };
  map.setContent({ axisNames: dims.map((d) => latentName(d)), dots, home: fittingView(dots?.points ?? null) });
  $('map-caption').textContent =
    engine.latentDim > 2
      ? t('map.captionNd', { x: latentName(dims[0]), y: latentName(dims[1]), rest: engine.latentDim - 2 })
      : t('map.caption2d');
  state.backgroundKey = '';
}

function chooseDimension(axis, value) {
  const other = 1 - axis;
  if (value === state.dims[other]) state.dims[other] = state.dims[axis]; // picking the other axis' dimension swaps them
  state.dims[axis] = value;
  $('dim-x').value = String(state.dims[0]);
  $('dim-y').value = String(state.dims[1]);
  showMapContent();
  invalidate('z', 'background');
}

// ---- page-level controls -----------------------------------------------------------------------------

function wireControls() {
  $('undo').addEventListener('click', () => pad.undo());
  $('clear').addEventListener('click', () => pad.clear());
  document.addEventListener('keydown', (event) => {
    if (event.target.closest('input, select, textarea')) return;
    if ((event.ctrlKey || event.metaKey) && !event.shiftKey && event.key.toLowerCase() === 'z') {
      event.preventDefault();
      pad.undo();
    } else if ((event.key === 'Delete' || event.key === 'Escape') && !event.ctrlKey && !event.metaKey) {
      pad.clear();
    }
  });

  $('zoom-in').addEventListener('click', () => map.zoom(1.25));
  $('zoom-out').addEventListener('click', () => map.zoom(0.8));
  $('fit').addEventListener('click', () => map.fit());
  $('zoom-drawing').addEventListener('click', () => {
    const { drawing, dims } = state;
    if (!drawing) return;
    // Five times the 2σ ellipse's larger diameter: the ellipse and some neighbours stay in view.
    const spread = Math.max(drawing.sigma[dims[0]], drawing.sigma[dims[1]]);
    map.centreOn(drawing.mu[dims[0]], drawing.mu[dims[1]], Math.max(0.4, 20 * spread));
  });
  $('dim-x').addEventListener('change', (event) => chooseDimension(0, Number(event.target.value)));
  $('dim-y').addEventListener('change', (event) => chooseDimension(1, Number(event.target.value)));

  $('reset-z').addEventListener('click', () => {
    const { drawing, engine } = state;
    state.z = drawing ? Float32Array.from(drawing.mu) : new Float32Array(engine.latentDim);
    invalidate('z');
  });
  $('copy-link').addEventListener('click', copyLink);
  $('recon-png').addEventListener('click', () => downloadPng($('recon'), `${state.model}-${t('export.reconstruction')}.png`));
  $('samples-png').addEventListener('click', () => downloadPng($('samples'), `${state.model}-${t('export.samples')}-${samples.seed}.png`));
  $('decoded-png').addEventListener('click', () => downloadPng($('decoded'), `${state.model}-${t('export.decoded')}.png`));
  window.addEventListener('hashchange', () => restoreShared());
}

async function copyLink() {
  const url = sharedUrl(state.model, state.z);
  history.replaceState(null, '', url);
  const copied = await copyText(url);
  const field = $('share-link');
  field.hidden = copied;
  $('copy-status').textContent = copied ? t('probe.copied') : t('probe.copyManual');
  if (!copied) {
    field.value = url;
    field.select();
  }
}

/** Applies a shared link's model and z (if the fragment has any). */
function restoreShared() {
  const shared = readShared(window.location.hash);
  const known = state.engine.models.some((m) => m.name === shared.model);
  if (known && shared.model !== state.model) useModel(shared.model, shared.z);
  else if (shared.z && shared.z.length === state.engine.latentDim) {
    state.z = Float32Array.from(shared.z);
    invalidate('z');
  }
}

/** Shows an error from the module to the person (it stays until a later frame succeeds). */
function showError(error) {
  const alert = $('alert');
  alert.textContent = t('status.error', { reason: error?.message ?? String(error) });
  alert.hidden = false;
}

function hideError() {
  const alert = $('alert');
  if (!alert.hidden) alert.hidden = true;
}

// ---- start -------------------------------------------------------------------------------------------

async function start() {
  applyStrings(document);
  const status = $('status');
  let received = 0;
  try {
    state.engine = await loadEngine((bytes) => {
      received = bytes;
      status.textContent = t('status.downloading', { received: formatBytes(bytes) });
    });
  } catch (error) {
    app.dataset.state = 'failed';
    status.dataset.kind = 'failed';
    const key = { noWasm: 'status.noWasm', fetch: 'status.fetchFailed' }[error.kind] ?? 'status.startFailed';
    status.textContent = t(key, { reason: error.message });
    return;
  }
  const { engine } = state;
  status.textContent = t('status.ready', {
    size: formatBytes(received),
    count: engine.models.length,
    ms: Math.round(engine.loadMs),
  });
  renderModelPicker($('model-options'), engine.models, (name) => {
    try {
      useModel(name);
    } catch (error) {
      showError(error);
    }
  });
  $('model-picker').disabled = false;
  paintBlank($('seen'));
  paintBlank($('recon'));
  wireControls();
  try {
    const shared = readShared(window.location.hash);
    const known = engine.models.some((m) => m.name === shared.model);
    useModel(known ? shared.model : (engine.models.find((m) => m.name === DEFAULT_MODEL) ?? engine.models[0]).name, shared.z);
  } catch (error) {
    showError(error);
  }
  app.dataset.state = 'ready';
  // The moment a drawing can be encoded; the benchmark measures navigation → here.
  performance.mark('vae-ready');
  exposeStateForTests();
}

/** A small read-only view of the state, for the end-to-end tests. */
function exposeStateForTests() {
  const list = (vector) => (vector ? Array.from(vector) : null);
  window.vaePlayground = Object.freeze({
    state: () => ({
      model: state.model,
      latentDim: state.engine.latentDim,
      z: list(state.z),
      mu: list(state.drawing?.mu),
      sigma: list(state.drawing?.sigma),
      loss: state.drawing?.loss ?? null,
      seed: samples.seed,
      temperature: samples.temperature,
      empty: !state.drawing,
      strokes: pad.strokes.length,
      dims: [...state.dims],
      lastDecodeMs: state.engine.lastDecodeMs,
      map: { plot: map.plotRect(), ...map.visibleRange() },
      pending: frame !== 0,
    }),
  });
}

start();
