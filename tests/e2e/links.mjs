// End-to-end test of links that restore everything a person can set: 20 random states (a drawing
// or a test digit, z, the samples' source, seed, temperature and radius, the map's view and, on the
// 16-D model, its dimensions, every circle shown, the interpolation pair, the Compare view's models
// and seed, the walk's sliders and steps, the Train view's settings; every view, both languages)
// are each turned into a link and opened in a fresh browser context: every canvas of the view must
// be the same, pixel for pixel. Then 200 mutated links: a calm notice at most, never the error
// banner or a console error. And the browser's back and forward buttons walk through the views.
//
//   node tests/e2e/links.mjs [--states 20] [--mutations 200] [--seed 1]

import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { assert, createChecks } from './checks.mjs';
import { startServer } from '../../tools/serve.mjs';
import { launchBrowser, openPage, settle } from './browser.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { values: options } = parseArgs({ options: { states: { type: 'string', default: '20' }, mutations: { type: 'string', default: '200' }, seed: { type: 'string', default: '1' } } });
const DESKTOP = { viewport: { width: 1280, height: 900 } };
const MODELS = ['mnist-2d', 'mnist-16d', 'fashion-2d', 'mnist-ae-2d', 'mnist-beta-2d'];

const tally = createChecks();
const { check } = tally;

/** A small seeded generator (mulberry32), so that a failing state can be made again. */
function random(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n) => Math.floor(next() * n), pick: (list) => list[Math.floor(next() * list.length)], chance: (p) => next() < p };
}

/** Waits until the page has nothing left to draw: frames, backgrounds, the judged figures. */
async function quiet(page) {
  await settle(page);
  await page.waitForFunction(
    () => {
      const s = window.vaePlayground.state();
      const compare = document.querySelector('#view-compare');
      const walk = document.querySelector('#view-walk');
      const compareBusy = compare && !compare.hidden && compare.dataset.measured !== 'true';
      const walkBusy = walk && !walk.hidden && !document.querySelector('#walk-step-9 .walk-readouts')?.children[1]?.dataset.same;
      return !s.pending && s.backgroundsPending === 0 && !compareBusy && !walkBusy;
    },
    null,
    { timeout: 30000, polling: 100 },
  );
  await page.waitForTimeout(300);
  await settle(page);
}

/** Every visible canvas of the page: its size and a digest of its pixels. */
function canvases(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('canvas')]
      .filter((c) => c.offsetParent !== null && c.width > 0 && c.height > 0)
      .map((canvas) => {
        const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
        let h1 = 0x811c9dc5;
        let h2 = 7;
        for (let i = 0; i < data.length; i++) {
          h1 = Math.imul(h1 ^ data[i], 0x01000193);
          h2 = (h2 * 31 + data[i]) | 0;
        }
        const where = canvas.id || canvas.className || canvas.closest('[id]')?.id || 'canvas';
        return { where, size: `${canvas.width}×${canvas.height}`, digest: `${(h1 >>> 0).toString(16)}-${(h2 >>> 0).toString(16)}` };
      }),
  );
}

/** Draws 1–3 random strokes of a digit-like size on the pad. */
async function randomDrawing(page, rng) {
  const box = await page.locator('#pad').boundingBox();
  const strokes = 1 + rng.int(3);
  for (let s = 0; s < strokes; s++) {
    let [x, y] = [0.25 + 0.5 * rng.next(), 0.25 + 0.5 * rng.next()];
    await page.mouse.move(box.x + x * box.width, box.y + y * box.height);
    await page.mouse.down();
    for (let p = 0; p < 6; p++) {
      x = Math.min(0.9, Math.max(0.1, x + (rng.next() - 0.5) * 0.3));
      y = Math.min(0.9, Math.max(0.1, y + (rng.next() - 0.5) * 0.3));
      await page.mouse.move(box.x + x * box.width, box.y + y * box.height, { steps: 4 });
    }
    await page.mouse.up();
  }
}

/** Sets a range or number input's value as a person would, with the events the page listens to. */
function setInput(page, selector, value) {
  return page.evaluate(
    ([selector, value]) => {
      const input = document.querySelector(selector);
      if (!input) return false;
      input.value = String(value);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
      return true;
    },
    [selector, value],
  );
}

/** Puts the page in a random state through its controls. */
async function randomState(page, rng) {
  const done = [];
  const model = rng.pick(MODELS);
  if (model !== 'mnist-2d') {
    await page.locator(`label[for="model-${model}"]`).click();
    await page.waitForFunction((m) => window.vaePlayground.state().model === m, model, { timeout: 20000 });
  }
  done.push(model);
  if (rng.chance(0.75)) {
    await randomDrawing(page, rng);
    done.push('drawing');
  } else {
    await page.locator('#use-test').click();
    await page.waitForFunction(() => !document.querySelector('#test-nav').hidden && /\d/.test(document.querySelector('#test-label').textContent));
    for (let i = rng.int(4); i > 0; i--) await page.locator('#test-next').click();
    done.push('test digit');
  }
  await settle(page);
  if (rng.chance(0.5)) {
    await page.locator('#pin').click();
    done.push('pinned');
    if (rng.chance(0.5)) {
      await randomDrawing(page, rng);
      done.push('B drawn');
    }
  }
  if (rng.chance(0.5)) {
    await page.evaluate((label) => {
      const select = document.querySelector('#interp-source');
      select.value = String(label);
      select.dispatchEvent(new Event('change'));
    }, rng.int(10));
    done.push('B a class');
  }
  if (model === 'mnist-16d' && rng.chance(0.8)) {
    const [a, b] = [rng.int(16), rng.int(16)];
    await page.selectOption('#dim-x', String(a));
    await page.selectOption('#dim-y', String(b === a ? (a + 1) % 16 : b));
    done.push(`dims ${a},${b}`);
  }
  const source = rng.pick(['posterior', 'prior', 'point']);
  await page.locator(`label[for="source-${source}"]`).click();
  await page.fill('#seed', String(rng.int(100000)));
  await setInput(page, '#temperature', 1 + rng.int(100));
  await setInput(page, '#radius', 20 + rng.int(80));
  done.push(source);
  for (let i = rng.int(3); i > 0; i--) await page.locator(rng.chance(0.5) ? '#zoom-in' : '#zoom-out').click();
  if (rng.chance(0.3)) await page.locator('#all-circles').check();
  // Move z away from μ with the first sliders.
  const sliders = page.locator('#sliders input[type="range"]');
  for (let j = 0; j < Math.min(await sliders.count(), 2); j++) {
    if (!rng.chance(0.4)) continue;
    await sliders.nth(j).evaluate((input, fraction) => {
      input.value = String(Number(input.min) + fraction * (Number(input.max) - Number(input.min)));
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }, rng.next());
  }
  if (rng.chance(0.5)) {
    await page.locator('#language-switch button[data-language="zh"]').click();
    done.push('zh');
  }
  await settle(page);
  const view = rng.pick(['play', 'compare', 'walk', 'train']);
  if (view !== 'play') {
    await page.locator(`.views-nav a[data-view="${view}"]`).click();
    await page.waitForFunction((v) => !document.querySelector(`#view-${v}`)?.hidden && document.querySelector(`#view-${v}`)?.children.length > 0, view, { timeout: 20000 });
  }
  done.push(view);
  if (view === 'compare') {
    const twoD = MODELS.filter((m) => m !== 'mnist-16d');
    for (const index of [0, 1]) await page.locator('#view-compare select.compare-model').nth(index).selectOption(rng.pick(twoD));
    if (rng.chance(0.5)) await page.locator('#view-compare .controls button').click();
  } else if (view === 'walk') {
    await page.waitForSelector('#walk-step-9');
    const ranges = await page.$$('#view-walk .walk-controls input[type="range"]');
    for (const range of ranges) {
      if (!rng.chance(0.5)) continue;
      await range.evaluate((input, fraction) => {
        const [min, max, step] = [Number(input.min), Number(input.max), Number(input.step) || 1];
        input.value = String(min + Math.round((fraction * (max - min)) / step) * step);
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }, rng.next());
    }
    if (rng.chance(0.5)) await page.locator('#walk-step-2 input[value="parity"]').check();
    for (let i = rng.int(3); i > 0; i--) await page.locator('#walk-step-8 .walk-controls button').click();
    for (let i = rng.int(2); i > 0; i--) await page.locator('#walk-step-5 .walk-controls > button').click();
    if (rng.chance(0.5)) await page.locator('#walk-step-5 .walk-input button').click();
  } else if (view === 'train') {
    await page.fill('#train-latentDim', String(1 + rng.int(8)));
    await page.fill('#train-hidden', rng.pick(['512', '256,128', '64']));
    await page.fill('#train-epochs', String(1 + rng.int(30)));
    await page.fill('#train-seed', String(rng.int(1000)));
    // What to train on (your own set starts from a copy of mnist-2d, whose shape the fields then show).
    await page.check(`#train-data-${rng.pick(['mnist', 'fashion', 'own'])}`);
  }
  return done;
}

// ---- the codec alone: strokes round-trip exactly; bad text is a LinkError, nothing else ----
const codec = await import(new URL('../../www/js/link/codec.js', import.meta.url).href);
await check('the link codec: 2,000 random drawings round-trip exactly; 2,000 garbled texts are each a LinkError', async () => {
  const rng = random(77);
  for (let n = 0; n < 2000; n++) {
    const strokes = Array.from({ length: 1 + rng.int(5) }, () => Array.from({ length: 2 * (1 + rng.int(60)) }, () => rng.int(281)));
    const text = codec.encodeStrokes(strokes);
    assert(/^[A-Za-z0-9_-]+$/.test(text), `not URL-safe: ${text.slice(0, 20)}`);
    const back = codec.decodeStrokes(text, 280);
    assert(JSON.stringify(back) === JSON.stringify(strokes), `drawing ${n} came back different`);
  }
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_%=&é';
  let refused = 0;
  for (let n = 0; n < 2000; n++) {
    const text = Array.from({ length: rng.int(80) }, () => alphabet[rng.int(alphabet.length)]).join('');
    try {
      const strokes = codec.decodeStrokes(text, 280);
      assert(strokes.every((s) => s.every((v) => Number.isInteger(v) && v >= 0 && v <= 280)), `accepted off-pad points from ${text}`);
    } catch (error) {
      assert(error instanceof codec.LinkError, `${text}: ${error.constructor.name} ${error.message}`);
      refused++;
    }
  }
  return `${refused} of 2,000 garbled texts refused, the rest read as drawings on the pad`;
});

const server = await startServer({ port: 0, root: process.env.VAE_WWW ?? join(ROOT, 'www') });
const browser = await launchBrowser();
const started = Date.now();
const rng = random(Number(options.seed));

try {
  const states = Number(options.states);
  let restored = 0;
  let longestDrawing = 0;
  for (let n = 0; n < states; n++) {
    await check(`state ${n + 1} of ${states}: its link opened in a fresh context gives the same canvases`, async () => {
      const source = await openPage(browser, server.url, DESKTOP);
      try {
        const done = await randomState(source, rng);
        await quiet(source);
        const link = await source.evaluate(() => window.vaePlayground.link());
        const draw = new URL(link).hash.match(/[#&]draw=([^&]*)/)?.[1] ?? '';
        longestDrawing = Math.max(longestDrawing, draw.length);
        const before = await canvases(source);
        const target = await openPage(browser, link, DESKTOP);
        try {
          await quiet(target);
          const after = await canvases(target);
          assert(after.length === before.length, `${before.length} canvases became ${after.length} (${done.join(', ')})`);
          const differing = before.filter((c, i) => c.size !== after[i].size || c.digest !== after[i].digest).map((c) => c.where);
          if (differing.length && process.env.LINKS_DEBUG) {
            const { writeFileSync } = await import('node:fs');
            for (const [name, page] of [['source', source], ['target', target]]) {
              const urls = await page.evaluate((names) => [...document.querySelectorAll('canvas')].filter((c) => c.offsetParent !== null && names.includes(c.id || c.className)).map((c) => [c.id || c.className, c.toDataURL()]), differing);
              for (const [id, url] of urls) writeFileSync(`${process.env.LINKS_DEBUG}/${n + 1}-${id.replace(/\W+/g, '_')}-${name}.png`, Buffer.from(url.split(',')[1], 'base64'));
            }
            writeFileSync(`${process.env.LINKS_DEBUG}/${n + 1}-link.txt`, link);
          }
          assert(differing.length === 0, `differ: ${[...new Set(differing)].join(', ')} (${done.join(', ')}; ${link.length} characters)`);
          const status = await target.locator('#status').textContent();
          assert(!/link asked for/i.test(status), `the link's own settings were refused: ${status}`);
          const errors = [...source.errors, ...target.errors];
          assert(errors.length === 0, errors.slice(0, 2).join(' | '));
          restored++;
          return `${before.length} canvases; ${done.join(', ')}; ${link.length - server.url.length} characters`;
        } finally {
          await target.context().close();
        }
      } finally {
        await source.context().close();
      }
    });
  }

  await check('a three-stroke digit fits in a link of under 600 characters', async () => {
    const page = await openPage(browser, server.url, DESKTOP);
    try {
      const box = await page.locator('#pad').boundingBox();
      // A "4": three strokes of about forty pointer moves each.
      for (const stroke of [
        [[0.35, 0.2], [0.28, 0.55], [0.62, 0.55]],
        [[0.55, 0.25], [0.55, 0.85]],
        [[0.28, 0.55], [0.7, 0.55]],
      ]) {
        await page.mouse.move(box.x + stroke[0][0] * box.width, box.y + stroke[0][1] * box.height);
        await page.mouse.down();
        for (const [x, y] of stroke.slice(1)) await page.mouse.move(box.x + x * box.width, box.y + y * box.height, { steps: Math.round(40 / (stroke.length - 1)) });
        await page.mouse.up();
      }
      await settle(page);
      const link = await page.evaluate(() => window.vaePlayground.link());
      const draw = new URL(link).hash.match(/[#&]draw=([^&]*)/)[1];
      const points = await page.evaluate(() => window.vaePlayground.state().points);
      assert(draw.length < 600, `${draw.length} characters for ${points} points`);
      return `${points} points in ${draw.length} characters; the longest random drawing took ${longestDrawing}`;
    } finally {
      await page.context().close();
    }
  });

  await check(`${options.mutations} mutated links: a calm notice at most, never the error banner or a console error`, async () => {
    const page = await openPage(browser, server.url, DESKTOP);
    try {
      await randomState(page, rng);
      await quiet(page);
      const link = new URL(await page.evaluate(() => window.vaePlayground.link()));
      const fragment = link.hash.slice(1);
      const junk = ['', 'NaN', '-1', '1e309', '99999999999999999999', '%', '%ZZ', '<script>alert(1)</script>', '💥', 'a'.repeat(5000), '0,0,0,0,0', '~~~~', 'null', 'Infinity', '-0', '__proto__', 't99999', 's////'];
      const mutate = () => {
        const params = [...new URLSearchParams(fragment).entries()];
        const kind = rng.int(6);
        if (kind === 0) {
          // Change characters of the text.
          const chars = [...fragment];
          for (let i = 1 + rng.int(6); i > 0; i--) chars[rng.int(chars.length)] = String.fromCharCode(32 + rng.int(95));
          return chars.join('');
        }
        if (kind === 1) return fragment.slice(0, rng.int(fragment.length));
        if (kind === 2 && params.length) {
          const at = rng.int(params.length);
          params[at][1] = rng.pick(junk);
          return new URLSearchParams(params).toString();
        }
        if (kind === 3 && params.length) {
          const [key] = rng.pick(params);
          return `${fragment}&${key}=${encodeURIComponent(rng.pick(junk))}`;
        }
        if (kind === 4) return `v=${rng.pick(['0', '3', '999', 'x', ''])}&${fragment}`;
        return `${rng.pick(['view', 'model', 'lang', 'draw', 'z', 'map', 'wk', 'cmp', 'train', 'pin', 'test'])}=${encodeURIComponent(rng.pick(junk))}`;
      };
      let notices = 0;
      for (let i = 0; i < Number(options.mutations); i++) {
        const hash = mutate();
        await page.evaluate((hash) => {
          window.location.hash = hash;
        }, hash);
        await page.waitForTimeout(40);
        if (i % 20 === 19) await quiet(page);
        assert(await page.locator('#alert').isHidden(), `the error banner after #${hash.slice(0, 80)}: ${await page.locator('#alert').textContent()}`);
        if (/link asked for|链接中的/i.test(await page.locator('#status').textContent())) notices++;
      }
      await quiet(page);
      assert(await page.locator('#alert').isHidden(), `the error banner: ${await page.locator('#alert').textContent()}`);
      // Each plainly bad value is named in the notice (the loop above only counts them: a notice
      // may be replaced by the next link's before it is read).
      for (const bad of ['model=zzz', 'v=2&z=NaN,1', 'v=2&draw=%25ZZ', 'v=2&map=1e309', 'v=999&model=mnist-2d', 'v=2&seed=-1']) {
        await page.evaluate((hash) => {
          window.location.hash = hash;
        }, bad);
        const named = decodeURIComponent(bad.split('&').at(-1)).split('=')[0];
        await page.waitForFunction((key) => new RegExp(`(link asked for|链接中的) .*\\b${key}=`, 'i').test(document.querySelector('#status').textContent), named === 'model' && bad.startsWith('v=999') ? 'v' : named, { timeout: 5000 }).catch(async () => {
          throw new Error(`no notice naming ${bad}: ${await page.locator('#status').textContent()}`);
        });
      }
      assert(page.errors.length === 0, page.errors.slice(0, 3).join(' | '));
      // The page still works: a drawing is encoded.
      await page.locator('.views-nav a[data-view="play"]').click();
      await page.waitForFunction(() => !document.querySelector('#view-play').hidden);
      await randomDrawing(page, rng);
      await settle(page);
      assert(!(await page.evaluate(() => window.vaePlayground.state().empty)), 'the page no longer encodes a drawing');
      return `${notices} calm notices seen in passing, 6 of 6 bad values named, no banner, no console error`;
    } finally {
      await page.context().close();
    }
  });

  await check('the browser’s back and forward buttons walk through the views', async () => {
    const page = await openPage(browser, server.url, DESKTOP);
    try {
      const shown = () => page.evaluate(() => document.querySelector('.view:not([hidden])')?.dataset.view);
      for (const view of ['compare', 'walk', 'train']) {
        await page.locator(`.views-nav a[data-view="${view}"]`).click();
        await page.waitForFunction((v) => !document.querySelector(`#view-${v}`).hidden, view);
      }
      const seen = [];
      for (const expected of ['walk', 'compare', 'play']) {
        await page.goBack();
        await page.waitForFunction((v) => !document.querySelector(`#view-${v}`).hidden, expected);
        seen.push(await shown());
      }
      await page.goForward();
      await page.waitForFunction(() => !document.querySelector('#view-compare').hidden);
      seen.push(await shown());
      assert(seen.join(',') === 'walk,compare,play,compare', seen.join(','));
      return `back: ${seen.slice(0, 3).join(' → ')}; forward: ${seen[3]}`;
    } finally {
      await page.context().close();
    }
  });
  console.log(`    ${restored} of ${states} states restored pixel for pixel`);
} catch (error) {
  tally.failures++;
  console.log(`FAIL the link test stopped: ${error.message}`);
} finally {
  await browser.close();
  await server.close();
}

console.log(`\n${tally.checks - tally.failures}/${tally.checks} link checks passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exitCode = tally.failures > 0 ? 1 : 0;
