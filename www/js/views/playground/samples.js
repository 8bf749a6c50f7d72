// The sample grid: n images decoded from z = μ + T·σ·ε, with the seed and the temperature T as
// controls. The same seed always gives the same draws, so the grid never jitters by itself.

import { paintTiles } from '../../ui/pixels.js';
import { t } from '../../i18n/i18n.js';

/** Samples per drawing, shown as a COLUMNS × COLUMNS grid. */
export const SAMPLE_COUNT = 16;
const COLUMNS = 4;

/** The samples card: seed and temperature controls, and the grid of decoded samples. */
export class SamplesPanel {
  /**
   * @param {{canvas: HTMLCanvasElement, seedInput: HTMLInputElement, newSeedButton: HTMLButtonElement,
   *          temperatureInput: HTMLInputElement, temperatureOutput: HTMLOutputElement}} elements
   * @param {{onChange: () => void, newSeed: () => number}} handlers
   *   onChange: the seed or temperature changed; newSeed: a fresh random seed
   */
  constructor(elements, { onChange, newSeed }) {
    Object.assign(this, elements);
    this.onChange = onChange;
    this.seedInput.addEventListener('input', () => {
      if (this.seedInput.validity.valid && this.seedInput.value !== '') this.onChange();
    });
    this.newSeedButton.addEventListener('click', () => this.setSeed(newSeed()));
    this.temperatureInput.addEventListener('input', () => {
      this.#showTemperature();
      this.onChange();
    });
    this.#showTemperature();
  }

  /** The seed in the input (a u32). */
  get seed() {
    return Number(this.seedInput.value) >>> 0;
  }

  /** The temperature T, which scales σ. */
  get temperature() {
    return Number(this.temperatureInput.value);
  }

  /** Sets the seed and redraws. */
  setSeed(seed) {
    this.seedInput.value = String(seed >>> 0);
    this.onChange();
  }

  /** Shows `images` (SAMPLE_COUNT × 784 probabilities). */
  show(images) {
    paintTiles(this.canvas, images, SAMPLE_COUNT, COLUMNS, { gap: 1 });
    this.canvas.setAttribute(
      'aria-label',
      t('samples.label', { n: SAMPLE_COUNT, seed: this.seed, temperature: this.temperature.toFixed(2) }),
    );
  }

  /** No drawing: nothing to sample from. */
  showEmpty() {
    this.canvas.setAttribute('aria-label', t('samples.labelEmpty'));
  }

  #showTemperature() {
    this.temperatureOutput.textContent = this.temperature.toFixed(2);
  }
}
