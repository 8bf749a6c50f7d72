// End-to-end test of the published page (tools/dist.mjs) on a stock static server, Python's
// http.server, under a sub-path (/some/sub/path/): the smoke checks (it loads, draws, every view
// opens, nothing leaves the server, no console error); offline (make everything available, go
// offline, reload: every view with every model works; a model not stored says it needs the
// network); and versions (open version A, switch the server to B: the tab keeps working on A, is
// offered B, works on B once it accepts, and no request mixes the two).
//
//   node tests/e2e/published.mjs

import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, readdir, readFile, rm, symlink, unlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assert, createChecks } from './checks.mjs';
import { launchBrowser, drawWithMouse, settle, waitReady, SEVEN } from './browser.mjs';
import { publish } from '../../tools/dist.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SUB_PATH = 'some/sub/path';
const DESKTOP = { viewport: { width: 1280, height: 900 } };
const MODELS = ['mnist-2d', 'mnist-16d', 'fashion-2d', 'mnist-ae-2d', 'mnist-beta-2d'];
const VIEWS = ['play', 'compare', 'walk', 'train'];

const tally = createChecks();
const { check } = tally;

/** `python3 -m http.server` on a free port, serving `root`. */
async function pythonServer(root) {
  // Its log goes to stderr, one line a request: left unread, the pipe would fill and stop the server.
  const child = spawn('python3', ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', root], { stdio: ['ignore', 'pipe', process.env.PUBLISHED_LOG ? (await import('node:fs')).openSync(process.env.PUBLISHED_LOG, 'w') : 'ignore'] });
  const port = await new Promise((found, failed) => {
    child.stdout.on('data', (chunk) => {
      const match = /port (\d+)/.exec(String(chunk));
      if (match) found(Number(match[1]));
    });
    child.on('exit', (code) => failed(new Error(`http.server exited (${code})`)));
    setTimeout(() => failed(new Error('http.server did not start')), 10000);
  });
  return { url: `http://127.0.0.1:${port}/${SUB_PATH}/`, close: () => child.kill() };
}

/** A page of the published site, recording requests, errors and who answered each request. */
async function open(context, url) {
  const page = await context.newPage();
  page.errors = [];
  page.requests = [];
  page.on('console', (message) => message.type() === 'error' && page.errors.push(`console: ${message.text()}`));
  page.on('pageerror', (error) => page.errors.push(`pageerror: ${error.message}`));
  page.on('request', (request) => page.requests.push(request.url()));
  await page.goto(url);
  await waitReady(page);
  return page;
}

/** Shows `view` and waits until it has drawn what it measures. */
async function showView(page, view) {
  await page.locator(`.views-nav a[data-view="${view}"]`).click();
  await page.waitForFunction((v) => !document.querySelector(`#view-${v}`).hidden && document.querySelector(`#view-${v}`).children.length > 0, view, { timeout: 30000 });
  if (view === 'compare') await page.waitForFunction(() => document.querySelector('#view-compare').dataset.measured === 'true', null, { timeout: 30000 });
  if (view === 'walk') await page.waitForFunction(() => document.querySelector('#walk-step-9 .walk-readouts')?.children[1]?.dataset.same, null, { timeout: 30000 });
}

/** Chooses model `name` in the header's picker and waits for it (or its failure). */
async function chooseModel(page, name) {
  await page.locator(`label[for="model-${name}"]`).click();
  await page.waitForFunction((n) => window.vaePlayground.state().model === n || /network|could not/.test(document.querySelector('#status').textContent), name, { timeout: 30000 });
  return page.evaluate(() => window.vaePlayground.state().model);
}

/** Dates every file under `dir` at `when`, as if published then. */
async function releasedLater(dir, when) {
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) await utimes(join(entry.parentPath ?? entry.path, entry.name), when, when);
  }
}

/** Waits until the service worker controls the page. */
const controlled = (page) => page.waitForFunction(() => navigator.serviceWorker.controller !== null && document.documentElement.dataset.version, null, { timeout: 30000 });

const work = await mkdtemp(join(tmpdir(), 'vae-published-'));
const site = join(work, 'site');
const served = join(site, SUB_PATH);
await mkdir(dirname(served), { recursive: true });
const [a, b] = [join(work, 'A'), join(work, 'B')];
const started = Date.now();
// Version B: the same files but a mark on its page (a person would see a new release).
// (No .gz and .br: Python's server does not send them, and brotli at its best takes a minute.)
const versionA = await publish({ out: a, label: 'A', precompress: false });
await publish({ out: b, label: 'B', precompress: false });
for (const page of ['index.html', 'embed.html']) {
  const html = await readFile(join(b, page), 'utf8');
  await writeFile(join(b, page), html.replace('data-published="true"', 'data-published="true" data-build="B"'));
}
const { writeOfflineFiles } = await import('../../tools/offline.mjs');
const rewritten = await writeOfflineFiles(b, 'B');
// A release comes later than the one before: Python's server answers a check for the worker with
// 304 when its file is not newer to the second, and A and B were written within the same second.
await releasedLater(b, new Date(Date.now() + 60000));
await symlink(a, served);
const server = await pythonServer(site);
const browser = await launchBrowser();

try {
  const only = process.env.PUBLISHED_ONLY ?? '';
  const context = await browser.newContext(DESKTOP);
  const page = only ? null : await open(context, server.url);
  if (!only) {

  await check(`smoke: the published folder works from ${SUB_PATH}/ on python3 -m http.server`, async () => {
    await drawWithMouse(page, '#pad', SEVEN);
    const s = await page.evaluate(() => window.vaePlayground.state());
    assert(!s.empty && s.mu.length === 2, 'the drawing was not encoded');
    for (const view of VIEWS.slice(1)) await showView(page, view);
    await showView(page, 'play');
    const outside = page.requests.filter((url) => !url.startsWith(server.url) && !url.startsWith('data:') && !url.startsWith('blob:'));
    assert(outside.length === 0, `requests outside ${server.url}: ${outside.slice(0, 3)}`);
    assert(page.requests.some((url) => /\.[0-9a-f]{12}\.safetensors$/.test(url)), 'no hashed file was fetched');
    assert(page.errors.length === 0, page.errors.slice(0, 2).join(' | '));
    return `${page.requests.length} requests, all under ${SUB_PATH}/; version ${versionA.version}`;
  });

  await check('installable: a manifest with icons, and a service worker that controls the page', async () => {
    await controlled(page);
    const manifest = await page.evaluate(async () => {
      const link = document.querySelector('link[rel="manifest"]');
      const response = await fetch(link.href);
      return response.json();
    });
    assert(manifest.icons.some((i) => i.sizes === '512x512') && manifest.icons.some((i) => i.sizes === '192x192') && manifest.start_url, JSON.stringify(manifest).slice(0, 120));
    return `${manifest.name}, ${manifest.icons.length} icons, ${manifest.display}`;
  });

  await check('a phone: nothing on the page moves while it gets ready (the offline button appears in a place kept for it)', async () => {
    const phone = await browser.newContext({ viewport: { width: 412, height: 823 }, isMobile: true, hasTouch: true });
    try {
      const tab = await phone.newPage();
      // Slowed as Lighthouse slows a phone: at full speed the button can appear before the first paint.
      await (await phone.newCDPSession(tab)).send('Emulation.setCPUThrottlingRate', { rate: 4 });
      await tab.addInitScript(() => {
        window.layoutShift = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.layoutShift += entry.value;
        }).observe({ type: 'layout-shift', buffered: true });
      });
      await tab.goto(server.url);
      await tab.locator('#offline').waitFor({ state: 'visible', timeout: 30000 });
      await tab.waitForTimeout(500);
      const shift = await tab.evaluate(() => window.layoutShift);
      assert(shift < 0.02, `cumulative layout shift ${shift.toFixed(3)} (Lighthouse's "good" ends at 0.1; the page's own aim is 0.02)`);
      return `cumulative layout shift ${shift.toFixed(3)}`;
    } finally {
      await phone.close();
    }
  });

  await check('offline: “Save offline” states its size, stores everything; offline, every view works with every model', async () => {
    const label = await page.locator('#offline').textContent();
    assert(/\d+(\.\d)? MB/.test(label), `the button does not state the size: ${label}`);
    await page.locator('#offline').click();
    await page.waitForFunction(() => document.querySelector('#offline').dataset.text === 'offline.ready', null, { timeout: 120000 });
    await context.setOffline(true);
    await page.reload();
    await waitReady(page);
    const worked = [];
    for (const model of MODELS) {
      const opened = await chooseModel(page, model);
      assert(opened === model, `${model} offline: ${await page.locator('#status').textContent()}`);
      await drawWithMouse(page, '#pad', SEVEN);
      assert(!(await page.evaluate(() => window.vaePlayground.state().empty)), `${model}: no encoding offline`);
      for (const view of model === 'mnist-16d' ? ['walk', 'train'] : VIEWS.slice(1)) await showView(page, view);
      await showView(page, 'play');
      worked.push(model);
    }
    await context.setOffline(false);
    assert(page.errors.length === 0, page.errors.slice(0, 2).join(' | '));
    return `${label}; offline: ${worked.join(', ')} in every view`;
  });
  }
  await context.close();

  if (!only) await check('offline before storing: a model not yet stored says it needs the network', async () => {
    const fresh = await browser.newContext(DESKTOP);
    try {
      const page2 = await open(fresh, server.url);
      await controlled(page2);
      await fresh.setOffline(true);
      const opened = await chooseModel(page2, 'fashion-2d');
      const status = await page2.locator('#status').textContent();
      assert(opened !== 'fashion-2d' && /needs the network/.test(status), `${opened}: ${status}`);
      assert(await page2.locator('#alert').isHidden(), 'an error banner');
      return status;
    } finally {
      await fresh.close();
    }
  });

  await check('versions: a tab on A keeps working on A after the server moves to B, is offered B, and works on B once accepted', async () => {
    const tab = await browser.newContext(DESKTOP);
    try {
      const page3 = await open(tab, server.url);
      await controlled(page3);
      const version = () => page3.evaluate(() => ({ version: document.documentElement.dataset.version, build: document.documentElement.dataset.build ?? 'A' }));
      const onA = await version();
      assert(onA.version === versionA.version && onA.build === 'A', JSON.stringify(onA));
      // The server now serves B.
      await unlink(served);
      await symlink(b, served);
      const swRequests = [];
      const pending = new Set();
      tab.on('request', (request) => {
        if (!request.serviceWorker()) return;
        swRequests.push(request.url());
        pending.add(request.url());
      });
      tab.on('requestfinished', (request) => pending.delete(request.url()));
      tab.on('requestfailed', (request) => pending.delete(request.url()));
      // Look for the new version as the page does when a person comes back to the tab (again, if a
      // check the browser began before the switch answers the first time).
      // (waitForFunction would take the promise an async predicate returns for a truthy answer, so
      // the check and the wait are separate.)
      const offerShown = async () => {
        const deadline = Date.now() + 60000;
        while (Date.now() < deadline) {
          const shown = await page3.evaluate(async () => {
            if (!document.querySelector('#update-offer').hidden) return true;
            const registration = await navigator.serviceWorker.getRegistration();
            if (!registration.installing && !registration.waiting) await registration.update().catch(() => {});
            return false;
          });
          if (shown) return;
          await page3.waitForTimeout(1000);
        }
        const state = await page3.evaluate(async () => {
          const r = await navigator.serviceWorker.getRegistration();
          return { installing: r.installing?.state, waiting: r.waiting?.state, status: document.querySelector('#status').textContent };
        });
        throw new Error(`no update offered in 60 s: ${JSON.stringify(state)}; ${swRequests.length} requests by the workers, pending: ${[...pending].slice(0, 4).join(', ')}`);
      };
      await offerShown();
      // Still A: the views, a model not opened yet (from the network, by A's own hashed name), the walk.
      const before = page3.requests.length;
      const step = async (what, action) => {
        try {
          return await action();
        } catch (error) {
          throw new Error(`${what}: ${error.message.split('\n')[0]}`);
        }
      };
      for (const view of ['compare', 'walk', 'train', 'play']) await step(`the ${view} view on A`, () => showView(page3, view));
      const opened = await step('a model on A', () => chooseModel(page3, 'mnist-beta-2d'));
      assert(opened === 'mnist-beta-2d', `A could not open a model: ${await page3.locator('#status').textContent()}`);
      assert(JSON.stringify(await version()) === JSON.stringify(onA), 'the tab changed version by itself');
      const aFiles = new Set([...JSON.parse(await readFile(join(a, 'offline.json'), 'utf8')).optional.map((f) => f.path)]);
      const strays = page3.requests.slice(before).filter((url) => /\.[0-9a-f]{12}\./.test(url) && !aFiles.has(url.slice(server.url.length)));
      assert(strays.length === 0, `A asked for files not its own: ${strays.slice(0, 2)}`);
      // Accept B: the page reloads on B's files.
      const offered = await page3.evaluate(() => ({ hidden: document.querySelector('#update-offer').hidden, box: JSON.stringify(document.querySelector('#update').getBoundingClientRect()), scroll: window.scrollY }));
      await step(`accepting B (${JSON.stringify(offered)})`, () => Promise.all([page3.waitForEvent('load', { timeout: 60000 }), page3.locator('#update').click({ noWaitAfter: true, timeout: 10000 })]));
      await waitReady(page3);
      await page3.waitForFunction(() => document.documentElement.dataset.version, null, { timeout: 30000 });
      const onB = await version();
      assert(onB.version === rewritten.version && onB.build === 'B', `after accepting: ${JSON.stringify(onB)}`);
      await drawWithMouse(page3, '#pad', SEVEN);
      assert(!(await page3.evaluate(() => window.vaePlayground.state().empty)), 'B does not encode');
      assert(page3.errors.length === 0, page3.errors.slice(0, 2).join(' | '));
      return `A ${onA.version} → B ${onB.version}; ${swRequests.length} requests by the workers`;
    } finally {
      await tab.close();
    }
  });
} catch (error) {
  tally.failures++;
  console.log(`FAIL the published-page test stopped: ${error.message}`);
} finally {
  await browser.close();
  server.close();
  await rm(work, { recursive: true, force: true });
}

console.log(`\n${tally.checks - tally.failures}/${tally.checks} published-page checks passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exitCode = tally.failures > 0 ? 1 : 0;
