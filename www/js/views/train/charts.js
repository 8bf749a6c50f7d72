// The Train view's pictures: loss curves, the map of the test digits' q(z|x) (μ and a σ ring per
// digit), and the KL of each latent dimension. They draw what they are given and do no maths
// beyond scaling to the canvas.

import { CLASS_COLOURS } from '../../ui/pixels.js';

/** Sizes a canvas's backing store to its CSS box (times the device's pixel ratio). */
function fit(canvas) {
  const ratio = window.devicePixelRatio || 1;
  const width = Math.max(1, Math.round(canvas.clientWidth * ratio));
  const height = Math.max(1, Math.round(canvas.clientHeight * ratio));
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const context = canvas.getContext('2d');
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  return { context, width: canvas.clientWidth, height: canvas.clientHeight };
}

/** A tidy number for an axis label. */
/** Round values (1, 2 or 5 × 10ᵏ apart) between `min` and `max`, about `count` of them. */
function niceTicks(min, max, count) {
  const rough = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((f) => f * power).find((s) => s >= rough);
  const ticks = [];
  for (let y = Math.ceil(min / step) * step; y <= max + 1e-9 * step; y += step) ticks.push(Math.abs(y) < 1e-9 * step ? 0 : y);
  return ticks;
}

const label = (value) => (Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2));

/**
 * Curves over epochs: lines (one point per step, averaged into one per pixel column) and dots
 * (one per epoch).
 */
export class LineChart {
  /**
   * @param {HTMLCanvasElement} canvas
   * @param {{key: string, colour: string, dots?: boolean}[]} series
   */
  constructor(canvas, series) {
    this.canvas = canvas;
    this.series = series;
    /** @type {Record<string, number[][]>} [epoch, value] pairs per series */
    this.data = Object.fromEntries(series.map((s) => [s.key, []]));
    this.epochs = 1;
  }

  clear() {
    for (const key of Object.keys(this.data)) this.data[key] = [];
  }

  add(key, epoch, value) {
    if (Number.isFinite(value)) this.data[key].push([epoch, value]);
  }

  draw() {
    const { context, width, height } = fit(this.canvas);
    const margin = { left: 44, right: 8, top: 8, bottom: 20 };
    context.clearRect(0, 0, width, height);
    const all = Object.values(this.data).flat();
    const xMax = Math.max(this.epochs, ...all.map(([x]) => x), 1e-9);
    let [yMin, yMax] = all.length ? [Math.min(...all.map(([, y]) => y)), Math.max(...all.map(([, y]) => y))] : [0, 1];
    if (yMax - yMin < 1e-6) [yMin, yMax] = [yMin - 1, yMax + 1];
    const pad = 0.05 * (yMax - yMin);
    [yMin, yMax] = [yMin - pad, yMax + pad];
    const plotWidth = width - margin.left - margin.right;
    const plotHeight = height - margin.top - margin.bottom;
    const px = (x) => margin.left + (x / xMax) * plotWidth;
    const py = (y) => margin.top + (1 - (y - yMin) / (yMax - yMin)) * plotHeight;

    context.font = '11px system-ui, sans-serif';
    context.fillStyle = '#4b5563';
    context.strokeStyle = '#e5e7eb';
    context.lineWidth = 1;
    for (const y of niceTicks(yMin, yMax, 6)) {
      context.beginPath();
      context.moveTo(margin.left, py(y));
      context.lineTo(width - margin.right, py(y));
      context.stroke();
      context.textAlign = 'right';
      context.fillText(label(y), margin.left - 4, py(y) + 4);
    }
    context.textAlign = 'center';
    const xStep = Math.max(1, Math.ceil(xMax / 10));
    for (let x = 0; x <= xMax + 1e-9; x += xStep) context.fillText(String(x), px(x), height - 6);

    for (const { key, colour, dots } of this.series) {
      const points = this.data[key];
      context.strokeStyle = colour;
      context.fillStyle = colour;
      if (dots) {
        // Ringed in white, so that a dot stays visible on the line it lies on.
        context.lineWidth = 2;
        context.strokeStyle = '#ffffff';
        for (const [x, y] of points) {
          context.beginPath();
          context.arc(px(x), py(y), 4.5, 0, 2 * Math.PI);
          context.stroke();
          context.fill();
        }
        continue;
      }
      // One point per pixel column: the mean of the steps that fall in it.
      context.lineWidth = 1.5;
      context.beginPath();
      let column = null;
      let sum = 0;
      let count = 0;
      let first = true;
      const flush = () => {
        if (count === 0) return;
        const y = py(sum / count);
        if (first) context.moveTo(column, y);
        else context.lineTo(column, y);
        first = false;
      };
      for (const [x, y] of points) {
        const c = Math.round(px(x));
        if (c !== column) {
          flush();
          column = c;
          sum = 0;
          count = 0;
        }
        sum += y;
        count++;
      }
      flush();
      context.stroke();
    }
  }
}

/**
 * The test digits' q(z|x) on two latent dimensions: a σ ring (an ellipse with radii σ) and a dot at
 * μ per digit, coloured by class, in a square view that grows to hold every μ. A person's set
 * gives its own colours (`colour(label)`) and marks its held-out examples (`hollow(i)`: drawn as a
 * ring around the dot's place, not a filled dot).
 * @param {HTMLCanvasElement} canvas
 * @param {{mu: Float32Array, logvar: Float32Array, labels: Uint8Array, latentDim: number, dims: number[],
 *          colour?: (label: number) => string, hollow?: (i: number) => boolean}} data
 * @returns {number} the half-width of the view, in latent units
 */
export function drawMap(canvas, { mu, logvar, labels, latentDim, dims, colour = (label) => CLASS_COLOURS[label % CLASS_COLOURS.length], hollow = () => false }) {
  const { context, width, height } = fit(canvas);
  const [a, b] = dims;
  let extent = 3;
  for (let i = 0; i < labels.length; i++) {
    extent = Math.max(extent, 1.1 * Math.abs(mu[i * latentDim + a]), 1.1 * Math.abs(mu[i * latentDim + b] ?? 0));
  }
  const side = Math.min(width, height);
  const scale = side / (2 * extent);
  const cx = width / 2;
  const cy = height / 2;
  context.clearRect(0, 0, width, height);
  context.strokeStyle = '#e5e7eb';
  context.beginPath();
  context.moveTo(cx, 0);
  context.lineTo(cx, height);
  context.moveTo(0, cy);
  context.lineTo(width, cy);
  context.stroke();
  // The prior's 1σ circle, for scale.
  context.setLineDash([4, 4]);
  context.strokeStyle = '#9ca3af';
  context.beginPath();
  context.arc(cx, cy, scale, 0, 2 * Math.PI);
  context.stroke();
  context.setLineDash([]);

  const position = (i) => [cx + mu[i * latentDim + a] * scale, cy - (b === undefined ? 0 : mu[i * latentDim + b]) * scale];
  // Rings fainter when there are many, so that a thousand overlapping ones stay readable.
  context.globalAlpha = labels.length > 200 ? 0.12 : 0.35;
  context.lineWidth = 1;
  for (let i = 0; i < labels.length; i++) {
    const [x, y] = position(i);
    const rx = Math.exp(0.5 * logvar[i * latentDim + a]) * scale;
    const ry = b === undefined ? rx : Math.exp(0.5 * logvar[i * latentDim + b]) * scale;
    context.strokeStyle = colour(labels[i]);
    context.beginPath();
    context.ellipse(x, y, Math.min(rx, 4 * side), Math.min(ry, 4 * side), 0, 0, 2 * Math.PI);
    context.stroke();
  }
  context.globalAlpha = 1;
  const dot = labels.length > 200 ? 1.5 : 3;
  for (let i = 0; i < labels.length; i++) {
    const [x, y] = position(i);
    if (hollow(i)) {
      context.strokeStyle = colour(labels[i]);
      context.lineWidth = 1.5;
      context.beginPath();
      context.arc(x, y, dot + 1, 0, 2 * Math.PI);
      context.stroke();
    } else {
      context.fillStyle = colour(labels[i]);
      context.fillRect(x - dot, y - dot, 2 * dot, 2 * dot);
    }
  }
  return extent;
}

/**
 * One bar per latent dimension: its mean KL over the test digits (nats).
 * @param {HTMLCanvasElement} canvas
 * @param {Float32Array} kl (latent)
 * @param {(index: number) => string} name a dimension's name, e.g. z₁
 */
export function drawKlBars(canvas, kl, name) {
  const { context, width, height } = fit(canvas);
  context.clearRect(0, 0, width, height);
  const top = Math.max(1, ...kl);
  const slot = width / Math.max(1, kl.length);
  const base = height - 18;
  context.font = '11px system-ui, sans-serif';
  context.textAlign = 'center';
  for (let i = 0; i < kl.length; i++) {
    const h = (kl[i] / top) * (base - 16);
    const x = i * slot + slot * 0.15;
    context.fillStyle = '#2563eb';
    context.fillRect(x, base - h, slot * 0.7, h);
    context.fillStyle = '#374151';
    if (slot >= 22) {
      context.fillText(name(i), i * slot + slot / 2, height - 4);
      context.fillText(kl[i].toFixed(1), i * slot + slot / 2, base - h - 3);
    }
  }
}
