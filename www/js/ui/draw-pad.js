// The drawing pad: pointer input (mouse, finger, pen) into strokes, drawn like a pen.
// Strokes are kept as points in a fixed coordinate space (`size`×`size`), whatever the CSS size,
// so the same points can be handed to the preprocessor; the pixels on screen are never read back.
// Drawing is incremental: a pointer move paints only its new segments on the ink layer, so a frame
// costs the same whether the drawing has ten points or a hundred thousand. The whole drawing is
// repainted only when it changes otherwise (undo, clear, a new screen density).

import { INK, paintDigit } from './pixels.js';

/**
 * Strokes (flat [x0, y0, x1, y1, …] each) as one array for `preprocessStrokes`: their points,
 * strokes separated by NaN, NaN.
 * @param {number[][]} strokes
 */
export function flattenStrokes(strokes) {
  const total = strokes.reduce((sum, stroke) => sum + stroke.length + 2, 0);
  const points = new Float32Array(Math.max(0, total - 2));
  let at = 0;
  for (const stroke of strokes) {
    if (at > 0) {
      points[at++] = NaN;
      points[at++] = NaN;
    }
    points.set(stroke, at);
    at += stroke.length;
  }
  return points;
}

/** The pen draws with the same ink as the decoded digits. */
const PEN = `rgb(${INK.join(', ')})`;
const GUIDE = 'rgba(37, 99, 235, 0.9)';
/** Most points kept in one drawing: beyond this a stroke is not extended (the preprocessor caps too). */
export const MAX_POINTS = 100_000;

/** A square drawing pad on a canvas; keeps the strokes and tells `onChange` when they change. */
export class DrawPad {
  /**
   * @param {HTMLCanvasElement} canvas
   * @param {{size?: number, lineWidth?: number, onChange?: () => void}} [options]
   *   size: side of the coordinate space; lineWidth: pen width in those units;
   *   onChange: called after every change of the strokes (may be many times per frame);
   *   onStrokeEnd: called when the pen, finger or mouse button that drew a stroke is lifted
   */
  constructor(canvas, { size = 280, lineWidth = 18, onChange = () => {}, onStrokeEnd = () => {} } = {}) {
    this.canvas = canvas;
    this.size = size;
    this.lineWidth = lineWidth;
    this.onChange = onChange;
    this.onStrokeEnd = onStrokeEnd;
    /** @type {number[][]} one flat [x0, y0, x1, y1, …] per stroke */
    this.strokes = [];
    /** Earlier drawings, so that Undo after Clear brings the drawing back. */
    this.cleared = [];
    this.pointCount = 0;
    /** A 28×28 image shown instead of strokes (a test digit given as input), or null. */
    this.image = null;
    this.crop = null;
    this.activePointer = null;
    this.context = canvas.getContext('2d');
    /** The strokes alone (the visible canvas adds the crop guides on top). */
    this.ink = document.createElement('canvas');
    this.inkContext = this.ink.getContext('2d');
    this.#resizeBackingStore();
    this.#listen();
    this.repaint();
  }

  /** True when there is nothing drawn. */
  /** Whether a stroke is being drawn now (a pointer is down on the pad). */
  get drawing() {
    return this.activePointer !== null;
  }

  get isEmpty() {
    return this.strokes.length === 0;
  }

  /** Whether some stroke leaves the pad (by more than half the pen): that ink is lost to the model. */
  runsOff() {
    const margin = this.lineWidth / 2;
    return this.strokes.some((stroke) => {
      for (let i = 0; i < stroke.length; i++) {
        if (stroke[i] < -margin || stroke[i] > this.size + margin) return true;
      }
      return false;
    });
  }

  /** All strokes as one array for `preprocessStrokes`: points, strokes separated by NaN, NaN. */
  points() {
    return flattenStrokes(this.strokes);
  }

  /** Removes the last stroke; on an empty pad, brings back the drawing Clear removed. */
  undo() {
    if (this.isEmpty) {
      if (this.cleared.length === 0) return;
      this.strokes = this.cleared.pop();
    } else {
      this.strokes.pop();
    }
    this.activePointer = null;
    this.#countPoints();
    this.#changed();
  }

  /** Removes every stroke (Undo brings them back). */
  clear() {
    if (this.isEmpty) return;
    this.cleared.push(this.strokes);
    this.strokes = [];
    this.activePointer = null;
    this.#countPoints();
    this.#changed();
  }

  /** Replaces the drawing (e.g. a stored one), without history. */
  setStrokes(strokes) {
    this.strokes = strokes.map((s) => s.slice());
    this.#countPoints();
    this.#changed();
  }

  /**
   * Shows a 28×28 image on the pad in place of strokes (a test digit given as input); drawing a
   * stroke removes it. Null removes it now.
   * @param {Float32Array | null} pixels 784 values in [0, 1]
   */
  showImage(pixels) {
    if (pixels) {
      this.image = document.createElement('canvas');
      paintDigit(this.image, pixels);
      this.cleared = [];
      this.strokes = [];
      this.#countPoints();
    } else {
      this.image = null;
    }
    this.repaint();
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
    this.#compose();
  }

  /** Paints every stroke again on the ink layer, then the visible canvas. */
  repaint() {
    const { inkContext: context, size } = this;
    this.#pen(context);
    context.clearRect(0, 0, size, size);
    if (this.image) {
      context.imageSmoothingEnabled = false;
      context.drawImage(this.image, 0, 0, size, size);
    }
    for (const stroke of this.strokes) drawSmoothStroke(context, stroke, this.lineWidth);
    this.#compose();
  }

  /** The ink layer and the guides onto the visible canvas: one drawImage, whatever the drawing. */
  #compose() {
    const { context, canvas } = this;
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.clearRect(0, 0, canvas.width, canvas.height);
    context.drawImage(this.ink, 0, 0);
    if (this.crop && !this.isEmpty) this.#drawCrop();
  }

  #pen(context) {
    context.setTransform(this.ink.width / this.size, 0, 0, this.ink.height / this.size, 0, 0);
    context.strokeStyle = PEN;
    context.fillStyle = PEN;
    context.lineWidth = this.lineWidth;
    context.lineCap = 'round';
    context.lineJoin = 'round';
  }

  /** Paints the part of `stroke` from point `from` on: the new segments of a pointer move. */
  #paintTail(stroke, from) {
    const context = this.inkContext;
    this.#pen(context);
    const n = stroke.length / 2;
    if (n === 1) {
      context.beginPath();
      context.arc(stroke[0], stroke[1], this.lineWidth / 2, 0, 2 * Math.PI);
      context.fill();
      return;
    }
    context.beginPath();
    const start = Math.max(0, from - 1);
    context.moveTo(stroke[2 * start], stroke[2 * start + 1]);
    for (let i = start + 1; i < n; i++) context.lineTo(stroke[2 * i], stroke[2 * i + 1]);
    context.stroke();
  }

  #drawCrop() {
    const { context } = this;
    const { box, centre } = this.crop;
    context.save();
    context.setTransform(this.canvas.width / this.size, 0, 0, this.canvas.height / this.size, 0, 0);
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

  #countPoints() {
    this.pointCount = this.strokes.reduce((sum, stroke) => sum + stroke.length / 2, 0);
  }

  #changed() {
    this.repaint();
    this.onChange();
  }

  /** A sharp backing store on high-density screens; drawing coordinates stay `size`×`size`. */
  #resizeBackingStore() {
    const density = Math.min(3, Math.max(1, window.devicePixelRatio || 1));
    const pixels = Math.round(this.size * density);
    for (const canvas of [this.canvas, this.ink]) {
      if (canvas.width !== pixels || canvas.height !== pixels) {
        canvas.width = pixels;
        canvas.height = pixels;
      }
    }
  }

  /**
   * Pointer position in drawing coordinates. The pad's place on the screen is read once per stroke
   * (and again after a scroll or resize): reading it on every move would force the browser to lay
   * the page out again in the middle of each frame, after the last frame changed its text.
   */
  #toPad(event) {
    const rect = (this.strokeRect ??= this.canvas.getBoundingClientRect());
    // Whole units: far finer than the 28×28 the model sees (14 units a pixel), and a link then
    // holds the drawing exactly.
    return [Math.round(((event.clientX - rect.left) / rect.width) * this.size), Math.round(((event.clientY - rect.top) / rect.height) * this.size)];
  }

  #listen() {
    const canvas = this.canvas;
    canvas.addEventListener('pointerdown', (event) => {
      if (this.activePointer !== null || (event.pointerType === 'mouse' && event.button !== 0)) return;
      if (this.pointCount >= MAX_POINTS) return;
      event.preventDefault();
      // Focus for the keyboard shortcuts; not on touch, where it would only draw a focus ring.
      if (event.pointerType !== 'touch') canvas.focus({ preventScroll: true });
      capture(canvas, event.pointerId);
      this.activePointer = event.pointerId;
      this.strokeRect = null;
      this.cleared = [];
      if (this.image) {
        this.image = null;
        this.repaint();
      }
      const stroke = this.#toPad(event);
      this.strokes.push(stroke);
      this.pointCount += 1;
      this.#paintTail(stroke, 0);
      this.#compose();
      this.onChange();
    });
    canvas.addEventListener('pointermove', (event) => {
      if (event.pointerId !== this.activePointer) return;
      const stroke = this.strokes.at(-1);
      const before = stroke.length / 2;
      const events = event.getCoalescedEvents?.() ?? [];
      for (const each of events.length > 0 ? events : [event]) {
        if (this.pointCount >= MAX_POINTS) break;
        const [x, y] = this.#toPad(each);
        // Skip points closer than half a unit: they add nothing but cost.
        if (Math.hypot(x - stroke.at(-2), y - stroke.at(-1)) >= 0.5) {
          stroke.push(x, y);
          this.pointCount += 1;
        }
      }
      if (stroke.length / 2 === before) return;
      this.#paintTail(stroke, before);
      this.#compose();
      this.onChange();
    });
    const end = (event) => {
      if (event.pointerId !== this.activePointer) return;
      this.activePointer = null;
      this.strokeRect = null;
      // The finished stroke is painted again as a smooth curve.
      this.repaint();
      this.onStrokeEnd();
    };
    canvas.addEventListener('pointerup', end);
    canvas.addEventListener('pointercancel', end);
    canvas.addEventListener('lostpointercapture', end);
    const moved = () => {
      this.strokeRect = null;
    };
    window.addEventListener('scroll', moved, { capture: true, passive: true });
    window.addEventListener('resize', moved, { passive: true });
    this.#watchDensity();
  }

  /** Keeps the backing store sharp when the window moves to a screen of another pixel density. */
  #watchDensity() {
    window.matchMedia?.(`(resolution: ${window.devicePixelRatio}dppx)`).addEventListener(
      'change',
      () => {
        this.#resizeBackingStore();
        this.repaint();
        this.#watchDensity();
      },
      { once: true },
    );
  }
}

/** Captures the pointer, if the browser still knows it (a synthetic or just-lifted one is not). */
function capture(element, pointerId) {
  try {
    element.setPointerCapture(pointerId);
  } catch {
    // Without capture the stroke still works while the pointer stays over the pad.
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
