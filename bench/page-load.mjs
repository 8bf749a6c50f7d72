// What a visitor waits for: the bytes the page downloads and the time from navigation to the
// first moment a drawing can be encoded. The page is served by tools/serve.mjs, as
// `./build.sh serve` serves it (gzip, no caching), and every load starts in a fresh browser
// context, so nothing comes from a cache.
//
// "Ready" is the page's `performance.mark('vae-ready')` if it sets one, else the moment its
// read-only hook `window.vaePlayground` appears (polled every few milliseconds from an init script).

import { existsSync } from 'node:fs';
import { startServer } from '../tools/serve.mjs';
import { summarize } from './stats.js';

const REAL_PAGE = 'www/index.html';

/** Runs in every document before its own scripts: notes when the page's hook appears. */
function watchForHook() {
  const timer = setInterval(() => {
    if (window.vaePlayground !== undefined) {
      window.__benchHookSeenAt = performance.now();
      clearInterval(timer);
    }
  }, 1);
}

/** In the page once ready: the ready time, milestones, and what was downloaded. */
function collectTimings() {
  const mark = performance.getEntriesByName('vae-ready', 'mark')[0];
  const navigation = performance.getEntriesByType('navigation')[0];
  const files = [navigation, ...performance.getEntriesByType('resource')].map((entry) => ({
    path: new URL(entry.name).pathname,
    raw: entry.decodedBodySize,
    transferred: entry.encodedBodySize,
    responseEnd: entry.responseEnd,
  }));
  return {
    readyMs: mark ? mark.startTime : window.__benchHookSeenAt,
    readySource: mark ? "performance.mark('vae-ready')" : 'window.vaePlayground appeared',
    domContentLoadedMs: navigation.domContentLoadedEventEnd,
    files,
  };
}

/** "html", "js", "wasm", "css" or the extension. */
const kindOf = (path) => {
  const extension = path.endsWith('/') ? 'html' : (path.split('.').pop() ?? '');
  return extension === 'mjs' ? 'js' : extension;
};

/**
 * @param {import('playwright-core').Browser} browser
 * @param {{loads?: number, log?: (line: string) => void}} options
 * @returns the page measured, the ready time over `loads` fresh loads, and the files of one load
 */
export async function measurePageLoad(browser, { loads = 9, log = () => {} } = {}) {
  const realPage = existsSync(REAL_PAGE);
  // Until the real page exists, a minimal one: fetch the module, instantiate it, load the model.
  const server = realPage ? await startServer({ port: 0, root: 'www' }) : await startServer({ port: 0, root: '.' });
  const url = server.url + (realPage ? 'index.html' : 'bench/load-probe.html');
  try {
    const samples = [];
    for (let load = 0; load <= loads; load++) {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        await page.addInitScript(watchForHook);
        await page.goto(url);
        await page
          .waitForFunction(
            () => performance.getEntriesByName('vae-ready', 'mark').length > 0 || window.__benchHookSeenAt !== undefined,
            null,
            { timeout: 30_000, polling: 20 },
          )
          .catch(() => {
            throw new Error(`${url} neither marked 'vae-ready' nor exposed window.vaePlayground within 30 s`);
          });
        // The first load fills the server's gzip cache (gzip -9 of the wasm takes a while): not counted.
        if (load > 0) samples.push(await page.evaluate(collectTimings));
      } finally {
        await context.close();
      }
    }
    const last = samples.at(-1);
    const wasmDone = samples.map((s) => Math.max(...s.files.filter((f) => kindOf(f.path) === 'wasm').map((f) => f.responseEnd)));
    log(`ready after ${summarize(samples.map((s) => s.readyMs)).median.toFixed(0)} ms (median of ${loads})`);
    return {
      page: realPage ? REAL_PAGE : 'bench/load-probe.html',
      realPage,
      readySource: last.readySource,
      ready: summarize(samples.map((s) => s.readyMs)),
      wasmDownloaded: summarize(wasmDone),
      domContentLoaded: summarize(samples.map((s) => s.domContentLoadedMs)),
      loads,
      // As repository paths; the probe's own few lines of HTML are not part of the page's weight.
      files: last.files
        .map(({ path, raw, transferred }) => ({ path: realPage ? `www${path}` : path.slice(1), kind: kindOf(path), raw, transferred }))
        .filter((file) => realPage || file.path.startsWith('www/')),
    };
  } finally {
    await server.close();
  }
}
