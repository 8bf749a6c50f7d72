// The playground view: draw, see what the model sees and its reconstruction, the latent map, decode
// any z, samples, the loss, interpolation, and the facts of the model. Inputs (drawing, sliders,
// map, samples' controls) change this view's state and mark what must be redrawn; one animation
// frame then does the work, so a burst of events costs one encode or decode per frame. Errors from
// the module are shown, never thrown away.

import { t, formatVector, formatNumber, formatBytes, latentName } from '../../i18n/i18n.js';
import { fillText } from '../../maths/render.js';
import { update as updateApp, linkTo, registerLinkPart } from '../../state.js';
import { DrawPad } from '../../ui/draw-pad.js';
import { LatentMap, renderLegend } from '../../ui/latent-map.js';
import { paintDigit, paintBlank, paintTiles, meanAbsoluteDifference } from '../../ui/pixels.js';
import { gridPoints, linePoints, project, dimensionsBySpread, fittingView, farthestDistance } from '../../ui/latent.js';
import { copyText, downloadPng } from '../../ui/export.js';
import { writeAttribute, writeText } from '../../ui/dom.js';
import { PosteriorInset, INSET_BACKGROUND } from '../../ui/posterior-inset.js';
import { MiniMap } from '../../ui/mini-map.js';
import { LatentSliders } from './sliders.js';
import { SamplesPanel, SAMPLE_COUNT } from './samples.js';
import { LossPanel } from './loss-panel.js';
import { InterpolationPanel, INTERPOLATION_STEPS } from './interpolation.js';
import { renderModelFacts } from './model-info.js';
import { explainMaths } from './glossary.js';
import { TrainingCurves } from './training-curves.js';
import { playgroundLinkPart } from './link.js';

/** Side of the drawing's coordinate space, and the pen width in it (sent as is to the preprocessor). */
const PAD_SIZE = 280;
const LINE_WIDTH = 18;
/** The map's background is decoded on a BACKGROUND_GRID × BACKGROUND_GRID grid. */
const BACKGROUND_GRID = 20;

/**
 * Mounts the playground on the page's elements (they are in index.html) and returns its handle.
 * @param {{engine: import('../../engine/engine.js').Engine,
 *          showError: (error: unknown) => void, hideError: () => void}} context
 */
export function mountPlayground({ engine, showError, hideError }) {
  const $ = (id) => document.getElementById(id);
  const root = $('view-play');

  const view = {
    /** @type {import('../../engine/engine.js').Model | null} */
    model: null,
    /** The drawing's preprocessing, code, reconstruction and loss: `{prep, mu, logvar, sigma, recon, loss}`, or null. */
    drawing: null,
    /** Whether the drawing is too small to be a digit (a tap, a dot): the page asks for a larger one. */
    tooSmall: false,
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
    /** The test digit under the mouse or tapped on the map (index into the atlas), or −1. */
    activeDot: -1,
    /** What the inset's background was decoded for. */
    insetKey: '',
    /** A test digit given as input instead of a drawing: `{index, pixels}`, or null. */
    testInput: null,
    /** The open model's dataset's test images (engine.js TestImages), once fetched. */
    testImages: null,
  };

  /**
   * The samples' and the interpolation strip's images, written in place at each redraw (`view.samples.images`
   * is the first): decoding into a kept array allocates nothing per frame.
   */
  const sampleImages = new Float32Array(SAMPLE_COUNT * 784); // (SAMPLE_COUNT, 784)
  const interpolationImages = new Float32Array(INTERPOLATION_STEPS * 784); // (INTERPOLATION_STEPS, 784)

  /** Parts of the view to redraw in the next animation frame, and that frame's id (0: none pending). */
  const dirty = new Set();
  let frame = 0;
  /** Abandons the inset's background decode in progress when μ or σ moves on. */
  let insetAbort = null;

  /** Parts that follow the pen less often than every frame while a stroke is drawn (see renderFrame). */
  const WHILE_DRAWING = ['sliders', 'loss', 'samples', 'interpolation', 'inset'];

  /** Marks parts for the next animation frame: drawing, z, sliders, loss, samples, interpolation, inset, background. */
  function invalidate(...parts) {
    for (const part of parts) dirty.add(part);
    if (!frame && view.model) frame = requestAnimationFrame(renderFrame);
  }

  // ---- the parts of the view -----------------------------------------------------------------------

  const pad = new DrawPad($('pad'), {
    size: PAD_SIZE,
    lineWidth: LINE_WIDTH,
    onChange() {
      // A stroke replaces a test digit given as input.
      if (view.testInput && !pad.image) showTestInput(null);
      invalidate('drawing');
    },
    // What waited while the pen moved (the loss, the samples, the inset, the strip) follows it up.
    onStrokeEnd: () => invalidate(...WHILE_DRAWING),
  });

  const map = new LatentMap($('map'), {
    limit: engine.latentLimit,
    onProbe(x, y) {
      view.z[view.dims[0]] = x;
      view.z[view.dims[1]] = y;
      invalidate('z');
    },
    onViewChange: () => invalidate('background'),
    onDot(index) {
      view.activeDot = index;
      invalidate('inset');
    },
    onTouchActive(active) {
      $('map-touch-hint').hidden = active || !coarsePointer.matches;
    },
  });
  const coarsePointer = window.matchMedia('(pointer: coarse)');
  $('map-touch-hint').hidden = !coarsePointer.matches;
  const miniMap = new MiniMap($('mini-map'));

  const inset = new PosteriorInset($('inset'), {
    readout: $('inset-readout'),
    decode: (point) => view.model.decode(fullPoint(point)),
    onPick(x, y) {
      view.z = Float32Array.from(fullPoint([x, y]));
      invalidate('z');
    },
    describe(x, y) {
      const posterior = insetPosterior();
      const distance = posterior
        ? Math.hypot((x - posterior.mu[0]) / posterior.sigma[0], (y - posterior.mu[1]) / posterior.sigma[1])
        : 0;
      return t('inset.cursor', { z: formatVector([x, y], 3), distance: formatNumber(distance, 1) });
    },
  });

  $('all-circles').addEventListener('change', () => showCircles());

  const sliders = new LatentSliders($('sliders'), {
    onInput(dimension, value) {
      view.z[dimension] = value;
      invalidate('z');
    },
  });

  const samples = new SamplesPanel(
    {
      grid: $('sample-grid'),
      sourceGroup: $('sample-source'),
      formula: $('samples-formula'),
      why: $('samples-why'),
      detail: $('sample-detail'),
      seedInput: $('seed'),
      seedMessage: $('seed-message'),
      newSeedButton: $('new-seed'),
      temperatureInput: $('temperature'),
      temperatureOutput: $('temperature-value'),
      radiusControl: $('radius-control'),
      radiusInput: $('radius'),
      radiusOutput: $('radius-value'),
    },
    {
      onChange: () => invalidate('samples'),
      newSeed: () => engine.randomSeed(),
      onPick(index) {
        if (!view.samples) return;
        const latentDim = view.model.latentDim;
        view.z = view.samples.z.slice(index * latentDim, (index + 1) * latentDim);
        invalidate('z');
      },
    },
  );

  const curves = new TrainingCurves({ details: $('model-curves'), canvas: $('model-curves-canvas'), status: $('model-curves-status') });
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
      row: $('interp-row'),
      message: $('interp-message'),
    },
    {
      onPin() {
        if (!view.drawing) return;
        // Where A came from, so that a link can bring it back: a test digit, or the strokes.
        const origin = view.testInput ? { test: view.testInput.index } : { strokes: pad.strokes.map((s) => s.slice()) };
        view.pin = { pixels: view.drawing.prep.pixels.slice(), mu: view.drawing.mu.slice(), ...origin };
        invalidate('interpolation');
      },
      onSourceChange: () => invalidate('interpolation'),
      onPick(step) {
        if (!view.path) return;
        const latentDim = view.model.latentDim;
        view.z = view.path.slice(step * latentDim, (step + 1) * latentDim);
        invalidate('z');
      },
    },
  );

  // ---- one frame of work ---------------------------------------------------------------------------

  /** Milliseconds the last frame's work took (the end-to-end tests read it). */
  let lastFrameMs = 0;

  /**
   * How long the drawing's last preprocess-and-encode took, and when it started. A drawing's
   * preprocessing grows with its points: for a very long one (tens of thousands of points) the
   * encode would take every frame, so past a few thousand points it is redone at most once per
   * four times its cost (the reconstruction then follows the pen a few times a second) and the
   * frames in between only paint.
   */
  let encodeCost = { ms: 0, at: 0 };
  let encodeTimer = 0;
  const ENCODE_BUDGET_MS = 8;
  /** Drawings with more points than this may be re-encoded less often than every frame. */
  const LONG_DRAWING_POINTS = 5000;

  /** Whether the drawing may be encoded in this frame; if not, a later frame is asked for. */
  function encodeDue() {
    clearTimeout(encodeTimer);
    encodeTimer = 0;
    const wait = 4 * encodeCost.ms - (performance.now() - encodeCost.at);
    const long = !view.testInput && pad.pointCount > LONG_DRAWING_POINTS;
    if (!long || encodeCost.ms <= ENCODE_BUDGET_MS || wait <= 0) return true;
    encodeTimer = setTimeout(() => {
      encodeTimer = 0;
      invalidate('drawing');
    }, wait);
    return false;
  }

  /** Milliseconds of a frame's work after which the inset, samples and interpolation wait a frame. */
  const FRAME_BUDGET_MS = 12;
  /**
   * The parts that, while a stroke is being drawn, are shown one per frame at most and each at
   * most every SLOW_PART_MS: the reconstruction and the map follow the pen in every frame, and a
   * frame that also redid the loss's 16 decodes, the samples, the inset and the strip, and laid out
   * all their text and canvases, lasted over 100 ms on a CPU slowed 4× (a phone). All follow at
   * the stroke's end.
   */
  const SLOW_PART_MS = 150;
  /** When each slow part was last shown (performance.now()). */
  const shownAt = new Map();
  /** The parts the last frame left to this one. */
  let deferred = new Set();

  function renderFrame() {
    frame = 0;
    const started = performance.now();
    const parts = new Set(dirty);
    dirty.clear();
    try {
      if (parts.has('drawing') && encodeDue()) {
        const encodeStarted = performance.now();
        const encoded = encodeDrawing();
        encodeCost = { ms: performance.now() - encodeStarted, at: encodeStarted };
        if (!encoded) {
          // The results were only given their places: everything else comes in the next frame.
          for (const part of parts) invalidate(part);
          lastFrameMs = performance.now() - started;
          return;
        }
        for (const part of ['z', 'loss', 'samples', 'interpolation']) parts.add(part);
      }
      // What follows the pen first: the decoded z and the map. The inset, the samples and the
      // interpolation strip follow in the same frame when it has time left, else in the next one, so
      // that a frame that also lays out the page (the first stroke shows every result) stays short.
      if (parts.has('z')) showDecodedZ();
      if (parts.has('background') || (parts.has('z') && view.model.latentDim > 2)) scheduleBackground();
      showOverlay();
      map.drawNow();
      // (The inset comes last: it marks the samples.)
      const later = [];
      if (parts.has('z') || parts.has('sliders')) later.push(['sliders', showSliders]);
      if (parts.has('loss')) later.push(['loss', showLoss]);
      if (parts.has('samples') || (parts.has('z') && samples.source === 'point')) later.push(['samples', showSamples]);
      if (parts.has('interpolation')) later.push(['interpolation', showInterpolation]);
      later.push(['inset', showInset]);
      // A part waits one frame at most: on a slow machine every frame may be over budget.
      const waited = deferred;
      deferred = new Set();
      let overlayChanged = false;
      let slowShown = false;
      for (const [part, show] of later) {
        if (pad.drawing && WHILE_DRAWING.includes(part)) {
          // While the pen moves: one slow part a frame, each at most every SLOW_PART_MS.
          if (slowShown || performance.now() - (shownAt.get(part) ?? -Infinity) < SLOW_PART_MS) {
            invalidate(part);
            continue;
          }
          slowShown = true;
        } else if (performance.now() - started > FRAME_BUDGET_MS && !waited.has(part)) {
          deferred.add(part);
          invalidate(part);
          continue;
        }
        show();
        shownAt.set(part, performance.now());
        overlayChanged ||= part === 'samples' || part === 'interpolation';
      }
      // The samples and the interpolation path are on the map too: shown after it, they redraw it.
      if (overlayChanged) {
        showOverlay();
        map.drawNow();
      }
      hideError();
    } catch (error) {
      showError(error);
    }
    lastFrameMs = performance.now() - started;
  }

  /**
   * Preprocesses and encodes the drawing (or the test digit given as input); sets z to its μ.
   * Returns false when it only showed the places of the results (the first frame with a drawing).
   */
  function encodeDrawing() {
    const { model } = view;
    const { prep, tooSmall } = view.testInput
      ? { prep: { pixels: view.testInput.pixels }, tooSmall: false }
      : engine.preprocess(pad.points(), PAD_SIZE, PAD_SIZE, LINE_WIDTH);
    if (tooSmall !== view.tooSmall) {
      view.tooSmall = tooSmall;
      showEmptyText();
    }
    pad.showCrop(view.testInput ? null : prep);
    $('pad').setAttribute(
      'aria-label',
      pad.isEmpty ? t('draw.canvasLabel') : t('draw.canvasLabelStrokes', { n: pad.strokes.length }),
    );
    // Ink that leaves the pad is lost to the model; ink the centring crops is not the person's doing.
    const runsOff = Boolean(prep && pad.runsOff());
    // Written only when it changes: a write restyles the element even with the same value.
    if ($('clipped').hidden === runsOff) $('clipped').hidden = !runsOff;
    const revealing = Boolean(prep) && root.dataset.empty === 'true';
    // Written only when it changes: every element of the view is styled by it.
    if (root.dataset.empty !== String(!prep)) root.dataset.empty = String(!prep);
    interpolation.setCanPin(Boolean(prep));
    $('zoom-drawing').disabled = !prep;
    if (!prep) {
      view.drawing = null;
      miniMap.setMark(null, null);
      updateApp({ input: null });
      $('seen').setAttribute('aria-label', t('seen.labelEmpty'));
      $('recon').setAttribute('aria-label', t('recon.labelEmpty'));
      return true;
    }
    if (revealing) {
      // Showing the results' places lays out the whole page; filling them is left to the next
      // frame, so that neither frame is long (16-D on a slow machine).
      paintDigit($('seen'), prep.pixels);
      return false;
    }
    const code = model.encode(prep.pixels);
    // The loss (16 decodes of z drawn from q(z|x)) is its own part of the frame (`showLoss`).
    view.drawing = { prep, ...code, recon: model.decode(code.mu), loss: view.drawing?.loss ?? null };
    updateApp({
      input: view.testInput
        ? { pixels: prep.pixels, source: 'test', index: view.testInput.index, label: view.testImages.labels[view.testInput.index] }
        : { pixels: prep.pixels, source: 'drawing' },
    });
    paintDigit($('seen'), prep.pixels);
    paintDigit($('recon'), view.drawing.recon);
    writeAttribute($('seen'), 'aria-label', t('seen.label'));
    writeAttribute($('recon'), 'aria-label', t('recon.label'));
    writeText(
      $('code-readout'),
      model.latentDim <= 4
        ? t('code.readout', { mu: formatVector(code.mu), sigma: formatVector(code.sigma) })
        : t('code.readoutMany', { n: model.latentDim }),
    );
    view.z = Float32Array.from(code.mu);
    const [x, y] = view.dims;
    miniMap.setMark([code.mu[x], code.mu[y]], [code.sigma[x], code.sigma[y]]);
    return true;
  }

  /**
   * Samples from the chosen source: the drawing's q(z|x), the prior, or a ball of radius r around
   * the decoded z. Returns false when the source has nothing to sample (no drawing).
   */
  /** The loss terms of the drawing (or the test digit given as input). */
  function showLoss() {
    if (!view.drawing) return;
    view.drawing.loss = view.model.lossTerms(view.drawing.prep.pixels);
    loss.show(view.drawing.loss);
  }

  function showSamples() {
    const { drawing, model } = view;
    const latentDim = model.latentDim;
    const source = samples.source;
    if (source === 'posterior' && !drawing) {
      view.samples = null;
      samples.showEmpty();
      return;
    }
    // The centre c and log σ² of the Gaussian the samples come from; the centre's image.
    const zero = new Float32Array(latentDim);
    const centre = source === 'posterior' ? drawing.mu : source === 'prior' ? zero : Float32Array.from(view.z);
    const logvar =
      source === 'posterior' ? drawing.logvar : zero.map(() => (source === 'prior' ? 0 : 2 * Math.log(samples.radius)));
    try {
      view.samples = model.sample(centre, logvar, SAMPLE_COUNT, samples.seed, samples.temperature, sampleImages);
    } catch (error) {
      // T·σ·ε can carry z beyond the range every call accepts: the module refuses, and says why.
      if (!/latent range/.test(error.message)) throw error;
      view.samples = null;
      samples.showOutOfRange(engine.latentLimit);
      return;
    }
    const centreImage = source === 'posterior' ? drawing.recon : model.decode(centre);
    samples.show(view.samples, {
      centre,
      spread: source === 'posterior' ? drawing.sigma : null,
      latentDim,
      reach: farthestDistance(view.samples.z, centre, latentDim),
      change: meanAbsoluteDifference(view.samples.images, centreImage),
      point: model.info.kind === 'autoencoder',
      pointSigma: drawing?.sigma ?? null,
      centreImage,
      dataset: model.info.dataset,
      classNames: model.atlas?.classNames ?? null,
    });
  }

  function showDecodedZ() {
    const { drawing, model, z } = view;
    // At μ the decoded image is the reconstruction, already decoded this frame.
    const atMu = drawing !== null && z.every((v, j) => v === drawing.mu[j]);
    const image = atMu ? drawing.recon : model.decode(z);
    paintDigit($('decoded'), image);
    paintDigit($('map-decoded'), image);
    // Browsers round performance.now() to 0.1 ms or coarser.
    writeText($('timing'), t('probe.timing', {
      ms: model.lastDecodeMs < 0.1 ? '< 0.1' : model.lastDecodeMs.toFixed(1),
    }));
    const [x, y] = view.dims;
    writeText(
      $('z-readout'),
      model.latentDim <= 4
        ? t('probe.zVector', { z: formatVector(z) })
        : t('probe.zPair', { x: latentName(x), vx: formatNumber(z[x]), y: latentName(y), vy: formatNumber(z[y]) }),
    );
    writeAttribute($('decoded'), 'aria-label', t('probe.label', { z: formatVector(z) }));
  }

  /** The sliders at z, with the drawing's μ ± σ marked (16 range inputs restyled: on 16-D a fifth
   * of a frame's style and layout, so while the pen moves they follow it like the loss does). */
  function showSliders() {
    const { drawing, z } = view;
    sliders.update(z, drawing?.mu ?? null, drawing?.sigma ?? null);
  }

  /** The end point B of the interpolation: the drawing's μ, or the μ of a test image of a class. */
  function interpolationEnd() {
    const { drawing, model } = view;
    const source = interpolation.bSource;
    if (source === 'drawing') return drawing ? { mu: drawing.mu, thumbnail: drawing.prep.pixels } : null;
    const atlas = model.atlas;
    const index = atlas ? atlas.labels.indexOf(source) : -1;
    if (index < 0) return null;
    const mu = atlas.mu.slice(index * model.latentDim, (index + 1) * model.latentDim);
    return { mu, thumbnail: model.decode(mu) };
  }

  function showInterpolation() {
    const { pin, model } = view;
    const end = interpolationEnd();
    view.path = pin && end ? linePoints(pin.mu, end.mu, INTERPOLATION_STEPS) : null;
    interpolation.show({
      a: pin?.pixels ?? null,
      b: end?.thumbnail ?? null,
      row: view.path && model.decodeBatch(view.path, INTERPOLATION_STEPS, interpolationImages),
      hasPin: Boolean(pin),
    });
  }

  /** The open model is a plain autoencoder: its code is a point, with no σ to draw. */
  function isPoint() {
    return view.model?.info.kind === 'autoencoder';
  }

  function showOverlay() {
    const { drawing, dims, model, z } = view;
    const pick = (vector) => vector && [vector[dims[0]], vector[dims[1]]];
    map.setOverlay({
      mu: pick(drawing?.mu),
      sigma: isPoint() ? null : pick(drawing?.sigma),
      samples: view.samples && project(view.samples.z, model.latentDim, dims),
      probe: pick(z),
      path: view.path && project(view.path, model.latentDim, dims),
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

  /**
   * The Gaussian the inset shows, in the map's two dimensions: the test digit under the pointer,
   * else the drawing's q(z|x); `full` is its whole μ (the other dimensions are held there).
   */
  function insetPosterior() {
    const { model, dims, drawing, activeDot } = view;
    const atlas = model?.atlas;
    if (activeDot >= 0 && atlas) {
      const d = model.latentDim;
      const full = atlas.mu.slice(activeDot * d, (activeDot + 1) * d);
      // Files without the test digits' log σ² show their μ with a token σ (the figure still helps).
      const logvar = atlas.logvar ? atlas.logvar.slice(activeDot * d, (activeDot + 1) * d) : new Float32Array(d).fill(-6);
      const sigma = logvar.map((v) => Math.exp(0.5 * v));
      return { full, mu: [full[dims[0]], full[dims[1]]], sigma: [sigma[dims[0]], sigma[dims[1]]], dot: activeDot };
    }
    if (!drawing) return null;
    return { full: drawing.mu, mu: [drawing.mu[dims[0]], drawing.mu[dims[1]]], sigma: [drawing.sigma[dims[0]], drawing.sigma[dims[1]]] };
  }

  /** A point of the two shown dimensions as a whole latent vector (the others held at the inset's μ). */
  function fullPoint([x, y]) {
    const base = Float32Array.from(insetPosterior()?.full ?? view.z);
    base[view.dims[0]] = x;
    base[view.dims[1]] = y;
    return base;
  }

  /** Under the inset: the test digit under the pointer, as its image (once fetched) and decode(μ). */
  function showDot(posterior) {
    const figure = $('dot-figure');
    figure.hidden = posterior?.dot === undefined;
    if (figure.hidden) return;
    const atlas = view.model.atlas;
    const label = atlas.labels[posterior.dot];
    paintDigit($('dot-recon'), view.model.decode(posterior.full));
    $('dot-caption').textContent = t('dot.caption', { name: atlas.classNames[label] ?? label });
    if (view.testImages && posterior.dot < view.testImages.count) paintDigit($('dot-image'), view.testImages.image(posterior.dot));
    else {
      paintBlank($('dot-image'));
      // Fetch the images once; the figure fills in when they arrive.
      engine.testImages(view.model.info.dataset).then((images) => {
        view.testImages = images;
        invalidate('inset');
      }, () => {});
    }
  }

  function showInset() {
    const posterior = insetPosterior();
    showDot(posterior);
    // An autoencoder's code is a point: nothing to zoom into (a test digit's dot still shows).
    const point = isPoint() && posterior !== null && posterior.dot === undefined;
    $('inset-point').hidden = !point;
    if (!posterior || point) {
      view.insetKey = '';
      insetAbort?.abort();
      inset.set(null, null);
      return;
    }
    const names = view.dims.map((d) => latentName(d));
    const samplesShown = posterior.dot === undefined && view.samples ? project(view.samples.z, view.model.latentDim, view.dims) : null;
    inset.set({ ...posterior, names }, samplesShown);
    const key = [view.model.name, view.dims, posterior.mu, posterior.sigma, Array.from(posterior.full)].join('|');
    if (key !== view.insetKey) {
      view.insetKey = key;
      backgroundsPending++;
      decodeInsetBackground(key, posterior)
        .catch(showBackgroundError)
        .finally(() => backgroundsPending--);
    }
  }

  /**
   * Decodes the images under the inset's ellipses in the decode workers (on every change of μ: in a
   * frame it would take a 16-D decoder several milliseconds), and shows them when they arrive if the
   * inset still shows the same posterior.
   */
  async function decodeInsetBackground(key, posterior) {
    insetAbort?.abort();
    const abort = new AbortController();
    insetAbort = abort;
    const { model, dims } = view;
    const { xs, ys, centre, half } = inset.grid();
    const count = INSET_BACKGROUND * INSET_BACKGROUND;
    const points = gridPoints(xs, ys, Float32Array.from(posterior.full), dims);
    const images = await engine.decodeInBackground(model, points, count, { signal: abort.signal });
    if (abort.signal.aborted || view.insetKey !== key) return;
    inset.setBackground({ images, count, centre, half });
  }

  /** Every test digit's 1σ ellipse on the map, if the toggle is on and the model's file has them. */
  function showCircles() {
    const atlas = view.model?.atlas;
    const on = $('all-circles').checked && Boolean(atlas?.logvar);
    if (!on) {
      map.setCircles(null);
      return;
    }
    const sigmas = project(atlas.logvar, view.model.latentDim, view.dims).map((v) => Math.exp(0.5 * v));
    map.setCircles(sigmas);
  }

  // ---- the map's background: decoded on a grid, only when the view (or, in 16-D, z) changes -------

  let backgroundTimer = 0;
  /** Abandons the background decode in progress when a newer one starts. */
  let backgroundAbort = null;
  const backgroundCanvas = document.createElement('canvas');
  /** The grid's images, decoded into the same array each time (a newer decode aborts the older). */
  const backgroundImages = new Float32Array(BACKGROUND_GRID * BACKGROUND_GRID * 784); // (grid², 784)

  /** Background decodes scheduled or in flight (the tests wait for none before reading pixels). */
  let backgroundsPending = 0;
  function scheduleBackground() {
    if (!backgroundTimer) backgroundsPending++;
    clearTimeout(backgroundTimer);
    backgroundTimer = setTimeout(() => {
      backgroundTimer = 0;
      decodeBackground()
        .catch(showBackgroundError)
        .finally(() => backgroundsPending--);
    }, 120);
  }

  function showBackgroundError(error) {
    if (error?.name !== 'AbortError') showError(error);
  }

  /** Decodes the grid under the map in the decode workers (or in slices: never a long task), then shows it. */
  async function decodeBackground() {
    const { model, dims, z } = view;
    const { xs, ys, range } = map.grid(BACKGROUND_GRID);
    // In more than two dimensions the other dimensions are held at the current z.
    const base = model.latentDim > 2 ? z : new Float32Array(model.latentDim);
    // Decode again only if the grid or the held dimensions changed.
    const held = Array.from(base).filter((_, j) => !dims.includes(j));
    const key = [model.name, dims, xs[0], xs.at(-1), ys[0], ys.at(-1), held].join('|');
    if (key === view.backgroundKey) return;
    view.backgroundKey = key;
    backgroundAbort?.abort();
    const abort = new AbortController();
    backgroundAbort = abort;
    const count = BACKGROUND_GRID * BACKGROUND_GRID;
    let images;
    try {
      images = await engine.decodeInBackground(model, gridPoints(xs, ys, base, dims), count, { signal: abort.signal, out: backgroundImages });
    } catch (error) {
      if (view.backgroundKey === key) view.backgroundKey = '';
      throw error;
    }
    // Copying the images in, painting 400 tiles and redrawing the map are three tasks, not one: on a
    // phone's slower core, one would block the page for a long task (Lighthouse's TBT).
    await nextTask();
    if (abort.signal.aborted || view.model !== model) return;
    paintTiles(backgroundCanvas, images, count, BACKGROUND_GRID, { transparent: true });
    await nextTask();
    if (abort.signal.aborted || view.model !== model) return;
    map.setBackground({ image: backgroundCanvas, x: range.x, y: range.y });
  }

  /** Resolves in a later task, so that the browser may paint and handle input in between. */
  function nextTask() {
    return new Promise((resolve) => setTimeout(resolve, 0));
  }

  /** What the page asks for while nothing is encoded: a digit (or clothing), or a larger drawing. */
  function showEmptyText() {
    const fashion = view.model?.info.dataset === 'fashion-mnist';
    const text = t(view.tooSmall ? 'draw.tooSmall' : fashion ? 'draw.emptyFashion' : 'draw.empty');
    $('empty-title').textContent = text;
    $('pad-placeholder').textContent = text;
  }

  // ---- models --------------------------------------------------------------------------------------

  /**
   * Shows `model` and rebuilds everything that depends on it; the drawing is kept and re-encoded.
   * @param {import('../../engine/engine.js').Model} model
   * @param {number[] | null} [z] a latent point to show (from a link)
   */
  function setModel(model, z = null) {
    const datasetChanged = view.model?.info.dataset !== model.info.dataset;
    view.model = model;
    if (datasetChanged) {
      view.testImages = null;
      if (view.testInput) {
        showTestInput(null);
        pad.showImage(null);
      }
    }
    const { info, latentDim, atlas } = model;
    renderModelFacts($('model-facts'), info);
    curves.setModel(model.name, engine.reports.get(model.name) ?? null);
    showEmptyText();

    const order = atlas ? dimensionsBySpread(atlas.mu, latentDim) : [...Array(latentDim).keys()];
    view.dims = latentDim > 2 ? [order[0], order[1]].sort((a, b) => a - b) : [0, 1];
    buildDimensionPickers(latentDim);
    showMapContent();
    renderLegend($('legend'), atlas?.classNames ?? info.classNames);

    sliders.build(latentDim);
    loss.setModel(info);
    interpolation.setClassNames(atlas?.classNames ?? info.classNames);
    view.z = z && z.length === latentDim ? Float32Array.from(z) : new Float32Array(latentDim);
    // A's μ belongs to the old model: encode the pinned drawing again.
    if (view.pin) view.pin.mu = model.encode(view.pin.pixels).mu;
    view.backgroundKey = '';
    invalidate(pad.isEmpty && !view.testInput ? 'z' : 'drawing', 'samples', 'interpolation', 'background');
    if (judgeWanted) loadJudge();
  }

  // The judge reads the samples once their card has been on screen: the first screen does not
  // download it, and a person who never scrolls there never does.
  let judgeWanted = false;
  function loadJudge() {
    const dataset = view.model?.info.dataset;
    if (!dataset || !engine.hasJudge(dataset)) return;
    engine
      .judge(dataset)
      .then((judge) => {
        if (view.model?.info.dataset !== dataset) return;
        samples.setJudge(judge);
        invalidate('samples');
      })
      .catch(() => {}); // without a judge the sentence simply quotes no reading
  }
  if (typeof IntersectionObserver === 'function') {
    const seen = new IntersectionObserver((entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      seen.disconnect();
      judgeWanted = true;
      loadJudge();
    });
    seen.observe($('sample-grid'));
  }

  function buildDimensionPickers(latentDim) {
    $('dims').hidden = latentDim <= 2;
    for (const [index, select] of [$('dim-x'), $('dim-y')].entries()) {
      select.replaceChildren(...Array.from({ length: latentDim }, (_, j) => new Option(latentName(j), String(j))));
      select.value = String(view.dims[index]);
    }
  }

  /** Axes, dots and caption of the map for the current model and dimensions. */
  function showMapContent() {
    const { model, dims } = view;
    const dots = model.atlas && { points: project(model.atlas.mu, model.latentDim, dims), labels: model.atlas.labels };
    const home = fittingView(dots?.points ?? null);
    map.setContent({ axisNames: dims.map((d) => latentName(d)), dots, home });
    miniMap.setContent(dots, home);
    // The drawing's mark, on the dimensions now shown.
    const drawing = view.drawing;
    miniMap.setMark(drawing && [drawing.mu[dims[0]], drawing.mu[dims[1]]], drawing && [drawing.sigma[dims[0]], drawing.sigma[dims[1]]]);
    fillText(
      $('map-caption'),
      model.latentDim > 2 ? t('map.captionNd', { x: latentName(dims[0]), y: latentName(dims[1]), rest: model.latentDim - 2 }) : t('map.caption2d'),
    );
    view.backgroundKey = '';
    view.insetKey = '';
    insetAbort?.abort();
    inset.setBackground(null);
    view.activeDot = -1;
    $('all-circles').disabled = !model.atlas?.logvar;
    showCircles();
  }

  /** Shows dimensions `dims` (two different ones) on the map. */
  function chooseDimensions(dims) {
    view.dims = [...dims];
    $('dim-x').value = String(view.dims[0]);
    $('dim-y').value = String(view.dims[1]);
    showMapContent();
    invalidate('z', 'background');
  }

  function chooseDimension(axis, value) {
    const other = 1 - axis;
    if (value === view.dims[other]) view.dims[other] = view.dims[axis]; // picking the other axis' dimension swaps them
    view.dims[axis] = value;
    $('dim-x').value = String(view.dims[0]);
    $('dim-y').value = String(view.dims[1]);
    showMapContent();
    invalidate('z', 'background');
  }

  // ---- controls ------------------------------------------------------------------------------------

  // ---- a test digit as input (for a person without a pointer, or to compare with a drawing) ----

  /** Shows test digit `index` of the open model's dataset as the input, or drops it (null). */
  function showTestInput(index) {
    if (index === null) {
      view.testInput = null;
      $('test-nav').hidden = true;
      return;
    }
    const images = view.testImages;
    const i = ((index % images.count) + images.count) % images.count;
    view.testInput = { index: i, pixels: images.image(i) };
    pad.showImage(view.testInput.pixels);
    const names = view.model.atlas?.classNames ?? view.model.info.classNames;
    $('test-nav').hidden = false;
    $('test-label').textContent = t('test.label', { n: i + 1, count: images.count, name: names[images.labels[i]] ?? images.labels[i] });
    invalidate('drawing');
  }

  /** Gives test digit `index` as the input (fetching the test images first if needed). */
  async function useTestInput(index) {
    view.testImages ??= await engine.testImages(view.model.info.dataset);
    if (index >= view.testImages.count) throw new RangeError(`there are ${view.testImages.count} test images`);
    showTestInput(index);
  }

  $('use-test').addEventListener('click', async () => {
    try {
      view.testImages = await engine.testImages(view.model.info.dataset, (received, total) => {
        $('test-nav').hidden = false;
        $('test-label').textContent = t('test.loading', { received: formatBytes(received), total: formatBytes(total ?? 0) });
      });
      showTestInput(view.testInput ? view.testInput.index : engine.randomSeed() % view.testImages.count);
      $('test-next').focus();
    } catch (error) {
      $('test-label').textContent = t('test.failed', { reason: error.message });
    }
  });
  $('test-prev').addEventListener('click', () => view.testInput && showTestInput(view.testInput.index - 1));
  $('test-next').addEventListener('click', () => view.testInput && showTestInput(view.testInput.index + 1));
  $('test-nav').addEventListener('keydown', (event) => {
    if (!view.testInput || (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight')) return;
    event.preventDefault();
    showTestInput(view.testInput.index + (event.key === 'ArrowRight' ? 1 : -1));
  });

  $('undo').addEventListener('click', () => pad.undo());
  /** Clears the drawing (undoable), or drops the test digit given as input. */
  function clearInput() {
    if (view.testInput) {
      showTestInput(null);
      pad.showImage(null);
      invalidate('drawing');
    } else {
      pad.clear();
    }
  }

  $('clear').addEventListener('click', clearInput);
  // Ctrl+Z / Cmd+Z undoes anywhere in the view but in text fields; Delete and Escape clear only
  // when the pad has focus (Escape elsewhere belongs to whatever has focus).
  document.addEventListener('keydown', (event) => {
    if (root.hidden || event.target.closest('input, select, textarea')) return;
    if ((event.ctrlKey || event.metaKey) && !event.shiftKey && event.key.toLowerCase() === 'z') {
      event.preventDefault();
      pad.undo();
    } else if (
      event.target === $('pad') &&
      (event.key === 'Delete' || event.key === 'Escape') &&
      !event.ctrlKey &&
      !event.metaKey
    ) {
      clearInput();
    }
  });

  $('zoom-in').addEventListener('click', () => map.zoom(1.25));
  $('zoom-out').addEventListener('click', () => map.zoom(0.8));
  $('fit').addEventListener('click', () => map.fit());
  $('zoom-drawing').addEventListener('click', () => {
    const { drawing, dims } = view;
    if (!drawing) return;
    // Five times the 2σ ellipse's larger diameter: the ellipse and some neighbours stay in view.
    const spread = Math.max(drawing.sigma[dims[0]], drawing.sigma[dims[1]]);
    map.centreOn(drawing.mu[dims[0]], drawing.mu[dims[1]], Math.max(0.4, 20 * spread));
  });
  $('dim-x').addEventListener('change', (event) => chooseDimension(0, Number(event.target.value)));
  $('dim-y').addEventListener('change', (event) => chooseDimension(1, Number(event.target.value)));

  $('reset-z').addEventListener('click', () => {
    const { drawing, model } = view;
    view.z = drawing ? Float32Array.from(drawing.mu) : new Float32Array(model.latentDim);
    invalidate('z');
  });
  $('copy-link').addEventListener('click', copyLink);
  const name = (what) => `${view.model.name}-${t(what)}`;
  $('recon-png').addEventListener('click', () => downloadPng($('recon'), `${name('export.reconstruction')}.png`));
  $('samples-png').addEventListener('click', () => {
    if (!view.samples) return;
    const sheet = document.createElement('canvas');
    paintTiles(sheet, view.samples.images, SAMPLE_COUNT, 4, { gap: 1 });
    downloadPng(sheet, `${name('export.samples')}-${samples.source}-${samples.seed}.png`);
  });
  $('decoded-png').addEventListener('click', () => downloadPng($('decoded'), `${name('export.decoded')}.png`));

  /** Resolves once no frame is pending and the drawing is encoded (z then follows μ). */
  async function settled() {
    for (let i = 0; i < 120 && (frame !== 0 || encodeTimer !== 0 || dirty.has('drawing')); i++) {
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
  }

  registerLinkPart(
    'playground',
    playgroundLinkPart({
      view,
      pad,
      samples,
      map,
      interpolation,
      engine,
      padSize: PAD_SIZE,
      lineWidth: LINE_WIDTH,
      circles: $('all-circles'),
      chooseDimensions,
      useTestInput,
      settled,
      invalidate,
    }),
  );

  async function copyLink() {
    const url = linkTo();
    history.replaceState(history.state, '', url);
    const copied = await copyText(url);
    const field = $('share-link');
    field.hidden = copied;
    $('copy-status').textContent = copied ? t('probe.copied') : t('probe.copyManual');
    if (!copied) {
      field.value = url;
      field.select();
    }
  }

  paintBlank($('seen'));
  paintBlank($('recon'));
  // Equation numbers link into the walk through the maths; ELBO, KL, nats and σ explain themselves.
  explainMaths([root.querySelector('.card-loss'), root.querySelector('.card-model')]);
  // Texts made from numbers are written again in the new language.
  document.addEventListener('languagechange', () => {
    if (!view.model) return;
    setModel(view.model, view.z);
  });

  return {
    setModel,
    /** Shows the latent point `z` (from a link) if it fits the open model. */
    showZ(z) {
      if (!view.model || !z || z.length !== view.model.latentDim) return;
      view.z = Float32Array.from(z);
      invalidate('z');
    },
    /** A small read-only view of this view's state, for the end-to-end tests. */
    snapshot() {
      const list = (vector) => (vector ? Array.from(vector) : null);
      return {
        model: view.model?.name ?? null,
        latentDim: view.model?.latentDim ?? 0,
        z: list(view.z),
        mu: list(view.drawing?.mu),
        sigma: list(view.drawing?.sigma),
        loss: view.drawing?.loss ?? null,
        seed: samples.seed,
        temperature: samples.temperature,
        sampleSource: samples.source,
        samples: view.samples && { z: Array.from(view.samples.z), epsilon: Array.from(view.samples.epsilon) },
        empty: !view.drawing,
        strokes: pad.strokes.length,
        points: pad.pointCount,
        lastFrameMs,
        dims: [...view.dims],
        lastDecodeMs: view.model?.lastDecodeMs ?? 0,
        map: { plot: map.plotRect(), ...map.visibleRange(), ring: map.ringGeometry() },
        inset: inset.geometry(),
        pending: frame !== 0 || encodeTimer !== 0 || Boolean(miniMap.layerPending),
        backgroundsPending,
      };
    },
  };
}
