// Accessibility of the page in headless Chromium: axe-core (WCAG 2.x A and AA rules) finds no
// violation at load, after drawing, on every model and in every view, on a desktop and a phone.
//
//   node tests/e2e/accessibility.mjs      (exits non-zero on a failure)

import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../tools/serve.mjs';
import { launchBrowser, openPage, settle, drawWithMouse, drawWithFinger, SEVEN } from './browser.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const DESKTOP = { viewport: { width: 1280, height: 900 }, bypassCSP: true };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, bypassCSP: true };

let failures = 0;
let checks = 0;

async function check(name, body) {
  checks++;
  try {
    const detail = await body();
    console.log(`ok   ${name}${detail ? ` (${detail})` : ''}`);
  } catch (error) {
    failures++;
    console.log(`FAIL ${name}: ${error.message}`);
  }
}

/**
 * axe-core's violations on the page as it is now (every rule tagged WCAG 2 A or AA, and best practices).
 * @returns {Promise<string[]>} one line per violation: rule, impact, first offending elements
 */
async function violations(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const results = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }),
  );
  return results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`,
  );
}

async function expectClean(page, where) {
  const found = await violations(page);
  if (found.length) throw new Error(`${where}:\n    ${found.join('\n    ')}`);
  return 'no violations';
}

const server = await startServer({ port: 0, root: process.env.VAE_WWW ?? join(ROOT, 'www') });
const browser = await launchBrowser();
try {
  const page = await openPage(browser, server.url, DESKTOP);
  await check('axe: the page at load', () => expectClean(page, 'at load'));
  await drawWithMouse(page, '#pad', SEVEN);
  await check('axe: after drawing a 7', () => expectClean(page, 'after drawing'));
  const models = await page.evaluate(() => [...document.querySelectorAll('#model-options input')].filter((i) => !i.hidden).map((i) => i.value));
  for (const model of models) {
    await check(`axe: model ${model}`, async () => {
      await page.locator(`label[for="model-${model}"]`).click();
      await page.waitForFunction((name) => window.vaePlayground.state().model === name, model, { timeout: 20000 });
      await settle(page, 200);
      return expectClean(page, model);
    });
  }
  for (const view of await page.evaluate(() => [...document.querySelectorAll('.views-nav a:not([hidden])')].map((a) => a.dataset.view))) {
    if (view === 'play') continue;
    await check(`axe: the ${view} view`, async () => {
      await page.locator(`.views-nav a[data-view="${view}"]`).click();
      await page.waitForFunction((name) => !document.querySelector(`.view[data-view="${name}"]`).hidden, view);
      await page.waitForTimeout(1500);
      return expectClean(page, view);
    });
  }
  await check('axe and the keyboard: the Train view with your own set (gallery, a selection, a refused file)', async () => {
    await page.locator('.views-nav a[data-view="train"]').click();
    await page.check('#train-data-own');
    // The playground's 7, added twice; a file that cannot be used, listed with its reason.
    for (let i = 0; i < 2; i++) await page.click('#own-add-playground');
    await page.setInputFiles('#own-files', [{ name: 'empty.png', mimeType: 'image/png', buffer: Buffer.alloc(0) }]);
    await page.waitForFunction(() => document.querySelector('#view-train').dataset.refused === '1' && document.querySelector('#view-train').dataset.ownCount === '2');
    await page.locator('#view-train .refused summary').click();
    // One Tab stop for the gallery; Space selects, the arrow keys move.
    await page.locator('#view-train .tile').first().focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Space');
    const tiles = await page.$$eval('#view-train .tile:not([hidden])', (all) => all.map((t) => [t.getAttribute('aria-pressed'), t.tabIndex, t === document.activeElement]));
    if (tiles.some(([pressed]) => pressed !== 'true')) throw new Error(`Space did not select: ${JSON.stringify(tiles)}`);
    if (!tiles[1][2] || tiles[1][1] !== 0 || tiles[0][1] !== -1) throw new Error(`the arrow key did not move the one Tab stop: ${JSON.stringify(tiles)}`);
    return expectClean(page, 'your own set');
  });
  await check('axe: in Chinese', async () => {
    await page.locator('.views-nav a[data-view="play"]').click();
    await page.locator('.language[data-language="zh"]').click();
    await page.waitForFunction(() => document.documentElement.lang === 'zh-Hans');
    return expectClean(page, 'Chinese');
  });

  await check('keyboard only: from an empty page to an input, samples and interpolation', async () => {
    const keys = await openPage(browser, server.url, DESKTOP);
    const state = () => keys.evaluate(() => window.vaePlayground.state());
    /** Presses Tab until `selector` has focus (as a person would), at most `limit` times. */
    const tabTo = async (selector, limit = 120) => {
      for (let i = 0; i < limit; i++) {
        if (await keys.evaluate((s) => document.activeElement?.matches(s), selector)) return i;
        await keys.keyboard.press('Tab');
      }
      throw new Error(`Tab never reached ${selector}`);
    };
    const settled = () => keys.waitForFunction(() => !window.vaePlayground.state().pending);
    let presses = await tabTo('#use-test');
    await keys.keyboard.press('Enter');
    await keys.waitForFunction(() => !window.vaePlayground.state().empty, null, { timeout: 20000 });
    const first = await state();
    await keys.keyboard.press('ArrowRight');
    await settled();
    const second = await state();
    if (second.mu.every((v, i) => v === first.mu[i])) throw new Error('ArrowRight did not change the test digit');
    presses += await tabTo('#sample-grid .sample');
    await keys.keyboard.press('Enter');
    await settled();
    const sampled = await state();
    if (sampled.z.every((v, i) => v === second.mu[i])) throw new Error('Enter on a sample did not decode it');
    presses += await tabTo('#pin');
    await keys.keyboard.press('Enter');
    presses += await tabTo('#test-next');
    await keys.keyboard.press('Enter');
    await keys.keyboard.press('Enter');
    await settled();
    presses += await tabTo('#interp-row .frame:nth-child(4)');
    const before = (await state()).z;
    await keys.keyboard.press('Enter');
    await settled();
    if ((await state()).z.every((v, i) => v === before[i])) throw new Error('Enter on an interpolation frame did not decode it');
    if (keys.errors.length) throw new Error(keys.errors.join('; '));
    return `${presses} Tab presses in all`;
  });

  const phone = await openPage(browser, server.url, PHONE);
  await check('axe: phone at load', () => expectClean(phone, 'phone at load'));
  for (const stroke of SEVEN) await drawWithFinger(phone, '#pad', stroke);
  await check('axe: phone after drawing', () => expectClean(phone, 'phone after drawing'));
  for (const p of [page, phone]) if (p.errors.length) console.log(`note: console errors: ${p.errors.join('; ')}`);
} finally {
  await browser.close();
  await server.close();
}

console.log(`\n${checks - failures}/${checks} accessibility checks passed`);
process.exit(failures === 0 ? 0 : 1);
