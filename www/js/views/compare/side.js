// One side of the comparison: a model's latent map (decoded background, test codes' μ, the
// person's input as a point or a circle, the shown prior draws), its reconstruction of the input,
// the first prior draws decoded with the judge's reading of each, the classes the judge reads in
// all of the set's draws (bars), and one note chosen by those figures.

import { t, tPlain, setText, modelName, noun, formatNumber, formatVector, formatPercent } from '../../i18n/i18n.js';
import { LatentMap } from '../../ui/latent-map.js';
import { paintDigit, paintTiles, paintBlank } from '../../ui/pixels.js';
import { gridPoints, project, fittingView, centralBox, CENTRAL_SHARE } from '../../ui/latent.js';
import { element } from '../../ui/dom.js';
import { JudgedTiles } from '../../ui/judged-tiles.js';
import { ClassBars } from '../../ui/class-bars.js';
import { JUDGED_SHOWN } from '../../engine/engine.js';
import { sideNote } from './wording.js';

const BACKGROUND_GRID = 16;

/**
 * What kind of model a file holds, from its metadata: a plain autoencoder (z = μ, no KL), a
 * β-VAE (a KL weight other than 1), or a VAE.
 * @param {{kind?: string, beta?: number | null}} info
 * @returns {'autoencoder' | 'beta' | 'vae'}
 */
export function modelKind(info) {
  if (info.kind === 'autoencoder' || info.deterministic === true) return 'autoencoder';
  const beta = info.beta ?? 1;
  if (beta === 0) return 'autoencoder';
  return beta !== 1 ? 'beta' : 'vae';
}


export class ComparisonSide {
  /**
   * @param {HTMLElement} container
   * @param {{engine: import('../../engine/engine.js').Engine, label: string,
   *          onChoose: (name: string) => void}} options
   */
  constructor(container, { engine, label, onChoose }) {
    this.engine = engine;
    this.model = null;
    this.select = element('select', 'compare-model');
    this.select.setAttribute('aria-label', label);
    this.select.addEventListener('change', () => onChoose(this.select.value));
    this.title = element('h3', 'compare-title');
    this.status = element('p', 'help compare-status');
    this.status.setAttribute('aria-live', 'polite');
    this.mapCanvas = element('canvas', 'map compare-map');
    this.mapCanvas.tabIndex = 0;
    this.mapCanvas.setAttribute('role', 'img');
    this.map = new LatentMap(this.mapCanvas, {
      limit: engine.latentLimit,
      onProbe: () => {},
      onViewChange: () => this.#decodeBackground(),
    });
    this.recon = element('canvas', 'digit small');
    this.recon.width = 28;
    this.recon.height = 28;
    this.recon.setAttribute('role', 'img');
    this.priors = new JudgedTiles(JUDGED_SHOWN, 'compare-priors');
    this.priors.node.setAttribute('role', 'list');
    this.bars = new ClassBars();
    this.note = element('p', 'why');
    this.reconCaption = element('figcaption', '');
    this.priorCaption = element('figcaption', '');
    this.barsCaption = element('figcaption', '');
    container.append(
      element('div', 'card-head', this.title, this.select),
      this.status,
      element('div', 'map-frame', this.mapCanvas),
      element(
        'div',
        'compare-row',
        element('figure', 'compare-recon', this.recon, this.reconCaption),
        element('figure', 'compare-priors-figure', this.priors.node, this.priorCaption),
      ),
      element('figure', 'compare-bars', this.bars.node, this.barsCaption),
      this.note,
    );
    this.backgroundCanvas = document.createElement('canvas');
    this.backgroundKey = '';
    paintBlank(this.recon);
  }

  /** Fills the model menu with the 2-D models (the map has two axes) and selects `name`. */
  setChoices(entries, name) {
    this.select.replaceChildren(...entries.filter((m) => m.latentDim === 2).map((m) => new Option(modelName(m.name), m.name)));
    this.select.value = name;
  }

  /** Says that model `name` is downloading. */
  showLoading(received, total) {
    this.status.textContent = t('compare.loading', { received: formatNumber(received / 1e6, 1), total: formatNumber((total ?? 0) / 1e6, 1) });
  }

  /** Shows `model`: its map, dots and background. */
  setModel(model) {
    this.model = model;
    this.status.textContent = '';
    this.select.value = model.name;
    this.title.textContent = modelName(model.name);
    const atlas = model.atlas;
    const dots = atlas && { points: project(atlas.mu, 2, [0, 1]), labels: atlas.labels };
    this.map.setContent({ axisNames: ['z₁', 'z₂'], dots, home: fittingView(dots?.points ?? null) });
    this.backgroundKey = '';
    this.#decodeBackground();
  }

  /** The model's class names (of its test codes, else of its judge). */
  classNames(judge = null) {
    return this.model?.atlas?.classNames ?? judge?.info.classNames ?? [];
  }

  /**
   * Shows the input's code and reconstruction, the first prior draws (the same ε on both sides)
   * and, once measured, what the judge read in them.
   * @param {Float32Array | null} pixels the input (784), or null
   * @param {Float32Array} epsilon (JUDGED_SHOWN × 2) standard-normal draws
   * @param {object | null} figures this side's judged figures (engine/judged-figures.js), or null
   *   while they are being measured
   */
  show(pixels, epsilon, figures) {
    const model = this.model;
    if (!model) return;
    const kind = modelKind(model.info);
    const code = pixels ? model.encode(pixels) : null;
    const images = model.decodeBatch(epsilon, JUDGED_SHOWN);
    const judge = figures?.judge ?? null;
    const names = this.classNames(judge);
    const prior = figures?.prior ?? null;
    const verdicts = prior && { classes: prior.classes, confidence: prior.confidence, classNames: names, confident: judge.info.confident };
    this.priors.show(images, verdicts, (index) => t('compare.priorTile', { n: index + 1 }));
    this.priors.node.setAttribute('aria-label', tPlain('compare.priorsLabel', { n: JUDGED_SHOWN }));
    const nouns = noun(model.info.dataset, { plural: true });
    if (prior) {
      const clear = Math.round(prior.shown.confidentShare * JUDGED_SHOWN);
      setText(this.priorCaption, 'compare.priorsCaptionJudged', { n: JUDGED_SHOWN, count: prior.all.count, seed: prior.seed, clear });
    } else {
      setText(this.priorCaption, 'compare.priorsCaption', { n: JUDGED_SHOWN });
    }
    if (prior) {
      this.bars.show(prior.all.classCounts, names);
      this.barsCaption.textContent = t('compare.barsCaption', { count: prior.all.count, effective: formatNumber(prior.all.effectiveClasses, 1), classes: names.length, nouns });
    } else {
      this.bars.clear();
      this.barsCaption.textContent = t(this.engine.hasJudge(model.info.dataset) ? 'judge.measuring' : 'judge.none');
    }
    if (code) {
      paintDigit(this.recon, model.decode(code.mu));
      this.recon.setAttribute('aria-label', t('compare.reconLabel'));
    } else {
      paintBlank(this.recon);
      this.recon.setAttribute('aria-label', t('compare.noInput'));
    }
    this.reconCaption.textContent = t('compare.reconCaption');
    this.map.setOverlay({
      mu: code ? [code.mu[0], code.mu[1]] : null,
      // An autoencoder's code is a point: its encoder's σ is not part of the model.
      sigma: code && kind !== 'autoencoder' ? [code.sigma[0], code.sigma[1]] : null,
      samples: epsilon,
      probe: null,
      path: null,
    });
    this.mapCanvas.setAttribute(
      'aria-label',
      code
        ? t('compare.mapLabel', { mu: formatVector(code.mu), sigma: kind === 'autoencoder' ? '0' : formatVector(code.sigma) })
        : t('compare.mapLabelEmpty'),
    );
    this.#showNote(kind, code, figures, names, nouns);
  }

  /** The note under the side, its wording chosen by the figures (wording.js). */
  #showNote(kind, code, figures, names, nouns) {
    const model = this.model;
    if (!figures) {
      this.note.textContent = t(this.engine.hasJudge(model.info.dataset) ? 'judge.measuring' : 'judge.none');
      this.note.dataset.string = '';
      return;
    }
    const circles = figures.circles && { 1: figures.circles[1].sameClassShare, 2: figures.circles[2].sameClassShare, 4: figures.circles[4].sameClassShare };
    const key = sideNote({ kind, classes: names.length, priorClasses: figures.prior.all.effectiveClasses, circles });
    // Where nearly all its test codes lie: the box the map's first view fits.
    const box = model.atlas ? centralBox(project(model.atlas.mu, model.latentDim, [0, 1])) : { x: [0, 0], y: [0, 0] };
    const reference = figures.circles?.[1].referenceClass;
    const params = {
      sigma: code ? formatVector(code.sigma, kind === 'autoencoder' ? 5 : 2) : firstTestSigma(model, kind),
      beta: formatNumber(model.info.beta ?? 1, 1),
      effective: formatNumber(figures.prior.all.effectiveClasses, 1),
      classes: names.length,
      nouns,
      noun: noun(model.info.dataset),
      share: formatPercent(CENTRAL_SHARE),
      x0: formatNumber(box.x[0], 0),
      x1: formatNumber(box.x[1], 0),
      y0: formatNumber(box.y[0], 0),
      y1: formatNumber(box.y[1], 0),
      class: reference === undefined || reference === null ? '–' : (names[reference] ?? reference),
      same1: formatPercent(circles?.[1] ?? NaN),
      same2: formatPercent(circles?.[2] ?? NaN),
      same4: formatPercent(circles?.[4] ?? NaN),
    };
    setText(this.note, key, params);
    this.note.dataset.string = key;
  }

  #decodeBackground() {
    const model = this.model;
    if (!model) return;
    const { xs, ys, range } = this.map.grid(BACKGROUND_GRID);
    const key = [model.name, xs[0], xs.at(-1), ys[0], ys.at(-1)].join('|');
    if (key === this.backgroundKey) return;
    this.backgroundKey = key;
    const count = BACKGROUND_GRID * BACKGROUND_GRID;
    const images = model.decodeBatch(gridPoints(xs, ys, new Float32Array(2), [0, 1]), count);
    paintTiles(this.backgroundCanvas, images, count, BACKGROUND_GRID, { transparent: true });
    this.map.setBackground({ image: this.backgroundCanvas, x: range.x, y: range.y });
  }
}

/** With nothing drawn, the σ of the model's first test image (an autoencoder's is the same for any input). */
function firstTestSigma(model, kind) {
  const logvar = model.atlas?.logvar;
  if (!logvar) return '–';
  return formatVector(Array.from(logvar.slice(0, model.latentDim), (v) => Math.exp(0.5 * v)), kind === 'autoencoder' ? 5 : 2);
}
