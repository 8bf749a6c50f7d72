// q(z|x) up close: a square view that follows μ, zoomed so that the 2σ ellipse fills most of it.
// It draws, at true scale in its own units, the decoded images under the ellipse (faintly), the 1σ
// and 2σ ellipses, μ, the samples that fall inside, σ₁ and σ₂ on the axes, and a scale bar in
// latent units. The decoded image of the point under the pointer (or the keyboard cursor) shows in
// a corner; pressing there decodes that point in the page. It only does geometry and drawing.

import { paintTiles, PROBE_COLOUR } from './pixels.js';
import { ACCENT, drawMu } from './marks.js';
import { writeText } from './dom.js';

const INK = '#1b2333';
const MUTED = '#5b6475';
/** The 2σ ellipse's larger axis covers this fraction of the inset's side. */
const FILL = 0.8;
/** Every character the labels may draw. */
const LABEL_CHARACTERS = 'σ₀₁₂₃₄₅₆₇₈₉ = 0.123456789 ↔↕ −e+';
/** The decoded background is a BACKGROUND × BACKGROUND grid of images. */
export const INSET_BACKGROUND = 7;

/** A round step (1, 2 or 5 × 10ᵏ) at most `rough`. */
function roundDown(rough) {
  const power = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / power;
  return (fraction >= 5 ? 5 : fraction >= 2 ? 2 : 1) * power;
}

export class PosteriorInset {
  /**
   * @param {HTMLCanvasElement} canvas
   * @param {{decode: (z: number[]) => Float32Array, onPick: (x: number, y: number) => void,
   *          describe: (x: number, y: number) => string, readout: HTMLElement}} handlers
   *   decode: the image at latent (x, y) of the two shown axes; onPick: the person pressed (x, y);
   *   describe: the text for the cursor at (x, y), written into `readout` (a live region)
   */
  constructor(canvas, { decode, onPick, describe, readout }) {
    this.canvas = canvas;
    this.readout = readout;
    this.decode = decode;
    this.onPick = onPick;
    this.describe = describe;
    this.context = canvas.getContext('2d');
    this.posterior = null; // {mu: [x, y], sigma: [x, y], names: [string, string]}
    this.samples = null; // Float32Array of x, y pairs
    this.background = null; // {image: canvas, centre: [x, y], half: number}: decoded around centre
    this.cursor = null; // [x, y] in latent units, or null
    this.cursorImage = null;
    this.backgroundCanvas = document.createElement('canvas');
    this.size = 240;
    this.density = 1;
    this.#listen();
    new ResizeObserver(() => this.#resize()).observe(canvas);
    this.#resize();
    // The labels' characters (σ, subscript digits, arrows) send the browser looking through its
    // fonts the first time they are drawn, some milliseconds; done while the page is idle, the
    // frame that first shows a posterior does not pay for it.
    (window.requestIdleCallback ?? ((run) => setTimeout(run, 200)))(() => this.#warmFonts());
  }

  #warmFonts() {
    const context = document.createElement('canvas').getContext('2d');
    context.lineWidth = 3;
    for (const font of ['12px system-ui, sans-serif', '11px system-ui, sans-serif']) {
      context.font = font;
      context.strokeText(LABEL_CHARACTERS, 0, 12);
      context.fillText(LABEL_CHARACTERS, 0, 12);
    }
    context.getImageData(0, 0, 1, 1); // draws them now
  }

  /**
   * What to show: the posterior in the two shown dimensions (null: nothing drawn yet), and samples.
   * The decoded background stays where it was decoded until a newer one arrives (`setBackground`).
   * @param {{mu: number[], sigma: number[], names: string[]} | null} posterior
   * @param {Float32Array | null} samples x, y pairs
   */
  set(posterior, samples) {
    this.posterior = posterior;
    this.samples = samples;
    if (!posterior) this.background = null;
    if (this.cursor && posterior) this.cursorImage = this.decode(this.cursor);
    this.draw();
  }

  /**
   * The decoded images of a `grid()`, drawn faintly under the ellipses at the place in latent space
   * they were decoded for (μ may have moved on while they were decoded elsewhere).
   * @param {{images: Float32Array, count: number, centre: number[], half: number} | null} background
   *   images: (count × 784) of the grid around `centre` (x, y) with half-side `half`, latent units
   */
  setBackground(background) {
    if (background) {
      paintTiles(this.backgroundCanvas, background.images, background.count, INSET_BACKGROUND, { transparent: true });
      this.background = { image: this.backgroundCanvas, centre: background.centre, half: background.half };
    } else {
      this.background = null;
    }
    this.draw();
  }

  /** Half the side of the view, in latent units: the 2σ ellipse's larger axis fills FILL of it. */
  #half() {
    const { sigma } = this.posterior;
    return (2 * Math.max(sigma[0], sigma[1], 1e-6)) / FILL;
  }

  /** Centres of the background grid around μ: `{xs, ys, centre, half}` (ys from the top). */
  grid() {
    if (!this.posterior) return null;
    const half = this.#half();
    const [cx, cy] = this.posterior.mu;
    const step = (2 * half) / INSET_BACKGROUND;
    const at = (i) => -half + (i + 0.5) * step;
    return {
      xs: Array.from({ length: INSET_BACKGROUND }, (_, i) => cx + at(i)),
      ys: Array.from({ length: INSET_BACKGROUND }, (_, i) => cy - at(i)),
      centre: [cx, cy],
      half,
    };
  }

  /** Sizes drawn, in CSS pixels, for the tests: the 1σ and 2σ ellipses' axes (diameters). */
  geometry() {
    if (!this.posterior) return null;
    const scale = this.size / (2 * this.#half());
    const { sigma } = this.posterior;
    return {
      size: this.size,
      ring1: [2 * sigma[0] * scale, 2 * sigma[1] * scale],
      ring2: [4 * sigma[0] * scale, 4 * sigma[1] * scale],
    };
  }

  #toPixel(x, y) {
    const half = this.#half();
    const [cx, cy] = this.posterior.mu;
    const scale = this.size / (2 * half);
    return [this.size / 2 + (x - cx) * scale, this.size / 2 - (y - cy) * scale];
  }

  #toLatent(px, py) {
    const half = this.#half();
    const [cx, cy] = this.posterior.mu;
    const scale = this.size / (2 * half);
    return [cx + (px - this.size / 2) / scale, cy - (py - this.size / 2) / scale];
  }

  draw() {
    const { context, size } = this;
    context.setTransform(this.density, 0, 0, this.density, 0, 0);
    context.clearRect(0, 0, size, size);
    context.fillStyle = '#fff';
    context.fillRect(0, 0, size, size);
    if (!this.posterior) return;
    const { mu, sigma, names } = this.posterior;
    const scale = size / (2 * this.#half());
    if (this.background) {
      const extent = this.background.half * scale;
      const [bx, by] = this.#toPixel(...this.background.centre);
      context.globalAlpha = 0.35;
      context.imageSmoothingEnabled = true;
      context.drawImage(this.background.image, bx - extent, by - extent, 2 * extent, 2 * extent);
      context.globalAlpha = 1;
    }
    const [px, py] = [size / 2, size / 2];
    // Axes through μ, with σ written on them.
    context.strokeStyle = 'rgba(27, 35, 51, 0.25)';
    context.lineWidth = 1;
    context.beginPath();
    context.moveTo(0, py + 0.5);
    context.lineTo(size, py + 0.5);
    context.moveTo(px + 0.5, 0);
    context.lineTo(px + 0.5, size);
    context.stroke();
    for (const [k, dash, fill, width] of [
      [2, [5, 4], 'rgba(37, 99, 235, 0.06)', 1.5],
      [1, [], 'rgba(37, 99, 235, 0.12)', 2],
    ]) {
      context.beginPath();
      context.ellipse(px, py, k * sigma[0] * scale, k * sigma[1] * scale, 0, 0, 2 * Math.PI);
      context.fillStyle = fill;
      context.fill();
      context.setLineDash(dash);
      context.strokeStyle = ACCENT;
      context.lineWidth = width;
      context.stroke();
      context.setLineDash([]);
    }
    // σ along each axis: a bracket from μ to μ + σ.
    context.font = '12px system-ui, sans-serif';
    context.fillStyle = INK;
    context.strokeStyle = INK;
    context.lineWidth = 1.5;
    const sx = sigma[0] * scale;
    const sy = sigma[1] * scale;
    context.beginPath();
    context.moveTo(px, py + 10);
    context.lineTo(px + sx, py + 10);
    context.moveTo(px + sx, py + 6);
    context.lineTo(px + sx, py + 14);
    context.moveTo(px - 10, py);
    context.lineTo(px - 10, py - sy);
    context.moveTo(px - 14, py - sy);
    context.lineTo(px - 6, py - sy);
    context.stroke();
    // The labels go outside the 2σ ellipse: below it for σ of the horizontal axis, above it for
    // the vertical one.
    context.textAlign = 'center';
    context.textBaseline = 'top';
    this.#label(`σ${subscriptOf(names[0])} = ${formatSmall(sigma[0])} ↔`, px, Math.min(size - 30, py + 2 * sy + 6));
    context.textBaseline = 'bottom';
    this.#label(`σ${subscriptOf(names[1])} = ${formatSmall(sigma[1])} ↕`, px, Math.max(16, py - 2 * sy - 6));
    // Samples inside the view.
    if (this.samples) {
      context.fillStyle = '#fff';
      context.strokeStyle = ACCENT;
      context.lineWidth = 1.5;
      for (let i = 0; i < this.samples.length; i += 2) {
        const [sx2, sy2] = this.#toPixel(this.samples[i], this.samples[i + 1]);
        if (sx2 < -4 || sy2 < -4 || sx2 > size + 4 || sy2 > size + 4) continue;
        context.beginPath();
        context.arc(sx2, sy2, 3, 0, 2 * Math.PI);
        context.fill();
        context.stroke();
      }
    }
    drawMu(context, px, py);
    this.#drawScaleBar(scale);
    this.#drawCursor();
  }

  #label(text, x, y) {
    const { context } = this;
    context.lineWidth = 3;
    context.strokeStyle = 'rgba(255, 255, 255, 0.9)';
    context.strokeText(text, x, y);
    context.fillStyle = INK;
    context.fillText(text, x, y);
  }

  /** A bar of a round length in latent units, bottom left. */
  #drawScaleBar(scale) {
    const { context, size } = this;
    const length = roundDown((size * 0.3) / scale);
    const pixels = length * scale;
    const y = size - 12;
    context.strokeStyle = INK;
    context.lineWidth = 2;
    context.beginPath();
    context.moveTo(10, y - 4);
    context.lineTo(10, y);
    context.lineTo(10 + pixels, y);
    context.lineTo(10 + pixels, y - 4);
    context.stroke();
    context.font = '11px system-ui, sans-serif';
    context.textAlign = 'left';
    context.textBaseline = 'bottom';
    context.fillStyle = MUTED;
    this.#label(formatSmall(length), 12, y - 4);
  }

  /** The cursor and the image decoded there, in the top right corner. */
  #drawCursor() {
    if (!this.cursor || !this.cursorImage) return;
    const { context, size } = this;
    const [cx, cy] = this.#toPixel(...this.cursor);
    context.strokeStyle = PROBE_COLOUR;
    context.lineWidth = 2;
    context.beginPath();
    context.arc(cx, cy, 6, 0, 2 * Math.PI);
    context.stroke();
    const side = Math.round(size * 0.3);
    const tile = document.createElement('canvas');
    paintTiles(tile, this.cursorImage, 1, 1);
    context.imageSmoothingEnabled = false;
    context.fillStyle = '#fff';
    context.fillRect(size - side - 8, 4, side + 4, side + 4);
    context.drawImage(tile, size - side - 6, 6, side, side);
    context.strokeStyle = PROBE_COLOUR;
    context.strokeRect(size - side - 6.5, 5.5, side + 1, side + 1);
  }

  #resize() {
    const rect = this.canvas.getBoundingClientRect();
    if (rect.width === 0) return;
    this.size = rect.width;
    this.density = Math.min(3, Math.max(1, window.devicePixelRatio || 1));
    const pixels = Math.round(rect.width * this.density);
    if (this.canvas.width !== pixels || this.canvas.height !== pixels) {
      this.canvas.width = pixels;
      this.canvas.height = pixels;
    }
    this.draw();
  }

  #point(event) {
    const rect = this.canvas.getBoundingClientRect();
    return this.#toLatent(((event.clientX - rect.left) / rect.width) * this.size, ((event.clientY - rect.top) / rect.height) * this.size);
  }

  #moveCursor(point) {
    if (!this.posterior) return;
    this.cursor = point;
    this.cursorImage = point ? this.decode(point) : null;
    writeText(this.readout, point ? this.describe(...point) : '');
    this.draw();
  }

  #listen() {
    const canvas = this.canvas;
    canvas.addEventListener('pointermove', (event) => this.#moveCursor(this.#point(event)));
    canvas.addEventListener('pointerleave', (event) => {
      if (event.pointerType === 'mouse') this.#moveCursor(null);
    });
    canvas.addEventListener('pointerdown', (event) => {
      if (!this.posterior) return;
      const point = this.#point(event);
      this.#moveCursor(point);
      this.onPick(...point);
    });
    canvas.addEventListener('keydown', (event) => {
      if (!this.posterior) return;
      const arrows = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
      if (event.key in arrows) {
        event.preventDefault();
        const step = (this.#half() / 10) * (event.shiftKey ? 4 : 1);
        const [x, y] = this.cursor ?? this.posterior.mu;
        this.#moveCursor([x + arrows[event.key][0] * step, y + arrows[event.key][1] * step]);
      } else if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        const [x, y] = this.cursor ?? this.posterior.mu;
        this.onPick(x, y);
      } else if (event.key === 'Escape') {
        this.#moveCursor(null);
      }
    });
    canvas.addEventListener('blur', () => this.#moveCursor(null));
  }
}

/** `z₁` → `₁`: the subscript of a latent name, for σ₁. */
function subscriptOf(name) {
  return name.replace(/^[^₀-₉]*/, '');
}

/** A small latent length with two significant digits and a true minus sign. */
function formatSmall(value) {
  const digits = Math.max(0, 1 - Math.floor(Math.log10(Math.abs(value) || 1)));
  return value.toFixed(Math.min(4, digits)).replace('-', '−');
}
