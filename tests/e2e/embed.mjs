// End-to-end test of one figure in a frame: a page of another local origin frames
// `embed.html#embed=pad` (the pad with the map), and a person draws in it; a walk step and the
// Compare view embed too, without the page's chrome and with a link to the full page. The page
// itself (index.html) refuses to be framed (the server's frame-ancestors), and embed.html framed
// without `embed` shows only a link to the page.
//
//   node tests/e2e/embed.mjs

import { createServer } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assert, createChecks } from './checks.mjs';
import { startServer } from '../../tools/serve.mjs';
import { launchBrowser } from './browser.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const tally = createChecks();
const { check } = tally;

/** A page of another origin (its own port) that frames `src` (or holds the HTML `code` as pasted). */
async function hostPage(frames) {
  const server = createServer((request, response) => {
    const body = `<!doctype html><meta charset="utf-8"><title>A course page</title><h1>A course page</h1>${frames
      .map(({ src, width, height, code }) => code ?? `<iframe src="${src}" width="${width}" height="${height}" title="figure"></iframe>`)
      .join('')}`;
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(body);
  });
  await new Promise((ready) => server.listen(0, '127.0.0.1', ready));
  return { url: `http://localhost:${server.address().port}/`, close: () => new Promise((done) => server.close(done)) };
}

const app = await startServer({ port: 0, root: process.env.VAE_WWW ?? join(ROOT, 'www') });
const browser = await launchBrowser();
const started = Date.now();
const errors = [];

try {
  await check('an iframe of embed.html#embed=pad on another origin renders the pad and the map, and draws', async () => {
    const host = await hostPage([{ src: `${app.url}embed.html#embed=pad&model=mnist-2d`, width: 900, height: 640 }]);
    const page = await (await browser.newContext()).newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    try {
      await page.goto(host.url);
      const frame = page.frameLocator('iframe');
      await frame.locator('#view-play[data-state="ready"]').waitFor({ timeout: 20000 });
      const shown = await frame.locator('html').evaluate(() => ({
        embed: document.documentElement.dataset.embed,
        header: document.querySelector('.page-header h1').offsetParent === null ? 'none' : 'shown',
        nav: getComputedStyle(document.querySelector('.views-nav')).display,
        samples: getComputedStyle(document.querySelector('.card-samples')).display,
        map: getComputedStyle(document.querySelector('.card-map')).display,
        full: document.querySelector('.embed-open')?.href ?? '',
        width: document.documentElement.scrollWidth,
        viewport: document.documentElement.clientWidth,
      }));
      assert(shown.embed === 'pad' && shown.header === 'none' && shown.nav === 'none' && shown.samples === 'none' && shown.map !== 'none', JSON.stringify(shown));
      assert(/#model=mnist-2d$/.test(shown.full) && !/embed/.test(shown.full), `the full page link: ${shown.full}`);
      assert(shown.width <= shown.viewport, `${shown.width} px of figure in a ${shown.viewport} px frame`);
      // Draw a 7 in the frame.
      const pad = frame.locator('#pad');
      const box = await pad.boundingBox();
      const at = ([x, y]) => [box.x + x * box.width, box.y + y * box.height];
      for (const stroke of [[[0.25, 0.22], [0.74, 0.22]], [[0.74, 0.22], [0.46, 0.82]]]) {
        await page.mouse.move(...at(stroke[0]));
        await page.mouse.down();
        await page.mouse.move(...at(stroke[1]), { steps: 12 });
        await page.mouse.up();
      }
      await frame.locator('#view-play[data-empty="false"]').waitFor({ timeout: 5000 });
      const drawn = await frame.locator('html').evaluate(() => window.vaePlayground.state());
      assert(!drawn.empty && drawn.strokes === 2 && drawn.mu.length === 2, JSON.stringify({ strokes: drawn.strokes, mu: drawn.mu }));
      return `μ = (${drawn.mu.map((v) => v.toFixed(2)).join(', ')}) in a frame of ${host.url}`;
    } finally {
      await page.context().close();
      await host.close();
    }
  });

  await check('a walk step and the Compare view embed alone, without the chrome', async () => {
    const host = await hostPage([
      { src: `${app.url}embed.html#embed=walk-9`, width: 700, height: 900 },
      { src: `${app.url}embed.html#embed=compare`, width: 1000, height: 900 },
    ]);
    // Both frames on screen: a browser starts nothing in a frame scrolled out of view.
    const page = await (await browser.newContext({ viewport: { width: 1800, height: 1000 } })).newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    try {
      await page.goto(host.url);
      const [walk, compare] = [page.frameLocator('iframe').nth(0), page.frameLocator('iframe').nth(1)];
      await walk.locator('#walk-step-9[data-embedded]').waitFor({ timeout: 20000 });
      const steps = await walk.locator('html').evaluate(() => [...document.querySelectorAll('.walk-step')].filter((s) => getComputedStyle(s).display !== 'none').map((s) => s.id));
      assert(steps.length === 1 && steps[0] === 'walk-step-9', steps.join(', '));
      await compare.locator('#view-compare[data-measured="true"]').waitFor({ timeout: 30000 });
      const compareShown = await compare.locator('html').evaluate(() => !document.querySelector('#view-compare').hidden && getComputedStyle(document.querySelector('.views-nav')).display === 'none');
      assert(compareShown, 'the Compare view is not shown alone');
      return 'step 9 alone; the Compare view alone';
    } finally {
      await page.context().close();
      await host.close();
    }
  });

  await check('the Embed dialog: its code, pasted into a page of another origin, shows the figure it names with the page\'s settings', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    try {
      await page.goto(`${app.url}#view=walk&step=9&model=mnist-2d`);
      // The link scrolls to step 9 once the walk is built.
      await page.waitForFunction(() => {
        const box = document.querySelector('#walk-step-9')?.getBoundingClientRect();
        return box && box.top < innerHeight / 2 && box.bottom > 0;
      }, null, { timeout: 20000 });
      // (A click without scrolling the header into view: scrolled up there, the first step is the one on screen.)
      await page.evaluate(() => document.querySelector('#embed-page').click());
      const dialog = page.locator('#embed-dialog');
      await dialog.waitFor({ state: 'visible', timeout: 5000 });
      const chosen = await page.locator('#embed-figure').inputValue();
      assert(chosen === 'walk-9', `the dialog opened on ${chosen}, not the step shown`);
      const walkCode = await page.locator('#embed-code').inputValue();
      assert(/^<iframe src="http:\/\/127\.0\.0\.1:\d+\/embed\.html#[^"]*embed=walk-9/.test(walkCode) && /model=mnist-2d/.test(walkCode), walkCode);
      await page.locator('#embed-figure').selectOption('inset');
      const insetCode = await page.locator('#embed-code').inputValue();
      assert(/embed=inset/.test(insetCode) && !/embed=walk/.test(insetCode), insetCode);
      await page.keyboard.press('Escape');
      assert(await dialog.isHidden(), 'Escape did not close the dialog');
      const host = await hostPage([{ code: walkCode }]);
      try {
        const hosted = await context.newPage();
        await hosted.goto(host.url);
        const frame = hosted.frameLocator('iframe');
        await frame.locator('#walk-step-9[data-embedded]').waitFor({ timeout: 20000 });
        const shown = await frame.locator('html').evaluate(() => [...document.querySelectorAll('.walk-step')].filter((s) => getComputedStyle(s).display !== 'none').map((s) => s.id));
        assert(shown.length === 1 && shown[0] === 'walk-step-9', shown.join(', '));
      } finally {
        await host.close();
      }
      return walkCode.slice(0, 90) + '…';
    } finally {
      await context.close();
    }
  });

  await check('framed without #embed, the page refuses: the server forbids index.html, embed.html shows only a link', async () => {
    const host = await hostPage([
      { src: `${app.url}#view=compare`, width: 600, height: 300 },
      { src: `${app.url}embed.html#view=compare`, width: 600, height: 300 },
    ]);
    const page = await (await browser.newContext()).newPage();
    try {
      await page.goto(host.url);
      await page.waitForTimeout(1500);
      const frames = page.frames().filter((f) => f !== page.mainFrame());
      const index = frames.find((f) => !/embed\.html/.test(f.url()));
      const indexText = await index.evaluate(() => document.body?.innerText ?? '').catch(() => '');
      assert(!/VAE playground/.test(indexText), `index.html rendered in a frame: ${indexText.slice(0, 60)}`);
      const embed = page.frameLocator('iframe').nth(1);
      await embed.locator('.embed-refused').waitFor({ timeout: 10000 });
      const refused = await embed.locator('html').evaluate(() => ({ text: document.body.innerText, canvases: document.querySelectorAll('canvas').length, link: document.querySelector('.embed-open')?.href }));
      assert(refused.canvases === 0 && /view=compare/.test(refused.link), JSON.stringify(refused));
      return refused.text.split('\n')[0];
    } finally {
      await page.context().close();
      await host.close();
    }
  });

  await check('no console error in the frames', async () => {
    assert(errors.length === 0, errors.slice(0, 3).join(' | '));
  });
} catch (error) {
  tally.failures++;
  console.log(`FAIL the embed test stopped: ${error.message}`);
} finally {
  await browser.close();
  await app.close();
}

console.log(`\n${tally.checks - tally.failures}/${tally.checks} embed checks passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exitCode = tally.failures > 0 ? 1 : 0;
