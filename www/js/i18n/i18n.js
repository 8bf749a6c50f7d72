// The page's text in every language: string tables per language and per part of the page
// (`./en/common.js`, `./en/playground.js`, …; the same keys in `./zh/`), loaded as the views that
// need them are opened, and `t()` to read them. English is also written into index.html (by
// `tools/strings.mjs`, which a test keeps in step with the tables), so the first paint needs no
// script. Switching the language fills every `data-text` element again and tells the views with
// a `languagechange` event on `document`, without reloading. A string places a formula with
// `{=name}` (js/maths/tex.js): `setText` typesets it, `tPlain` gives its plain text for attributes.

import { fillText, plainText } from '../maths/render.js';

/** The languages the page speaks, with the `lang` attribute each gives the document. */
export const LANGUAGES = { en: 'en', zh: 'zh-Hans' };

/** The parts of the page with a string table each, loaded at start (views add theirs). */
const START_PARTS = ['common', 'playground'];

/** tables[language][part]: the loaded string tables. */
const tables = { en: {}, zh: {} };
const parts = new Set();
let language = 'en';
/** The merged table of the current language, rebuilt when a table loads or the language changes. */
let current = {};

/** The current language's code ("en" or "zh"). */
export function getLanguage() {
  return language;
}

async function loadTables(code, names) {
  await Promise.all(
    names
      .filter((part) => !(part in tables[code]))
      .map(async (part) => {
        tables[code][part] = (await import(`./${code}/${part}.js`)).default;
      }),
  );
}

function merge() {
  current = Object.assign({}, ...Object.values(tables[language]));
}

/**
 * Loads the string tables of `names` (parts of the page) in the current language.
 * @param {string[]} names e.g. ['walk']
 */
export async function loadStrings(names = START_PARTS) {
  for (const name of names) parts.add(name);
  await loadTables(language, names);
  merge();
}

/**
 * Switches every text of the page to `code` ("en" or "zh"; anything else is English): loads its
 * tables, fills the static text of the document and sets `<html lang>`, then tells the views.
 * @returns {Promise<string>} the language now in use
 */
export async function setLanguage(code) {
  const next = code in LANGUAGES ? code : 'en';
  await loadTables(next, [...parts]);
  language = next;
  merge();
  document.documentElement.lang = LANGUAGES[next];
  applyStrings(document);
  document.dispatchEvent(new CustomEvent('languagechange', { detail: { language: next } }));
  return next;
}

/** Whether the table has text for `key` (for names that come from the module, such as new models). */
export function hasText(key) {
  return key in current;
}

/**
 * The text for `key` with `{placeholders}` filled from `params`.
 * @param {string} key
 * @param {Record<string, string | number>} [params]
 * @returns {string}
 */
export function t(key, params = {}) {
  const template = current[key];
  if (template === undefined) throw new Error(`missing string: ${key} (${language})`);
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

/** `t()` with each formula as plain text: for attributes (aria-label, title) and canvases. */
export function tPlain(key, params = {}) {
  return plainText(t(key, params));
}

/**
 * Sets the text of `node` to `key`'s (params filled), its formulas typeset.
 * @param {Element} node
 */
export function setText(node, key, params = {}) {
  fillText(node, t(key, params));
}

/**
 * Fills the static text of `root` from the table: `data-text` sets textContent, and
 * `data-label`, `data-title`, `data-roledescription`, `data-content` set aria-label, title,
 * aria-roledescription and (for a <meta>) content. Keys whose table is not loaded yet are left
 * as they are (their view fills them when it opens).
 * @param {ParentNode} root
 */
export function applyStrings(root) {
  const fill = (attribute, write) => {
    for (const element of root.querySelectorAll(`[data-${attribute}]`)) {
      const key = element.dataset[attribute];
      if (key in current) write(element, current[key]);
    }
  };
  fill('text', (element, text) => fillText(element, text));
  fill('label', (element, text) => element.setAttribute('aria-label', plainText(text)));
  fill('title', (element, text) => {
    element.title = plainText(text);
  });
  fill('roledescription', (element, text) => element.setAttribute('aria-roledescription', plainText(text)));
  fill('content', (element, text) => element.setAttribute('content', plainText(text)));
  if (root === document && 'page.title' in current) document.title = plainText(current['page.title']);
}

const SUBSCRIPT_DIGITS = '₀₁₂₃₄₅₆₇₈₉';

/** `12` → `₁₂`, for names like z₁₂. */
export function subscript(n) {
  return String(n).replace(/\d/g, (digit) => SUBSCRIPT_DIGITS[Number(digit)]);
}

/** The name of latent dimension `index` (counted from 0), as people count it: z₁, z₂, … */
export function latentName(index) {
  return t('latent.name', { sub: subscript(index + 1) });
}

/**
 * A number for people: a true minus sign, `digits` decimals (fewer for large values).
 * @param {number} value
 * @param {number} [digits]
 */
export function formatNumber(value, digits = 2) {
  if (!Number.isFinite(value)) return '–';
  const places = Math.abs(value) >= 100 ? Math.min(digits, 1) : digits;
  const text = value.toFixed(places);
  return Number(text) === 0 ? (0).toFixed(places) : text.replace('-', '−');
}

/**
 * A whole number with thousands separators (both languages group by three with a comma). Written
 * out rather than with Intl, whose first use costs a phone a few hundred milliseconds.
 */
export function formatInteger(value) {
  const digits = String(Math.round(Math.abs(value))).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return value < 0 ? `−${digits}` : digits;
}

/** A list of numbers, comma-separated. */
export function formatVector(values, digits = 2) {
  return Array.from(values, (v) => formatNumber(v, digits)).join(', ');
}

/** A size in bytes as KB or MB. */
export function formatBytes(bytes) {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.round(bytes / 1e3)} KB`;
}

/** A share in [0, 1] as a percentage: `0.853` → `85%` (`digits` decimals). */
export function formatPercent(share, digits = 0) {
  if (!Number.isFinite(share)) return '–';
  return `${(100 * share).toFixed(digits)}%`;
}

/** A model's name for people: its table entry, else the name itself (a model trained in the page). */
export function modelName(name) {
  return hasText(`model.option.${name}`) ? t(`model.option.${name}`) : name;
}

/** The word for one image of `dataset` ("digit", "piece of clothing"), or its plural. */
export function noun(dataset, { plural = false } = {}) {
  const key = `judge.${plural ? 'nouns' : 'noun'}.${dataset}`;
  return t(key in current ? key : `judge.${plural ? 'nouns' : 'noun'}.other`);
}
