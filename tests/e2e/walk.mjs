// End-to-end test of the walk through the maths (js/views/walk/): every step renders with numbers
// from the module, moving each step's control changes its number, every equation link lands on the
// step that owns the equation (from the walk and from the playground), every text of the walk comes
// from the current language's string table and changes with the language without a reload, and a
// phone 360 px wide scrolls only vertically.
//
//   node tests/e2e/walk.mjs

import { assert, createChecks } from './checks.mjs';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../tools/serve.mjs';
import { launchBrowser, openPage, drawWithMouse, settle, SEVEN } from './browser.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DESKTOP = { viewport: { width: 1280, height: 900 } };
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const STEPS = 9;

const tally = createChecks();
const { check } = tally;

/** Opens the walk from the navigation and waits for its last step. */
async function openWalk(page) {
  await page.locator('.views-nav a[data-view="walk"]').click();
  await page.waitForFunction(() => !document.querySelector('#view-walk').hidden && document.querySelector('#walk-step-9'));
  // Step 9 is done once both models are open and the judge has read its circles.
  await page.waitForFunction(() => document.querySelector('#walk-step-9 .walk-readouts')?.children[1]?.dataset.same, null, { timeout: 30000 });
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}

const readouts = (page) => page.$$eval('#view-walk .walk-step', (steps) => steps.map((s) => s.querySelector('.walk-readout').textContent));

/**
 * Every text node of the walk, checked against the current language's walk table: each lies in an
 * element whose `data-string` names a key, and the element's text is that key's template with its
 * placeholders filled. Returns the problems found and the texts.
 */
function textAudit(page) {
  return page.evaluate(async () => {
    const language = document.documentElement.lang.startsWith('zh') ? 'zh' : 'en';
    // The walk's own table, and the shared one (the judge's readings under its decodes).
    const [walk, common] = await Promise.all(['walk', 'common'].map(async (part) => (await import(`/js/i18n/${language}/${part}.js`)).default));
    const table = { ...common, ...walk };
    const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    // A placeholder {name} and a typeset formula {=name} both stand for text the template does not spell.
    const pattern = (template) => new RegExp(`^${template.split(/\{=?\w+\}/).map(escape).join('[^]*?')}$`);
    const problems = [];
    const texts = [];
    const root = document.querySelector('#view-walk');
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const seen = new Set();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      // Blank nodes, bare numbers (a slider's value) and typeset formulas (js/maths/tex.js, the
      // same in every language) are no language's text.
      if (!node.textContent.trim() || /^[\d\s.,−+-]+$/.test(node.textContent)) continue;
      if (node.parentElement.closest('math') && !node.parentElement.closest('[data-string]')) continue;
      const owner = node.parentElement.closest('[data-string]');
      if (!owner) {
        problems.push(`no key for “${node.textContent.slice(0, 40)}”`);
        continue;
      }
      if (seen.has(owner)) continue;
      seen.add(owner);
      const key = owner.dataset.string;
      if (!(key in table)) problems.push(`${key} is not in the ${language} table`);
      else if (!pattern(table[key]).test(owner.textContent)) problems.push(`${key}: “${owner.textContent.slice(0, 60)}” is not its ${language} text`);
      texts.push([key, owner.textContent]);
    }
    return { problems, texts, language };
  });
}

const server = await startServer({ port: 0, root: process.env.VAE_WWW ?? join(ROOT, 'www') });
const browser = await launchBrowser();
const pages = [];
const started = Date.now();

try {
  const page = await openPage(browser, server.url, DESKTOP);
  pages.push(page);
  await drawWithMouse(page, '#pad', SEVEN);
  await settle(page);
  await page.evaluate(() => {
    window.notReloaded = true;
  });
  await openWalk(page);

  await check('walk: every step renders a figure and its numbers, the input steps with the drawing', async () => {
    const steps = await page.$$eval('#view-walk .walk-step', (sections) =>
      sections.map((s) => ({
        id: s.id,
        readout: s.querySelector('.walk-readout').textContent,
        painted: [...s.querySelectorAll('canvas.walk-canvas:not([hidden])')].every((canvas) => {
          const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
          for (let i = 3; i < data.length; i += 4) if (data[i] > 0) return true;
          return false;
        }),
        label: s.querySelector('canvas.walk-canvas').getAttribute('aria-label') ?? '',
      })),
    );
    assert(steps.length === STEPS, `${steps.length} steps`);
    for (const step of steps) {
      assert(/\d/.test(step.readout), `${step.id} shows no number: “${step.readout}”`);
      assert(step.painted, `${step.id}: a figure is blank`);
      assert(step.label.length > 10, `${step.id}: the figure has no description`);
    }
    const drawing = await page.locator('#walk-step-5 .walk-input-caption').textContent();
    assert(/drawing/.test(drawing), `step 5 input: ${drawing}`);
    return steps.map((s) => s.readout.slice(0, 24)).join(' | ').slice(0, 160);
  });

  await check('walk: the numbers are the module’s (fair coin 1 bit, KL(odd/even) 0, posterior, Taylor)', async () => {
    const step1 = await page.locator('#walk-step-1 .walk-readout').textContent();
    assert(/1\.000 bits.*1\.000 bits.*1\.000 bits/.test(step1), step1);
    await page.locator('#walk-step-2 input[value="parity"]').check();
    const step2 = await page.locator('#walk-step-2 .walk-readout').textContent();
    assert(/0\.000 bits.*0\.000 bits/.test(step2), step2);
    await page.locator('#walk-step-2 input[value="faces"]').check();
    const faces = await page.locator('#walk-step-2 .walk-readout').textContent();
    assert(/1\.585 bits.*∞/.test(faces), faces);
    return `${step1} / ${faces}`;
  });

  await check('walk: moving each step’s control changes its number', async () => {
    const changed = [];
    for (let n = 1; n <= STEPS; n++) {
      const step = page.locator(`#walk-step-${n}`);
      const before = await step.locator('.walk-readout').first().textContent();
      const range = step.locator('input[type="range"]').first();
      if ((await range.count()) > 0) {
        await range.focus();
        await page.keyboard.press('ArrowRight');
        await page.keyboard.press('ArrowRight');
      } else {
        await step.locator('button:not(.walk-input button)').first().click();
      }
      await page.waitForTimeout(50);
      const after = await step.locator('.walk-readout').first().textContent();
      assert(after !== before, `step ${n}: “${before}” did not change`);
      changed.push(n);
    }
    return `steps ${changed.join(', ')}`;
  });

  await check('walk: the mean estimate of log p(x) with K = 256 lies above the ELBO by the gap it quotes (step 5)', async () => {
    const range = page.locator('#walk-step-5 input[type="range"]');
    await range.focus();
    await page.keyboard.press('End');
    const text = await page.locator('#walk-step-5 .walk-readout').first().textContent();
    const numbers = [...text.replace(/−/g, '-').matchAll(/-?\d[\d,]*\.\d+/g)].map((m) => Number(m[0].replace(/,/g, '')));
    const [rec, kl, elbo, mean, se, gap] = numbers;
    assert(/K = 256/.test(text), `the slider's end is not K = 256: ${text}`);
    assert(Math.abs(rec - kl - elbo) < 0.02, `ELBO ${elbo} ≠ ${rec} − ${kl}`);
    assert(Math.abs(mean - elbo - gap) < 0.02 && gap > 0 && se >= 0, `mean ${mean}, ELBO ${elbo}, gap ${gap}: ${text}`);
    return `ELBO (12) ${elbo}, mean estimate of log p(x) with K = 256: ${mean} ± ${se}, gap ${gap}`;
  });

  await check('walk: every equation link lands on the step that owns the equation', async () => {
    const owners = await page.evaluate(async () => (await import('/js/views/walk/index.js')).EQUATION_STEP);
    const links = await page.$$eval('#view-walk a[data-eq]', (as) => as.map((a) => a.dataset.eq));
    assert(links.length >= 19, `${links.length} links`);
    const numbers = new Set(links);
    for (let n = 1; n <= 19; n++) assert(numbers.has(String(n)), `no link to (${n})`);
    for (const [i, n] of links.entries()) {
      await page.locator('#view-walk a[data-eq]').nth(i).click();
      const landed = await page.evaluate(() => {
        const active = document.activeElement;
        const box = active.getBoundingClientRect();
        return { id: active.id, step: active.closest('.walk-step')?.id, visible: box.top >= 0 && box.bottom <= window.innerHeight };
      });
      assert(landed.id === `walk-eq-${n}`, `(${n}) focused ${landed.id}`);
      assert(landed.step === `walk-step-${owners[n]}`, `(${n}) landed in ${landed.step}`);
      assert(landed.visible, `(${n}) is off screen`);
    }
    return `${links.length} links`;
  });

  await check('walk: every text comes from the English table', async () => {
    const { problems, texts } = await textAudit(page);
    assert(problems.length === 0, problems.slice(0, 3).join('; '));
    return `${texts.length} texts`;
  });

  await check('walk: the language switch changes every text without reloading', async () => {
    const before = await textAudit(page);
    const english = new Map(before.texts);
    const formulas = await page.evaluate(async () => {
      const table = async (l) => ({ ...(await import(`/js/i18n/${l}/common.js`)).default, ...(await import(`/js/i18n/${l}/walk.js`)).default });
      const [en, zh] = await Promise.all(['en', 'zh'].map(table));
      return Object.keys(en).filter((k) => en[k] === zh[k]);
    });
    await page.locator('#language-switch button[data-language="zh"]').click();
    await page.waitForFunction(() => document.documentElement.lang.startsWith('zh'));
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(done)));
    const after = await textAudit(page);
    assert(after.language === 'zh', after.language);
    assert(after.problems.length === 0, after.problems.slice(0, 3).join('; '));
    let changed = 0;
    for (const [key, text] of after.texts) {
      if (formulas.includes(key)) continue;
      assert(!english.has(key) || english.get(key) !== text, `${key} still reads “${text.slice(0, 40)}”`);
      changed++;
    }
    assert(await page.evaluate(() => window.notReloaded === true), 'the page reloaded');
    assert(/lang=zh/.test(page.url()), page.url());
    const readout = await page.locator('#walk-step-3 .walk-readout').textContent();
    assert(/硬币/.test(readout), readout);
    await page.locator('#language-switch button[data-language="en"]').click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    return `${changed} texts changed, e.g. ${readout.slice(0, 30)}`;
  });

  await check('walk: its last link returns to the playground with the drawing', async () => {
    await page.locator('#view-walk .walk-back').click();
    await page.waitForFunction(() => !document.querySelector('#view-play').hidden);
    const empty = await page.locator('#view-play').getAttribute('data-empty');
    assert(empty === 'false', 'the drawing is gone');
  });

  await check('playground: its equation numbers link into the walk', async () => {
    const links = await page.$$eval('#view-play a[data-eq]', (as) => as.map((a) => a.dataset.eq));
    assert(links.length >= 3, `${links.length} links in the playground`);
    for (const n of new Set(links)) {
      await page.locator('#view-walk').evaluate(() => window.scrollTo(0, 0));
      if (await page.locator('#view-play').isHidden()) {
        await page.locator('.views-nav a[data-view="play"]').click();
        await page.waitForFunction(() => !document.querySelector('#view-play').hidden);
      }
      await page.locator(`#view-play a[data-eq="${n}"]`).first().click();
      await page.waitForFunction((id) => document.activeElement?.id === id, `walk-eq-${n}`, { timeout: 5000 });
    }
    return `(${[...new Set(links)].join('), (')})`;
  });

  await check('playground: ELBO, KL, nats and σ explain themselves on hover and keyboard focus', async () => {
    await page.locator('.views-nav a[data-view="play"]').click();
    await page.waitForFunction(() => !document.querySelector('#view-play').hidden);
    const terms = ['glossary.elbo', 'glossary.kl', 'glossary.nats', 'glossary.sigma'];
    const found = [];
    for (const key of terms) {
      const term = page.locator(`#view-play .card-loss .glossary-term[data-term="${key}"]`).first();
      assert((await term.count()) === 1, `no ${key} in the loss card`);
      await term.focus();
      const seen = await term.evaluate((node) => ({
        focused: document.activeElement === node,
        note: document.getElementById(node.getAttribute('aria-describedby'))?.textContent ?? '',
        shown: getComputedStyle(node, '::after').content,
        tip: node.dataset.tip,
      }));
      assert(seen.focused, `${key} is not reachable by keyboard`);
      assert(seen.note.length > 20 && seen.note === seen.tip, `${key}: “${seen.note}”`);
      assert(seen.shown.includes(seen.tip.slice(0, 20)), `${key}: the tooltip is not shown on focus (${seen.shown.slice(0, 30)})`);
      found.push(`${await term.textContent()}`);
    }
    return found.join(', ');
  });

  await check('playground: “About this model” draws the training curves, fetched only when opened', async () => {
    const reports = () => page.requests.filter((url) => /\.report\.json$/.test(url));
    assert(reports().length === 0, `fetched before opening: ${reports()}`);
    await page.locator('#model-curves summary').click();
    // The figures the label must quote: the report's epochs and its last epoch's test figures.
    const report = JSON.parse(readFileSync(join(ROOT, 'models/mnist-2d.report.json'), 'utf8'));
    const last = report.epochs.at(-1).test;
    const expected = [String(report.epochs.length), last.reconstruction.toFixed(1), last.kl.toFixed(1)];
    await page.waitForFunction((count) => document.querySelector('#model-curves-status').textContent.includes(count), expected[0], { timeout: 5000 });
    assert(reports().length === 1 && /mnist-2d\.report\.json$/.test(reports()[0]), `requests: ${reports()}`);
    const label = await page.locator('#model-curves-canvas').getAttribute('aria-label');
    assert(expected.every((figure) => label.includes(figure)), `${label} (expected ${expected.join(', ')})`);
    return label;
  });

  // ---- a phone, and a link straight to an equation ----
  const phone = await openPage(browser, `${server.url}#view=walk&eq=14`, PHONE);
  pages.push(phone);
  await check('walk on a phone 360 px wide: a link lands on its equation, no sideways scroll', async () => {
    await phone.waitForFunction(() => document.activeElement?.id === 'walk-eq-14', null, { timeout: 8000 });
    await phone.locator('#walk-step-5 .walk-input button').click();
    await phone.waitForFunction(() => /\d/.test(document.querySelector('#walk-step-5 .walk-readout').textContent), null, { timeout: 8000 });
    const widths = await phone.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    assert(widths.scroll <= widths.client, `${widths.scroll} px of content in ${widths.client} px`);
    // A long equation scrolls inside its own box: what lies inside a <math> is not the page's width.
    const wide = await phone.$$eval('#view-walk *', (nodes) =>
      nodes
        .filter((n) => !n.parentElement.closest('math'))
        .filter((n) => n.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
        .map((n) => n.className || n.tagName),
    );
    assert(wide.length === 0, `wider than the screen: ${wide.slice(0, 4).join(', ')}`);
    return `${widths.scroll} of ${widths.client} px`;
  });

  await check('walk: no console errors', async () => {
    const errors = pages.flatMap((p) => p.errors);
    assert(errors.length === 0, errors.join(' | '));
  });
} catch (error) {
  tally.failures++;
  console.log(`FAIL the walk test stopped: ${error.message}`);
} finally {
  await browser.close();
  await server.close();
}

console.log(`\n${tally.checks - tally.failures}/${tally.checks} walk checks passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exitCode = tally.failures > 0 ? 1 : 0;
