// Small builders for the walk's steps: elements, text from the string tables that refills itself
// when the language changes, sliders with their labels, and canvases sized for the screen.

import { t, tPlain } from '../../i18n/i18n.js';
import { fillText } from '../../maths/render.js';

/** Builds an element with a class and children. */
export function el(tag, className = '', ...children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.append(...children);
  return node;
}

/** Every element filled from the tables, with how to fill it again: `[node, key, params()]`. */
const bound = [];

/**
 * Fills `node` with the text of `key` (params from `params()`) now and on every language change.
 * The key stays on the element (`data-string`), so that a test can check the text against the table.
 * @template {HTMLElement} T
 * @param {T} node
 * @returns {T}
 */
export function bind(node, key, params = () => ({})) {
  bound.push([node, key, params]);
  fill(node, key, params());
  return node;
}

/** Sets the text of a bound `node` to `key` with `params` (and remembers them for a language change). */
export function fill(node, key, params = {}) {
  node.dataset.string = key;
  fillText(node, t(key, params));
  const entry = bound.find(([n]) => n === node);
  if (entry) {
    entry[1] = key;
    entry[2] = () => params;
  }
}

/** Refills every bound element in the current language. */
export function refillAll() {
  for (const [node, key, params] of bound) {
    node.dataset.string = key;
    fillText(node, t(key, params()));
  }
}

/** A text element of the tables. */
export function text(tag, className, key, params) {
  return bind(el(tag, className), key, params);
}

/** A live line of numbers under a figure. */
export function readout() {
  const node = el('p', 'walk-readout');
  node.setAttribute('aria-live', 'polite');
  return node;
}

let sliders = 0;

/**
 * A labelled range input.
 * @returns {{row: HTMLElement, input: HTMLInputElement, value: HTMLElement}}
 */
export function slider(key, { min, max, step, value }) {
  const id = `walk-slider-${++sliders}`;
  const input = el('input');
  Object.assign(input, { type: 'range', id, min, max, step, value });
  const label = text('label', '', key);
  label.htmlFor = id;
  const shown = el('span', 'walk-value');
  shown.setAttribute('aria-hidden', 'true');
  return { row: el('div', 'walk-control', label, input, shown), input, value: shown };
}

/** A canvas that draws a figure: role img, its label set by the step on every render. */
export function figureCanvas(className, aspect) {
  const canvas = el('canvas', `walk-canvas ${className}`);
  canvas.setAttribute('role', 'img');
  canvas.dataset.aspect = String(aspect);
  return canvas;
}

/**
 * The canvas' 2-D context scaled to CSS pixels, and its size in CSS pixels.
 * @param {HTMLCanvasElement} canvas
 */
export function prepare(canvas) {
  const width = Math.max(200, Math.round(canvas.clientWidth || 320));
  const height = Math.round(width * Number(canvas.dataset.aspect || 0.6));
  const density = window.devicePixelRatio || 1;
  if (canvas.width !== Math.round(width * density) || canvas.height !== Math.round(height * density)) {
    canvas.width = Math.round(width * density);
    canvas.height = Math.round(height * density);
  }
  const context = canvas.getContext('2d');
  context.setTransform(density, 0, 0, density, 0, 0);
  context.clearRect(0, 0, width, height);
  context.font = '12px system-ui, sans-serif';
  return { context, width, height };
}

/** Sets the canvas' accessible description from the tables. */
export function describe(canvas, key, params) {
  canvas.setAttribute('aria-label', tPlain(key, params));
}
