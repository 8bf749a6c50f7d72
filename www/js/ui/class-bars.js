// How many decodes the judge gives each class, as a row of bars with the class under each and the
// count on top: the picture behind "these draws become 6 of the 10 digits".

import { element } from './dom.js';
import { CLASS_COLOURS } from './pixels.js';
import { t } from '../i18n/i18n.js';

export class ClassBars {
  constructor() {
    this.node = element('ol', 'class-bars');
    this.node.setAttribute('role', 'list');
  }

  /**
   * @param {number[]} counts decodes per class
   * @param {string[]} names the classes' names
   */
  show(counts, names) {
    const largest = Math.max(1, ...counts);
    this.node.replaceChildren(
      ...counts.map((count, index) => {
        const bar = element('span', 'class-bar');
        bar.style.height = `${(100 * count) / largest}%`;
        bar.style.background = CLASS_COLOURS[index % CLASS_COLOURS.length];
        const name = names[index] ?? String(index);
        const item = element('li', '', element('span', 'class-count', String(count)), element('span', 'class-bar-frame', bar), element('span', 'class-name', name));
        item.setAttribute('aria-label', t('judge.barLabel', { name, count }));
        return item;
      }),
    );
  }

  clear() {
    this.node.replaceChildren();
  }
}
