// End-to-end test of training on a person's own set in the Train view: 40 letters no model has
// seen (A, B, X, O, each drawn with its own jitter) drawn on the collection pad with real pointer
// events and labelled; mnist-2d fine-tuned on them within 60 s, its held-out examples'
// reconstruction at least 30 % lower and their codes separated by letter (leave-one-out 1-NN
// agreement ≥ 0.8), as the page's figures say; the native `eval --set` gives the same figures from
// the downloaded model and the exported set; "Use this model" puts the letters on the
// playground's map; a reload brings back the gallery and the model; export → import → export gives
// the same bytes; 200 hostile files give 200 reasons with no console error and the memory back;
// the set's limits each say their own message; a refused storage quota says what was kept; the
// Fashion-MNIST choice states its size before anything downloads.
//
//   node tests/e2e/own-data.mjs      (after ./build.sh build; builds the native eval if needed)

import { assert, createChecks } from './checks.mjs';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../tools/serve.mjs';
import { launchBrowser, openPage, waitReady, state } from './browser.mjs';
import { LETTERS, letterSet, drawStrokes, drawLetterSetOnPad } from './letters.mjs';
import { hostileFiles } from './hostile-files.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const tally = createChecks();
const { check } = tally;

const view = '#view-train';
const dataset = (page, key) => page.evaluate(([selector, key]) => document.querySelector(selector).dataset[key], [view, key]);
const waitFor = (page, predicate, arg, timeout = 30_000) => page.waitForFunction(predicate, arg, { timeout, polling: 100 });
const DESKTOP = { viewport: { width: 1280, height: 900 } };

/** The page's heap (after a collection) and wasm memory, in bytes. */
async function memory(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return { heap: usedSize, wasm: await page.evaluate(() => window.vaePlayground.wasmBytes()) };
}

/** Whether two safetensors files hold the same (the writer orders a model's metadata as a hash map does). */
function sameSafetensors(a, b) {
  const split = (bytes) => {
    const length = Number(bytes.readBigUInt64LE(0));
    const header = JSON.parse(bytes.subarray(8, 8 + length).toString('utf8'));
    const sorted = (value) => (value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.keys(value).sort().map((key) => [key, sorted(value[key])])) : value);
    return [JSON.stringify(sorted(header)), bytes.subarray(8 + length)];
  };
  const [[headerA, dataA], [headerB, dataB]] = [split(a), split(b)];
  return headerA === headerB && Buffer.compare(dataA, dataB) === 0;
}

/** Saves the download a click starts; returns its path. */
async function downloadOf(page, selector, folder) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const path = join(folder, download.suggestedFilename());
  await download.saveAs(path);
  return path;
}

/** `eval --set FILE MODEL… --json`, natively. */
function evalSet(set, models) {
  const output = execFileSync('cargo', ['run', '--release', '--quiet', '--bin', 'eval', '--', '--set', set, ...models, '--json'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return JSON.parse(output);
}

const server = await startServer({ port: 0, root: process.env.VAE_WWW ?? join(ROOT, 'www') });
const browser = await launchBrowser();
const folder = await mkdtemp(join(tmpdir(), 'vae-own-'));
const began = Date.now();

try {
  const page = await openPage(browser, server.url, DESKTOP);
  let figures = null;
  let modelFile = null;
  let setFile = null;

  await check('the Train view offers MNIST, Fashion-MNIST and your own set; Fashion states its size before downloading', async () => {
    await page.click('.views-nav a[data-view="train"]');
    await page.locator(`${view} .train-size`).waitFor();
    await page.check('#train-data-fashion');
    const text = await page.locator(`${view} .train-size`).textContent();
    assert(/10,000 training and 1,000 test images of Fashion-MNIST/.test(text) && /\d+(\.\d+)? MB/.test(text), `size line: ${text}`);
    assert(!page.requests.some((url) => /fashion-mnist-(train|test)/.test(url)), 'Fashion-MNIST was fetched before Start');
    await page.check('#train-data-own');
    assert((await page.locator('#train-from').inputValue()) === 'mnist-2d', 'your own set does not start from a copy of mnist-2d');
    return text;
  });

  await check('40 letters drawn on the collection pad with the mouse, each labelled, fill the gallery', async () => {
    await drawLetterSetOnPad(page, 10, 1);
    await waitFor(page, () => document.querySelector('#view-train').dataset.ownCount === '40');
    const tiles = await page.locator(`${view} .gallery-grid .tile:not([hidden])`).count();
    const summary = await page.locator(`${view} .own-summary`).textContent();
    assert(tiles === 40, `${tiles} thumbnails`);
    assert(/A 10, B 10, X 10, O 10/.test(summary) && /: 12\./.test(summary), summary);
    return summary;
  });

  await check('fine-tuning mnist-2d on them (≤ 60 s): held-out reconstruction ≥ 30 % lower, agreement by letter ≥ 0.8', async () => {
    const started = Date.now();
    await page.click(`${view} button[data-text="train.start"]`);
    await waitFor(page, () => document.querySelector('#view-train').dataset.phase === 'finished', null, 60_000);
    await waitFor(page, () => Number(document.querySelector('#view-train').dataset.figuresAt) > 0);
    const seconds = (Date.now() - started) / 1000;
    const [before, after, agreement] = await Promise.all(['baselineReconstruction', 'reconstruction', 'agreement'].map((key) => dataset(page, key).then(Number)));
    figures = { before, after, agreement };
    const line = await page.locator(`${view} .train-figures`).textContent();
    assert(seconds <= 60, `training took ${seconds.toFixed(1)} s`);
    assert(after <= 0.7 * before, `held-out reconstruction ${before.toFixed(2)} → ${after.toFixed(2)}: less than 30 % lower`);
    assert(agreement >= 0.8, `agreement ${agreement}`);
    assert(line.includes(before.toFixed(1)) && line.includes(after.toFixed(1)), `the line does not quote the figures: ${line}`);
    return `${line} (${seconds.toFixed(1)} s)`;
  });

  await check('the map draws the letters in their colours with a legend of A, B, X, O', async () => {
    const legend = await page.locator(`${view} .train-map-card .legend`).textContent();
    assert(LETTERS.every((letter) => legend.includes(letter)), `legend: ${legend}`);
    const caption = await page.locator(`${view} .train-map-card .caption`).textContent();
    assert(/40 examples/.test(caption), caption);
    const inked = await page.evaluate(() => {
      const canvas = document.querySelector('#view-train .train-map');
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      const colours = new Set();
      for (let i = 0; i < data.length; i += 4) if (data[i + 3] === 255 && !(data[i] === data[i + 1] && data[i + 1] === data[i + 2])) colours.add(`${data[i]},${data[i + 1]},${data[i + 2]}`);
      return colours.size;
    });
    assert(inked >= 4, `${inked} colours on the map`);
    return `${caption.slice(0, 60)}…`;
  });

  await check('eval --set on the downloaded model and the exported set gives the page\'s figures (±0.01)', async () => {
    modelFile = await downloadOf(page, `${view} button[data-text="train.download"]`, folder);
    setFile = await downloadOf(page, '#own-export', folder);
    const [base, trained] = evalSet(setFile, [join(ROOT, 'models/mnist-2d.safetensors'), modelFile]);
    assert(trained.model === 'letters-2d' && trained.set === 'letters', `eval read ${trained.model} on ${trained.set}`);
    const close = (a, b) => Math.abs(a - b) <= 0.01;
    assert(close(base.heldOutReconstruction, figures.before), `mnist-2d: eval ${base.heldOutReconstruction}, page ${figures.before}`);
    assert(close(trained.heldOutReconstruction, figures.after), `trained: eval ${trained.heldOutReconstruction}, page ${figures.after}`);
    assert(close(trained.heldOutAgreement, figures.agreement), `agreement: eval ${trained.heldOutAgreement}, page ${figures.agreement}`);
    return `eval: ${base.heldOutReconstruction.toFixed(2)} → ${trained.heldOutReconstruction.toFixed(2)}, agreement ${trained.heldOutAgreement.toFixed(3)}; page: ${figures.before.toFixed(2)} → ${figures.after.toFixed(2)}, ${figures.agreement.toFixed(3)}`;
  });

  await check('"Use this model" makes it the playground\'s model, its map legend the letters', async () => {
    await page.click(`${view} button[data-text="train.use"]`);
    await waitFor(page, () => /letters-2d/.test(document.querySelector('#view-train .train-model-status').textContent));
    await page.click('.views-nav a[data-view="play"]');
    await waitFor(page, () => !document.querySelector('#view-play').hidden);
    const shown = await state(page);
    const legend = await page.locator('#legend').textContent();
    assert(shown.model === 'letters-2d', `model ${shown.model}`);
    assert(LETTERS.every((letter) => legend.includes(letter)) && !/\b7\b/.test(legend), `legend: ${legend}`);
    return `legend: ${legend.replace(/\s+/g, ' ').trim()}`;
  });

  await check('a reload brings back the gallery and the model (IndexedDB)', async () => {
    await waitFor(page, () => document.querySelector('#view-train').dataset.stored === '40');
    await page.reload();
    await waitReady(page);
    const shown = await state(page);
    assert(shown.model === 'letters-2d', `the link's model after a reload: ${shown.model}`);
    await page.click('.views-nav a[data-view="train"]');
    await page.check('#train-data-own');
    await waitFor(page, () => document.querySelector('#view-train').dataset.ownCount === '40');
    await waitFor(page, () => document.querySelector('#view-train').dataset.kept === 'letters-2d');
    const tiles = await page.locator(`${view} .gallery-grid .tile:not([hidden])`).count();
    assert(tiles === 40, `${tiles} thumbnails after the reload`);
    assert(!(await page.locator(`${view} button[data-text="train.download"]`).isDisabled()), 'the kept model cannot be downloaded');
    const again = await downloadOf(page, `${view} button[data-text="train.download"]`, join(folder, 'again'));
    assert(sameSafetensors(await readFile(again), await readFile(modelFile)), 'the kept model is not the one trained');
    return `${tiles} thumbnails; ${await page.locator(`${view} .train-kept`).textContent()}`;
  });

  await check('export → import → export gives the same bytes; a model file is refused as a set', async () => {
    const first = await readFile(setFile);
    await page.setInputFiles('#own-import', setFile);
    await waitFor(page, () => /Imported/.test(document.querySelector('#view-train .own-set-status').textContent));
    const second = await downloadOf(page, '#own-export', join(folder, 'second'));
    assert(Buffer.compare(first, await readFile(second)) === 0, 'the re-exported set differs');
    await page.setInputFiles('#own-import', modelFile);
    await waitFor(page, () => /could not be imported/.test(document.querySelector('#view-train .own-set-status').textContent));
    const refusal = await page.locator(`${view} .own-set-status`).textContent();
    assert(/model's weights file, not a set/.test(refusal), refusal);
    assert((await dataset(page, 'ownCount')) === '40', 'a refused import changed the set');
    return `${first.length} bytes twice; ${refusal}`;
  });

  await check('200 hostile files give 200 reasons, no console error, memory back within 10 %', async () => {
    const before = await memory(page);
    const files = hostileFiles(200);
    await page.setInputFiles('#own-files', files);
    await waitFor(page, () => document.querySelector('#view-train').dataset.ingesting === 'false' && document.querySelector('#view-train').dataset.refused === '200', null, 60_000);
    const reasons = await page.$$eval('#view-train .refused-list li', (rows) => rows.map((row) => row.querySelector('.refused-reason').textContent));
    assert(reasons.length === 200 && reasons.every((reason) => reason.length > 10), `${reasons.length} reasons listed`);
    assert((await dataset(page, 'ownCount')) === '40', 'a hostile file joined the set');
    const after = await memory(page);
    const grew = (a, b) => (b - a) / a;
    assert(grew(before.heap, after.heap) <= 0.1, `heap ${before.heap} → ${after.heap} bytes`);
    assert(grew(before.wasm, after.wasm) <= 0.1, `wasm memory ${before.wasm} → ${after.wasm} bytes`);
    const kinds = new Set(reasons);
    return `${kinds.size} different reasons; heap ${(before.heap / 1e6).toFixed(1)} → ${(after.heap / 1e6).toFixed(1)} MB, wasm ${(before.wasm / 1e6).toFixed(1)} → ${(after.wasm / 1e6).toFixed(1)} MB`;
  });

  await check('the limits: the 20,000th image is the last, 200 MB of files the most, each with its own message', async () => {
    const result = await page.evaluate(async () => {
      const { OwnSet } = await import('/js/own-data/set.js');
      const { Ingest } = await import('/js/own-data/ingest.js');
      const canvas = new OffscreenCanvas(40, 40);
      const context = canvas.getContext('2d');
      context.fillStyle = '#fff';
      context.fillRect(0, 0, 40, 40);
      context.fillStyle = '#000';
      context.fillRect(15, 5, 10, 30);
      const png = await canvas.convertToBlob({ type: 'image/png' });
      const module = await WebAssembly.compileStreaming(fetch('/pkg/vae_playground_bg.wasm'));
      /** Files into `set` through the page's own Ingest: what ended how. */
      const run = (set, files) =>
        new Promise((resolve) => {
          const ingest = new Ingest({ module, set });
          const refused = [];
          ingest.addEventListener('refused', ({ detail }) => refused.push(...detail.map((r) => r.key)));
          ingest.addEventListener('idle', ({ detail }) => resolve({ ...detail, refused, count: set.count }));
          ingest.add(files);
        });
      const one = (name) => ({ file: new File([png], name), path: name });
      const full = new OwnSet();
      full.replace({ name: 'full', classNames: [], images: new Uint8Array(19_999 * 784), labels: new Uint8Array(19_999).fill(255), count: 19_999 });
      const heavy = new OwnSet();
      heavy.fileBytes = 200e6 - png.size - 10; // as if 200 MB of files, less one PNG and a bit, had been read
      const [fullResult, heavyResult] = await Promise.all([run(full, [one('a.png'), one('b.png'), one('c.png')]), run(heavy, [one('d.png'), one('e.png')])]);
      return { full: fullResult, heavy: heavyResult };
    });
    assert(result.full.count === 20_000 && result.full.refused.join() === 'own.reason.full,own.reason.full', `a set of 19,999 given 3: ${JSON.stringify(result.full)}`);
    assert(result.heavy.count === 1 && result.heavy.refused.join() === 'own.reason.bytes', `200 MB: ${JSON.stringify(result.heavy)}`);
    const messages = await page.evaluate(async () => {
      const { t } = await import('/js/i18n/i18n.js');
      return [t('own.reason.full', { most: '20,000' }), t('own.reason.bytes', { most: '200 MB' })];
    });
    assert(messages[0] !== messages[1] && /20,000/.test(messages[0]) && /200 MB/.test(messages[1]), messages.join(' | '));
    return messages.join(' | ');
  });

  await check('a storage quota the browser refuses is said, with what was kept', async () => {
    const context = await browser.newContext(DESKTOP);
    // A browser whose storage is full: every write fails as Chromium's does.
    await context.addInitScript(() => {
      IDBObjectStore.prototype.put = function put() {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    });
    const full = await context.newPage();
    const errors = [];
    full.on('pageerror', (error) => errors.push(error.message));
    try {
      await full.goto(`${server.url}#view=train&tdata=own`);
      await full.locator('#own-pad').waitFor();
      await full.locator('#own-pad').scrollIntoViewIfNeeded();
      await drawStrokes(full, '#own-pad', letterSet(1, 3)[0].strokes);
      await full.click('#own-add');
      await waitFor(full, () => /^failed/.test(document.querySelector('#view-train').dataset.stored ?? ''));
      const said = await full.locator(`${view} .own-store`).textContent();
      assert(/storage is full/.test(said) && /Images in this tab: 1;/.test(said) && /saved before: 0\./.test(said), said);
      assert((await full.locator(`${view} .gallery-grid .tile:not([hidden])`).count()) === 1, 'the drawing is not in the gallery');
      assert(errors.length === 0, errors.join(' | '));
      return said;
    } finally {
      await context.close();
    }
  });

  await check('no console error and no request leaves the local server', async () => {
    const origin = new URL(server.url).origin;
    const foreign = page.requests.filter((url) => !url.startsWith(origin) && !url.startsWith('blob:') && !url.startsWith('data:'));
    assert(foreign.length === 0, `foreign requests: ${foreign.join(', ')}`);
    assert(page.errors.length === 0, page.errors.join(' | '));
  });
} finally {
  await browser.close();
  await server.close();
  await rm(folder, { recursive: true, force: true });
}

console.log(`\n${tally.failures === 0 ? 'all passed' : `${tally.failures} failed`} in ${((Date.now() - began) / 1000).toFixed(1)} s`);
process.exit(tally.failures === 0 ? 0 : 1);
