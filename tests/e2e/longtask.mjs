// The page's main thread while a person draws: no task may last over 50 ms, on any model, however
// the model was chosen and however fast the strokes come. A timing, not a test (`./build.sh
// longtask`): it prints figures and writes them into BENCHMARKS.md with --write.
//
// One configuration is a model (each of the five), a way of choosing it (the header's picker
// clicked; a link, `#v=2&model=…`, opened in a fresh page; the keyboard, arrows through the picker
// from the first model, which opens every model on the way) and the CPU: as it is, or slowed 4×
// (Chrome's `Emulation.setCPUThrottlingRate`, as Lighthouse slows it for a phone). Each run opens
// a fresh page, chooses the model and starts drawing as soon as the page says the model is open
// (its background may still be decoding), in four kinds of strokes one after the other:
//   slow      40 mouse moves in 1 s;
//   fast      40 pen moves in 200 ms;
//   touch ×3  three strokes of 40 touch moves in 200 ms each, back to back;
//   mouse ×3  the same with the mouse.
// A trace of the renderer's main thread gives each task's wall time; the longest task from the
// first stroke to a second after the last is the run's figure, and each kind's longest is kept too.
// The figure of a configuration is the median over its runs (and their spread). The machine is
// shared with other work: its load average at each run is printed and written beside the figures.
//
//   node tests/e2e/longtask.mjs [--runs 3] [--write] [--models a,b] [--ways picker,link,keyboard] [--rates 1,4]
//                               [--explain: what the three longest tasks of each run were made of]

import { availableParallelism, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startServer } from '../../tools/serve.mjs';
import { launchBrowser, waitReady } from './browser.mjs';
import { writeSection } from '../../tools/report-section.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const MODELS = ['mnist-2d', 'mnist-16d', 'fashion-2d', 'mnist-ae-2d', 'mnist-beta-2d'];
const WAYS = ['picker', 'link', 'keyboard'];
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    write: { type: 'boolean', default: false },
    models: { type: 'string', default: MODELS.join(',') },
    ways: { type: 'string', default: WAYS.join(',') },
    rates: { type: 'string', default: '1,4' },
    explain: { type: 'boolean', default: false },
  },
});
const RUNS = Math.max(1, Number(values.runs) || 1);
const models = values.models.split(',').filter((m) => MODELS.includes(m));
const ways = values.ways.split(',').filter((w) => WAYS.includes(w));
const rates = values.rates.split(',').map(Number).filter((r) => r >= 1);
/** The bar: Chrome's definition of a long task. */
const LONG_TASK_MS = 50;
const DESKTOP = { viewport: { width: 1280, height: 900 }, hasTouch: true };

/** Strokes on the unit square of the pad: a 3, a 5 and an 8. */
const SHAPES = [
  [[0.3, 0.2], [0.6, 0.18], [0.68, 0.3], [0.5, 0.45], [0.7, 0.6], [0.62, 0.78], [0.3, 0.8]],
  [[0.7, 0.2], [0.35, 0.22], [0.32, 0.45], [0.6, 0.45], [0.68, 0.65], [0.45, 0.82], [0.28, 0.75]],
  [[0.5, 0.2], [0.32, 0.32], [0.66, 0.62], [0.5, 0.82], [0.34, 0.64], [0.66, 0.3], [0.5, 0.2]],
];

/** The kinds of strokes of a run, in order: pointer type, strokes, moves per stroke, ms per stroke. */
const KINDS = [
  { name: 'slow', pointer: 'mouse', strokes: 1, moves: 40, ms: 1000 },
  { name: 'fast', pointer: 'pen', strokes: 1, moves: 40, ms: 200 },
  { name: 'touch ×3', pointer: 'touch', strokes: 3, moves: 40, ms: 200 },
  { name: 'mouse ×3', pointer: 'mouse', strokes: 3, moves: 40, ms: 200 },
];

/** `count` points evenly along the polyline `shape` (unit square). */
function along(shape, count) {
  const lengths = shape.slice(1).map((p, i) => Math.hypot(p[0] - shape[i][0], p[1] - shape[i][1]));
  const total = lengths.reduce((a, b) => a + b, 0);
  const points = [];
  for (let k = 0; k < count; k++) {
    let at = (total * k) / (count - 1);
    let i = 0;
    while (i < lengths.length - 1 && at > lengths[i]) at -= lengths[i++];
    const f = Math.min(1, at / lengths[i]);
    points.push([shape[i][0] + f * (shape[i + 1][0] - shape[i][0]), shape[i][1] + f * (shape[i + 1][1] - shape[i][1])]);
  }
  return points;
}

const sleep = (ms) => new Promise((done) => setTimeout(done, Math.max(0, ms)));

/** One stroke of `points` (page pixels) by `pointer`, its moves spread evenly over `ms`. */
async function stroke(page, cdp, pointer, points, ms) {
  const [first, ...moves] = points;
  const mouse = (type, [x, y], extra = {}) =>
    cdp.send('Input.dispatchMouseEvent', { type, x, y, button: 'left', buttons: type === 'mouseReleased' ? 0 : 1, clickCount: 1, pointerType: pointer, ...extra });
  const touch = (type, at) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: at ? [{ x: at[0], y: at[1], id: 1 }] : [] });
  if (pointer === 'touch') await touch('touchStart', first);
  else {
    await cdp.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x: first[0], y: first[1], button: 'none', buttons: 0, pointerType: pointer });
    await mouse('mousePressed', first);
  }
  const started = Date.now();
  for (let i = 0; i < moves.length; i++) {
    if (pointer === 'touch') await touch('touchMove', moves[i]);
    else await mouse('mouseMoved', moves[i]);
    await sleep(started + ((i + 1) * ms) / moves.length - Date.now());
  }
  if (pointer === 'touch') await touch('touchEnd', null);
  else await mouse('mouseReleased', moves.at(-1));
}

/** Chooses `model` on an open page by the picker or the keyboard (a link opens the page with it). */
async function choose(page, way, model) {
  if (way === 'picker') await page.locator(`label[for="model-${model}"]`).click();
  if (way === 'keyboard') {
    await page.locator('#model-options input:checked').focus();
    for (let i = 0; i < MODELS.indexOf(model); i++) await page.keyboard.press('ArrowRight');
  }
  await page.waitForFunction((name) => window.vaePlayground.state().model === name, model, { timeout: 60_000 });
}

/**
 * The renderer main thread's top-level tasks in a trace, and the page's marks: `{tasks: [{start,
 * wall}], marks: {name: ts}}`, in ms on the trace's clock.
 */
function readTrace(trace) {
  const events = trace.traceEvents ?? trace;
  const main = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const onMain = events.filter((e) => e.ph === 'X' && main.has(`${e.pid}:${e.tid}`));
  const tasks = onMain.filter((e) => e.name === 'RunTask').map((e) => ({ start: e.ts / 1000, wall: e.dur / 1000, cpu: (e.tdur ?? e.dur) / 1000, event: e }));
  // What a task was made of (--explain): its events by name (and script), longest first.
  const explain = (task) => {
    const { ts, dur } = task.event;
    const parts = new Map();
    for (const e of onMain) {
      if (e === task.event || e.ts < ts || e.ts + e.dur > ts + dur || e.name === 'RunTask') continue;
      const data = e.args?.data ?? {};
      const where = data.url ? ` ${data.url.split('/').slice(-2).join('/')}${data.functionName ? `:${data.functionName}` : ''}` : data.type ? ` ${data.type}` : '';
      parts.set(`${e.name}${where}`, (parts.get(`${e.name}${where}`) ?? 0) + (e.tdur ?? e.dur) / 1000);
    }
    return [...parts].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, v]) => `${k} ${v.toFixed(1)}`).join('; ');
  };
  const marks = {};
  for (const e of events) if (e.name?.startsWith('longtask-') && main.has(`${e.pid}:${e.tid}`)) marks[e.name.slice(9)] ??= e.ts / 1000;
  return { tasks, marks, explain };
}

let failures = 0;
function check(condition, message) {
  if (!condition) {
    console.log(`FAIL ${message}`);
    failures++;
  }
}

/** One run of a configuration. @returns {{longest: number, byKind: Record<string, number>, over: number, load: number}} */
async function runOnce(browser, server, { model, way, rate }) {
  const context = await browser.newContext(DESKTOP);
  const page = await context.newPage();
  const errors = [];
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  page.on('pageerror', (error) => errors.push(error.message));
  try {
    const cdp = await context.newCDPSession(page);
    await page.goto(way === 'link' ? `${server.url}#v=2&model=${model}` : server.url);
    await waitReady(page);
    if (rate > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    const load = loadavg()[0];
    await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'blink.user_timing'] });
    if (way !== 'link') await choose(page, way, model);
    else await page.waitForFunction((name) => window.vaePlayground.state().model === name, model, { timeout: 60_000 });
    const box = await page.locator('#pad').boundingBox();
    const at = ([x, y]) => [box.x + x * box.width, box.y + y * box.height];
    let shape = 0;
    for (const kind of KINDS) {
      await page.evaluate((name) => performance.mark(`longtask-${name}`), kind.name);
      for (let s = 0; s < kind.strokes; s++) {
        await stroke(page, cdp, kind.pointer, along(SHAPES[shape++ % SHAPES.length], kind.moves + 1).map(at), kind.ms);
        if (s + 1 < kind.strokes) await sleep(30);
      }
      await sleep(400);
    }
    await page.evaluate(() => performance.mark('longtask-end'));
    await sleep(1000);
    const { tasks, marks, explain } = readTrace(JSON.parse((await browser.stopTracing()).toString()));
    const s = await page.evaluate(() => window.vaePlayground.state());
    check(!s.empty && s.model === model, `${model} by ${way} at ${rate}×: the drawing was encoded by ${model} (model ${s.model}, empty ${s.empty})`);
    check(errors.length === 0, `${model} by ${way} at ${rate}×: no console error (${errors.join('; ')})`);
    const names = KINDS.map((k) => k.name);
    check(names.every((n) => marks[n] !== undefined), `${model} by ${way} at ${rate}×: the trace holds the strokes' marks`);
    const byKind = {};
    names.forEach((name, i) => {
      const from = marks[name];
      const to = i + 1 < names.length ? marks[names[i + 1]] : marks.end + 1000;
      byKind[name] = Math.max(0, ...tasks.filter((t) => t.start + t.wall > from && t.start < to).map((t) => t.wall));
    });
    const watchedCpu = tasks.filter((t) => t.start + t.wall > marks[names[0]]).map((t) => t.cpu);
    const watched = tasks.filter((t) => t.start + t.wall > marks[names[0]]);
    if (values.explain) {
      for (const task of [...watched].sort((a, b) => b.cpu - a.cpu).slice(0, 3)) {
        console.log(`    ${task.wall.toFixed(0)} ms (CPU ${task.cpu.toFixed(0)}) at ${(task.start - marks[names[0]]).toFixed(0)} ms, CPU ms: ${explain(task)}`);
      }
    }
    return { longest: Math.max(...Object.values(byKind)), cpu: Math.max(0, ...watchedCpu), byKind, over: watched.filter((t) => t.wall > LONG_TASK_MS).length, load };
  } finally {
    await context.close();
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (v) => `${Math.round(v)}`;

const server = await startServer({ port: 0, root: process.env.VAE_WWW ?? join(ROOT, 'www') });
const browser = await launchBrowser();
const cores = availableParallelism();
const results = [];
const started = new Date();
try {
  for (const rate of rates) {
    for (const model of models) {
      for (const way of ways) {
        const runs = [];
        for (let run = 0; run < RUNS; run++) runs.push(await runOnce(browser, server, { model, way, rate }));
        const row = {
          model,
          way,
          rate,
          runs,
          longest: median(runs.map((r) => r.longest)),
          spread: [Math.min(...runs.map((r) => r.longest)), Math.max(...runs.map((r) => r.longest))],
          cpu: median(runs.map((r) => r.cpu)),
          byKind: Object.fromEntries(KINDS.map((k) => [k.name, median(runs.map((r) => r.byKind[k.name]))])),
          over: median(runs.map((r) => r.over)),
          load: runs.map((r) => r.load),
        };
        results.push(row);
        console.log(
          `${model.padEnd(14)} ${way.padEnd(9)} ${rate}×  longest ${ms(row.longest)} ms (runs ${runs.map((r) => ms(r.longest)).join(', ')}; CPU ${ms(row.cpu)} ms); ` +
            `${KINDS.map((k) => `${k.name} ${ms(row.byKind[k.name])}`).join(', ')}; tasks over ${LONG_TASK_MS} ms: ${row.over}; load ${row.load.map((l) => l.toFixed(1)).join(', ')}`,
        );
      }
    }
  }
} finally {
  await browser.close();
  await server.close();
}

const loads = results.flatMap((r) => r.load);
/** The verdict over the configurations of one CPU rate: the worst median, and how many are over. */
const verdictAt = (rate) => {
  const rows = results.filter((r) => r.rate === rate);
  if (rows.length === 0) return null;
  const worst = rows.reduce((a, b) => (b.longest > a.longest ? b : a), rows[0]);
  const over = rows.filter((r) => r.longest > LONG_TASK_MS).length;
  const cpu = rate === 1 ? 'with the CPU as it is' : `with the CPU slowed ${rate}× (a phone, as Lighthouse models one)`;
  return `${cpu}: worst ${ms(worst.longest)} ms (${worst.model}, ${worst.way}): **${over === 0 ? 'PASS' : 'FAIL'}**${over === 0 ? '' : ` (${over} of ${rows.length} configurations over)`}`;
};
const verdict = `Bar: no main-thread task over ${LONG_TASK_MS} ms while drawing, on any model, however it was chosen and however fast the strokes come (the median of each configuration's runs). ${rates.map(verdictAt).filter(Boolean).join('; ').replace(/^w/, 'W')}.`;
console.log(verdict);
if (values.write) {
  const when = started.toISOString().slice(0, 16).replace('T', ' ');
  const lines = [
    '## Long tasks while drawing',
    '',
    `Generated by \`./build.sh longtask\` (\`node tests/e2e/longtask.mjs --runs ${RUNS} --write\`) on ${when} UTC, headless`,
    `Chromium, a 1280 × 900 window, ${cores} cores; the machine's load average (1 min) at the runs: ${Math.min(...loads).toFixed(1)} – ${Math.max(...loads).toFixed(1)}.`,
    'A task over 50 ms is one a person feels: the page does not answer a stroke, a click or a key for',
    'that long. Each run opens a fresh page, chooses the model (by the picker; by a link to it, opened',
    'in the fresh page; or by the arrow keys in the picker from the first model, which opens every',
    'model on the way) and starts drawing as soon as the page says the model is open, with the CPU as',
    'it is or slowed 4× (as Lighthouse slows it for a phone): one slow stroke (40 mouse moves in 1 s),',
    'one fast one (40 pen moves in 200 ms), three touch strokes of 40 moves in 200 ms back to back,',
    'and three such mouse strokes. A trace of the main thread times every task, from the first stroke',
    'to a second after the last. The figures are the longest task, in ms of wall time: the median over',
    'the runs, then the runs themselves; the longest task\'s CPU time (median), which other work on the',
    'machine inflates less than wall time, and which a slowed CPU does not change (the slowdown pauses',
    'the thread); the median for each kind of stroke; and the number of tasks over 50 ms.',
    '',
    `| model | chosen by | CPU | longest task: median (runs) | most CPU in one task | ${KINDS.map((k) => k.name).join(' | ')} | tasks over 50 ms | load average |`,
    `| --- | --- | --- | --- | --- | ${KINDS.map(() => '---').join(' | ')} | --- | --- |`,
    ...results.map(
      (r) =>
        `| ${r.model} | ${r.way} | ${r.rate}× | ${r.longest > LONG_TASK_MS ? `**${ms(r.longest)}**` : ms(r.longest)} (${r.runs.map((x) => ms(x.longest)).join(', ')}) | ${ms(r.cpu)} | ${KINDS.map((k) => ms(r.byKind[k.name])).join(' | ')} | ${r.over} | ${r.load.map((l) => l.toFixed(1)).join(', ')} |`,
    ),
    '',
    verdict,
  ];
  await writeSection(join(ROOT, 'BENCHMARKS.md'), 'longtask', lines.join('\n'));
  console.log('Wrote the long-task section of BENCHMARKS.md');
}
console.log(failures === 0 ? 'longtask: every run drew as asked' : `longtask: ${failures} check(s) failed`);
process.exit(failures === 0 ? 0 : 1);
