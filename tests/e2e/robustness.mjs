// Nothing a visitor does breaks the page: the map zoomed out and panned to its limits, the probe
// walked far away, links with absurd values, and a drawing of 100,000 points. No error banner,
// no console error, the map keeps drawing, frames stay short.
//
//   node tests/e2e/robustness.mjs      (exits non-zero on a failure)
//   node tests/e2e/robustness.mjs --skip-frame-bar   (everything but the 16 ms frame bar of a
//       100,000-point drawing, for a machine too loaded to time frames: see RELIABILITY.md)

import { assert, createChecks } from './checks.mjs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../tools/serve.mjs';
import { launchBrowser, openPage, settle, state, drawWithMouse, SEVEN } from './browser.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DESKTOP = { viewport: { width: 1280, height: 900 } };
const tally = createChecks();
const { check } = tally;

/** The page shows no error and the map's canvas is not blank. */
async function healthy(page) {
  assert(await page.locator('#alert').isHidden(), `error banner: ${await page.locator('#alert').textContent()}`);
  assert(page.errors.length === 0, page.errors.join('; '));
  const drawn = await page.evaluate(() => {
    const canvas = document.querySelector('#map');
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let marked = 0;
    for (let i = 0; i < data.length; i += 16) if (data[i] < 240) marked++;
    return marked;
  });
  assert(drawn > 100, 'the map is blank');
}

const server = await startServer({ port: 0, root: process.env.VAE_WWW ?? join(ROOT, 'www') });
const browser = await launchBrowser();
try {
  const page = await openPage(browser, server.url, DESKTOP);
  await drawWithMouse(page, '#pad', SEVEN);
  // The one latent range, as the module exports it (the engine's MAX_LATENT_MAGNITUDE).
  const limit = await page.evaluate(async () => {
    const module = await import('/pkg/vae_playground.js');
    await module.default();
    return module.latentLimit();
  });
  await check('"−" pressed 50 times: the view stops at the engine’s range, no error', async () => {
    for (let i = 0; i < 50; i++) await page.locator('#zoom-out').click();
    await settle(page, 300);
    const { map } = await state(page);
    assert(map.x[0] >= -limit - 1e-6 && map.x[1] <= limit + 1e-6 && map.y[0] >= -limit - 1e-6 && map.y[1] <= limit + 1e-6, `view ${map.x} × ${map.y}`);
    const reach = Math.max(-map.x[0], map.x[1], -map.y[0], map.y[1]);
    assert(reach >= limit * 0.99, `the view stops at ${reach}, short of the module's latentLimit() ${limit}`);
    await healthy(page);
    return `latentLimit() ${limit}; view x ${map.x.map((v) => v.toFixed(1))}, y ${map.y.map((v) => v.toFixed(1))}`;
  });

  await check('Shift-drag pans and far-edge clicks on a zoomed-out map, Shift+Arrow walks: no error', async () => {
    const box = await page.locator('#map').boundingBox();
    await page.keyboard.down('Shift');
    for (let i = 0; i < 6; i++) {
      await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.5);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.95, box.y + box.height * 0.1, { steps: 4 });
      await page.mouse.up();
    }
    await page.keyboard.up('Shift');
    await page.mouse.click(box.x + box.width - 14, box.y + 14);
    await page.locator('#map').focus();
    for (let i = 0; i < 80; i++) await page.keyboard.press('Shift+ArrowRight');
    await settle(page, 300);
    const { z } = await state(page);
    assert(z.every((v) => Math.abs(v) <= limit), `z = ${z}`);
    await healthy(page);
    await page.locator('#fit').click();
    return `z = (${z.map((v) => v.toFixed(1))})`;
  });

  for (const hash of ['#model=mnist-2d&z=1e308,0', '#model=mnist-2d&z=100', '#model=mnist-2d&z=1e9,-1e9', '#model=mnist-2d&z=NaN,1', '#model=<script>&z=1,1', '#model=mnist-2d&z=' + '9,'.repeat(5000), '#view=nowhere&lang=xx']) {
    await check(`link ${hash.slice(0, 48)}${hash.length > 48 ? '…' : ''}: a calm message, nothing frozen`, async () => {
      const linked = await openPage(browser, `${server.url}${hash}`, DESKTOP);
      await settle(linked, 200);
      await healthy(linked);
      const { z } = await state(linked);
      assert(z.every((v) => Number.isFinite(v) && Math.abs(v) <= limit), `z = ${z}`);
      const status = await linked.locator('#status').textContent();
      await linked.context().close();
      return status.slice(0, 80);
    });
  }

  if (process.argv.includes('--skip-frame-bar')) {
    console.log('skip a drawing of 100,000 points: the 16 ms frame bar (--skip-frame-bar)');
  } else await check('a drawing of 100,000 points: every frame while drawing takes ≤ 16 ms of the page’s work', async () => {
    await page.locator('#clear').click();
    // 99,000 points drawn in a few long strokes through synthetic pointer events, then timed moves.
    const result = await page.evaluate(async () => {
      const pad = document.querySelector('#pad');
      const rect = pad.getBoundingClientRect();
      const fire = (type, x, y) =>
        pad.dispatchEvent(new PointerEvent(type, { pointerId: 7, pointerType: 'pen', bubbles: true, clientX: rect.left + x * rect.width, clientY: rect.top + y * rect.height, button: 0, buttons: 1 }));
      for (let stroke = 0; stroke < 9; stroke++) {
        fire('pointerdown', 0.2, 0.2);
        // Rows scanned back and forth, a point every 1.1 pad units (the pad keeps points ≥ 0.5 apart).
        for (let i = 0; i < 11000; i++) {
          const row = Math.floor(i / 200) + stroke * 55;
          const along = (i % 200) / 200;
          fire('pointermove', 0.1 + 0.8 * (row % 2 ? 1 - along : along), 0.1 + 0.8 * ((row % 400) / 400));
        }
        fire('pointerup', 0.5, 0.5);
      }
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const points = window.vaePlayground.state().points;
      // Now time frames while the drawing grows: each frame one move and the page's whole response.
      const times = [];
      fire('pointerdown', 0.3, 0.3);
      for (let i = 0; i < 30; i++) {
        // The page's work for one frame: the pointer handler, then the frame it asks for.
        const started = performance.now();
        fire('pointermove', 0.3 + i * 0.01, 0.3 + (i % 2) * 0.05);
        const handler = performance.now() - started;
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        times.push(handler + window.vaePlayground.state().lastFrameMs);
      }
      fire('pointerup', 0.5, 0.5);
      times.sort((a, b) => a - b);
      return { points, median: times[15], worst: times.at(-1) };
    });
    await healthy(page);
    assert(result.points >= 90000, `only ${result.points} points`);
    assert(result.median <= 16, `median frame ${result.median.toFixed(1)} ms`);
    return `${result.points} points; frame median ${result.median.toFixed(1)} ms, worst ${result.worst.toFixed(1)} ms`;
  });
} finally {
  await browser.close();
  await server.close();
}
console.log(`\n${tally.checks - tally.failures}/${tally.checks} robustness checks passed`);
process.exit(tally.failures === 0 ? 0 : 1);
