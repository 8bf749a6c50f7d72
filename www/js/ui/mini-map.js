// A small, still picture of latent space for narrow screens: the test digits' μ as dots and the
// drawing's μ with its 1σ ring, so that while a person draws they see where the drawing lands
// without scrolling to the full map. It draws what it is given and takes no input.

import { CLASS_COLOURS } from './pixels.js';
import { ACCENT } from './marks.js';

/** The ring is drawn at least this many CSS pixels across. */
const MIN_RING = 8;

export class MiniMap {
  /** @param {HTMLCanvasElement} canvas */
  constructor(canvas) {
    this.canvas = canvas;
    this.context = canvas.getContext('2d');
    this.dots = null;
    this.view = { cx: 0, cy: 0, span: 8 };
    this.mark = null;
    /** The dots, drawn once per content and size (a mark moves often; the dots do not). */
    this.layer = document.createElement('canvas');
    this.layerKey = '';
    /** The canvas's width in CSS pixels, as last laid out: read by the observer, never in `draw`,
     *  which runs in the middle of a frame whose text has changed (reading it there would force a
     *  second layout of the page in that frame). */
    this.cssWidth = 0;
    new ResizeObserver(([entry]) => {
      this.cssWidth = entry.borderBoxSize?.[0]?.inlineSize ?? canvas.getBoundingClientRect().width;
      this.draw();
    }).observe(canvas);
  }

  /**
   * The test digits' μ (x, y pairs) and labels, and the view that fits them.
   * @param {{points: Float32Array, labels: Uint8Array} | null} dots
   * @param {{cx: number, cy: number, span: number}} view
   */
  setContent(dots, view) {
    this.dots = dots;
    this.view = view;
    this.layerKey = '';
    this.draw();
  }

  /** The drawing's μ and σ on the two shown axes, or null. */
  setMark(mu, sigma) {
    this.mark = mu && { mu, sigma };
    this.draw();
  }

  draw() {
    const { canvas, context } = this;
    if (this.cssWidth === 0) return;
    const density = Math.min(3, Math.max(1, window.devicePixelRatio || 1));
    const pixels = Math.round(this.cssWidth * density);
    // Geometry in the canvas's own whole pixels: a fraction of a CSS pixel of layout moves no dot.
    const size = pixels / density;
    if (canvas.width !== pixels || canvas.height !== pixels) {
      canvas.width = pixels;
      canvas.height = pixels;
    }
    const scale = size / this.view.span;
    const at = (x, y) => [size / 2 + (x - this.view.cx) * scale, size / 2 - (y - this.view.cy) * scale];
    context.setTransform(1, 0, 0, 1, 0, 0);
    if (this.layerKey === `${pixels}`) context.drawImage(this.layer, 0, 0);
    else {
      // The dots' layer is drawn in a task of its own (the mini-map appears with the first stroke,
      // whose frame also lays out every result): until then, the mark on white.
      context.fillStyle = '#fff';
      context.fillRect(0, 0, pixels, pixels);
      if (!this.layerPending) {
        this.layerPending = true;
        setTimeout(() => {
          this.layerPending = false;
          if (this.cssWidth === 0) return;
          this.#drawLayer(pixels, density, size, at);
          this.draw();
        }, 0);
      }
    }
    context.setTransform(density, 0, 0, density, 0, 0);
    if (!this.mark) return;
    const [px, py] = at(...this.mark.mu);
    const rx = Math.max(MIN_RING / 2, this.mark.sigma[0] * scale);
    const ry = Math.max(MIN_RING / 2, this.mark.sigma[1] * scale);
    context.beginPath();
    context.ellipse(px, py, rx, ry, 0, 0, 2 * Math.PI);
    context.strokeStyle = '#fff';
    context.lineWidth = 4;
    context.stroke();
    context.strokeStyle = ACCENT;
    context.lineWidth = 2;
    context.stroke();
    context.beginPath();
    context.arc(px, py, 3, 0, 2 * Math.PI);
    context.fillStyle = ACCENT;
    context.fill();
  }

  #drawLayer(pixels, density, size, at) {
    const { layer } = this;
    layer.width = pixels;
    layer.height = pixels;
    const context = layer.getContext('2d');
    context.setTransform(density, 0, 0, density, 0, 0);
    context.fillStyle = '#fff';
    context.fillRect(0, 0, size, size);
    if (this.dots) {
      const { points, labels } = this.dots;
      for (let label = 0; label < CLASS_COLOURS.length; label++) {
        context.beginPath();
        for (let i = 0; i < labels.length; i++) {
          if (labels[i] !== label) continue;
          const [px, py] = at(points[2 * i], points[2 * i + 1]);
          context.rect(px - 1, py - 1, 2, 2);
        }
        context.fillStyle = CLASS_COLOURS[label];
        context.fill();
      }
    }
    this.layerKey = `${pixels}`;
  }
}
