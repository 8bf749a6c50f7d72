// End-to-end test of the Train view: the page states the download before fetching the digits,
// trains in a worker while the main thread stays free (no long task), the loss falls and the map
// changes, Pause stops and Resume continues, the trained model becomes the page's model and
// encodes a drawing, Download saves a file the native `eval` reads, and the file loads back. The
// worker runs the page's own module, so nothing but the data downloads for a run: the relaxed-SIMD
// build in Chromium, the plain one in a browser without relaxed SIMD, which never fetches the other.
//
//   node tests/e2e/train.mjs      (after ./build.sh build and a native build of `eval`)

import { assert, createChecks } from './checks.mjs';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../tools/serve.mjs';
import { launchBrowser, openPage, state, SEVEN, drawWithMouse } from './browser.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const tally = createChecks();
const { check } = tally;

const view = '#view-train';
const data = (page, key) => page.locator(view).getAttribute(`data-${key}`);
const steps = async (page) => Number((await data(page, 'steps')) ?? 0);
const mapImage = (page) => page.evaluate(() => document.querySelector('#view-train .train-map').toDataURL());
const waitFor = (page, predicate, arg, timeout = 30_000) => page.waitForFunction(predicate, arg, { timeout, polling: 100 });

const server = await startServer({ port: 0, root: process.env.VAE_WWW ?? join(ROOT, 'www') });
const browser = await launchBrowser();
const folder = await mkdtemp(join(tmpdir(), 'vae-train-'));
const started = Date.now();

try {
  const page = await openPage(browser, server.url, { viewport: { width: 1280, height: 900 } });
  let firstMap = null;
  let file = null;

  await check('the Train view says how much it will download before fetching anything', async () => {
    await page.click('.views-nav a[data-view="train"]');
    await page.locator(`${view} .train-size`).waitFor();
    const text = await page.locator(`${view} .train-size`).textContent();
    assert(/9003|9,003/.test(text) && /\d+(\.\d+)? MB/.test(text), `size line: ${text}`);
    // The worker runs the page's module (Chromium has relaxed SIMD: the page runs that build).
    assert(!/module/.test(text), `size line counts a module: ${text}`);
    assert(page.requests.some((url) => url.endsWith('/pkg/relaxed/vae_playground_bg.wasm')), 'the page does not run the relaxed-SIMD build');
    assert(!page.requests.some((url) => url.endsWith('/pkg/vae_playground_bg.wasm')), 'the page fetched the plain build too');
    assert(!page.requests.some((url) => /mnist-(train|test)\.u8/.test(url)), 'the digits were fetched before Start');
    return text;
  });

  await check('Start trains in a worker: the loss falls, the map changes, no long task on the main thread', async () => {
    await page.evaluate(() => {
      window.longTasks = [];
      new PerformanceObserver((list) => window.longTasks.push(...list.getEntries().map((e) => [e.startTime, e.duration]))).observe({ type: 'longtask' });
      window.phases = [];
      new MutationObserver(() => window.phases.push([performance.now(), document.querySelector('#view-train').dataset.phase])).observe(document.querySelector('#view-train'), { attributes: true, attributeFilter: ['data-phase'] });
    });
    await page.fill('#train-epochs', '3');
    await page.click(`${view} button[data-text="train.start"]`);
    await waitFor(page, () => Number(document.querySelector('#view-train').dataset.snapshots ?? 0) >= 1);
    firstMap = await mapImage(page);
    await waitFor(page, () => Number(document.querySelector('#view-train').dataset.steps ?? 0) >= 120, null, 60_000);
    await waitFor(page, () => Number(document.querySelector('#view-train').dataset.snapshots ?? 0) >= 2);
    const [first, last] = [Number(await data(page, 'first-loss')), Number(await data(page, 'last-loss'))];
    assert(last < 0.75 * first, `loss ${first} → ${last}`);
    assert((await mapImage(page)) !== firstMap, 'the map did not change');
    // Tasks over 50 ms since training began (the Start click's own work comes before).
    const running = await page.evaluate(() => window.phases.find(([, phase]) => phase === 'running')?.[0] ?? 0);
    const longTasks = (await page.evaluate(() => window.longTasks)).filter(([start]) => start >= running);
    assert(longTasks.length === 0, `main-thread tasks over 50 ms while training: ${longTasks.map(([, d]) => Math.round(d)).join(', ')} ms`);
    return `loss ${first.toFixed(1)} → ${last.toFixed(1)} in ${await steps(page)} steps; ${await page.locator(`${view} .train-progress`).textContent()}`;
  });

  await check('Pause stops the steps, Resume continues them', async () => {
    await page.click(`${view} button[data-text="train.pause"]`);
    await waitFor(page, () => document.querySelector('#view-train').dataset.phase === 'paused');
    const paused = await steps(page);
    await page.waitForTimeout(800);
    assert((await steps(page)) === paused, 'steps went on while paused');
    await page.click(`${view} button[data-text="train.resume"]`);
    await waitFor(page, (n) => Number(document.querySelector('#view-train').dataset.steps) > n + 10, paused);
    await page.click(`${view} button[data-text="train.pause"]`);
    await waitFor(page, () => document.querySelector('#view-train').dataset.phase === 'paused');
    return `paused at ${paused}, then ${await steps(page)}`;
  });

  await check('Download saves a safetensors file that the native eval reads', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(`${view} button[data-text="train.download"]`)]);
    file = join(folder, download.suggestedFilename());
    await download.saveAs(file);
    // eval recomputes the test loss with the seed the page used (session.rs TEST_SEED).
    const output = execFileSync('cargo', ['run', '--release', '--quiet', '--bin', 'eval', '--', '--seed', '2019', file], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const row = output.trim().split('\n').at(-1).split('|').map((cell) => cell.trim());
    assert(row[1] === 'trained-2d' && row[2] === 'mnist', `eval printed: ${output}`);
    const [recomputed, stored] = [Number(row[10]), Number(row[11])];
    assert(Math.abs(recomputed - stored) < 0.05 * stored, `eval's test loss ${recomputed}, the file's ${stored}`);
    return `eval: test loss ${recomputed}, stored ${stored}`;
  });

  await check('"Use this model" makes it the page\'s model, and a drawing is encoded with it', async () => {
    await page.click(`${view} button[data-text="train.use"]`);
    await waitFor(page, () => /trained-2d/.test(document.querySelector('#view-train .train-model-status').textContent));
    await page.click('.views-nav a[data-view="play"]');
    // The view changes in the page's next turn, and the model opens in a task of its own.
    await page.locator('#view-play #pad').waitFor({ state: 'visible' });
    await waitFor(page, () => window.vaePlayground.state().model === 'trained-2d');
    await drawWithMouse(page, '#pad', SEVEN);
    const shown = await state(page);
    assert(shown.model === 'trained-2d', `model ${shown.model}`);
    assert(shown.mu?.length === 2 && shown.mu.every(Number.isFinite), `μ ${shown.mu}`);
    return `μ = (${shown.mu.map((v) => v.toFixed(2)).join(', ')})`;
  });

  await check('the downloaded file loads back into the page', async () => {
    await page.click('.views-nav a[data-view="train"]');
    await page.setInputFiles('#train-file', file);
    await waitFor(page, () => /loaded/.test(document.querySelector('#view-train .train-model-status').textContent));
    const shown = await state(page);
    assert(shown.model === 'trained-2d-2', `model ${shown.model}`);
    return shown.model;
  });

  await check('Reset clears the session and Start is offered again', async () => {
    await page.click(`${view} button[data-text="train.reset"]`);
    await waitFor(page, () => document.querySelector('#view-train').dataset.phase === 'idle');
    assert(!(await page.locator(`${view} button[data-text="train.start"]`).isDisabled()), 'Start stays disabled');
  });

  await check('a browser without relaxed SIMD runs the plain build, and trains with it', async () => {
    const plain = await browser.newContext();
    // Such a browser refuses the probe module of engine/features.js (the only WebAssembly.validate call).
    await plain.addInitScript(() => (WebAssembly.validate = () => false));
    const other = await plain.newPage();
    const requests = [];
    other.on('request', (request) => requests.push(request.url()));
    try {
      await other.goto(`${server.url}#view=train`);
      await other.locator(`${view} .train-size`).waitFor();
      const text = await other.locator(`${view} .train-size`).textContent();
      assert(/9003|9,003/.test(text) && !/module/.test(text), `size line: ${text}`);
      await other.fill('#train-epochs', '1');
      await other.click(`${view} button[data-text="train.start"]`);
      await waitFor(other, () => Number(document.querySelector('#view-train').dataset.steps ?? 0) >= 20, null, 60_000);
      assert(!requests.some((url) => url.includes('/relaxed/')), 'the relaxed-SIMD module was fetched');
      assert(requests.some((url) => url.endsWith('/pkg/vae_playground_bg.wasm')), 'the plain build was not fetched');
      return text;
    } finally {
      await plain.close();
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

console.log(`\n${tally.failures === 0 ? 'all passed' : `${tally.failures} failed`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(tally.failures === 0 ? 0 : 1);
