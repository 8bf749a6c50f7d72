// The input of the steps that use the model (5, 6, 8, 9): the person's current input from the
// playground (state.input: a drawing or a test digit), else a test digit the walk picks when asked.
// Each of those steps shows a badge with the image, what it is, and a button for a test digit.

import { t } from '../../i18n/i18n.js';
import { state, subscribe } from '../../state.js';
import { paintDigit, paintBlank } from '../../ui/pixels.js';
import { el, fill } from './dom.js';

/** The class of the test image the steps start with when nobody has drawn yet (as `eval --judge`). */
export const ARRIVAL_CLASS = 7;

export class WalkInput {
  /** @param {import('../../engine/engine.js').Engine} engine */
  constructor(engine, onChange) {
    this.engine = engine;
    this.model = null;
    /** A test image the walk chose: `{index, label, pixels}`, or null. */
    this.test = null;
    this.onChange = onChange;
    this.badges = [];
    subscribe((changes) => {
      if (!('input' in changes)) return;
      // A new drawing (or test digit) in the playground replaces the walk's own test digit.
      if (changes.input) this.test = null;
      this.#changed();
    });
  }

  setModel(model) {
    this.model = model;
    this.#refreshBadges();
  }

  /** The 784 pixels the steps use, or null when there is none yet. */
  pixels() {
    return this.test?.pixels ?? state.input?.pixels ?? null;
  }

  /** Takes the next test image of the open model's dataset. */
  async nextTest() {
    for (const badge of this.badges) fill(badge.caption, 'walk.input.loading');
    const images = await this.engine.testImages(this.model.info.dataset);
    const index = this.test ? (this.test.index + 1) % images.count : this.engine.randomSeed() % images.count;
    this.test = { index, label: images.labels[index], pixels: images.image(index), arrival: false };
    this.#changed();
  }

  /** Uses test image `index` of the open model's dataset (from a link). */
  async showTest(index) {
    const images = await this.engine.testImages(this.model.info.dataset);
    if (!(index >= 0 && index < images.count)) throw new RangeError(`test image ${index + 1} of ${images.count}`);
    this.test = { index, label: images.labels[index], pixels: images.image(index), arrival: false };
    this.#changed();
  }

  /**
   * Gives the steps an input when there is none yet, so that no figure opens blank: the first
   * test image of class ARRIVAL_CLASS (a "7" of MNIST), said to be one. A drawing made later
   * takes its place.
   */
  async ensure() {
    if (this.pixels() || !this.model) return;
    for (const badge of this.badges) fill(badge.caption, 'walk.input.loading');
    const images = await this.engine.testImages(this.model.info.dataset);
    if (this.pixels()) return; // a drawing arrived meanwhile
    const index = Math.max(0, images.labels.indexOf(ARRIVAL_CLASS));
    this.test = { index, label: images.labels[index], pixels: images.image(index), arrival: true };
    this.#changed();
  }

  /** A badge showing the input, for one step. */
  badge() {
    const image = el('canvas', 'digit walk-input-image');
    image.width = 28;
    image.height = 28;
    image.setAttribute('aria-hidden', 'true');
    const caption = el('p', 'walk-input-caption');
    const button = el('button');
    button.type = 'button';
    button.addEventListener('click', () => this.nextTest().then(() => button.focus()).catch((error) => fill(caption, 'walk.input.failed', { reason: error.message })));
    const node = el('div', 'walk-input', image, el('div', 'walk-input-text', caption, button));
    node.setAttribute('role', 'group');
    const badge = { node, image, caption, button };
    this.badges.push(badge);
    this.#refreshBadge(badge);
    return node;
  }

  #changed() {
    this.#refreshBadges();
    this.onChange();
  }

  #refreshBadges() {
    for (const badge of this.badges) this.#refreshBadge(badge);
  }

  #refreshBadge({ node, image, caption, button }) {
    node.setAttribute('aria-label', t('walk.input.label'));
    if (this.test) {
      const names = this.model?.atlas?.classNames ?? this.model?.info.classNames ?? [];
      fill(caption, this.test.arrival ? 'walk.input.arrival' : 'walk.input.test', { n: this.test.index + 1, name: names[this.test.label] ?? this.test.label });
      paintDigit(image, this.test.pixels);
    } else if (state.input) {
      if (state.input.source === 'test') {
        const names = this.model?.atlas?.classNames ?? this.model?.info.classNames ?? [];
        fill(caption, 'walk.input.test', { n: (state.input.index ?? 0) + 1, name: names[state.input.label] ?? state.input.label ?? '' });
      } else {
        fill(caption, 'walk.input.drawing');
      }
      paintDigit(image, state.input.pixels);
    } else {
      fill(caption, 'walk.input.none');
      paintBlank(image);
    }
    fill(button, this.pixels() ? 'walk.input.nextTest' : 'walk.input.useTest');
  }

  /** Refills the badges' text (a language change). */
  refresh() {
    this.#refreshBadges();
  }
}
