// The drawing pad: pointer input (mouse, finger, pen) into strokes, drawn like a pen.
// Strokes are kept as points in a fixed coordinate space (`size`×`size`), whatever the CSS size,
// so the same points can be handed to the preprocessor; the pixels on screen are never read back.

import { INK } from './pixels.js';

/** The pen draws with the same ink as the decoded digits. */
const PEN = `rgb(${INK.join(', ')})`;
const GUIDE = 'rgba(37, 99, 235, 0.9)';

/** A square drawing pad on a canvas; keeps the strokes and tells `onChange` when they change. */
export class DrawPad {
  /**
   * @param {HTMLCanvasElement} canvas
   * @param {{size?: number, lineWidth?: number, onChange?: () => void}} [options]
   *   size: side of the coordinate space; lineWidth: pen width in those units;
   *   onChange: called after every change of the strokes (may be many times per frame)
   */
  constructor(canvas, { size = 280, lineWidth = 18, onChange = () => {} } = {}) {
    this.canvas = canvas;
    this.size = size;
    this.lineWidth = lineWidth;
    this.onChange = onChange;
    /** @type {number[][]} one flat [x0, y0, x1, y1, …] per stroke */
    this.strokes = [];
    this.crop = null;
    this.activePointer = null;
    this.context = canvas.getContext('2d');
    this.#resizeBackingStore();
    this.#listen();
    this.render();
  }

  /** True when there is nothing drawn. */
  get isEmpty() {
    return this.strokes.length === 0;
  }

  /** All strokes as one array for `preprocessStrokes`: points, strokes separated by NaN, NaN. */
  points() {
    const total = this.strokes.reduce((sum, stroke) => sum + stroke.length + 2, 0);
    const points = new Float32Array(Math.max(0, total - 2));
    let at = 0;
    for (const stroke of this.strokes) {
      if (at > 0) {
        points[at++] = NaN;
        points[at++] = NaN;
      }
      points.set(stroke, at);
      at += stroke.length;
    }
    return points;
  }

  /** Removes the last stroke. */
  undo() {
    if (this.isEmpty) return;
    this.strokes.pop();
    this.activePointer = null;
    this.#changed();
  }

  /** Removes every stroke. */
  clear() {
    if (this.isEmpty) return;
    this.strokes = [];
    this.activePointer = null;
    this.#changed();
  }

  /**
   * Shows the preprocessor's crop box and the centre of mass on the pad (null hides them).
   * @param {{boundingBox: {x: number, y: number, width: number, height: number},
   *          centreOfMass: number[], scale: number, offset: number[]} | null} preprocessed
   */
  showCrop(preprocessed) {
    this.crop = preprocessed && {
      box: preprocessed.boundingBox,
      // The centre of mass is given in 28×28 pixels; x₂₈ = (x − box.x)·scale + offset.
      centre: [0, 1].map(
        (axis) =>
          (preprocessed.centreOfMass[axis] - preprocessed.offset[axis]) / preprocessed.scale +
          (axis === 0 ? preprocessed.boundingBox.x : preprocessed.boundingBox.y),
      ),
    };
    this.render();
  }

  /** Redraws strokes and guides. */
  render() {
    const { context, size } = this;
    context.setTransform(this.canvas.width / size, 0, 0, this.canvas.height / size, 0, 0);
    context.clearRect(0, 0, size, size);
    context.strokeStyle = PEN;
    context.fillStyle = PEN;
    context.lineWidth = this.lineWidth;
    context.lineCap = 'round';
    context.lineJoin = 'round';
    for (const stroke of this.strokes) drawSmoothStroke(context, stroke, this.lineWidth);
    if (this.crop && !this.isEmpty) this.#drawCrop();
  }

  #drawCrop() {
    const { context } = this;
    const { box, centre } = this.crop;
    context.save();
    context.strokeStyle = GUIDE;
    context.lineWidth = 1.5;
    context.setLineDash([6, 5]);
    context.strokeRect(box.x, box.y, box.width, box.height);
    context.setLineDash([]);
    context.lineWidth = 2;
    context.beginPath();
    context.moveTo(centre[0] - 7, centre[1]);
    context.lineTo(centre[0] + 7, centre[1]);
    context.moveTo(centre[0], centre[1] - 7);
    context.lineTo(centre[0], centre[1] + 7);
    context.stroke();
    context.restore();
  }

  #changed() {
    this.render();
    this.onChange();
  }

  /** A sharp backing store on high-density screens; drawing coordinates stay `size`×`size`. */
  #resizeBackingStore() {
    const density = Math.min(3, Math.max(1, window.devicePixelRatio || 1));
    const pixels = Math.round(this.size * density);
    if (this.canvas.width !== pixels) {
      this.canvas.width = pixels;
      this.canvas.height = pixels;
    }
  }

  /** Pointer position in drawing coordinates. */
  #toPad(event) {
    const rect = this.canvas.getBoundingClientRect();
    return [
      ((event.clientX - rect.left) / rect.width) * this.size,
      ((event.clientY - rect.top) / rect.height) * this.size,
    ];
  }

  #listen() {
    const canvas = this.canvas;
    canvas.addEventListener('pointerdown', (event) => {
      if (this.activePointer !== null || (event.pointerType === 'mouse' && event.button !== 0)) return;
      event.preventDefault();
      // Focus for the keyboard shortcuts; not on touch, where it would only draw a focus ring.
      if (event.pointerType !== 'touch') canvas.focus({ preventScroll: true });
      canvas.setPointerCapture(event.pointerId);
      this.activePointer = event.pointerId;
      this.strokes.push(this.#toPad(event));
      this.#changed();
    });
    canvas.addEventListener('pointermove', (event) => {
      if (event.pointerId !== this.activePointer) return;
      const stroke = this.strokes.at(-1);
      const events = event.getCoalescedEvents?.() ?? [];
      for (const each of events.length > 0 ? events : [event]) {
        const [x, y] = this.#toPad(each);
        // Skip points closer than half a unit: they add nothing but cost.
        if (Math.hypot(x - stroke.at(-2), y - stroke.at(-1)) >= 0.5) stroke.push(x, y);
      }
      this.#changed();
    });
    const end = (event) => {
      if (event.pointerId === this.activePointer) this.activePointer = null;
    };
    canvas.addEventListener('pointerup', end);
    canvas.addEventListener('pointercancel', end);
    canvas.addEventListener('lostpointercapture', end);
    this.#watchDensity();
  }

  /** Keeps the backing store sharp when the window moves to a screen of another pixel density. */
  #watchDensity() {
    window.matchMedia?.(`(resolution: ${window.devicePixelRatio}dppx)`).addEventListener(
      'change',
      () => {
        this.#resizeBackingStore();
        this.render();
        this.#watchDensity();
      },
      { once: true },
    );
  }
}

/**
 * One stroke as a smooth pen line: quadratic curves through the midpoints of successive points,
 * with the points themselves as control points. A single point is a round dot.
 */
function drawSmoothStroke(context, stroke, lineWidth) {
  const n = stroke.length / 2;
  context.beginPath();
  if (n === 1) {
    context.arc(stroke[0], stroke[1], lineWidth / 2, 0, 2 * Math.PI);
    context.fill();
    return;
  }
  context.moveTo(stroke[0], stroke[1]);
  for (let i = 1; i < n - 1; i++) {
    const x = stroke[2 * i];
    const y = stroke[2 * i + 1];
    context.quadraticCurveTo(x, y, (x + stroke[2 * i + 2]) / 2, (y + stroke[2 * i + 3]) / 2);
  }
  context.lineTo(stroke[2 * n - 2], stroke[2 * n - 1]);
  context.stroke();
}
