// The sample grid and its controls. Three sources of z: the posterior of the drawing
// (z = μ + T·σ·ε), the prior (z = T·ε: new digits from nothing), and a chosen point with a chosen
// radius r (z = c + T·r·ε). A seed fixes ε, so the grid never jitters by itself; the temperature T
// runs on a logarithmic scale from 0.01 to 10 (and 0, which gives the centre every time). Each
// sample is a button: hovering or focusing it shows its ε and z, pressing it decodes it above.
// The sentence under the grid is chosen by what the samples measure; once the judge (a classifier
// of the dataset's classes) has loaded, it adds what the judge reads in them, and a sample it
// reads as no clear class gets a dashed frame.

import { paintDigit } from '../../ui/pixels.js';
import { t, setText, noun, formatNumber, formatVector } from '../../i18n/i18n.js';

/** Decodes that change a pixel by less than this on average, from the centre's image, "look alike". */
export const ALIKE = 0.05;

/** Samples per grid. */
export const SAMPLE_COUNT = 16;
/** Largest seed: seeds are unsigned 32-bit integers. */
const MAX_SEED = 2 ** 32 - 1;

/**
 * A logarithmic slider position → value: 0 → 0, else 10^((position − 80) / 40), so that 80 is 1,
 * 120 is 10 and 1 is about 0.01.
 */
export function logSliderValue(position) {
  return position <= 0 ? 0 : 10 ** ((position - 80) / 40);
}

/** The slider position whose value is nearest `value` (the inverse of logSliderValue). */
export function logSliderPosition(value) {
  return value <= 0 ? 0 : Math.min(120, Math.max(1, Math.round(80 + 40 * Math.log10(value))));
}

/**
 * A seed typed by a person, checked: a whole number from 0 to 2³² − 1, or null.
 * @param {string} text
 */
export function parseSeed(text) {
  if (!/^\s*\d+\s*$/.test(text)) return null;
  const value = Number(text);
  return Number.isSafeInteger(value) && value <= MAX_SEED ? value : null;
}

/** The samples card. */
export class SamplesPanel {
  /**
   * @param {{grid: HTMLElement, sourceGroup: HTMLElement, formula: HTMLElement, why: HTMLElement,
   *          detail: HTMLElement, seedInput: HTMLInputElement, seedMessage: HTMLElement,
   *          newSeedButton: HTMLButtonElement, temperatureInput: HTMLInputElement,
   *          temperatureOutput: HTMLOutputElement, radiusControl: HTMLElement,
   *          radiusInput: HTMLInputElement, radiusOutput: HTMLOutputElement}} elements
   * @param {{onChange: () => void, newSeed: () => number, onPick: (index: number) => void}} handlers
   *   onChange: source, seed, temperature or radius changed; newSeed: a fresh random seed;
   *   onPick: sample `index` was pressed
   */
  constructor(elements, { onChange, newSeed, onPick }) {
    Object.assign(this, elements);
    this.onChange = onChange;
    this.validSeed = parseSeed(this.seedInput.value) ?? 0;
    /** Per sample: its canvas and button. */
    this.cells = Array.from({ length: SAMPLE_COUNT }, (_, index) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'sample';
      const canvas = document.createElement('canvas');
      canvas.width = 28;
      canvas.height = 28;
      canvas.setAttribute('aria-hidden', 'true');
      button.append(canvas);
      button.addEventListener('click', () => onPick(index));
      for (const type of ['pointerenter', 'focus']) button.addEventListener(type, () => this.#showDetail(index));
      return { button, canvas };
    });
    this.grid.replaceChildren(...this.cells.map((c) => c.button));
    this.shown = null;
    /** The judge of the open model's images, once loaded (setJudge). */
    this.judge = null;
    this.showEmpty();

    this.sourceGroup.addEventListener('change', () => {
      this.#showSource();
      this.onChange();
    });
    this.seedInput.addEventListener('input', () => {
      const seed = parseSeed(this.seedInput.value);
      this.seedInput.setAttribute('aria-invalid', String(seed === null));
      this.seedMessage.textContent = seed === null ? t('samples.seedInvalid', { max: MAX_SEED }) : '';
      if (seed !== null && seed !== this.validSeed) {
        this.validSeed = seed;
        this.onChange();
      }
    });
    this.newSeedButton.addEventListener('click', () => this.setSeed(newSeed()));
    for (const input of [this.temperatureInput, this.radiusInput]) {
      input.addEventListener('input', () => {
        this.#showValues();
        this.onChange();
      });
    }
    this.#showValues();
    this.#showSource();
    document.addEventListener('languagechange', () => this.#showSource());
  }

  /** Where z comes from: "posterior", "prior" or "point". */
  get source() {
    return this.sourceGroup.querySelector('input:checked')?.value ?? 'posterior';
  }

  /** The last valid seed typed or drawn (a u32). */
  get seed() {
    return this.validSeed;
  }

  /** The temperature T, which scales ε. */
  get temperature() {
    return logSliderValue(Number(this.temperatureInput.value));
  }

  /** The radius r of the "chosen point" source. */
  get radius() {
    return Math.max(0.01, logSliderValue(Number(this.radiusInput.value)));
  }

  /** The controls as a link keeps them: the source, the seed, and the two sliders' positions. */
  controls() {
    return { source: this.source, seed: this.seed, temperature: Number(this.temperatureInput.value), radius: Number(this.radiusInput.value) };
  }

  /**
   * Sets the controls a link holds (each optional; sliders by position) and redraws.
   * @param {{source?: string, seed?: number, temperature?: number, radius?: number}} controls
   */
  setControls({ source, seed, temperature, radius }) {
    if (source !== undefined) {
      const input = this.sourceGroup.querySelector(`input[value="${source}"]`);
      if (input) input.checked = true;
      this.#showSource();
    }
    if (temperature !== undefined) this.temperatureInput.value = String(temperature);
    if (radius !== undefined) this.radiusInput.value = String(radius);
    this.#showValues();
    if (seed !== undefined) this.setSeed(seed);
    else this.onChange();
  }

  /** Sets the seed and redraws. */
  setSeed(seed) {
    this.validSeed = seed;
    this.seedInput.value = String(seed);
    this.seedInput.setAttribute('aria-invalid', 'false');
    this.seedMessage.textContent = '';
    this.onChange();
  }

  /** The judge that reads the samples (engine.js `Judge`), or null. */
  setJudge(judge) {
    this.judge = judge;
  }

  /**
   * Shows the samples and one sentence on why they look as they do.
   * @param {{epsilon: Float32Array, z: Float32Array, images: Float32Array}} samples
   * @param {{centre: ArrayLike<number>, spread: ArrayLike<number> | null, latentDim: number,
   *          reach: number, change: number, point?: boolean}} context
   *   centre: μ, the origin or the chosen point; spread: σ (posterior) or null; reach: the
   *   farthest sample from the centre; change: mean |pixel difference| from the centre's image;
   *   point: the model is a plain autoencoder, whose code is a point (no σ to sample from);
   *   centreImage: decode(centre) (784); dataset and classNames: the model's images and classes
   */
  show(samples, context) {
    this.shown = { samples, latentDim: context.latentDim };
    this.cells.forEach(({ button, canvas }, index) => {
      paintDigit(canvas, samples.images.subarray(index * 784, (index + 1) * 784));
      button.disabled = false;
      button.setAttribute('aria-label', this.#describe(index));
    });
    this.grid.dataset.filled = 'true';
    const params = {
      n: SAMPLE_COUNT,
      sigma: context.spread ? formatVector(context.spread) : '',
      reach: formatNumber(context.reach, context.reach < 1 ? 3 : 2),
      change: formatNumber(context.change, 3),
      t: formatNumber(this.temperature, 2),
    };
    const point = context.point && this.source === 'posterior';
    const varied = this.source === 'posterior' && !point && context.change >= ALIKE;
    const key = point ? 'samples.why.posteriorPoint' : varied ? 'samples.why.posteriorVaried' : `samples.why.${this.source}`;
    if (point) params.sigma = formatVector(context.pointSigma ?? [], 5);
    const judged = this.#judged(samples.images, context);
    const text = judged ? `${t(key, params)} ${t(judged.key, judged.params)}` : t(key, params);
    setText(this.why, key, params);
    if (judged) this.why.append(` ${t(judged.key, judged.params)}`);
    this.why.dataset.string = judged ? `${key} ${judged.key}` : key;
    this.why.dataset.text = text;
    this.detail.textContent = t('samples.detailHint');
  }

  /**
   * What the judge reads in the samples (and marks each one it reads as no clear class), or null
   * when no judge of these images has loaded.
   */
  #judged(images, context) {
    const judge = this.judge;
    this.cells.forEach(({ button }) => delete button.dataset.confident);
    if (!judge || judge.info.dataset !== context.dataset || !context.centreImage) return null;
    const both = new Float32Array((SAMPLE_COUNT + 1) * 784);
    both.set(images.subarray(0, SAMPLE_COUNT * 784));
    both.set(context.centreImage, SAMPLE_COUNT * 784);
    const { classes, confidence } = judge.classify(both, SAMPLE_COUNT + 1);
    const sure = (i) => confidence[i] >= judge.info.confident;
    this.cells.forEach(({ button }, i) => {
      button.dataset.confident = String(sure(i));
    });
    const names = context.classNames ?? judge.info.classNames;
    const indices = Array.from({ length: SAMPLE_COUNT }, (_, i) => i);
    const clear = indices.filter(sure);
    const kinds = new Set(clear.map((i) => classes[i])).size;
    if (this.source === 'posterior') {
      const reference = classes[SAMPLE_COUNT];
      const same = indices.filter((i) => sure(i) && classes[i] === reference).length;
      return { key: 'samples.judged.posterior', params: { same, n: SAMPLE_COUNT, class: names[reference] ?? reference } };
    }
    return { key: `samples.judged.${this.source}`, params: { clear: clear.length, n: SAMPLE_COUNT, kinds, noun: noun(context.dataset) } };
  }

  /** The draws would leave the latent range the module accepts (a large T or r): nothing to show. */
  showOutOfRange(limit) {
    this.showEmpty();
    setText(this.why, 'samples.outOfRange', { limit });
    this.why.dataset.string = 'samples.outOfRange';
  }

  /** Nothing to sample from (the posterior needs a drawing). */
  showEmpty() {
    this.shown = null;
    this.cells.forEach(({ button, canvas }, index) => {
      canvas.getContext('2d').clearRect(0, 0, 28, 28);
      button.disabled = true;
      button.setAttribute('aria-label', t('samples.emptySample', { n: index + 1 }));
    });
    this.grid.dataset.filled = 'false';
    setText(this.why, 'samples.empty');
    this.why.dataset.string = 'samples.empty';
    this.detail.textContent = '';
  }

  #describe(index) {
    const { samples, latentDim } = this.shown;
    const row = (values) => values.subarray(index * latentDim, (index + 1) * latentDim);
    const many = latentDim > 4;
    return t(many ? 'samples.sampleMany' : 'samples.sample', {
      n: index + 1,
      epsilon: formatVector(many ? row(samples.epsilon).subarray(0, 2) : row(samples.epsilon)),
      z: formatVector(many ? row(samples.z).subarray(0, 2) : row(samples.z)),
    });
  }

  #showDetail(index) {
    if (this.shown) this.detail.textContent = this.#describe(index);
  }

  #showSource() {
    const source = this.source;
    setText(this.formula, `samples.formula.${source}`);
    this.radiusControl.hidden = source !== 'point';
  }

  #showValues() {
    this.temperatureOutput.textContent = formatNumber(this.temperature, this.temperature < 0.1 ? 3 : 2);
    this.temperatureInput.setAttribute('aria-valuetext', this.temperatureOutput.textContent);
    this.radiusOutput.textContent = formatNumber(this.radius, this.radius < 0.1 ? 3 : 2);
    this.radiusInput.setAttribute('aria-valuetext', this.radiusOutput.textContent);
  }
}
