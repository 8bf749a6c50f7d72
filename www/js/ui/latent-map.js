// The latent map: one canvas with the decoded manifold in the background, the test images' μ as
// coloured dots, axes, and on top the drawing's μ with its 1σ and 2σ ellipse, the samples, the
// interpolation path and the probe. Clicking or dragging sets the probe; wheel, pinch, Shift-drag,
// buttons and keys change the view. It only does geometry: latent units ↔ screen pixels.

import { CLASS_COLOURS, PROBE_COLOUR, INK as INK_RGB } from './pixels.js';
import { ACCENT, drawMu } from './marks.js';
import { t } from '../i18n/i18n.js';

const MARGIN = { left: 40, right: 12, top: 12, bottom: 34 }; // CSS pixels around the plot
const INK = `rgb(${INK_RGB.join(', ')})`;
const MUTED = '#5b6475';
const BACKGROUND_OPACITY = 0.3;
const MIN_SPAN = 0.005;
/** The drawing's 1σ ring is drawn at least this many CSS pixels across (marked when enlarged). */
const MIN_RING_PIXELS = 12;

/**
 * A view of latent space: centre (cx, cy) and `span`, the latent units across the shorter side
 * of the plot. One unit is as long on both axes, so a circle stays a circle.
 * @typedef {{cx: number, cy: number, span: number}} View
 */

/** The latent map on a canvas: draws what it is given, reports probe moves and view changes. */
export class LatentMap {
  /**
   * @param {HTMLCanvasElement} canvas
   * @param {{onProbe: (x: number, y: number) => void, onViewChange: (view: View) => void, limit?: number}} handlers
   *   onProbe: the person put the probe at latent (x, y), always inside ±limit; onViewChange: the
   *   view settled after a change; onDot(index): the mouse is over test dot `index`, or a finger
   *   tapped it (−1: none); onTouchActive(active): a tap woke the map for touch input, or a
   *   touch elsewhere put it back to sleep; limit: the largest latent coordinate the engine accepts (the view
   *   never shows beyond it, so every point on screen can be decoded)
   */
  constructor(canvas, { onProbe, onViewChange, onDot = () => {}, onTouchActive = () => {}, limit = 80 }) {
    this.canvas = canvas;
    /** Whether a tap has woken the map for touch input (see the pointer handlers). */
    this.touchActive = false;
    this.pendingTap = null;
    this.onTouchActive = onTouchActive;
    this.limit = limit;
    this.onDot = onDot;
    /** The test dot under the mouse or last tapped (index into dots), or -1. */
    this.activeDot = -1;
    /** Every test digit's 1σ circle: x, y pairs of σ, one per dot (null: not shown). */
    this.circles = null;
    /** The drawn size of the drawing's 1σ ring, in CSS pixels, and how much it was enlarged. */
    this.ringDrawn = null;
    this.onProbe = (x, y) => onProbe(this.#clampLatent(x), this.#clampLatent(y));
    this.onViewChange = onViewChange;
    this.context = canvas.getContext('2d');
    this.base = document.createElement('canvas'); // background, grid, dots, axes: redrawn on view change
    this.cssSize = { width: 300, height: 300 };
    this.density = 1;
    /** @type {View} */
    this.view = { cx: 0, cy: 0, span: 8 };
    this.homeView = { ...this.view };
    this.axisNames = ['', ''];
    this.dots = null; // {points: Float32Array(2 × count), labels: Uint8Array}
    this.background = null; // {image: canvas, x: [min, max], y: [min, max]}
    this.overlay = { mu: null, sigma: null, samples: null, probe: [0, 0], path: null };
    this.pointers = new Map();
    this.mode = null; // "probe" | "pan" | "pinch"
    this.frame = 0;
    this.baseDirty = true;
    this.settleTimer = 0;
    this.#listen();
    new ResizeObserver(() => this.#resize()).observe(canvas);
    this.#resize();
  }

  /**
   * New axes and dots (after a model or dimension change), and the view to fit them.
   * @param {{axisNames: string[], dots: {points: Float32Array, labels: Uint8Array} | null, home: View}} setup
   */
  setContent({ axisNames, dots, home }) {
    this.axisNames = axisNames;
    this.dots = dots;
    this.circles = null;
    this.activeDot = -1;
    this.homeView = { ...home };
    this.background = null;
    this.view = { ...home };
    this.#clampView();
    this.#invalidateBase();
  }

  /**
   * The decoded manifold covering the latent rectangle x × y (drawn faintly under the dots).
   * @param {{image: CanvasImageSource, x: number[], y: number[]} | null} background
   */
  setBackground(background) {
    this.background = background;
    this.#invalidateBase();
  }

  /**
   * Every test digit's 1σ ellipse at true scale (σ as x, y pairs in the dots' order), or null.
   * @param {Float32Array | null} sigmas
   */
  setCircles(sigmas) {
    this.circles = sigmas;
    this.#invalidateBase();
  }

  /**
   * What is drawn on top, in latent coordinates of the two shown axes.
   * @param {{mu?: number[] | null, sigma?: number[] | null, samples?: Float32Array | null,
   *          probe?: number[], path?: Float32Array | null}} overlay
   *   samples and path: x, y pairs; path runs from A to B
   */
  setOverlay(overlay) {
    Object.assign(this.overlay, overlay);
    this.#schedule();
  }

  /** The latent rectangle the plot shows: `{x: [min, max], y: [min, max]}`. */
  visibleRange() {
    const { width, height } = this.#plot();
    const unitsPerPixel = this.view.span / Math.min(width, height);
    const halfX = (width / 2) * unitsPerPixel;
    const halfY = (height / 2) * unitsPerPixel;
    return {
      x: [this.view.cx - halfX, this.view.cx + halfX],
      y: [this.view.cy - halfY, this.view.cy + halfY],
    };
  }

  /** How the drawing's 1σ ring was last drawn: `{across: [w, h] CSS px, factor}` (factor > 1: enlarged), or null. */
  ringGeometry() {
    return this.ringDrawn;
  }

  /** The plot area inside the canvas, in CSS pixels. */
  plotRect() {
    return this.#plot();
  }

  /**
   * Centres of an n×n grid over the visible range, row by row from the top:
   * `{xs, ys, range}` with xs[column] and ys[row].
   */
  grid(n) {
    const range = this.visibleRange();
    const step = (axis, reverse) => {
      const [low, high] = range[axis];
      return Array.from({ length: n }, (_, i) => {
        const t = (i + 0.5) / n;
        return reverse ? high - t * (high - low) : low + t * (high - low);
      });
    };
    return { xs: step('x', false), ys: step('y', true), range };
  }

  /** Zooms about the centre of the plot by `factor` (> 1 zooms in). */
  zoom(factor) {
    const plot = this.#plot();
    this.#zoomAbout(plot.left + plot.width / 2, plot.top + plot.height / 2, factor);
    this.#viewChanged();
  }

  /**
   * Centres the view on latent (x, y) with `span` units across.
   * @param {number} x
   * @param {number} y
   * @param {number} span
   */
  centreOn(x, y, span) {
    this.view = { cx: x, cy: y, span: Math.max(MIN_SPAN, span) };
    this.#viewChanged();
  }

  /** Back to the view that fits the test data. */
  fit() {
    this.view = { ...this.homeView };
    this.#viewChanged();
  }

  // ---- geometry -------------------------------------------------------------------------------

  #plot() {
    const { width, height } = this.cssSize;
    return {
      left: MARGIN.left,
      top: MARGIN.top,
      width: Math.max(10, width - MARGIN.left - MARGIN.right),
      height: Math.max(10, height - MARGIN.top - MARGIN.bottom),
    };
  }

  /** Latent (x, y) → CSS pixel in the canvas. */
  toPixel(x, y) {
    const plot = this.#plot();
    const scale = Math.min(plot.width, plot.height) / this.view.span;
    return [
      plot.left + plot.width / 2 + (x - this.view.cx) * scale,
      plot.top + plot.height / 2 - (y - this.view.cy) * scale,
    ];
  }

  /** CSS pixel in the canvas → latent (x, y). */
  toLatent(px, py) {
    const plot = this.#plot();
    const scale = Math.min(plot.width, plot.height) / this.view.span;
    return [
      this.view.cx + (px - plot.left - plot.width / 2) / scale,
      this.view.cy - (py - plot.top - plot.height / 2) / scale,
    ];
  }

  #zoomAbout(px, py, factor) {
    const [x, y] = this.toLatent(px, py);
    const span = Math.min(this.#maxSpan(), Math.max(MIN_SPAN, this.view.span / factor));
    const ratio = span / this.view.span;
    this.view = { cx: x + (this.view.cx - x) * ratio, cy: y + (this.view.cy - y) * ratio, span };
  }

  /** The widest span whose visible rectangle still fits inside ±limit on both axes. */
  #maxSpan() {
    const { width, height } = this.#plot();
    return (2 * this.limit * Math.min(width, height)) / Math.max(width, height);
  }

  #clampLatent(value) {
    return Math.min(this.limit, Math.max(-this.limit, value));
  }

  /** Keeps the visible rectangle inside [−limit, limit]² (zoom first, then the centre). */
  #clampView() {
    const { width, height } = this.#plot();
    const span = Math.min(this.#maxSpan(), Math.max(MIN_SPAN, this.view.span));
    const unitsPerPixel = span / Math.min(width, height);
    const clampCentre = (c, half) => Math.min(this.limit - half, Math.max(-this.limit + half, c));
    this.view = {
      cx: clampCentre(this.view.cx, (width / 2) * unitsPerPixel),
      cy: clampCentre(this.view.cy, (height / 2) * unitsPerPixel),
      span,
    };
  }

  #panBy(dx, dy) {
    const plot = this.#plot();
    const unitsPerPixel = this.view.span / Math.min(plot.width, plot.height);
    this.view = { ...this.view, cx: this.view.cx - dx * unitsPerPixel, cy: this.view.cy + dy * unitsPerPixel };
  }

  // ---- events ---------------------------------------------------------------------------------

  #eventPoint(event) {
    const rect = this.canvas.getBoundingClientRect();
    return [
      ((event.clientX - rect.left) / rect.width) * this.cssSize.width,
      ((event.clientY - rect.top) / rect.height) * this.cssSize.height,
    ];
  }

  /** The test dot within `reach` CSS pixels of `point`, nearest first, or −1. */
  #dotAt(point, reach) {
    if (!this.dots) return -1;
    const { points } = this.dots;
    let best = -1;
    let bestDistance = reach * reach;
    for (let i = 0; i < points.length / 2; i++) {
      const [px, py] = this.toPixel(points[2 * i], points[2 * i + 1]);
      const d = (px - point[0]) ** 2 + (py - point[1]) ** 2;
      if (d < bestDistance) {
        best = i;
        bestDistance = d;
      }
    }
    return best;
  }

  #setTouchActive(active) {
    this.touchActive = active;
    this.canvas.dataset.active = String(active);
    this.onTouchActive(active);
  }

  #setActiveDot(index) {
    if (index === this.activeDot) return;
    this.activeDot = index;
    this.#schedule();
    this.onDot(index);
  }

  #probeAt(point) {
    const plot = this.#plot();
    // Clamp into the plot so a drag past the edge keeps the probe visible.
    const px = Math.min(plot.left + plot.width, Math.max(plot.left, point[0]));
    const py = Math.min(plot.top + plot.height, Math.max(plot.top, point[1]));
    const [x, y] = this.toLatent(px, py);
    this.onProbe(x, y);
  }

  #listen() {
    const canvas = this.canvas;
    canvas.addEventListener('pointerdown', (event) => {
      if (event.pointerType === 'mouse' && event.button !== 0) return;
      // On a touch screen the map must not trap the page: until a tap activates it, a swipe
      // scrolls (CSS gives the inactive map `touch-action: pan-y`) and only a tap is taken.
      if (event.pointerType === 'touch' && !this.touchActive) {
        this.pendingTap = { id: event.pointerId, point: this.#eventPoint(event) };
        return;
      }
      event.preventDefault();
      // Focus for the keyboard shortcuts; not on touch, where it would only draw a focus ring.
      if (event.pointerType !== 'touch') canvas.focus({ preventScroll: true });
      try {
        canvas.setPointerCapture(event.pointerId);
      } catch {
        // A synthetic or just-lifted pointer cannot be captured; the gesture still works.
      }
      this.pointers.set(event.pointerId, this.#eventPoint(event));
      if (this.pointers.size === 2) this.mode = 'pinch';
      else if (this.pointers.size === 1) {
        this.mode = event.shiftKey ? 'pan' : 'probe';
        if (this.mode === 'probe') {
          // A tap on a test dot selects it and puts the probe on its μ (a mouse shows dots by
          // hovering, so its clicks go exactly where they point).
          const dot = event.pointerType === 'mouse' ? -1 : this.#dotAt(this.#eventPoint(event), 10);
          if (dot >= 0) {
            this.#setActiveDot(dot);
            this.onProbe(this.dots.points[2 * dot], this.dots.points[2 * dot + 1]);
          } else {
            this.#setActiveDot(-1);
            this.#probeAt(this.#eventPoint(event));
          }
        }
      }
    });
    canvas.addEventListener('pointermove', (event) => {
      const previous = this.pointers.get(event.pointerId);
      if (!previous) {
        if (event.pointerType === 'mouse') this.#setActiveDot(this.#dotAt(this.#eventPoint(event), 5));
        return;
      }
      const point = this.#eventPoint(event);
      if (this.mode === 'probe') this.#probeAt(point);
      else if (this.mode === 'pan') {
        this.#panBy(point[0] - previous[0], point[1] - previous[1]);
        this.#viewMoving();
      } else if (this.mode === 'pinch') {
        const [a, b] = [...this.pointers.values()];
        const other = a === previous ? b : a;
        const before = { mid: midpoint(previous, other), distance: distance(previous, other) };
        const after = { mid: midpoint(point, other), distance: distance(point, other) };
        if (before.distance > 0) this.#zoomAbout(before.mid[0], before.mid[1], after.distance / before.distance);
        this.#panBy(after.mid[0] - before.mid[0], after.mid[1] - before.mid[1]);
        this.#viewMoving();
      }
      this.pointers.set(event.pointerId, point);
    });
    const end = (event) => {
      if (this.pendingTap?.id === event.pointerId) {
        const tap = this.pendingTap;
        this.pendingTap = null;
        if (event.type === 'pointerup' && distance(tap.point, this.#eventPoint(event)) < 10) {
          this.#setTouchActive(true);
          const dot = this.#dotAt(tap.point, 10);
          this.#setActiveDot(dot);
          if (dot >= 0) this.onProbe(this.dots.points[2 * dot], this.dots.points[2 * dot + 1]);
          else this.#probeAt(tap.point);
        }
        return;
      }
      if (!this.pointers.delete(event.pointerId)) return;
      if (this.mode === 'pan' || this.mode === 'pinch') this.#viewChanged();
      this.mode = this.pointers.size > 0 ? 'pan' : null;
    };
    canvas.addEventListener('pointerup', end);
    // A touch anywhere else puts the map back to sleep, so that the page scrolls over it again.
    document.addEventListener(
      'pointerdown',
      (event) => {
        if (event.target !== canvas && this.touchActive) this.#setTouchActive(false);
      },
      { capture: true },
    );
    canvas.addEventListener('pointerleave', (event) => {
      if (event.pointerType === 'mouse' && !this.pointers.size) this.#setActiveDot(-1);
    });
    canvas.addEventListener('pointercancel', end);
    canvas.addEventListener(
      'wheel',
      (event) => {
        // Zoom only when the map has focus or with Ctrl (a trackpad pinch): otherwise the wheel scrolls the page.
        if (document.activeElement !== canvas && !event.ctrlKey) return;
        event.preventDefault();
        const [px, py] = this.#eventPoint(event);
        this.#zoomAbout(px, py, Math.exp(-event.deltaY * (event.deltaMode === 1 ? 0.05 : 0.0015)));
        this.#viewMoving();
      },
      { passive: false },
    );
    canvas.addEventListener('keydown', (event) => this.#onKey(event));
  }

  #onKey(event) {
    const arrows = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
    if (event.key in arrows) {
      event.preventDefault();
      const step = (this.view.span / 50) * (event.shiftKey ? 5 : 1);
      const [dx, dy] = arrows[event.key];
      const [x, y] = this.overlay.probe ?? [this.view.cx, this.view.cy];
      this.onProbe(x + dx * step, y + dy * step);
    } else if (event.key === '+' || event.key === '=') {
      event.preventDefault();
      this.zoom(1.25);
    } else if (event.key === '-' || event.key === '_') {
      event.preventDefault();
      this.zoom(0.8);
    } else if (event.key === '0') {
      event.preventDefault();
      this.fit();
    }
  }

  /** The view moves (drag, pinch, wheel): redraw now, report once it settles. */
  #viewMoving() {
    this.#clampView();
    this.#invalidateBase();
    clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => this.onViewChange(this.view), 150);
  }

  #viewChanged() {
    this.#clampView();
    this.#invalidateBase();
    clearTimeout(this.settleTimer);
    this.onViewChange(this.view);
  }

  #resize() {
    const rect = this.canvas.getBoundingClientRect();
    if (rect.width === 0) return;
    const density = Math.min(3, Math.max(1, window.devicePixelRatio || 1));
    const changed = Math.abs(rect.width - this.cssSize.width) > 0.5 || density !== this.density;
    this.cssSize = { width: rect.width, height: rect.height };
    this.density = density;
    this.#clampView();
    const width = Math.round(rect.width * density);
    const height = Math.round(rect.height * density);
    for (const canvas of [this.canvas, this.base]) {
      if (canvas.width !== width) canvas.width = width;
      if (canvas.height !== height) canvas.height = height;
    }
    this.#invalidateBase();
    if (changed) this.onViewChange(this.view);
  }

  // ---- drawing --------------------------------------------------------------------------------

  #invalidateBase() {
    this.baseDirty = true;
    this.#schedule();
  }

  #schedule() {
    if (!this.frame) this.frame = requestAnimationFrame(() => this.#draw());
  }

  /** Draws now (the page's own animation frame calls this to stay in step). */
  drawNow() {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.#draw();
  }

  #draw() {
    this.frame = 0;
    if (this.baseDirty) {
      this.#drawBase();
      this.baseDirty = false;
    }
    const context = this.context;
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.clearRect(0, 0, this.canvas.width, this.canvas.height);
    context.drawImage(this.base, 0, 0);
    context.setTransform(this.density, 0, 0, this.density, 0, 0);
    const plot = this.#plot();
    context.save();
    context.beginPath();
    context.rect(plot.left, plot.top, plot.width, plot.height);
    context.clip();
    // The probe first, so that the samples, the rings and μ are drawn over it: it never covers μ.
    this.#drawPath();
    this.#drawProbe();
    this.#drawSamples();
    this.#drawEllipse();
    this.#drawActiveDot();
    context.restore();
  }

  #drawBase() {
    const context = this.base.getContext('2d');
    const plot = this.#plot();
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.clearRect(0, 0, this.base.width, this.base.height);
    context.setTransform(this.density, 0, 0, this.density, 0, 0);
    context.fillStyle = '#fff';
    context.fillRect(plot.left, plot.top, plot.width, plot.height);
    context.save();
    context.beginPath();
    context.rect(plot.left, plot.top, plot.width, plot.height);
    context.clip();
    if (this.background) {
      const { image, x, y } = this.background;
      const [left, top] = this.toPixel(x[0], y[1]);
      const [right, bottom] = this.toPixel(x[1], y[0]);
      context.globalAlpha = BACKGROUND_OPACITY;
      context.imageSmoothingEnabled = true;
      context.drawImage(image, left, top, right - left, bottom - top);
      context.globalAlpha = 1;
    }
    this.#drawGrid(context, plot);
    this.#drawCircles(context);
    this.#drawDots(context);
    context.restore();
    context.strokeStyle = '#c9ced8';
    context.lineWidth = 1;
    context.strokeRect(plot.left + 0.5, plot.top + 0.5, plot.width - 1, plot.height - 1);
    this.#drawAxes(context, plot);
  }

  #ticks() {
    const range = this.visibleRange();
    const step = niceStep(this.view.span / 5);
    const list = (axis) => {
      const [low, high] = range[axis];
      const values = [];
      for (let v = Math.ceil(low / step) * step; v <= high + 1e-9; v += step) values.push(Math.abs(v) < 1e-9 ? 0 : v);
      return values;
    };
    return { x: list('x'), y: list('y'), step };
  }

  #drawGrid(context, plot) {
    const ticks = this.#ticks();
    context.lineWidth = 1;
    for (const x of ticks.x) {
      const [px] = this.toPixel(x, 0);
      context.strokeStyle = x === 0 ? 'rgba(27, 35, 51, 0.35)' : 'rgba(27, 35, 51, 0.08)';
      context.beginPath();
      context.moveTo(Math.round(px) + 0.5, plot.top);
      context.lineTo(Math.round(px) + 0.5, plot.top + plot.height);
      context.stroke();
    }
    for (const y of ticks.y) {
      const [, py] = this.toPixel(0, y);
      context.strokeStyle = y === 0 ? 'rgba(27, 35, 51, 0.35)' : 'rgba(27, 35, 51, 0.08)';
      context.beginPath();
      context.moveTo(plot.left, Math.round(py) + 0.5);
      context.lineTo(plot.left + plot.width, Math.round(py) + 0.5);
      context.stroke();
    }
  }

  #drawAxes(context, plot) {
    const ticks = this.#ticks();
    const digits = ticks.step >= 1 ? 0 : ticks.step >= 0.1 ? 1 : 2;
    const label = (v) => v.toFixed(digits).replace('-', '−');
    context.fillStyle = MUTED;
    context.font = '11px system-ui, sans-serif';
    context.textAlign = 'center';
    context.textBaseline = 'top';
    for (const x of ticks.x) {
      const [px] = this.toPixel(x, 0);
      if (px < plot.left + 6 || px > plot.left + plot.width - 6) continue;
      context.fillText(label(x), px, plot.top + plot.height + 4);
    }
    context.textAlign = 'right';
    context.textBaseline = 'middle';
    for (const y of ticks.y) {
      const [, py] = this.toPixel(0, y);
      if (py < plot.top + 6 || py > plot.top + plot.height - 6) continue;
      context.fillText(label(y), plot.left - 5, py);
    }
    context.fillStyle = INK;
    context.font = 'italic 13px system-ui, sans-serif';
    context.textAlign = 'center';
    context.textBaseline = 'bottom';
    context.fillText(this.axisNames[0], plot.left + plot.width / 2, plot.top + plot.height + MARGIN.bottom - 1);
    context.save();
    context.translate(12, plot.top + plot.height / 2);
    context.rotate(-Math.PI / 2);
    context.textBaseline = 'middle';
    context.fillText(this.axisNames[1], 0, 0);
    context.restore();
  }

  /**
   * The test digits' dots, each a copy of its class's dot drawn once (`#dotSprites`): a path of a
   * thousand arcs, stroked and filled, took the canvas 40 ms to rasterise on this machine (160 ms
   * on a phone), the copies 6 ms, and the map's base is redrawn whenever the view or, in 16-D,
   * the background changes.
   */
  #drawDots(context) {
    if (!this.dots) return;
    const layer = this.#dotLayer();
    context.save();
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.drawImage(layer, 0, 0);
    context.restore();
  }

  /**
   * The dots alone on a canvas of the map's size, kept until the view, the size or the dots
   * change: in 16-D the background changes with every stroke, and the base is redrawn each time.
   */
  #dotLayer() {
    const { points, labels } = this.dots;
    const plot = this.#plot();
    const key = [this.view.cx, this.view.cy, this.view.span, this.base.width, this.base.height, this.density, plot.width].join('|');
    if (this.dotLayer?.key === key && this.dotLayer.dots === this.dots) return this.dotLayer.canvas;
    const canvas = this.dotLayer?.canvas ?? document.createElement('canvas');
    canvas.width = this.base.width; // also clears it
    canvas.height = this.base.height;
    const context = canvas.getContext('2d');
    const sprites = this.#dotSprites();
    const half = sprites.size / 2;
    const density = this.density;
    for (let i = 0; i < labels.length; i++) {
      const [px, py] = this.toPixel(points[2 * i], points[2 * i + 1]);
      if (px < plot.left - half || py < plot.top - half || px > plot.left + plot.width + half || py > plot.top + plot.height + half) continue;
      const sprite = sprites.byLabel[labels[i] % sprites.byLabel.length];
      // Device pixels: each copy lands on whole pixels.
      context.drawImage(sprite, Math.round(px * density - half), Math.round(py * density - half));
    }
    this.dotLayer = { key, dots: this.dots, canvas };
    return canvas;
  }

  /** One dot per class at this density and size, drawn once: `{size, byLabel}` (device pixels). */
  #dotSprites() {
    const radius = this.cssSize.width < 420 ? 2.2 : 2.8;
    const key = `${radius}|${this.density}`;
    if (this.sprites?.key === key) return this.sprites;
    const size = 2 * Math.ceil((radius + 1) * this.density) + 2;
    const byLabel = CLASS_COLOURS.map((colour) => {
      const sprite = document.createElement('canvas');
      sprite.width = sprite.height = size;
      const context = sprite.getContext('2d');
      context.setTransform(this.density, 0, 0, this.density, size / 2, size / 2);
      context.beginPath();
      context.arc(0, 0, radius, 0, 2 * Math.PI);
      context.lineWidth = 0.8;
      context.strokeStyle = 'rgba(255, 255, 255, 0.9)';
      context.fillStyle = colour;
      context.stroke();
      context.fill();
      return sprite;
    });
    this.sprites = { key, size, byLabel };
    return this.sprites;
  }

  /** Every test digit's 1σ ellipse at true scale, in its class colour. */
  #drawCircles(context) {
    if (!this.circles || !this.dots) return;
    const { points, labels } = this.dots;
    const scale = Math.min(this.#plot().width, this.#plot().height) / this.view.span;
    context.lineWidth = 1;
    for (let label = 0; label < CLASS_COLOURS.length; label++) {
      context.beginPath();
      for (let i = 0; i < labels.length; i++) {
        if (labels[i] !== label) continue;
        const [px, py] = this.toPixel(points[2 * i], points[2 * i + 1]);
        const rx = this.circles[2 * i] * scale;
        const ry = this.circles[2 * i + 1] * scale;
        context.moveTo(px + rx, py);
        context.ellipse(px, py, rx, ry, 0, 0, 2 * Math.PI);
      }
      context.strokeStyle = CLASS_COLOURS[label];
      context.globalAlpha = 0.5;
      context.stroke();
      context.globalAlpha = 0.08;
      context.fillStyle = CLASS_COLOURS[label];
      context.fill();
      context.globalAlpha = 1;
    }
  }

  /** The dot under the mouse or tapped: a ring around it, and its 1σ ellipse if known. */
  #drawActiveDot() {
    if (this.activeDot < 0 || !this.dots) return;
    const context = this.context;
    const i = this.activeDot;
    const [px, py] = this.toPixel(this.dots.points[2 * i], this.dots.points[2 * i + 1]);
    context.lineWidth = 2;
    context.strokeStyle = INK;
    context.beginPath();
    context.arc(px, py, 6, 0, 2 * Math.PI);
    context.stroke();
    if (this.circles) {
      const scale = Math.min(this.#plot().width, this.#plot().height) / this.view.span;
      context.beginPath();
      context.ellipse(px, py, this.circles[2 * i] * scale, this.circles[2 * i + 1] * scale, 0, 0, 2 * Math.PI);
      context.stroke();
    }
  }

  #drawEllipse() {
    const { mu, sigma } = this.overlay;
    this.ringDrawn = null;
    if (!mu) return;
    const context = this.context;
    const [px, py] = this.toPixel(mu[0], mu[1]);
    if (sigma) this.#drawRings(px, py, sigma);
    drawMu(context, px, py);
  }

  /** The 1σ and 2σ ellipses around the pixel (px, py), kept visible when tiny. */
  #drawRings(px, py, sigma) {
    const context = this.context;
    const scale = Math.min(this.#plot().width, this.#plot().height) / this.view.span;
    // At true scale a narrow posterior is a few pixels across: draw the rings at least
    // MIN_RING_PIXELS across, and say by how much they are enlarged.
    const trueAcross = 2 * Math.max(sigma[0], sigma[1]) * scale;
    const factor = trueAcross < MIN_RING_PIXELS ? MIN_RING_PIXELS / Math.max(trueAcross, 1e-9) : 1;
    const radii = [sigma[0] * scale * factor, sigma[1] * scale * factor];
    this.ringDrawn = { across: [2 * radii[0], 2 * radii[1]], factor };
    const ring = (k) => {
      context.beginPath();
      context.ellipse(px, py, k * radii[0], k * radii[1], 0, 0, 2 * Math.PI);
    };
    ring(2);
    context.fillStyle = 'rgba(37, 99, 235, 0.07)';
    context.fill();
    context.setLineDash([5, 4]);
    context.strokeStyle = ACCENT;
    context.lineWidth = 1.5;
    context.stroke();
    context.setLineDash([]);
    ring(1);
    context.fillStyle = 'rgba(37, 99, 235, 0.14)';
    context.fill();
    context.lineWidth = 2;
    if (factor > 1) context.setLineDash([3, 2]);
    context.stroke();
    context.setLineDash([]);
    if (factor > 1) {
      const text = t('map.enlarged', { factor: factor >= 10 ? Math.round(factor) : factor.toFixed(1) });
      context.font = 'bold 11px system-ui, sans-serif';
      context.textBaseline = 'bottom';
      // Above the ring's right side, or its left side when the text would leave the plot.
      const plot = this.#plot();
      const right = px + 2 * radii[0] + 3;
      const fits = right + context.measureText(text).width <= plot.left + plot.width;
      context.textAlign = fits ? 'left' : 'right';
      const x = fits ? right : px - 2 * radii[0] - 3;
      const y = py - 2 * radii[1] - 1;
      context.lineWidth = 3;
      context.strokeStyle = '#fff';
      context.strokeText(text, x, y);
      context.fillStyle = ACCENT;
      context.fillText(text, x, y);
    }
  }

  #drawSamples() {
    const { samples } = this.overlay;
    if (!samples) return;
    const context = this.context;
    // Small dots: sixteen of them near μ must not hide the ring.
    context.fillStyle = 'rgba(37, 99, 235, 0.85)';
    context.strokeStyle = '#fff';
    context.lineWidth = 1;
    for (let i = 0; i < samples.length; i += 2) {
      const [px, py] = this.toPixel(samples[i], samples[i + 1]);
      context.beginPath();
      context.arc(px, py, 2.2, 0, 2 * Math.PI);
      context.fill();
      context.stroke();
    }
  }

  #drawPath() {
    const { path } = this.overlay;
    if (!path || path.length < 4) return;
    const context = this.context;
    const first = this.toPixel(path[0], path[1]);
    const last = this.toPixel(path.at(-2), path.at(-1));
    context.strokeStyle = INK;
    context.lineWidth = 1.5;
    context.setLineDash([4, 3]);
    context.beginPath();
    context.moveTo(...first);
    context.lineTo(...last);
    context.stroke();
    context.setLineDash([]);
    context.fillStyle = INK;
    for (let i = 0; i < path.length; i += 2) {
      const [px, py] = this.toPixel(path[i], path[i + 1]);
      context.beginPath();
      context.arc(px, py, 2.2, 0, 2 * Math.PI);
      context.fill();
    }
    context.font = 'bold 12px system-ui, sans-serif';
    context.textAlign = 'center';
    context.textBaseline = 'middle';
    for (const [text, [px, py]] of [[t('interp.a'), first], [t('interp.b'), last]]) {
      context.lineWidth = 3;
      context.strokeStyle = '#fff';
      context.strokeText(text, px + 9, py - 9);
      context.fillText(text, px + 9, py - 9);
    }
  }

  #drawProbe() {
    if (!this.overlay.probe) return;
    const context = this.context;
    const [px, py] = this.toPixel(...this.overlay.probe);
    const shape = () => {
      context.beginPath();
      context.arc(px, py, 7, 0, 2 * Math.PI);
      for (const [dx, dy] of [[1, 0], [-1, 0], [0, 1], [0, -1]]) {
        context.moveTo(px + dx * 7, py + dy * 7);
        context.lineTo(px + dx * 12, py + dy * 12);
      }
    };
    shape();
    context.strokeStyle = '#fff';
    context.lineWidth = 4.5;
    context.stroke();
    shape();
    context.strokeStyle = PROBE_COLOUR;
    context.lineWidth = 2;
    context.stroke();
  }
}

/** A round step (1, 2 or 5 × 10ᵏ) near `rough`. */
function niceStep(rough) {
  const power = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / power;
  return (fraction < 1.5 ? 1 : fraction < 3.5 ? 2 : fraction < 7.5 ? 5 : 10) * power;
}

function midpoint(a, b) {
  return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
}

function distance(a, b) {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

/**
 * Fills `container` with the class legend: a swatch and a name per class.
 * @param {HTMLElement} container
 * @param {string[]} classNames
 */
export function renderLegend(container, classNames) {
  container.replaceChildren(
    ...classNames.map((name, label) => {
      const item = document.createElement('li');
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = CLASS_COLOURS[label % CLASS_COLOURS.length];
      item.append(swatch, name);
      return item;
    }),
  );
}
