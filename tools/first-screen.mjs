// What a first visit downloads before the page can encode a drawing: every file fetched from
// navigation until the page's `performance.mark('vae-ready')`, with an empty cache, each counted as
// gzip -9 of its body (what a host that compresses sends; a brotli host sends less). Two forms of
// the page a visitor may be sent: as `./build.sh serve` serves www/ (scripts and styles minified),
// and the published folder (`./build.sh dist`) on Python's static server under a sub-path; and,
// for reference, www/ as written (`./build.sh serve --sources`). Several fresh loads each; the
// bytes do not vary, the list of files is the last load's.
//
//   node tools/first-screen.mjs [--loads 3] [--write]     (./build.sh first-screen; --write puts
//   the section between `<!-- first-screen:start -->` and `<!-- first-screen:end -->` in BENCHMARKS.md)

import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium } from '../tests/e2e/node_modules/playwright-core/index.mjs';
import { startServer } from './serve.mjs';
import { writeSection } from './report-section.mjs';
import { SUB_PATH, publishedServer } from './published-server.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The bar: the first screen's files, gzipped, at most this many bytes (1 MB = 10⁶ bytes). */
const BAR_BYTES = 900_000;
const { values } = parseArgs({ options: { loads: { type: 'string', default: '3' }, write: { type: 'boolean', default: false } } });
const LOADS = Math.max(1, Number(values.loads) || 3);

/** One fresh load: the files fetched before `vae-ready`, with their raw and gzip -9 sizes. */
async function loadOnce(browser, url) {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 }, isMobile: true, hasTouch: true });
  try {
    const page = await context.newPage();
    const bodies = new Map();
    page.on('response', async (response) => {
      try {
        bodies.set(response.url(), await response.body());
      } catch {
        // a redirect or a response without a body
      }
    });
    await page.goto(url);
    await page.waitForFunction(() => performance.getEntriesByName('vae-ready', 'mark').length > 0, null, { timeout: 120_000 });
    const fetched = await page.evaluate(() => {
      const ready = performance.getEntriesByName('vae-ready', 'mark')[0].startTime;
      const entries = [performance.getEntriesByType('navigation')[0], ...performance.getEntriesByType('resource')];
      return { ready, urls: entries.filter((e) => e.startTime <= ready).map((e) => e.name) };
    });
    await page.waitForTimeout(200); // the last bodies' reads
    const files = fetched.urls.map((name) => {
      const body = bodies.get(name);
      if (!body) throw new Error(`no body recorded for ${name}`);
      return { path: new URL(name).pathname, raw: body.length, gzip: gzipSync(body, { level: 9 }).length };
    });
    return { ready: fetched.ready, files };
  } finally {
    await context.close();
  }
}

const kB = (bytes) => `${(bytes / 1000).toFixed(bytes < 10_000 ? 2 : 1)} kB`;
const MB = (bytes) => `${(bytes / 1e6).toFixed(3)} MB`;

async function measure(browser, form, server) {
  try {
    const loads = [];
    for (let i = 0; i < LOADS; i++) loads.push(await loadOnce(browser, server.url));
    const totals = loads.map((l) => l.files.reduce((sum, f) => sum + f.gzip, 0));
    const last = loads.at(-1);
    const total = { raw: last.files.reduce((s, f) => s + f.raw, 0), gzip: totals.at(-1) };
    console.log(`${form}: ${last.files.length} files before vae-ready, ${MB(total.gzip)} gzipped (${MB(total.raw)} raw); loads: ${totals.map(MB).join(', ')}`);
    for (const f of [...last.files].sort((a, b) => b.gzip - a.gzip).slice(0, 8)) console.log(`    ${kB(f.gzip).padStart(10)}  ${f.path}`);
    return { form, files: last.files, total, totals };
  } finally {
    await server.close();
  }
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const results = [];
try {
  results.push(await measure(browser, 'dev', await startServer({ port: 0, root: join(ROOT, 'www'), minified: true })));
  results.push(await measure(browser, 'published', await publishedServer('vae-first-screen-')));
  results.push(await measure(browser, 'sources', await startServer({ port: 0, root: join(ROOT, 'www') })));
} finally {
  await browser.close();
}

const defaultWeights = int8Weights(join(ROOT, 'models/mnist-2d.safetensors'));

/** A safetensors file's int8 tensors: how many values, the largest magnitude and the bits it
 *  takes, their bytes raw and gzipped. */
function int8Weights(path) {
  const file = readFileSync(path);
  const headerLength = Number(file.readBigUInt64LE(0));
  const header = JSON.parse(file.subarray(8, 8 + headerLength).toString('utf8'));
  const data = file.subarray(8 + headerLength);
  const parts = Object.entries(header).filter(([name, t]) => name !== '__metadata__' && t.dtype === 'I8');
  const bytes = Buffer.concat(parts.map(([, t]) => data.subarray(t.data_offsets[0], t.data_offsets[1])));
  const values = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  const largest = values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  return { count: values.length, largest, bits: Math.ceil(Math.log2(largest + 1)) + 1, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

const names = {
  dev: '`./build.sh serve` (www/, scripts and styles minified as sent)',
  published: `the published folder (\`./build.sh dist\`, under \`/${SUB_PATH}/\`)`,
  sources: '`./build.sh serve --sources` (www/ as written, for developers)',
};
/** The bar's verdict for a page a visitor is sent; the sources are for reading, not for visitors. */
const verdict = (r) =>
  r.form === 'sources' ? 'not a visitor’s page' : r.total.gzip <= BAR_BYTES ? '**PASS**' : `**FAIL** (${kB(r.total.gzip - BAR_BYTES)} over)`;
const lines = [
  '## First screen: bytes before the page can encode',
  '',
  `Generated by \`./build.sh first-screen\` (\`node tools/first-screen.mjs --loads ${LOADS} --write\`) on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
  'Every file a first visit fetches (empty cache, a phone-sized window) from navigation until the page',
  "marks `vae-ready` (the module compiled, the model open, the first screen drawn: a drawing can be",
  'encoded), each counted as gzip -9 of its body, as a compressing host would send it. The module',
  `carries the default model, mnist-2d: ${defaultWeights.count.toLocaleString('en')} weights stored as int8 within ±${defaultWeights.largest}`,
  `(${defaultWeights.bits}-bit values; ${kB(defaultWeights.raw)}, ${kB(defaultWeights.gzip)} gzipped, ${((8 * defaultWeights.gzip) / defaultWeights.count).toFixed(1)} bits a weight).`,
  '',
  '| page | files | raw | gzip -9 | bar: ≤ 0.9 MB gzipped |',
  '| --- | --- | --- | --- | --- |',
  ...results.map((r) => `| ${names[r.form]} | ${r.files.length} | ${MB(r.total.raw)} | **${MB(r.total.gzip)}** | ${verdict(r)} |`),
  '',
];
for (const r of results.filter((r) => r.form !== 'sources')) {
  lines.push(`The largest files of ${names[r.form]}:`, '', '| file | raw | gzip -9 |', '| --- | --- | --- |');
  const sorted = [...r.files].sort((a, b) => b.gzip - a.gzip);
  for (const f of sorted.slice(0, 6)) lines.push(`| \`${f.path.replace(`/${SUB_PATH}`, '')}\` | ${kB(f.raw)} | ${kB(f.gzip)} |`);
  const rest = sorted.slice(6);
  if (rest.length) lines.push(`| ${rest.length} other files | ${kB(rest.reduce((s, f) => s + f.raw, 0))} | ${kB(rest.reduce((s, f) => s + f.gzip, 0))} |`);
  lines.push('');
}
const text = lines.join('\n');
console.log(`\n${text}`);
if (values.write) {
  await writeSection(join(ROOT, 'BENCHMARKS.md'), 'first-screen', text);
  console.log('Wrote the first-screen section of BENCHMARKS.md');
}
