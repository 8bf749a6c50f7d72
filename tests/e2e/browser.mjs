// Helpers for the end-to-end test: Debian's Chromium through playwright-core, a page that records
// every request and console error, and input the way a person gives it (mouse strokes, a finger).

import { chromium } from 'playwright-core';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** Starts headless Chromium (never downloads a browser: it uses the system one). */
export function launchBrowser() {
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/**
 * A new page that records requests (`page.requests`) and errors (`page.errors`), opened at `url`
 * and waited on until the module has loaded.
 * @param {import('playwright-core').Browser} browser
 * @param {string} url
 * @param {object} [contextOptions] viewport, isMobile, hasTouch, …
 */
export async function openPage(browser, url, contextOptions = {}) {
  const context = await browser.newContext({ acceptDownloads: true, ...contextOptions });
  const page = await context.newPage();
  page.requests = [];
  page.errors = [];
  page.on('request', (request) => page.requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') page.errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => page.errors.push(`pageerror: ${error.message}`));
  await page.goto(url);
  await waitReady(page);
  return page;
}

/** Waits until the page has loaded the module and finished any pending frame; throws the page's
 * own explanation if loading failed. */
export async function waitReady(page) {
  await page.waitForFunction(
    () => window.vaePlayground !== undefined || document.querySelector('#view-play').dataset.state === 'failed',
    null,
    { timeout: 15000 },
  );
  if ((await page.locator('#view-play').getAttribute('data-state')) === 'failed') {
    throw new Error(`the page could not start: ${await page.locator('#status').textContent()}`);
  }
  await settle(page);
}

/** Waits for the page's pending animation frame (and the map's debounced background) to run. */
export async function settle(page, ms = 0) {
  await page.waitForFunction(() => !window.vaePlayground.state().pending, null, { timeout: 5000 });
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  if (ms > 0) await page.waitForTimeout(ms);
}

/** The page's state hook. */
export function state(page) {
  return page.evaluate(() => window.vaePlayground.state());
}

/** A "7" on the unit square: the top bar, then the diagonal. */
export const SEVEN = [
  [
    [0.24, 0.22],
    [0.45, 0.2],
    [0.74, 0.22],
  ],
  [
    [0.74, 0.22],
    [0.62, 0.45],
    [0.52, 0.64],
    [0.46, 0.82],
  ],
];

/** Draws strokes (points on the unit square of the element) with the mouse. */
export async function drawWithMouse(page, selector, strokes) {
  const box = await page.locator(selector).boundingBox();
  const at = ([x, y]) => [box.x + x * box.width, box.y + y * box.height];
  for (const stroke of strokes) {
    await page.mouse.move(...at(stroke[0]));
    await page.mouse.down();
    for (const point of stroke.slice(1)) await page.mouse.move(...at(point), { steps: 8 });
    await page.mouse.up();
  }
  await settle(page);
}

/** Draws one stroke with a finger (touch events through the DevTools protocol, as a phone sends them). */
export async function drawWithFinger(page, selector, stroke) {
  const box = await page.locator(selector).boundingBox();
  const cdp = await page.context().newCDPSession(page);
  const touch = (type, [x, y]) =>
    cdp.send('Input.dispatchTouchEvent', {
      type,
      touchPoints: type === 'touchEnd' ? [] : [{ x: box.x + x * box.width, y: box.y + y * box.height }],
    });
  await touch('touchStart', stroke[0]);
  for (let i = 1; i < stroke.length; i++) {
    // Eight small moves per segment, like a real finger.
    for (let k = 1; k <= 8; k++) {
      const t = k / 8;
      await touch('touchMove', [
        stroke[i - 1][0] + t * (stroke[i][0] - stroke[i - 1][0]),
        stroke[i - 1][1] + t * (stroke[i][1] - stroke[i - 1][1]),
      ]);
    }
  }
  await touch('touchEnd', stroke.at(-1));
  await cdp.detach();
  await settle(page);
}

/** Taps once with a finger at a point of the element's unit square. */
export async function tapWithFinger(page, selector, [x, y]) {
  const box = await page.locator(selector).boundingBox();
  const cdp = await page.context().newCDPSession(page);
  const point = { x: box.x + x * box.width, y: box.y + y * box.height };
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [point] });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
  await settle(page);
}

/**
 * The ink of a canvas showing digits (dark ink on white paper), as values in [0, 1], row by row.
 * @returns {Promise<number[]>}
 */
export function readInk(page, selector) {
  return page.evaluate((selector) => {
    const canvas = document.querySelector(selector);
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    const ink = [];
    for (let i = 0; i < data.length; i += 4) ink.push(Math.min(1, Math.max(0, (255 - data[i]) / (255 - 27))));
    return ink;
  }, selector);
}

/** Pearson correlation of two equally long arrays. */
export function correlation(a, b) {
  const mean = (v) => v.reduce((s, x) => s + x, 0) / v.length;
  const [ma, mb] = [mean(a), mean(b)];
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += (a[i] - ma) * (b[i] - mb);
    aa += (a[i] - ma) ** 2;
    bb += (b[i] - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

/** Mean absolute difference of two equally long arrays. */
export function meanAbsDiff(a, b) {
  return a.reduce((s, x, i) => s + Math.abs(x - b[i]), 0) / a.length;
}
