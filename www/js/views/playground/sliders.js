// One range input per latent dimension. Each shows the current z, and (when there is a drawing)
// its μ as a tick and μ ± σ as a band on the track. Writes to the DOM only what changed.

import { t, latentName, formatNumber } from '../../i18n/i18n.js';
import { writeText } from '../../ui/dom.js';

/** The sliders' range, in latent units: the prior N(0, 1) puts 99.99 % of its mass inside ±4. */
export const SLIDER_LIMIT = 4;

/** One labelled range input per latent dimension, with μ ± σ drawn on the track. */
export class LatentSliders {
  /**
   * @param {HTMLElement} container
   * @param {{onInput: (dimension: number, value: number) => void}} handlers
   */
  constructor(container, { onInput }) {
    this.container = container;
    this.onInput = onInput;
    this.rows = [];
    container.addEventListener('input', (event) => {
      const dimension = Number(event.target.dataset.dimension);
      if (Number.isInteger(dimension)) this.onInput(dimension, Number(event.target.value));
    });
  }

  /** Builds `count` sliders (after a model change). */
  build(count) {
    this.rows = Array.from({ length: count }, (_, dimension) => {
      const row = document.createElement('div');
      row.className = 'slider-row';
      const id = `latent-${dimension}`;
      const label = document.createElement('label');
      label.htmlFor = id;
      label.textContent = latentName(dimension);
      const input = document.createElement('input');
      Object.assign(input, { type: 'range', id, min: -SLIDER_LIMIT, max: SLIDER_LIMIT, step: 0.01, value: 0 });
      input.className = 'latent-slider';
      input.dataset.dimension = String(dimension);
      input.setAttribute('aria-label', t('sliders.aria', { n: dimension + 1 }));
      const output = document.createElement('output');
      output.htmlFor = id;
      row.append(label, input, output);
      return { row, input, output, written: {} };
    });
    this.container.replaceChildren(...this.rows.map((r) => r.row));
    this.container.style.setProperty('--columns', count > 8 ? '2' : '1');
  }

  /**
   * Shows z, and μ ± σ of the drawing (null when there is none).
   * @param {ArrayLike<number>} z
   * @param {ArrayLike<number> | null} mu
   * @param {ArrayLike<number> | null} sigma
   */
  update(z, mu, sigma) {
    this.rows.forEach((row, i) => {
      const value = z[i];
      const fraction = (v) => Math.min(1, Math.max(0, (v + SLIDER_LIMIT) / (2 * SLIDER_LIMIT))).toFixed(4);
      const name = latentName(i);
      const wanted = {
        value: Math.min(SLIDER_LIMIT, Math.max(-SLIDER_LIMIT, value)).toFixed(2),
        text: formatNumber(value),
        low: mu ? fraction(mu[i] - sigma[i]) : '0',
        high: mu ? fraction(mu[i] + sigma[i]) : '0',
        mu: mu ? fraction(mu[i]) : '-1',
        valueText: mu
          ? t('sliders.valueTextDrawing', { name, value: formatNumber(value), mu: formatNumber(mu[i]), sigma: formatNumber(sigma[i]) })
          : t('sliders.valueText', { name, value: formatNumber(value) }),
      };
      const { input, output, written } = row;
      // The input being dragged already holds this value; writing it back would only cost layout.
      if (Math.abs(Number(input.value) - Number(wanted.value)) > 0.004) input.value = wanted.value;
      if (written.text !== wanted.text) writeText(output, wanted.text);
      if (written.low !== wanted.low) input.style.setProperty('--low', wanted.low);
      if (written.high !== wanted.high) input.style.setProperty('--high', wanted.high);
      if (written.mu !== wanted.mu) input.style.setProperty('--mu', wanted.mu);
      if (written.valueText !== wanted.valueText) input.setAttribute('aria-valuetext', wanted.valueText);
      row.written = wanted;
    });
  }
}
