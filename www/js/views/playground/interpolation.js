// Interpolation between two codes: A is a pinned drawing, B the current drawing or a test image
// of a chosen class; a row of images decoded along the straight line from μ_A to μ_B.

import { paintDigit, paintTiles, paintBlank, SIDE } from '../../ui/pixels.js';
import { t } from '../../i18n/i18n.js';

/** Images along the line from A to B, both ends included. */
export const INTERPOLATION_STEPS = 8;

/** The interpolation card: pin button, B menu, the A and B thumbnails and the decoded row. */
export class InterpolationPanel {
  /**
   * @param {{pinButton: HTMLButtonElement, aCanvas: HTMLCanvasElement, bCanvas: HTMLCanvasElement,
   *          bSelect: HTMLSelectElement, rowCanvas: HTMLCanvasElement, message: HTMLElement}} elements
   * @param {{onPin: () => void, onSourceChange: () => void, onPick: (step: number) => void}} handlers
   *   onPick: a frame of the row was clicked (0 = A … steps − 1 = B)
   */
  constructor(elements, { onPin, onSourceChange, onPick }) {
    Object.assign(this, elements);
    this.pinButton.addEventListener('click', onPin);
    this.bSelect.addEventListener('change', onSourceChange);
    this.rowCanvas.addEventListener('click', (event) => {
      if (this.rowCanvas.dataset.filled !== 'true') return;
      const rect = this.rowCanvas.getBoundingClientRect();
      const step = Math.floor(((event.clientX - rect.left) / rect.width) * INTERPOLATION_STEPS);
      onPick(Math.min(INTERPOLATION_STEPS - 1, Math.max(0, step)));
    });
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
    if (row) {
      paintTiles(this.rowCanvas, row, INTERPOLATION_STEPS, INTERPOLATION_STEPS, { gap: 1 });
      this.rowCanvas.setAttribute('aria-label', t('interp.label', { n: INTERPOLATION_STEPS }));
    } else {
      this.rowCanvas.width = INTERPOLATION_STEPS * (SIDE + 1) - 1;
      this.rowCanvas.height = SIDE;
      paintBlank(this.rowCanvas);
      this.rowCanvas.setAttribute('aria-label', t(hasPin ? 'interp.needB' : 'interp.help'));
    }
    this.rowCanvas.dataset.filled = String(Boolean(row));
    this.message.textContent = row ? t('interp.frameTitle') : t(hasPin ? 'interp.needB' : 'interp.help');
  }
}
