// A row of decoded images, each with what the judge read in it: its class and confidence under
// the image, and a dashed frame when the judge gives no class at least its confidence bar (0.9),
// so that a sentence such as "6 of these 8 are one clear digit" can be checked by eye.

import { paintDigit, paintBlank, AREA } from './pixels.js';
import { t, formatPercent } from '../i18n/i18n.js';
import { element, writeAttribute, writeText } from './dom.js';

export class JudgedTiles {
  /**
   * @param {number} count tiles in the row
   * @param {string} className extra class of the row (for its size)
   */
  constructor(count, className = '') {
    this.node = element('ol', `judged-tiles ${className}`.trim());
    this.cells = Array.from({ length: count }, () => {
      const canvas = element('canvas', 'digit');
      canvas.width = 28;
      canvas.height = 28;
      canvas.setAttribute('aria-hidden', 'true');
      const caption = element('span', 'verdict');
      const item = element('li', 'judged-tile', canvas, caption);
      this.node.append(item);
      return { item, canvas, caption };
    });
  }

  /**
   * Paints `images` (count × 784) and, if given, the judge's verdicts on them.
   * @param {Float32Array} images
   * @param {{classes: ArrayLike<number>, confidence: ArrayLike<number>, classNames: string[],
   *          confident: number} | null} verdicts
   * @param {(index: number) => string} [label] an accessible name for tile `index` (without the verdict)
   */
  show(images, verdicts, label = () => '') {
    this.cells.forEach(({ item, canvas, caption }, index) => {
      paintDigit(canvas, images.subarray(index * AREA, (index + 1) * AREA));
      const name = label(index);
      if (!verdicts) {
        writeText(caption, '');
        delete item.dataset.confident;
        writeAttribute(item, 'aria-label', name);
        return;
      }
      const confidence = verdicts.confidence[index];
      const confident = confidence >= verdicts.confident;
      const className = verdicts.classNames[verdicts.classes[index]] ?? String(verdicts.classes[index]);
      writeAttribute(item, 'data-confident', String(confident));
      writeAttribute(caption, 'data-string', confident ? 'judge.tile' : 'judge.tileUnsure');
      writeText(caption, t(caption.dataset.string, { name: className, p: formatPercent(confidence) }));
      const heard = t(confident ? 'judge.tileLabel' : 'judge.tileLabelUnsure', { name: className, p: formatPercent(confidence) });
      writeAttribute(item, 'aria-label', name ? `${name}: ${heard}` : heard);
    });
  }

  /** Empty tiles. */
  clear() {
    for (const { item, canvas, caption } of this.cells) {
      paintBlank(canvas);
      caption.textContent = '';
      delete item.dataset.confident;
      item.removeAttribute('aria-label');
    }
  }
}
