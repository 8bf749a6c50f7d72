// End-to-end test that the pictures prove their sentences: the judge's figures the Compare view and
// the walk's step 9 quote are the module's own numbers for the same seeds; `eval --judge` prints the
// same figures natively for all five models; a fresh `#view=walk` has no blank figure; step 9 draws
// the circle large enough to see; step 5's plotted mean rises from K = 1 to its largest K at every
// seed; and each sentence's wording changes when its numbers cross their thresholds.
//
//   node tests/e2e/judged.mjs

import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { assert, createChecks } from './checks.mjs';
import { startServer } from '../../tools/serve.mjs';
import { launchBrowser, openPage, drawWithMouse, SEVEN } from './browser.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DESKTOP = { viewport: { width: 1366, height: 900 } };
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const SEED = 2024;
const POINTS = 1024;
const MODELS = ['fashion-2d', 'mnist-16d', 'mnist-2d', 'mnist-ae-2d', 'mnist-beta-2d'];

const tally = createChecks();
const { check } = tally;

/** `0.8671875` → "87%", as the page writes a share. */
const percent = (share) => `${(100 * share).toFixed(0)}%`;
/** Every percentage in a text, in order. */
const percents = (text) => [...text.matchAll(/(\d+)%/g)].map((m) => `${m[1]}%`);

/**
 * The module's judged figures, computed in the page with the module itself (not through the
 * views): `{name: {prior, box, midpoints, circles?}}` for the named models at `SEED`.
 */
function moduleFigures(page, names, pixels = null) {
  return page.evaluate(
    async ({ names, pixels, seed, points }) => {
      const wasm = await import('/pkg/vae_playground.js');
      const bytes = async (url) => new Uint8Array(await (await fetch(url)).arrayBuffer());
      const manifest = await (await fetch('/pkg/models/manifest.json')).json();
      const judges = {};
      const out = {};
      for (const name of names) {
        const entry = manifest.models.find((m) => m.name === name);
        const model = name === 'mnist-2d' ? new wasm.VaeModel(name) : wasm.VaeModel.fromBytes(await bytes(`/pkg/${entry.file}`));
        const dataset = model.info.dataset;
        if (!judges[dataset]) judges[dataset] = wasm.Judge.fromBytes(await bytes(`/pkg/${manifest.judges.find((j) => j.dataset === dataset).file}`));
        const judge = judges[dataset];
        const strip = ({ all, shown, sameClassShare, referenceClass }) => ({ all, shown, sameClassShare, referenceClass });
        out[name] = {};
        for (const set of ['prior', 'box', 'midpoints']) out[name][set] = strip(judge.judgeSet(model, set, points, 8, seed));
        // The circles of the test image given, else of the model's first "7" (the walk's arrival image).
        let input = pixels && Float32Array.from(pixels);
        if (!input) {
          const data = await bytes(`/pkg/${manifest.data.find((d) => d.dataset === dataset).file}`);
          const count = data.length / 785;
          const labels = data.subarray(count * 784);
          const index = Math.max(0, labels.indexOf(7));
          input = Float32Array.from(data.subarray(index * 784, (index + 1) * 784), (v) => v / 255);
          out[name].digit = index + 1;
        }
        out[name].circles = {};
        for (const sigmas of [1, 2, 4]) out[name].circles[sigmas] = strip(judge.judgeCircle(model, input, sigmas, points, 8, seed));
      }
      return out;
    },
    { names, pixels, seed: SEED, points: POINTS },
  );
}

/** Share of a canvas' pixels that are not blank (transparent or white). */
function inkedShare(page, selector) {
  return page.$$eval(selector, (canvases) =>
    canvases
      .filter((c) => c.offsetParent !== null)
      .map((canvas) => {
        const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
        let inked = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && (data[i] < 245 || data[i + 1] < 245 || data[i + 2] < 245)) inked++;
        return { name: canvas.className || canvas.id, share: inked / (data.length / 4) };
      }),
  );
}

// ---- the wording, without a browser: each sentence changes when its numbers cross a threshold ----

const compareWording = await import(pathToFileURL(join(ROOT, 'www/js/views/compare/wording.js')).href);
const walkWording = await import(pathToFileURL(join(ROOT, 'www/js/views/walk/wording.js')).href);

await check('wording: each sentence follows its numbers across the thresholds', async () => {
  const { priorVerdict, mostVerdict, sideNote, differsMost, tableRows, SIMILAR_SHARE, MOST_CLASSES } = compareWording;
  assert(priorVerdict(0.8, 0.8 + SIMILAR_SHARE * 0.9).key === 'compare.verdict.similar', 'within 5 points is not "similar"');
  const apart = priorVerdict(0.8, 0.8 + SIMILAR_SHARE * 1.1);
  assert(apart.key === 'compare.verdict.different' && apart.winner === 'right', JSON.stringify(apart));
  assert(priorVerdict(0.9, 0.7).winner === 'left', 'the left side is ahead');
  const reading = (share, effective) => ({ all: { confidentShare: share, effectiveClasses: effective } });
  const side = (prior, effective, box = 0.9) => ({ figures: { prior: reading(prior, effective), box: reading(box, 6), midpoints: reading(0.8, 9), circles: null }, classes: 10 });
  const most = differsMost(tableRows(side(0.79, 5.9), side(0.85, 9.6)));
  assert(most.id === 'priorClasses', `the effective classes differ most, not ${most.id}`);
  assert(mostVerdict(most).key === 'compare.most.priorClasses' && mostVerdict(most).winner === 'right', JSON.stringify(mostVerdict(most)));
  const boxMost = differsMost(tableRows(side(0.8, 9, 0.5), side(0.8, 9.1, 0.9)));
  assert(boxMost.id === 'boxShare', `the box differs most, not ${boxMost.id}`);
  assert(mostVerdict(differsMost(tableRows(side(0.8, 9), side(0.81, 9.2)))).key === 'compare.most.none', 'alike models');
  assert(sideNote({ kind: 'autoencoder', classes: 10, priorClasses: MOST_CLASSES * 10 - 0.1, circles: null }) === 'compare.note.pointFew', 'few');
  assert(sideNote({ kind: 'autoencoder', classes: 10, priorClasses: MOST_CLASSES * 10, circles: null }) === 'compare.note.pointMany', 'many');
  const circles = (c2, c4) => ({ 1: 1, 2: c2, 4: c4 });
  assert(sideNote({ kind: 'vae', classes: 10, priorClasses: 9, circles: circles(1, 0.9) }) === 'compare.note.vae.stays', 'stays at 0.9');
  assert(sideNote({ kind: 'vae', classes: 10, priorClasses: 9, circles: circles(0.9, 0.89) }) === 'compare.note.vae.reaches4', 'reaches 4σ');
  assert(sideNote({ kind: 'beta', classes: 10, priorClasses: 9, circles: circles(0.89, 0.5) }) === 'compare.note.beta.reaches2', 'reaches 2σ');
  assert(sideNote({ kind: 'vae', classes: 10, priorClasses: 9, circles: null }) === 'compare.note.vae.noInput', 'no input');
  const { circleWording, trendWording, pointWording, STAYS, SAME_IMAGE } = walkWording;
  assert(circleWording({ 1: 1, 2: 1, 4: STAYS }) === 'walk.s9.readout.stays', 'step 9 stays');
  assert(circleWording({ 1: 1, 2: STAYS, 4: STAYS - 0.01 }) === 'walk.s9.readout.reaches4', 'step 9 reaches 4σ');
  assert(circleWording({ 1: 1, 2: STAYS - 0.01, 4: 0 }) === 'walk.s9.readout.reaches2', 'step 9 reaches 2σ');
  assert(pointWording(SAME_IMAGE * 0.99) === 'walk.s9.point.same' && pointWording(SAME_IMAGE) === 'walk.s9.point.differs', 'the point');
  const curve = (first, last, se) => ({ expectedLogPx: [first, (first + last) / 2, last], expectedStandardError: [se, se, se] });
  assert(trendWording(curve(-100, -99, 0.3)) === 'walk.s5.trend.rises', 'a rise of 1 nat over 0.42 of noise');
  assert(trendWording(curve(-100, -99.5, 0.3)) === 'walk.s5.trend.flat', 'a rise within the noise');
  return '7 sentence choices, each on both sides of its threshold';
});

const server = await startServer({ port: 0, root: process.env.VAE_WWW ?? join(ROOT, 'www') });
const browser = await launchBrowser();
const pages = [];
const started = Date.now();

try {
  // ---- the walk opened by a link, with nothing drawn ----
  const walk = await openPage(browser, `${server.url}#view=walk`, DESKTOP);
  pages.push(walk);
  await walk.waitForFunction(() => document.querySelector('#walk-step-9 .walk-readouts')?.children[1]?.dataset.same, null, { timeout: 30000 });

  await check('a fresh #view=walk fills every figure with a test digit and says so', async () => {
    const captions = await walk.$$eval('#view-walk .walk-input-caption', (nodes) => nodes.map((n) => [n.dataset.string, n.textContent]));
    assert(captions.length >= 4 && captions.every(([key]) => key === 'walk.input.arrival'), JSON.stringify(captions));
    const canvases = await inkedShare(walk, '#view-walk canvas');
    const blank = canvases.filter((c) => c.share === 0);
    assert(canvases.length >= 20 && blank.length === 0, `${blank.length} of ${canvases.length} canvases blank: ${blank.map((c) => c.name).join(', ')}`);
    const readouts = await walk.$$eval('#view-walk .walk-step', (steps) => steps.map((s) => s.querySelector('.walk-readout').textContent));
    assert(readouts.every((text) => /\d/.test(text)), `a step has no number: ${readouts.find((text) => !/\d/.test(text))}`);
    return `${canvases.length} canvases inked; ${captions[0][1].slice(0, 40)}…`;
  });

  const arrival = await moduleFigures(walk, ['mnist-2d', 'mnist-ae-2d']);

  await check('step 9: the sentence quotes the module’s shares of each circle (seed 2024)', async () => {
    const text = await walk.locator('#walk-step-9 .walk-readouts > :nth-child(2)').textContent();
    const vae = arrival['mnist-2d'].circles;
    const expected = [1, 2, 4].map((k) => percent(vae[k].sameClassShare));
    assert(JSON.stringify(percents(text)) === JSON.stringify(expected), `“${text}” quotes ${percents(text)}, the module ${expected}`);
    const key = await walk.locator('#walk-step-9 .walk-readouts > :nth-child(2)').getAttribute('data-string');
    const { circleWording } = walkWording;
    assert(key === circleWording({ 1: vae[1].sameClassShare, 2: vae[2].sameClassShare, 4: vae[4].sameClassShare }), `wording ${key}`);
    const point = await walk.locator('#walk-step-9 .walk-readouts > :nth-child(3)').textContent();
    assert(/0\.00005/.test(point), `the autoencoder's σ: ${point}`);
    return `${expected.join(', ')} (${key})`;
  });

  await check('step 9: the 2σ ellipse spans at least 40 % of its figure, and the autoencoder sits at the same zoom', async () => {
    const measured = await walk.evaluate(() => {
      const [vae, point] = document.querySelectorAll('#walk-step-9 canvas.walk-circle-map');
      const { data, width, height } = vae.getContext('2d').getImageData(0, 0, vae.width, vae.height);
      // The 1σ and 2σ rings are drawn in the accent colour, #2563eb: the widest run of it is the 2σ ellipse.
      let left = width;
      let right = -1;
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const i = 4 * (y * width + x);
          if (Math.abs(data[i] - 37) < 40 && Math.abs(data[i + 1] - 99) < 40 && data[i + 2] > 190) {
            left = Math.min(left, x);
            right = Math.max(right, x);
          }
        }
      }
      return { share: (right - left) / width, stated: Number(vae.dataset.ring2), sameSize: vae.width === point.width };
    });
    assert(measured.share >= 0.4, `the 2σ ellipse spans ${(100 * measured.share).toFixed(1)} % of the figure`);
    assert(Math.abs(measured.share - measured.stated) < 0.05, `drawn ${measured.share}, computed ${measured.stated}`);
    assert(measured.sameSize, 'the two maps differ in size');
    return `${(100 * measured.share).toFixed(1)} % of the width`;
  });

  await check('step 5: at 8 seeds the plotted mean at the largest K is above the one at K = 1', async () => {
    const seen = [];
    for (let n = 0; n < 8; n++) {
      if (n > 0) await walk.locator('#walk-step-5 .walk-controls > button').click();
      const trend = walk.locator('#walk-step-5 .walk-readouts > :nth-child(2)');
      await walk.waitForFunction((seed) => document.querySelector('#walk-step-5 .walk-readouts > :nth-child(2)').dataset.seed === String(seed), n + 1);
      const { first, last, string } = await trend.evaluate((node) => ({ first: Number(node.dataset.first), last: Number(node.dataset.last), string: node.dataset.string }));
      assert(last > first, `seed ${n + 1}: ${first} at K = 1, ${last} at the largest K`);
      seen.push(`${(last - first).toFixed(2)} (${string.split('.').pop()})`);
    }
    return `rises by ${seen.join(', ')} nats`;
  });

  // ---- the Compare view, with a drawing ----
  const compare = await openPage(browser, server.url, DESKTOP);
  pages.push(compare);
  await drawWithMouse(compare, '#pad', SEVEN);
  await compare.locator('.views-nav a[data-view="compare"]').click();
  await compare.waitForFunction(() => document.querySelector('#view-compare')?.dataset.measured === 'true', null, { timeout: 30000 });
  await compare.waitForFunction(() => document.querySelectorAll('#view-compare .compare-table tbody tr').length === 7, null, { timeout: 30000 });
  const drawn = await compare.evaluate(() => Array.from(window.vaePlayground.inputPixels()));
  const figures = await moduleFigures(compare, ['mnist-ae-2d', 'mnist-2d'], drawn);

  await check('Compare: every figure in the table is the module’s, for the same draws and the drawing', async () => {
    const rows = await compare.$$eval('#view-compare .compare-table tbody tr', (trs) => trs.map((tr) => ({ id: tr.dataset.row, most: tr.dataset.most === 'true', cells: [...tr.querySelectorAll('td')].map((td) => td.textContent) })));
    const [left, right] = [figures['mnist-ae-2d'], figures['mnist-2d']];
    const value = (f, id) =>
      ({
        priorShare: percent(f.prior.all.confidentShare),
        priorClasses: f.prior.all.effectiveClasses.toFixed(1),
        boxShare: percent(f.box.all.confidentShare),
        midpointShare: percent(f.midpoints.all.confidentShare),
        circle1: percent(f.circles[1].sameClassShare),
        circle2: percent(f.circles[2].sameClassShare),
        circle4: percent(f.circles[4].sameClassShare),
      })[id];
    for (const row of rows) {
      for (const [i, f] of [left, right].entries()) {
        const shown = row.cells[i].split(' · ')[0].trim();
        assert(shown === value(f, row.id), `${row.id}, side ${i + 1}: the table says ${shown}, the module ${value(f, row.id)}`);
      }
    }
    const marked = rows.filter((r) => r.most).map((r) => r.id);
    assert(marked.length === 1, `${marked.length} rows marked`);
    return `${rows.length} rows; differs most: ${marked[0]}`;
  });

  await check('Compare: the sentences quote the module’s numbers, worded by them', async () => {
    const verdict = await compare.locator('#view-compare .compare-verdict').evaluate((n) => ({ text: n.textContent, keys: n.dataset.string }));
    const [left, right] = [figures['mnist-ae-2d'], figures['mnist-2d']];
    const shares = [left.prior.all.confidentShare, right.prior.all.confidentShare];
    const { priorVerdict } = compareWording;
    const first = priorVerdict(shares[0], shares[1]);
    assert(verdict.keys.startsWith(first.key), `wording ${verdict.keys}, the numbers say ${first.key}`);
    for (const share of shares) assert(verdict.text.includes(percent(share)), `“${verdict.text}” lacks ${percent(share)}`);
    const notes = await compare.$$eval('#view-compare .compare-side .why', (ns) => ns.map((n) => ({ text: n.textContent, key: n.dataset.string })));
    assert(notes[0].text.includes(left.prior.all.effectiveClasses.toFixed(1)), `autoencoder note: ${notes[0].text}`);
    assert(notes[1].text.includes(percent(right.circles[2].sameClassShare)) && notes[1].text.includes(percent(right.circles[4].sameClassShare)), `VAE note: ${notes[1].text}`);
    return `${verdict.keys}; ${notes.map((n) => n.key).join(', ')}`;
  });

  await check('Compare: the shown prior draws carry the judge’s reading, matching the module', async () => {
    const tiles = await compare.$$eval('#view-compare .compare-side', (sides) => sides.map((s) => [...s.querySelectorAll('.judged-tile')].map((t) => t.dataset.confident)));
    for (const [i, f] of [figures['mnist-ae-2d'], figures['mnist-2d']].entries()) {
      const clear = tiles[i].filter((c) => c === 'true').length;
      assert(clear === Math.round(f.prior.shown.confidentShare * 8), `side ${i + 1}: ${clear} tiles marked clear, the module ${f.prior.shown.confidentShare * 8}`);
    }
    return tiles.map((t) => `${t.filter((c) => c === 'true').length} of 8`).join(', ');
  });

  // ---- eval --judge, natively, against the module in the browser ----
  await check('eval --judge prints the page’s figures for all five models', async () => {
    const judges = ['judge-mnist', 'judge-fashion'].map((j) => `models/judges/${j}.safetensors`).join(',');
    const output = execFileSync('cargo', ['run', '--release', '--quiet', '--bin', 'eval', '--', '--judge', judges, '--json', ...MODELS.map((m) => `models/${m}.safetensors`)], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
    const rows = JSON.parse(output);
    const accuracy = rows.filter((r) => r.judge).map((r) => [r.judge, r.testAccuracy]);
    assert(accuracy.find(([j]) => j === 'judge-mnist')[1] >= 0.97, `MNIST judge ${accuracy}`);
    assert(accuracy.find(([j]) => j === 'judge-fashion')[1] >= 0.85, `Fashion judge ${accuracy}`);
    const page = await moduleFigures(walk, MODELS);
    let compared = 0;
    let exact = 0;
    for (const row of rows.filter((r) => r.model)) {
      const mine = page[row.model];
      const set = row.set.kind === 'circle' ? mine.circles[row.set.sigmas] : mine[{ prior: 'prior', testBox: 'box', midpoints: 'midpoints' }[row.set.kind]];
      if (row.set.kind === 'circle') assert(row.digit === mine.digit, `${row.model}: eval judged digit ${row.digit}, the page ${mine.digit}`);
      const shareGap = Math.abs(set.all.confidentShare - row.all.confidentShare);
      assert(shareGap <= 1 / POINTS + 1e-12, `${row.model} ${JSON.stringify(row.set)}: eval ${row.all.confidentShare}, page ${set.all.confidentShare}`);
      assert(Math.abs(set.all.meanConfidence - row.all.meanConfidence) < 1e-3, `${row.model} ${JSON.stringify(row.set)}: mean confidence`);
      compared++;
      if (shareGap === 0 && JSON.stringify(set.all.classCounts) === JSON.stringify(row.all.classCounts)) exact++;
    }
    assert(compared === MODELS.length * 6, `${compared} sets compared`);
    return `${compared} sets, ${exact} identical; judges ${accuracy.map(([j, a]) => `${j} ${(100 * a).toFixed(2)} %`).join(', ')}`;
  });

  // ---- a phone, and Chinese ----
  const phone = await openPage(browser, `${server.url}#view=walk&step=9&lang=zh`, PHONE);
  pages.push(phone);
  await check('on a 360 px phone in Chinese, the equations and step 9 fit the screen', async () => {
    await phone.waitForFunction(() => document.querySelector('#walk-step-9 .walk-readouts')?.children[1]?.dataset.same, null, { timeout: 30000 });
    const widths = await phone.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    assert(widths.scroll <= widths.client, `${widths.scroll} px of content in ${widths.client} px`);
    const maths = await phone.$$eval('#view-walk math', (nodes) => nodes.length);
    assert(maths >= 25, `${maths} typeset formulas`);
    const text = await phone.locator('#walk-step-9 .walk-readouts > :nth-child(2)').textContent();
    assert(/评判器/.test(text), text);
    return `${maths} formulas; ${text.slice(0, 30)}…`;
  });

  await check('no text shows a formula token {=name} or an unfilled {placeholder}, in any view', async () => {
    const found = [];
    for (const page of pages) {
      for (const view of ['play', 'compare', 'walk', 'train']) {
        await page.locator(`.views-nav a[data-view="${view}"]`).click();
        await page.waitForFunction((v) => !document.querySelector(`#view-${v}`).hidden && document.querySelector(`#view-${v}`).children.length > 0, view, { timeout: 20000 });
        const text = await page.evaluate(() => document.body.innerText + [...document.querySelectorAll('[aria-label], [title]')].map((n) => `${n.getAttribute('aria-label') ?? ''} ${n.getAttribute('title') ?? ''}`).join(' '));
        for (const match of text.matchAll(/\{=?\w+\}/g)) found.push(`${view}: ${match[0]}`);
      }
    }
    assert(found.length === 0, [...new Set(found)].slice(0, 5).join(', '));
    return `${pages.length} pages × 4 views`;
  });

  await check('no console errors', async () => {
    const errors = pages.flatMap((p) => p.errors);
    assert(errors.length === 0, errors.slice(0, 3).join(' | '));
  });
} catch (error) {
  tally.failures++;
  console.log(`FAIL the judged-figures test stopped: ${error.message}`);
} finally {
  await browser.close();
  await server.close();
}

console.log(`\n${tally.checks - tally.failures}/${tally.checks} judged-figure checks passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exitCode = tally.failures > 0 ? 1 : 0;
