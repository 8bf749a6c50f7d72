// End-to-end test of the page: serves www/, drives it in headless Chromium as a person would
// (mouse, keyboard, a finger on a phone-sized screen) and checks what the page shows.
//
//   node tests/e2e/run.mjs        (from the repository root or anywhere; exits non-zero on a failure)
//
// VAE_WWW=dir serves another copy of www/ (for example one with a different build of pkg/).
// Screenshots of tally.failures go to artifacts/ (ignored by git); the README's are made by
// `./build.sh screenshots`, never by the tests.

import { assert, createChecks } from './checks.mjs';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../tools/serve.mjs';
import {
  launchBrowser,
  openPage,
  settle,
  state,
  SEVEN,
  drawWithMouse,
  drawWithFinger,
  tapWithFinger,
  readInk,
  correlation,
  meanAbsDiff,
  waitReady,
} from './browser.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ARTIFACTS = join(ROOT, 'artifacts');
const DESKTOP = { viewport: { width: 1280, height: 900 } };
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

const tally = createChecks();
const { check } = tally;
let stopped = null;

const finite = (values) => Array.isArray(values) && values.length > 0 && values.every(Number.isFinite);
const numberIn = async (page, selector) => Number((await page.locator(selector).textContent()).replace('−', '-'));
const sameArrays = (a, b) => a.length === b.length && a.every((v, i) => v === b[i]);
const canvasData = (page, selector) =>
  page.evaluate((s) => [...document.querySelectorAll(s)].map((canvas) => canvas.toDataURL()).join('|'), selector);

const started = Date.now();
await mkdir(ARTIFACTS, { recursive: true });
const server = await startServer({ port: 0, root: process.env.VAE_WWW ?? join(ROOT, 'www') });
const origin = new URL(server.url).origin;
const browser = await launchBrowser();
const pages = [];

try {
  // ---- desktop -------------------------------------------------------------------------------------
  const page = await openPage(browser, server.url, DESKTOP);
  pages.push(page);

  await check('loads: status says ready, empty state says "Draw a digit"', async () => {
    const status = await page.locator('#status').textContent();
    assert(/ready/i.test(status), `status: ${status}`);
    assert((await state(page)).empty, 'state is not empty');
    assert(await page.locator('#empty-title').isVisible(), 'empty-state message hidden');
    assert((await page.locator('#empty-title').textContent()) === 'Draw a digit', 'empty-state text');
    return status;
  });

  await check('draw a 7 with the mouse: preview, reconstruction, μ, σ and loss shown', async () => {
    await drawWithMouse(page, '#pad', SEVEN);
    const s = await state(page);
    assert(!s.empty && s.strokes === 2, `empty=${s.empty}, strokes=${s.strokes}`);
    assert(finite(s.mu) && finite(s.sigma) && s.sigma.every((v) => v > 0), 'μ or σ not finite');
    const seen = await readInk(page, '#seen');
    const recon = await readInk(page, '#recon');
    assert(seen.length === 784 && recon.length === 784, 'canvases are not 28×28');
    const inked = (image) => image.filter((v) => v > 0.3).length;
    assert(inked(seen) > 30, `preview nearly blank: ${inked(seen)} inked pixels`);
    assert(inked(recon) > 30, `reconstruction nearly blank: ${inked(recon)} inked pixels`);
    // The reconstruction must look like the input: pixel correlation > 0.3. A trained VAE gets
    // 0.6–0.9 on a clear digit; even the 1-epoch placeholder's blurry mean digit gets ~0.5; a broken
    // model (noise, blank, inverted, transposed output) gets ≤ 0.1.
    const r = correlation(seen, recon);
    assert(r > 0.3, `correlation(input, reconstruction) = ${r.toFixed(2)} ≤ 0.3`);
    for (const id of ['#loss-bernoulli', '#loss-squared', '#loss-kl', '#loss-total']) {
      const value = await numberIn(page, id);
      assert(Number.isFinite(value) && value >= 0, `${id} shows ${value}`);
    }
    const total = await numberIn(page, '#loss-total');
    assert(Math.abs(total - s.loss.total) < 0.1, `total shown ${total}, state ${s.loss.total}`);
    const readout = await page.locator('#code-readout').textContent();
    assert(readout.includes('μ') && readout.includes('σ'), `code readout: ${readout}`);
    return `r = ${r.toFixed(2)}, mean |diff| = ${meanAbsDiff(seen, recon).toFixed(2)}, −ELBO = ${total}`;
  });

  await check('sliders start at μ and mark μ ± σ on their tracks', async () => {
    const s = await state(page);
    assert(sameArrays(s.z.map((v) => v.toFixed(4)), s.mu.map((v) => v.toFixed(4))), 'z is not μ');
    const sliders = await page.locator('input.latent-slider').evaluateAll((inputs) =>
      inputs.map((input) => ({
        value: Number(input.value),
        low: Number(input.style.getPropertyValue('--low')),
        mu: Number(input.style.getPropertyValue('--mu')),
        high: Number(input.style.getPropertyValue('--high')),
      })),
    );
    sliders.forEach((slider, i) => {
      assert(Math.abs(slider.value - Math.max(-4, Math.min(4, s.mu[i]))) < 0.006, `slider ${i + 1} at ${slider.value}, μ ${s.mu[i]}`);
      // Marks are fractions of the ±4 range: (v + 4) / 8.
      const expected = [s.mu[i] - s.sigma[i], s.mu[i], s.mu[i] + s.sigma[i]].map((v) => Math.min(1, Math.max(0, (v + 4) / 8)));
      const shown = [slider.low, slider.mu, slider.high];
      assert(shown.every((v, k) => Math.abs(v - expected[k]) < 0.001), `slider ${i + 1} marks ${shown}, expected ${expected}`);
    });
  });

  await check('undo with Ctrl+Z, then draw again', async () => {
    await page.locator('#pad').focus();
    await page.keyboard.press('Control+z');
    await settle(page);
    assert((await state(page)).strokes === 1, 'undo did not remove a stroke');
    await page.locator('#undo').click();
    await settle(page);
    assert((await state(page)).empty, 'two undos did not empty the pad');
    await drawWithMouse(page, '#pad', SEVEN);
    assert((await state(page)).strokes === 2, 'redraw failed');
  });

  await check('a slider moved with the keyboard changes the decoded image', async () => {
    const before = await readInk(page, '#decoded');
    const z0 = (await state(page)).z[0];
    await page.locator('#latent-0').focus();
    for (let i = 0; i < 60; i++) await page.keyboard.press('ArrowRight');
    await settle(page);
    const s = await state(page);
    assert(Math.abs(s.z[0] - Math.min(4, z0 + 0.6)) < 0.02, `z₁ went from ${z0} to ${s.z[0]}, expected +0.6`);
    // Any visible change counts; 0.001 is about one pixel going from paper to full ink.
    const change = meanAbsDiff(before, await readInk(page, '#decoded'));
    assert(change > 0.001, `decoded image did not change: mean |diff| ${change}`);
    const output = await numberIn(page, '#sliders .slider-row:first-child output');
    assert(Math.abs(output - s.z[0]) < 0.006, `value shown ${output}, z₁ ${s.z[0]}`);
    return `z₁ ${z0.toFixed(2)} → ${s.z[0].toFixed(2)}, mean |Δpixel| ${change.toFixed(3)}`;
  });

  await check('clicking the map decodes that point and moves the probe there', async () => {
    await page.locator('#map').scrollIntoViewIfNeeded();
    const before = await readInk(page, '#decoded');
    const { map } = await state(page);
    const target = [map.x[0] + 0.8 * (map.x[1] - map.x[0]), map.y[0] + 0.75 * (map.y[1] - map.y[0])];
    const box = await page.locator('#map').boundingBox();
    const px = map.plot.left + ((target[0] - map.x[0]) / (map.x[1] - map.x[0])) * map.plot.width;
    const py = map.plot.top + ((map.y[1] - target[1]) / (map.y[1] - map.y[0])) * map.plot.height;
    await page.mouse.click(box.x + px, box.y + py);
    await settle(page);
    const s = await state(page);
    const unitsPerPixel = (map.x[1] - map.x[0]) / map.plot.width;
    const error = Math.hypot(s.z[0] - target[0], s.z[1] - target[1]);
    assert(error < 2 * unitsPerPixel, `z = ${s.z} but clicked ${target} (error ${error.toFixed(3)})`);
    const change = meanAbsDiff(before, await readInk(page, '#decoded'));
    assert(change > 0.001, `decoded image did not change: mean |diff| ${change}`);
    await page.keyboard.press('ArrowUp');
    await settle(page);
    assert((await state(page)).z[1] > s.z[1], 'ArrowUp on the focused map did not move the probe up');
    return `z = (${s.z.map((v) => v.toFixed(2))})`;
  });

  await check('"Zoom to μ" centres the map on the drawing, "Fit" zooms back out', async () => {
    const wide = (await state(page)).map;
    await page.locator('#zoom-drawing').click();
    await settle(page);
    const { map, mu } = await state(page);
    const centre = [(map.x[0] + map.x[1]) / 2, (map.y[0] + map.y[1]) / 2];
    assert(Math.hypot(centre[0] - mu[0], centre[1] - mu[1]) < 1e-3, `centre ${centre}, μ ${mu}`);
    assert(map.x[1] - map.x[0] < wide.x[1] - wide.x[0], 'did not zoom in');
    await page.locator('#fit').click();
    await settle(page);
    const fitted = (await state(page)).map;
    assert(Math.abs(fitted.x[1] - fitted.x[0] - (wide.x[1] - wide.x[0])) < 1e-6, 'Fit did not restore the view');
  });

  await check('samples: the same seed gives the same images, a new seed other ones', async () => {
    await page.locator('#seed').fill('12345');
    await settle(page);
    const first = await canvasData(page, '#sample-grid canvas');
    await page.locator('#seed').fill('777');
    await settle(page);
    const other = await canvasData(page, '#sample-grid canvas');
    await page.locator('#seed').fill('12345');
    await settle(page);
    const again = await canvasData(page, '#sample-grid canvas');
    assert(first === again, 'seed 12345 gave different images twice');
    assert(first !== other, 'seeds 12345 and 777 gave the same images');
    await page.locator('#new-seed').click();
    await settle(page);
    const fresh = await state(page);
    assert(fresh.seed !== 12345, 'new seed did not change the seed');
    assert((await canvasData(page, '#sample-grid canvas')) !== first, 'new seed did not change the images');
    await page.locator('#seed').fill('2024');
    await settle(page);
    return `new seed ${fresh.seed}`;
  });

  await check('q(z|x) up close: the inset follows μ, its 1σ ellipse ≥ 40 px, the map ring ≥ 8 px', async () => {
    const s = await state(page);
    const longer = Math.max(...s.inset.ring1);
    assert(longer >= 40, `inset 1σ ellipse ${longer.toFixed(1)} px across`);
    const ring = Math.max(...s.map.ring.across);
    assert(ring >= 8, `main map ring ${ring.toFixed(1)} px across`);
    const inked = await page.evaluate(() => {
      const canvas = document.querySelector('#inset');
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      let count = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i] < 250 || data[i + 1] < 250 || data[i + 2] < 250) count++;
      return count / (data.length / 4);
    });
    assert(inked > 0.05, `only ${(100 * inked).toFixed(1)} % of the inset's pixels are drawn`);
    // Hovering the inset decodes the point under the pointer.
    const box = await page.locator('#inset').boundingBox();
    await page.locator('#inset').hover({ position: { x: 0.7 * box.width, y: 0.4 * box.height } });
    const readout = await page.locator('#inset-readout').textContent();
    assert(/z = \(/.test(readout), `inset readout: ${readout}`);
    return `inset 1σ ${s.inset.ring1.map((v) => v.toFixed(0)).join(' × ')} px, map ring ${ring.toFixed(1)} px (×${s.map.ring.factor.toFixed(1)}), ${(100 * inked).toFixed(0)} % drawn`;
  });

  await check('every canvas shown has a bitmap of its box\'s proportions (nothing drawn squashed)', async () => squashedCanvases(page));

  await check('samples: prior draws are ≥ 3× as diverse as posterior draws at T = 1; ε shown on hover', async () => {
    const diversity = async () => {
      const images = await page.evaluate(() =>
        [...document.querySelectorAll('#sample-grid canvas')].map((canvas) => {
          const { data } = canvas.getContext('2d').getImageData(0, 0, 28, 28);
          return Array.from({ length: 784 }, (_, i) => (255 - data[4 * i]) / 228);
        }),
      );
      let sum = 0;
      let pairs = 0;
      for (let i = 0; i < images.length; i++) {
        for (let j = i + 1; j < images.length; j++) {
          sum += Math.sqrt(images[i].reduce((acc, v, k) => acc + (v - images[j][k]) ** 2, 0));
          pairs++;
        }
      }
      return sum / pairs;
    };
    assert((await state(page)).temperature === 1, 'T is not 1');
    const posterior = await diversity();
    await page.locator('label[for="source-prior"]').click();
    await settle(page);
    const prior = await diversity();
    assert((await state(page)).sampleSource === 'prior', 'source did not change');
    assert(prior >= 3 * posterior, `prior ${prior.toFixed(2)} vs posterior ${posterior.toFixed(2)}`);
    await page.locator('#sample-grid .sample').nth(3).hover();
    const detail = await page.locator('#sample-detail').textContent();
    assert(/ε = \(.+\), z = \(/.test(detail), `detail: ${detail}`);
    // The temperature reaches 10 on its logarithmic scale.
    await page.locator('#temperature').fill('120');
    await settle(page);
    assert(Math.abs((await state(page)).temperature - 10) < 1e-9, 'T does not reach 10');
    await page.locator('#temperature').fill('80');
    await page.locator('label[for="source-posterior"]').click();
    await settle(page);
    return `mean pairwise pixel L2: prior ${prior.toFixed(2)}, posterior ${posterior.toFixed(2)} (×${(prior / posterior).toFixed(1)})`;
  });

  await check('the seed box refuses −5 and 99999999999 with a message and keeps the last valid seed', async () => {
    const before = (await state(page)).seed;
    for (const typed of ['-5', '99999999999', '12.5']) {
      await page.locator('#seed').fill(typed);
      await settle(page);
      const message = await page.locator('#seed-message').textContent();
      assert(message.length > 0, `no message for ${typed}`);
      assert((await state(page)).seed === before, `seed became ${(await state(page)).seed} after typing ${typed}`);
    }
    await page.locator('#seed').fill(String(before));
    await settle(page);
    assert((await page.locator('#seed-message').textContent()) === '', 'message stays after a valid seed');
  });

  await check('interpolation: pin A, B = a test image, row of 8 decoded', async () => {
    await page.locator('#pin').click();
    await page.locator('#interp-source').selectOption('3');
    await settle(page);
    const frames = page.locator('#interp-row .frame');
    assert((await frames.count()) === 8, 'row is not 8 frames');
    let inked = 0;
    for (let i = 0; i < 8; i++) inked += (await readInk(page, `#interp-row .frame:nth-child(${i + 1}) canvas`)).filter((v) => v > 0.3).length;
    assert(inked > 100, 'interpolation row is blank');
    // A frame is a button: the keyboard reaches it and Enter decodes it.
    const before = (await state(page)).z;
    await frames.nth(5).focus();
    await page.keyboard.press('Enter');
    await settle(page);
    assert(!sameArrays((await state(page)).z, before), 'Enter on a frame did not decode it');
  });

  // The README's picture: a drawn 7, its samples, the path to a test 3, z back at μ.
  await page.locator('#reset-z').click();
  await settle(page, 300);
  await page.screenshot({ path: join(ARTIFACTS, 'desktop.png'), fullPage: true });

  await check('export: the reconstruction downloads as a PNG', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#recon-png').click()]);
    const path = join(ARTIFACTS, download.suggestedFilename());
    await download.saveAs(path);
    const { size } = await stat(path);
    assert(download.suggestedFilename().endsWith('.png') && size > 200, `${download.suggestedFilename()}, ${size} bytes`);
    return `${download.suggestedFilename()}, ${size} bytes`;
  });

  await check('copy link: the address holds the model and z', async () => {
    await page.locator('#copy-link').click();
    await page.waitForFunction(() => document.querySelector('#copy-status').textContent !== '');
    const hash = new URL(page.url()).hash;
    assert(/model=mnist-2d/.test(hash) && /z=-?[\d.]+,-?[\d.]+/.test(hash), `hash ${hash}`);
    return hash;
  });

  const models = [
    { name: 'mnist-16d', latent: 16, caption: /Showing z\S+ and z\S+; the other 14 held at the current z/, hint: /digit/ },
    { name: 'fashion-2d', latent: 2, caption: /Background: images decoded/, hint: /Fashion-MNIST/ },
    { name: 'mnist-2d', latent: 2, caption: /Background: images decoded/, hint: /digit/ },
  ];
  for (const model of models) {
    await check(`switch to ${model.name}: metadata, ${model.latent} sliders, map caption, drawing re-encoded`, async () => {
      await page.locator(`label[for="model-${model.name}"]`).click();
      await settle(page, 250);
      const s = await state(page);
      assert(s.model === model.name && s.latentDim === model.latent, `state: ${s.model}, ${s.latentDim}-D`);
      assert(!s.empty && s.mu.length === model.latent, 'the drawing was not re-encoded');
      const latentText = await page.locator('[data-fact="latent"]').textContent();
      assert(latentText.startsWith(String(model.latent)), `latent size shows "${latentText}"`);
      assert((await page.locator('input.latent-slider').count()) === model.latent, 'slider count');
      const caption = await page.locator('#map-caption').textContent();
      assert(model.caption.test(caption), `map caption "${caption}"`);
      assert(model.hint.test(await page.locator('#model-hint').textContent()), 'hint');
      assert((await page.locator('#legend li').count()) === 10, 'legend has not 10 classes');
      assert(/\d/.test(await page.locator('[data-fact="testLoss"]').textContent()), 'test loss missing');
      if (model.name === 'mnist-16d') {
        await page.locator('#decoded').screenshot({ path: join(ARTIFACTS, 'decoded-16d.png') });
        return caption;
      }
    });
  }

  await check('the autoencoder maps the drawing to a point: its kind, its loss and the samples say so', async () => {
    await page.locator('label[for="model-mnist-ae-2d"]').click();
    await settle(page, 250);
    const s = await state(page);
    assert(s.model === 'mnist-ae-2d' && !s.empty, `state: ${s.model}`);
    const kind = await page.locator('[data-fact="kind"]').textContent();
    assert(/autoencoder/.test(kind), `kind: "${kind}"`);
    assert(/no KL term/.test(await page.locator('[data-fact="testLoss"]').textContent()), 'the test loss is not marked reconstruction only');
    const why = await page.locator('#samples-why').textContent();
    assert(/point, not a circle/.test(why), `samples sentence: "${why}"`);
    await page.locator('label[for="model-mnist-beta-2d"]').click();
    await settle(page, 250);
    const beta = await page.locator('[data-fact="kind"]').textContent();
    assert(/β = 4/.test(beta), `β-VAE kind: "${beta}"`);
    await page.locator('label[for="model-mnist-2d"]').click();
    await settle(page, 250);
    return `${kind}; ${beta}`;
  });

  await check('views: Compare shows two maps on the same drawing; Playground comes back as it was', async () => {
    const before = await state(page);
    await page.locator('.views-nav a[data-view="compare"]').click();
    await page.waitForFunction(() => document.querySelectorAll('#view-compare .compare-map').length === 2);
    await page.waitForTimeout(500);
    assert(await page.locator('#view-play').isHidden(), 'the playground is still shown');
    assert(/view=compare/.test(page.url()), `address: ${page.url()}`);
    const inked = await page.evaluate(() =>
      [...document.querySelectorAll('#view-compare .compare-recon canvas.digit')].map((canvas) => {
        const { data } = canvas.getContext('2d').getImageData(0, 0, 28, 28);
        let ink = 0;
        for (let i = 0; i < data.length; i += 4) ink += data[i] < 200 ? 1 : 0;
        return ink;
      }),
    );
    assert(inked.length === 2 && inked.every((n) => n > 5), `reconstructions on the two sides: ${inked}`);
    await page.locator('.views-nav a[data-view="play"]').click();
    await page.waitForFunction(() => !document.querySelector('#view-play').hidden);
    const after = await state(page);
    assert(after.strokes === before.strokes && sameArrays(after.mu, before.mu), 'the drawing changed');
    return `ink in the two reconstructions: ${inked.join(', ')}`;
  });

  await check('clear with Escape: nothing encoded, "Draw a digit" shown', async () => {
    await page.locator('#pad').focus();
    await page.keyboard.press('Escape');
    await settle(page);
    const s = await state(page);
    assert(s.empty && s.mu === null && s.strokes === 0, 'still encoded');
    assert(await page.locator('#empty-title').isVisible(), 'empty-state message hidden');
    assert(!(await page.locator('#recon').isVisible()), 'reconstruction still shown');
  });

  await check('Clear is undoable; Escape outside the pad clears nothing', async () => {
    await page.keyboard.press('Control+z');
    await settle(page);
    const restored = await state(page);
    assert(!restored.empty && restored.strokes > 0, `undo after clear left ${restored.strokes} strokes`);
    await page.locator('#seed').focus();
    await page.keyboard.press('Escape');
    await page.locator('#temperature').focus();
    await page.keyboard.press('Escape');
    await settle(page);
    assert((await state(page)).strokes === restored.strokes, 'Escape outside the pad cleared the drawing');
    await page.locator('#clear').click();
    await settle(page);
    return `${restored.strokes} strokes back`;
  });

  await check('a tap is too small to be a digit: a calm message, no encoding, no error', async () => {
    await page.locator('#pad').focus();
    await page.keyboard.press('Escape');
    await drawWithMouse(page, '#pad', [[[0.5, 0.5]]]);
    const s = await state(page);
    assert(s.empty && s.mu === null && s.strokes === 1, `a tap was encoded: ${JSON.stringify(s)}`);
    const title = await page.locator('#empty-title').textContent();
    assert(/too small to be a digit/i.test(title), `empty-state text: ${title}`);
    assert(await page.locator('#alert').isHidden(), 'an error banner is shown');
    await page.keyboard.press('Control+z');
    await settle(page);
    const cleared = await page.locator('#empty-title').textContent();
    assert(cleared === 'Draw a digit', `after undo: ${cleared}`);
    return title;
  });

  await check('shared link #model=mnist-2d&z=1,-1 restores z', async () => {
    const shared = await openPage(browser, `${server.url}#model=mnist-2d&z=1,-1`, DESKTOP);
    pages.push(shared);
    const s = await state(shared);
    assert(s.model === 'mnist-2d' && sameArrays(s.z, [1, -1]), `model ${s.model}, z ${s.z}`);
    const fashion = await openPage(browser, `${server.url}#model=fashion-2d&z=0.5,2`, DESKTOP);
    pages.push(fashion);
    const f = await state(fashion);
    assert(f.model === 'fashion-2d' && sameArrays(f.z, [0.5, 2]), `model ${f.model}, z ${f.z}`);
  });

  // ---- phone ---------------------------------------------------------------------------------------
  const phone = await openPage(browser, server.url, PHONE);
  pages.push(phone);

  await check('phone 360×740: one column, no horizontal scroll', async () => {
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    assert(width <= 360, `page is ${width} px wide`);
    const pad = await phone.locator('#pad').boundingBox();
    const map = await phone.locator('#map').boundingBox();
    assert(pad.y < map.y, 'the drawing pad is not first');
  });

  await check('phone: every canvas shown has a bitmap of its box\'s proportions', async () => squashedCanvases(phone));

  await check('phone: drawing with a finger registers and does not scroll the page', async () => {
    await phone.locator('#pad').scrollIntoViewIfNeeded();
    const before = await phone.evaluate(() => window.scrollY);
    // Upward strokes: if the page scrolled with the finger, scrollY would grow.
    await drawWithFinger(phone, '#pad', [[0.3, 0.85], [0.35, 0.5], [0.45, 0.15]]);
    await drawWithFinger(phone, '#pad', [[0.7, 0.9], [0.65, 0.4], [0.6, 0.1]]);
    const after = await phone.evaluate(() => window.scrollY);
    const s = await state(phone);
    assert(after === before, `page scrolled from ${before} to ${after}`);
    assert(!s.empty && s.strokes === 2, `empty=${s.empty}, strokes=${s.strokes}`);
    return `scrollY ${before} → ${after}`;
  });

  await check('phone: a swipe over the sleeping map scrolls the page and leaves z alone', async () => {
    await phone.locator('#map').scrollIntoViewIfNeeded();
    const before = (await state(phone)).z;
    const scroll = await phone.evaluate(() => window.scrollY);
    assert(await phone.locator('#map-touch-hint').isVisible(), 'no hint that a tap wakes the map');
    await drawWithFinger(phone, '#map', [[0.5, 0.8], [0.5, 0.2]]);
    await phone.waitForTimeout(300);
    const after = await phone.evaluate(() => window.scrollY);
    assert(after > scroll + 50, `page scrolled from ${scroll} to ${after}`);
    assert(sameArrays((await state(phone)).z, before), 'z moved');
    return `scrollY ${scroll} → ${after}`;
  });

  await check('phone: a tap wakes the map, then dragging a finger moves the probe without scrolling', async () => {
    await phone.locator('#map').scrollIntoViewIfNeeded();
    const before = (await state(phone)).z;
    await tapWithFinger(phone, '#map', [0.5, 0.5]);
    const tapped = (await state(phone)).z;
    assert(!sameArrays(tapped, before), 'the tap did not move the probe');
    assert(!(await phone.locator('#map-touch-hint').isVisible()), 'the hint stays after the tap');
    const scroll = await phone.evaluate(() => window.scrollY);
    await drawWithFinger(phone, '#map', [[0.3, 0.3], [0.7, 0.6]]);
    const after = (await state(phone)).z;
    assert(after[0] > tapped[0] || after[1] !== tapped[1], `z ${tapped} → ${after}`);
    assert((await phone.evaluate(() => window.scrollY)) === scroll, 'the page scrolled');
    assert(await phone.locator('#map-decoded').isVisible(), 'decode(z) is not shown on the map');
  });

  // The README's phone picture: a 7 drawn with a finger, z at its μ.
  await phone.locator('#clear').click();
  for (const stroke of SEVEN) await drawWithFinger(phone, '#pad', stroke);
  await phone.locator('#reset-z').click();
  await phone.evaluate(() => {
    document.activeElement?.blur();
    window.scrollTo(0, 0);
  });
  await settle(phone, 300);
  await phone.screenshot({ path: join(ARTIFACTS, 'phone.png'), fullPage: true });

  await check('arrow keys through the picker: the last model chosen is the one opened, even when an earlier download ends later', async () => {
    const context = await browser.newContext(DESKTOP);
    const keys = await context.newPage();
    // mnist-16d, the first model on the way, arrives last.
    await keys.route('**/models/mnist-16d.safetensors', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await route.continue();
    });
    await keys.goto(server.url);
    await waitReady(keys);
    await keys.locator('#model-options input:checked').focus();
    for (let i = 0; i < 4; i++) await keys.keyboard.press('ArrowRight');
    await keys.waitForFunction(() => window.vaePlayground.state().model === 'mnist-beta-2d', null, { timeout: 20_000 });
    await keys.waitForTimeout(2500); // mnist-16d's download has ended meanwhile
    const seen = await keys.evaluate(() => ({
      model: window.vaePlayground.state().model,
      checked: document.querySelector('#model-options input:checked').value,
      status: document.querySelector('#status').textContent,
    }));
    await context.close();
    assert(seen.model === 'mnist-beta-2d' && seen.checked === 'mnist-beta-2d', `ended on ${seen.model}, ${seen.checked} checked`);
    return `${seen.model}; ${seen.status}`;
  });

  await check('a failed download is explained in plain words', async () => {
    const context = await browser.newContext(DESKTOP);
    const broken = await context.newPage();
    await broken.route('**/*.wasm', (route) => route.abort());
    await broken.goto(server.url);
    const status = broken.locator('#status');
    await broken.waitForFunction(() => /could not/i.test(document.querySelector('#status').textContent));
    const text = await status.textContent();
    assert(await status.isVisible(), 'status hidden');
    await context.close();
    return text;
  });

  // ---- for every page ------------------------------------------------------------------------------
  await check('the page is cross-origin isolated, and a batch decoded by its worker and this thread together equals one decoded here', async () => {
    assert(await page.evaluate(() => crossOriginIsolated), 'the page is not cross-origin isolated');
    // The worker opens the model at the first shared batch; later ones are shared.
    let result = null;
    for (let tries = 0; tries < 40; tries++) {
      result = await page.evaluate(() => window.vaePlayground.poolCheck(400));
      if (result.workerChunks > 0) break;
      await page.waitForTimeout(50);
    }
    assert(result.sharesMemory, 'the pool does not share memory with its worker');
    assert(result.workerChunks > 0, 'the worker never took a chunk of a shared batch');
    assert(result.largest === 0, `the shared batch differs from this thread's by up to ${result.largest}`);
    return `the worker took ${result.workerChunks} of 13 chunks; identical images`;
  });

  await check('no request leaves the local server', async () => {
    const requests = pages.flatMap((p) => p.requests);
    const foreign = requests.filter((url) => !url.startsWith(`${origin}/`) && !/^(data|blob):/.test(url));
    assert(foreign.length === 0, `requests elsewhere: ${foreign.join(', ')}`);
    return `${requests.length} requests, all to ${origin}`;
  });

  await check('no console errors', async () => {
    const errors = pages.flatMap((p) => p.errors);
    assert(errors.length === 0, errors.join(' | '));
  });

} catch (error) {
  stopped = error;
  console.log(`FAIL the test run stopped: ${error.message}`);
} finally {
  await browser.close();
  await server.close();
}

const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(
  `\n${tally.checks - tally.failures}/${tally.checks} checks passed in ${seconds} s` +
    `${tally.failures ? `; ${tally.failures} failed` : ''}${stopped ? '; the run stopped early' : ''}`,
);
process.exitCode = tally.failures > 0 || stopped ? 1 : 0;

/**
 * Throws if a visible canvas's bitmap is stretched to a box of other proportions (a canvas is 300 × 150
 * until both sides are set: setting only the width when it already is 300 leaves its content squashed
 * vertically); returns how many canvases were compared.
 */
async function squashedCanvases(page) {
  const canvases = await page.evaluate(() =>
    [...document.querySelectorAll('canvas')]
      .map((canvas) => ({ id: canvas.id || canvas.className, box: canvas.getBoundingClientRect(), width: canvas.width, height: canvas.height }))
      .filter(({ box }) => box.width > 0 && box.height > 0)
      .map(({ id, box, width, height }) => ({ id, box: [box.width, box.height], bitmap: [width, height] })),
  );
  const squashed = canvases.filter(({ box, bitmap }) => Math.abs(bitmap[0] / bitmap[1] - box[0] / box[1]) > 0.03 * (box[0] / box[1]) + 1 / Math.min(...bitmap));
  assert(canvases.length > 0, 'no canvas is shown');
  assert(squashed.length === 0, squashed.map(({ id, box, bitmap }) => `#${id}: bitmap ${bitmap.join('×')} in a ${box.map((v) => v.toFixed(0)).join('×')} box`).join('; '));
  return `${canvases.length} canvases`;
}
