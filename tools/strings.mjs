// Keeps the page's text in one place. The string tables (`www/js/i18n/<language>/<part>.js`) are
// the source; index.html carries the English text too, so that the first paint needs no script.
//
//   node tools/strings.mjs write    render the English tables into www/index.html
//   node tools/strings.mjs check    fail if index.html is out of step with the tables, or if a
//                                   language's table misses a key, has an extra one, or changes a
//                                   placeholder; `./build.sh test` runs this
//
// In the HTML, `data-text="key"` marks an element whose whole content is that text (so it must
// hold no other element but the text's typeset formulas), `data-label` its aria-label,
// `data-title` its title, and `data-content` the content attribute of a <meta>,
// `data-roledescription` its aria-roledescription.
//
// Mathematics is written once, in www/js/maths/tex.js, and a table places a formula with
// `{=name}`: the check fails if a table keeps an equation of its own (a `walk.eq.*` key, or a
// formula spelt out in symbols), names a formula tex.js lacks, or places other formulas than
// English does.

import { readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const I18N = join(ROOT, 'www/js/i18n');
const HTML = join(ROOT, 'www/index.html');
const { INLINE, INLINE_TEXT } = await import(pathToFileURL(join(ROOT, 'www/js/maths/mathml.js')).href);

/** A formula token of a table: `{=name}`. */
const TOKEN = /\{=(\w+)\}/g;

/**
 * Signs that a text spells out a formula instead of placing one from tex.js: operators and
 * notation that only equations use.
 */
const FORMULA_SIGNS = [/[Σ∑∫√‖⊙∼]/, /log₂/, /E_/, /~ ?N\(/, /N\(0, ?[I1]\)/, /N\(μ, ?σ²\)/, /[pq]\([zx]\|[zx]\)/, /[pq]\([zx]\)/, /x − x′/, /z = (μ|T|c) ?[+·]/];


/** Every language's tables: `{en: {part: table}, zh: {…}}`. */
export async function loadTables() {
  const languages = (await readdir(I18N, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  const tables = {};
  for (const language of languages) {
    tables[language] = {};
    for (const file of (await readdir(join(I18N, language))).filter((f) => f.endsWith('.js')).sort()) {
      const part = file.replace(/\.js$/, '');
      tables[language][part] = (await import(pathToFileURL(join(I18N, language, file)).href)).default;
    }
  }
  return tables;
}

const escapeText = (text) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
const escapeAttribute = (text) => escapeText(text).replaceAll('"', '&quot;');
/** A text as HTML: escaped, its formulas as MathML. */
const typeset = (text) => text.split(TOKEN).map((part, i) => (i % 2 === 1 ? (INLINE[part] ?? `{=${part}}`) : escapeText(part))).join('');
/** A text as an attribute value: its formulas as their plain text. */
const plain = (text) => text.replace(TOKEN, (whole, name) => INLINE_TEXT[name] ?? whole);

/**
 * index.html with every marked text taken from `strings`.
 * @param {string} html
 * @param {Record<string, string>} strings one language's merged table
 * @returns {{html: string, missing: string[]}} missing: keys the HTML uses that the table lacks
 */
export function render(html, strings) {
  const missing = [];
  const lookup = (key) => {
    if (key in strings) return strings[key];
    missing.push(key);
    return null;
  };
  // Content of data-text elements (which hold text and its formulas only).
  let out = html.replace(
    /(<([a-z][a-z0-9]*)\b[^>]*\sdata-text="([^"]+)"[^>]*>)([^]*?)(<\/\2>)/g,
    (whole, open, tag, key, text, close) => {
      const value = lookup(key);
      return value === null ? whole : `${open}${typeset(value)}${close}`;
    },
  );
  // Attributes named by data-label, data-title, data-content, in the same start tag.
  out = out.replace(/<[a-z][a-z0-9]*\b[^>]*\sdata-(?:label|title|content|roledescription)="[^"]+"[^>]*>/g, (tag) => {
    for (const [marker, attribute] of [
      ['label', 'aria-label'],
      ['title', 'title'],
      ['content', 'content'],
      ['roledescription', 'aria-roledescription'],
    ]) {
      const key = tag.match(new RegExp(`\\sdata-${marker}="([^"]+)"`))?.[1];
      if (!key) continue;
      const value = lookup(key);
      if (value === null) continue;
      const written = `${attribute}="${escapeAttribute(plain(value))}"`;
      const existing = new RegExp(`\\s${attribute}="[^"]*"`);
      tag = existing.test(tag) ? tag.replace(existing, ` ${written}`) : tag.replace(/\s*(\/?)>$/, ` ${written}$1>`);
    }
    return tag;
  });
  return { html: out, missing };
}

/** The `{name}` placeholders of a text, sorted. */
const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');

/** The formula tokens of a text, sorted. */
const formulas = (text) => [...text.matchAll(TOKEN)].map((m) => m[1]).sort().join(',');

/** Problems with the mathematics of every table: equations kept per language, unknown formulas. */
export function checkMaths(tables) {
  const problems = [];
  for (const [language, parts] of Object.entries(tables)) {
    for (const [part, table] of Object.entries(parts)) {
      for (const [key, text] of Object.entries(table)) {
        const where = `${language}/${part}.js: ${key}`;
        if (/^walk\.eq\./.test(key)) problems.push(`${where} keeps an equation: the equations live in www/js/maths/tex.js`);
        for (const name of formulas(text).split(',').filter(Boolean)) {
          if (!(name in INLINE)) problems.push(`${where} places {=${name}}, which www/js/maths/tex.js lacks`);
        }
        const bare = text.replace(TOKEN, '');
        const sign = FORMULA_SIGNS.find((pattern) => pattern.test(bare));
        if (sign) problems.push(`${where} spells out a formula (${sign}): place it from www/js/maths/tex.js with {=name}`);
      }
    }
  }
  return problems;
}

/** Problems with the other languages' tables against English's. */
export function compareTables(tables) {
  const problems = [];
  for (const [language, parts] of Object.entries(tables)) {
    if (language === 'en') continue;
    for (const [part, english] of Object.entries(tables.en)) {
      const other = parts[part];
      if (!other) {
        problems.push(`${language}/${part}.js is missing`);
        continue;
      }
      for (const key of Object.keys(english)) {
        if (!(key in other)) problems.push(`${language}/${part}.js lacks ${key}`);
        else if (placeholders(other[key]) !== placeholders(english[key])) {
          problems.push(`${language}/${part}.js: ${key} has placeholders {${placeholders(other[key])}}, English {${placeholders(english[key])}}`);
        } else if (formulas(other[key]) !== formulas(english[key])) {
          problems.push(`${language}/${part}.js: ${key} places the formulas {=${formulas(other[key])}}, English {=${formulas(english[key])}}`);
        }
      }
      for (const key of Object.keys(other)) if (!(key in english)) problems.push(`${language}/${part}.js has ${key}, which English lacks`);
    }
    for (const part of Object.keys(parts)) if (!tables.en[part]) problems.push(`${language}/${part}.js has no English table`);
  }
  return problems;
}

async function main() {
  const command = process.argv[2];
  const tables = await loadTables();
  const english = Object.assign({}, ...Object.values(tables.en));
  const html = await readFile(HTML, 'utf8');
  const rendered = render(html, english);
  if (command === 'write') {
    if (rendered.missing.length) console.warn(`keys missing from the English tables: ${rendered.missing.join(', ')}`);
    if (rendered.html !== html) await writeFile(HTML, rendered.html);
    console.log(rendered.html === html ? 'www/index.html was up to date' : 'www/index.html rewritten from the English tables');
  } else if (command === 'check') {
    const problems = [...compareTables(tables), ...checkMaths(tables)];
    for (const key of rendered.missing) problems.push(`index.html uses ${key}, which the English tables lack`);
    if (rendered.html !== html) problems.push('www/index.html differs from the English tables: run `node tools/strings.mjs write`');
    for (const problem of problems) console.error(`strings: ${problem}`);
    if (problems.length) process.exit(1);
    const counts = Object.entries(tables).map(([l, parts]) => `${l} ${Object.values(parts).reduce((n, p) => n + Object.keys(p).length, 0)}`);
    console.log(`strings: index.html matches the English tables; keys per language: ${counts.join(', ')}`);
  } else {
    console.error('usage: node tools/strings.mjs write|check');
    process.exit(2);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main();
