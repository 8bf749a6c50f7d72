// One side of the comparison: a model's latent map (decoded background, test digits' μ, the
// person's input as a point or a circle, prior draws), its reconstruction of the input, its
// decoded prior draws, and one sentence on what to notice.

import { t, hasText, formatNumber, formatVector } from '../../i18n/i18n.js';
import { LatentMap } from '../../ui/latent-map.js';
import { paintDigit, paintTiles, paintBlank } from '../../ui/pixels.js';
import { gridPoints, project, fittingView } from '../../ui/latent.js';
import { element } from '../../ui/dom.js';

/** Prior draws per side, and the grid the background is decoded on. */
export const PRIOR_DRAWS = 8;
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
    this.priors = element('canvas', 'tiles row');
    this.priors.setAttribute('role', 'img');
    this.note = element('p', 'why');
    this.reconCaption = element('figcaption', '');
    this.priorCaption = element('figcaption', '');
    container.append(
      element('div', 'card-head', this.title, this.select),
      this.status,
      element('div', 'map-frame', this.mapCanvas),
      element('div', 'compare-row', element('figure', 'compare-recon', this.recon, this.reconCaption), element('figure', 'compare-priors', this.priors, this.priorCaption)),
      this.note,
    );
    this.backgroundCanvas = document.createElement('canvas');
    this.backgroundKey = '';
    paintBlank(this.recon);
  }

  /** Fills the model menu with the 2-D models (the map has two axes) and selects `name`. */
  setChoices(entries, name) {
    this.select.replaceChildren(
      ...entries
        .filter((m) => m.latentDim === 2)
        .map((m) => new Option(hasText(`model.option.${m.name}`) ? t(`model.option.${m.name}`) : m.name, m.name)),
    );
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
    this.title.textContent = hasText(`model.option.${model.name}`) ? t(`model.option.${model.name}`) : model.name;
    const atlas = model.atlas;
    const dots = atlas && { points: project(atlas.mu, 2, [0, 1]), labels: atlas.labels };
    this.map.setContent({ axisNames: ['z₁', 'z₂'], dots, home: fittingView(dots?.points ?? null) });
    this.backgroundKey = '';
    this.#decodeBackground();
  }

  /**
   * Shows the input's code and reconstruction, and the prior draws ε (shared by both sides, so the
   * two decoders are given the same points).
   * @param {Float32Array | null} pixels the input (784), or null
   * @param {Float32Array} epsilon (PRIOR_DRAWS × 2) standard-normal draws
   */
  show(pixels, epsilon) {
    const model = this.model;
    if (!model) return;
    const kind = modelKind(model.info);
    const code = pixels ? model.encode(pixels) : null;
    const images = model.decodeBatch(epsilon, PRIOR_DRAWS);
    paintTiles(this.priors, images, PRIOR_DRAWS, PRIOR_DRAWS, { gap: 1 });
    this.priors.setAttribute('aria-label', t('compare.priorsLabel', { n: PRIOR_DRAWS }));
    this.priorCaption.textContent = t('compare.priorsCaption');
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
    this.note.textContent = t(`compare.note.${kind}`, {
      sigma: code ? formatVector(code.sigma) : '–',
      beta: formatNumber(model.info.beta ?? 1, 1),
    });
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
