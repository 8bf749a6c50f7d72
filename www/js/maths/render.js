// Typeset mathematics on the page: text from the string tables with its `{=name}` formulas made
// MathML (js/maths/mathml.js, rendered from tex.js at build time), the numbered equations as
// display blocks, and the plain text of a formula where no markup can go (an aria-label, a canvas).

import { NUMBERED, INLINE, NUMBERED_TEXT, INLINE_TEXT } from './mathml.js';
import { writeText } from '../ui/dom.js';

/** A formula token of the string tables: `{=name}`. */
const TOKEN = /\{=(\w+)\}/g;

const parsed = new Map();

/** A fresh copy of the MathML element `markup` (parsed once). */
function mathElement(markup) {
  if (!parsed.has(markup)) {
    const template = document.createElement('template');
    template.innerHTML = markup;
    parsed.set(markup, template.content.firstElementChild);
  }
  return parsed.get(markup).cloneNode(true);
}

/** Whether `text` holds a formula token. */
export function hasMaths(text) {
  return text.includes('{=');
}

/**
 * Fills `node` with `text`, each `{=name}` typeset inline. An unknown name stays as written, so
 * that a typo shows rather than vanishes.
 * @param {Element} node
 * @param {string} text
 */
export function fillText(node, text) {
  if (!hasMaths(text)) {
    writeText(node, text);
    filled.delete(node);
    return;
  }
  // The same sentence again (a card redrawn while a person draws) keeps its nodes: new MathML
  // elements would be laid out again, a few ms a frame on a phone.
  if (filled.get(node) === text && node.isConnected && node.firstChild) return;
  node.replaceChildren(...mathNodes(text));
  filled.set(node, text);
}

/** The text each node was last filled with by `fillText`, when it held a formula. */
const filled = new WeakMap();

/** `text` as nodes: its plain parts as strings, each `{=name}` a MathML element. */
export function mathNodes(text) {
  return text.split(TOKEN).map((part, i) => (i % 2 === 0 ? part : part in INLINE ? mathElement(INLINE[part]) : `{=${part}}`));
}

/** `text` with each `{=name}` as its plain text (for attributes and canvases). */
export function plainText(text) {
  return text.replace(TOKEN, (whole, name) => INLINE_TEXT[name] ?? whole);
}

/** Numbered equation `n` (or "reparam") typeset as a display block. */
export function equation(n) {
  return mathElement(NUMBERED[n]);
}

/** The plain text of numbered equation `n`. */
export function equationText(n) {
  return NUMBERED_TEXT[n];
}

/** The plain text of inline formula `name`. */
export function formulaText(name) {
  return INLINE_TEXT[name];
}
