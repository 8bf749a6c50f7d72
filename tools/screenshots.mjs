// The README's pictures: the page on a desktop and on a phone after drawing a 7, the Compare view
// with the judge's figures, step 9 of the walk, and the Train view with a set of 40 drawn letters
// (and a few files that could not be used) after fine-tuning mnist-2d on them. Written to docs/
// (and only by this command, `./build.sh screenshots`; the tests write no tracked file).
//
//   node tools/screenshots.mjs [--out docs] [--url http://…] [--only own]
//   (serves www/ itself without --url; --only own makes the Train view's two pictures alone)

import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startServer } from './serve.mjs';
import { launchBrowser, openPage, drawWithMouse, drawWithFinger, SEVEN } from '../tests/e2e/browser.mjs';
import { drawLetterSetOnPad } from '../tests/e2e/letters.mjs';
import { hostileFiles } from '../tests/e2e/hostile-files.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { out: { type: 'string', default: join(ROOT, 'docs') }, url: { type: 'string' }, only: { type: 'string' } } });

const DESKTOP = { viewport: { width: 1280, height: 900 } };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

await mkdir(values.out, { recursive: true });
const server = values.url ? null : await startServer({ port: 0, root: join(ROOT, 'www') });
const url = values.url ?? server.url;
const browser = await launchBrowser();
/**
 * The Train view with your own set: 40 letters drawn on the collection pad, four files that could
 * not be used, mnist-2d fine-tuned; the set's cards, and the curves, map and reconstructions.
 */
async function ownData() {
  const page = await openPage(browser, `${url}#view=train&tdata=own`, DESKTOP);
  await page.locator('#own-pad').waitFor();
  await drawLetterSetOnPad(page, 10, 1);
  await page.setInputFiles('#own-files', hostileFiles(27).filter((f) => /svg|exe|bomb-png|truncated-jpeg/.test(f.kind)));
  await page.waitForFunction(() => document.querySelector('#view-train').dataset.ingesting === 'false');
  await page.locator('#view-train .refused summary').click();
  await page.click('#view-train button[data-text="train.start"]');
  await page.waitForFunction(() => document.querySelector('#view-train').dataset.phase === 'finished', null, { timeout: 120000 });
  await page.waitForFunction(() => Number(document.querySelector('#view-train').dataset.figuresAt) > 0);
  await page.waitForTimeout(500);
  await page.evaluate(() => window.scrollTo(0, 0));
  const box = async (selector) => page.locator(selector).boundingBox();
  const clip = async (top, bottom) => {
    const [a, b] = [await box(top), await box(bottom)];
    return { x: 0, y: a.y - 12, width: DESKTOP.viewport.width, height: b.y + b.height - a.y + 24 };
  };
  await page.screenshot({ path: join(values.out, 'screenshot-own-data.png'), fullPage: true, clip: await clip('#view-train .train-intro', '#view-train .own-add-card') });
  await page.screenshot({ path: join(values.out, 'screenshot-own-map.png'), fullPage: true, clip: await clip('#view-train .train-map-card', '#view-train .train-map-card') });
  if (page.errors.length) console.warn(page.errors.join('\n'));
}

try {
  await ownData();
  if (values.only !== 'own') await theRest();
  console.log(`screenshots written to ${values.out}`);
} finally {
  await browser.close();
  await server?.close();
}

/**
 * Every card rendered: a full-page capture does not scroll, so the cards under the first screen
 * (`content-visibility: auto`, which a person's scrolling renders) would be captured blank.
 */
async function renderEveryCard(page) {
  await page.evaluate(() => {
    for (const card of document.querySelectorAll('.card')) card.style.contentVisibility = 'visible';
  });
  await page.waitForTimeout(300);
}

/** The playground on a desktop and a phone, the Compare view, step 9 of the walk. */
async function theRest() {
  const desktop = await openPage(browser, url, DESKTOP);
  await drawWithMouse(desktop, '#pad', SEVEN);
  await renderEveryCard(desktop);
  await desktop.screenshot({ path: join(values.out, 'screenshot-desktop.png'), fullPage: true });
  await desktop.locator('.views-nav a[data-view="compare"]').click();
  await desktop.waitForFunction(() => document.querySelector('#view-compare')?.dataset.measured === 'true', null, { timeout: 30000 });
  await desktop.waitForTimeout(300);
  await desktop.screenshot({ path: join(values.out, 'screenshot-compare.png'), fullPage: true });
  await desktop.locator('.views-nav a[data-view="walk"]').click();
  await desktop.waitForFunction(() => document.querySelector('#walk-step-9 .walk-readouts')?.children[1]?.dataset.same, null, { timeout: 30000 });
  await desktop.locator('#walk-step-9').screenshot({ path: join(values.out, 'screenshot-circle.png') });
  const phone = await openPage(browser, url, PHONE);
  for (const stroke of SEVEN) await drawWithFinger(phone, '#pad', stroke);
  await renderEveryCard(phone);
  await phone.screenshot({ path: join(values.out, 'screenshot-phone.png'), fullPage: true });
  for (const page of [desktop, phone]) if (page.errors.length) console.warn(page.errors.join('\n'));
}
