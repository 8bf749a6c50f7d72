// Interpolation between two codes: A is a pinned drawing, B the current drawing or a test image
// of a chosen class; a row of images decoded along the straight line from μ_A to μ_B.

import { paintDigit, paintBlank, SIDE } from '../../ui/pixels.js';
import { t } from '../../i18n/i18n.js';

/** Images along the line from A to B, both ends included. */
export const INTERPOLATION_STEPS = 8;

/** The interpolation card: pin button, B menu, the A and B thumbnails and the decoded row. */
export class InterpolationPanel {
  /**
   * @param {{pinButton: HTMLButtonElement, aCanvas: HTMLCanvasElement, bCanvas: HTMLCanvasElement,
   *          bSelect: HTMLSelectElement, row: HTMLElement, message: HTMLElement}} elements
   *   row: filled with one button per frame (pressing one decodes it in "Decode any z")
   * @param {{onPin: () => void, onSourceChange: () => void, onPick: (step: number) => void}} handlers
   *   onPick: a frame of the row was clicked (0 = A … steps − 1 = B)
   */
  constructor(elements, { onPin, onSourceChange, onPick }) {
    Object.assign(this, elements);
    this.pinButton.addEventListener('click', onPin);
    this.bSelect.addEventListener('change', onSourceChange);
    this.frames = Array.from({ length: INTERPOLATION_STEPS }, (_, step) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'frame';
      button.disabled = true;
      const canvas = document.createElement('canvas');
      canvas.width = SIDE;
      canvas.height = SIDE;
      canvas.setAttribute('aria-hidden', 'true');
      button.append(canvas);
      button.addEventListener('click', () => onPick(step));
      return { button, canvas };
    });
    this.row.replaceChildren(...this.frames.map((f) => f.button));
    paintBlank(this.aCanvas);
    paintBlank(this.bCanvas);
  }

  /** Fills the B menu: the current drawing, or a test image of each class. */
  setClassNames(classNames) {
    const keep = this.bSelect.value;
    const options = [new Option(t('interp.bDrawing'), 'drawing')];
    classNames.forEach((name, label) => options.push(new Option(t('interp.bClass', { name }), String(label))));
    this.bSelect.replaceChildren(...options);
    this.bSelect.value = options.some((o) => o.value === keep) ? keep : 'drawing';
  }

  /** What B is: "drawing", or the class label of a test image. */
  get bSource() {
    return this.bSelect.value === 'drawing' ? 'drawing' : Number(this.bSelect.value);
  }

  /** Whether a drawing can be pinned now. */
  setCanPin(canPin) {
    this.pinButton.disabled = !canPin;
  }

  /**
   * Shows the thumbnails of A and B (null: not set), and the row decoded between them.
   * @param {{a: Float32Array | null, b: Float32Array | null, row: Float32Array | null, hasPin: boolean}} view
   */
  show({ a, b, row, hasPin }) {
    a ? paintDigit(this.aCanvas, a) : paintBlank(this.aCanvas);
    b ? paintDigit(this.bCanvas, b) : paintBlank(this.bCanvas);
    this.frames.forEach(({ button, canvas }, step) => {
      if (row) paintDigit(canvas, row.subarray(step * SIDE * SIDE, (step + 1) * SIDE * SIDE));
      else paintBlank(canvas);
      button.disabled = !row;
      const t01 = (step / (INTERPOLATION_STEPS - 1)).toFixed(2);
      button.setAttribute('aria-label', t('interp.frameLabel', { n: step + 1, t: t01 }));
    });
    this.row.dataset.filled = String(Boolean(row));
    this.row.setAttribute('aria-label', row ? t('interp.label', { n: INTERPOLATION_STEPS }) : t(hasPin ? 'interp.needB' : 'interp.help'));
    this.message.textContent = row ? t('interp.frameTitle') : t(hasPin ? 'interp.needB' : 'interp.help');
  }
}
