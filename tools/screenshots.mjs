// The README's pictures: the page on a desktop and on a phone after drawing a 7, the Compare view
// with the judge's figures, and step 9 of the walk. Written to docs/ (and only by this command,
// `./build.sh screenshots`; the tests write no tracked file).
//
//   node tools/screenshots.mjs [--out docs] [--url http://…]   (serves www/ itself without --url)

import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startServer } from './serve.mjs';
import { launchBrowser, openPage, drawWithMouse, drawWithFinger, SEVEN } from '../tests/e2e/browser.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { out: { type: 'string', default: join(ROOT, 'docs') }, url: { type: 'string' } } });

const DESKTOP = { viewport: { width: 1280, height: 900 } };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

await mkdir(values.out, { recursive: true });
const server = values.url ? null : await startServer({ port: 0, root: join(ROOT, 'www') });
const url = values.url ?? server.url;
const browser = await launchBrowser();
try {
  const desktop = await openPage(browser, url, DESKTOP);
  await drawWithMouse(desktop, '#pad', SEVEN);
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
  await phone.screenshot({ path: join(values.out, 'screenshot-phone.png'), fullPage: true });
  for (const page of [desktop, phone]) if (page.errors.length) console.warn(page.errors.join('\n'));
  console.log(`screenshots written to ${values.out}`);
} finally {
  await browser.close();
  await server?.close();
}
