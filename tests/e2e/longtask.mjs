// Heavy work off the main thread (issue 10): on mnist-16d, every change of z re-decodes the map's
// 400-image background; while a person draws, no main-thread task may last over 50 ms. A
// PerformanceObserver for 'longtask' watches the page through a drawing of several strokes, and
// the background must come from the decode workers (www/js/engine/pool.js).
//
// A long task is wall-clock time, which on a machine shared with other work also counts the time
// the page's thread waited for a core. So the test also records a trace, in which each main-thread
// task has its CPU time. On a quiet machine (load average below its cores) the bar is applied as
// the issue says: no long task over 50 ms, and no task over 50 ms of CPU. On a machine shared
// with other work (this project's 2-core machine while several builds run: load averages of 10–15
// were seen) CPU time inflates too (shared caches, the other hyperthread), by about 2× in the
// runs we saw, so there the CPU bar is 2 × 50 ms and the observer's figures are printed only.
//
// Each run opens a fresh page. With `--write`, the figures of every run go into BENCHMARKS.md
// between `<!-- longtask:start -->` and `<!-- longtask:end -->`.
//
//   node tests/e2e/longtask.mjs [--runs 3] [--write]    (exits non-zero on a failure)

import { availableParallelism, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startServer } from '../../tools/serve.mjs';
import { launchBrowser, openPage, settle, state } from './browser.mjs';
import { writeSection } from '../../tools/report-section.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DESKTOP = { viewport: { width: 1280, height: 900 } };
const { values } = parseArgs({ options: { runs: { type: 'string', default: '1' }, write: { type: 'boolean', default: false } } });
const RUNS = Math.max(1, Number(values.runs) || 1);
/** The bar: Chrome's definition of a long task. */
const LONG_TASK_MS = 50;

/** Strokes on the unit square of the pad: a 3, a 5 and an 8, in many small moves. */
const STROKES = [
  [[0.3, 0.2], [0.6, 0.18], [0.68, 0.3], [0.5, 0.45], [0.7, 0.6], [0.62, 0.78], [0.3, 0.8]],
  [[0.7, 0.2], [0.35, 0.22], [0.32, 0.45], [0.6, 0.45], [0.68, 0.65], [0.45, 0.82], [0.28, 0.75]],
  [[0.5, 0.2], [0.32, 0.32], [0.66, 0.62], [0.5, 0.82], [0.34, 0.64], [0.66, 0.3], [0.5, 0.2]],
];

/**
 * The renderer main thread's top-level tasks in a Chrome trace: wall and CPU milliseconds.
 * @returns {{wall: number, cpu: number}[]}
 */
function mainThreadTasks(trace) {
  const events = trace.traceEvents ?? trace;
  const main = new Set(events
    .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
    .map((e) => `${e.pid}:${e.tid}`));
  return events
    .filter((e) => e.ph === 'X' && e.name === 'RunTask' && main.has(`${e.pid}:${e.tid}`))
    .map((e) => ({ wall: Math.round(e.dur / 1000), cpu: Math.round((e.tdur ?? e.dur) / 1000) }));
}

let failures = 0;
function check(condition, message) {
  console.log(`${condition ? 'ok  ' : 'FAIL'} ${message}`);
  if (!condition) failures++;
}

/**
 * One run: a fresh page opens mnist-16d, then a person draws a 3, a 5 and an 8 over it.
 * @returns {Promise<{observed: number[], tasks: {wall: number, cpu: number}[], load: number[]}>}
 */
async function drawOnce(browser) {
  const page = await openPage(browser, server.url, DESKTOP);
  try {
    await page.locator('label[for="model-mnist-16d"]').click();
    await page.waitForFunction(() => window.vaePlayground.state().model === 'mnist-16d', null, { timeout: 15000 });
    await settle(page, 500);

    // Watch from here on: the model is open, the person starts drawing.
    await page.evaluate(() => {
      window.longTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.longTasks.push(Math.round(entry.duration));
      }).observe({ type: 'longtask' });
    });
    await browser.startTracing(page, { categories: ['disabled-by-default-devtools.timeline', 'toplevel'] });
    const loadBefore = loadavg()[0];
    const box = await page.locator('#pad').boundingBox();
    const at = ([x, y]) => [box.x + x * box.width, box.y + y * box.height];
    const mapBefore = await page.evaluate(() => document.querySelector('#map').toDataURL());
    for (const stroke of STROKES) {
      await page.mouse.move(...at(stroke[0]));
      await page.mouse.down();
      for (const point of stroke.slice(1)) await page.mouse.move(...at(point), { steps: 10 });
      await page.mouse.up();
      await page.waitForTimeout(300); // the background's decode starts 120 ms after the last change
    }
    await settle(page, 1000);
    const loadAfter = loadavg()[0];
    const tasks = mainThreadTasks(JSON.parse((await browser.stopTracing()).toString()));
    const s = await state(page);
    check(!s.empty && s.mu.length === 16, 'the drawing was encoded by the 16-D model');
    const mapAfter = await page.evaluate(() => document.querySelector('#map').toDataURL());
    check(mapAfter !== mapBefore, 'the map was redrawn');
    const workers = page.workers().map((w) => w.url()).filter((url) => url.endsWith('/js/engine/worker.js'));
    check(workers.length >= 1, `the background was decoded in ${workers.length} decode worker(s)`);
    check(tasks.length > 0, `the trace holds the page's main-thread tasks (${tasks.length})`);
    check(page.errors.length === 0, `no console error (${page.errors.join('; ') || 'none'})`);
    return { observed: await page.evaluate(() => window.longTasks), tasks, load: [loadBefore, loadAfter] };
  } finally {
    await page.close();
  }
}

/** The observer itself works: a deliberate 120 ms task of the page's (from a timer) is reported. */
async function observerWorks(browser) {
  const page = await openPage(browser, server.url, DESKTOP);
  try {
    await page.evaluate(() => {
      window.longTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.longTasks.push(Math.round(entry.duration));
      }).observe({ type: 'longtask' });
      setTimeout(() => {
        const start = performance.now();
        while (performance.now() - start < 120);
      }, 0);
    });
    // Entries arrive when the page is next idle: wait for it (up to 5 s).
    return await page
      .waitForFunction(() => window.longTasks.some((d) => d >= 100), null, { timeout: 5000, polling: 100 })
      .then(() => true, () => false);
  } finally {
    await page.close();
  }
}

const server = await startServer({ port: 0, root: process.env.VAE_WWW ?? join(ROOT, 'www') });
const browser = await launchBrowser();
const cores = availableParallelism();
const runs = [];
try {
  for (let run = 1; run <= RUNS; run++) {
    console.log(`run ${run} of ${RUNS}`);
    const { observed, tasks, load } = await drawOnce(browser);
    const quiet = Math.max(...load) < cores;
    const longestObserved = Math.max(0, ...observed);
    const longestCpu = Math.max(0, ...tasks.map((t) => t.cpu));
    const longestWall = Math.max(0, ...tasks.map((t) => t.wall));
    const over30 = tasks.filter((t) => t.wall > 30);
    runs.push({ quiet, load, longestObserved, longestCpu, longestWall, tasks: tasks.length, over30 });
    console.log(`     machine: ${cores} cores, load average ${load[0].toFixed(1)} → ${load[1].toFixed(1)} (${quiet ? 'quiet' : 'shared with other work'})`);
    console.log(`     long tasks observed (wall ms): [${observed.join(', ')}]`);
    console.log(`     main-thread tasks over 30 ms of wall time in the trace (wall/CPU ms): [${over30.map((t) => `${t.wall}/${t.cpu}`).join(', ')}]`);
    const cpuBar = quiet ? LONG_TASK_MS : 2 * LONG_TASK_MS;
    check(longestCpu <= cpuBar, `no main-thread task used over ${cpuBar} ms of CPU while drawing on 16-D (longest: ${longestCpu} ms${quiet ? '' : '; a busy machine'})`);
    if (quiet) check(longestObserved <= LONG_TASK_MS, `no long task over ${LONG_TASK_MS} ms on a quiet machine (longest: ${longestObserved} ms)`);
    else console.log(`     (the observer's longest, ${longestObserved} ms of wall time, is judged by its CPU time on a busy machine)`);
  }
  check(await observerWorks(browser), 'the observer reports a deliberate 120 ms task');
} finally {
  await browser.close();
  await server.close();
}

if (values.write) {
  const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const rows = runs.map(
    (r, i) =>
      `| ${i + 1} | ${r.load.map((v) => v.toFixed(1)).join(' → ')} (${r.quiet ? 'quiet' : 'busy'}) | ${r.longestObserved || 'none'} | ${r.longestWall} ms / ${r.longestCpu} ms | ${r.tasks} | ${r.over30.length} |`,
  );
  const quietRuns = runs.filter((r) => r.quiet);
  // Judged strictly: the longer of the observer's figure and the trace's wall time (which also
  // counts the tracing's own cost).
  const worst = Math.max(0, ...quietRuns.map((r) => Math.max(r.longestObserved, r.longestWall)));
  await writeSection(
    join(ROOT, 'BENCHMARKS.md'),
    'longtask',
    [
      '## Long tasks while drawing on 16-D (issue #10)',
      '',
      `Generated by \`./build.sh longtask\` (\`node tests/e2e/longtask.mjs --runs ${RUNS} --write\`) on ${when} UTC, headless`,
      `Chromium, ${cores} cores. Each run opens a fresh page, opens mnist-16d, and draws a 3, a 5 and an 8`,
      'with the mouse (tests/e2e/longtask.mjs); a PerformanceObserver of `longtask` entries and a trace',
      "(each main-thread task's wall and CPU time) watch from the first stroke to a second after the last.",
      '',
      '| run | load average (machine) | longest long task observed, ms | longest task in the trace, wall / CPU | tasks | tasks over 30 ms |',
      '| --- | --- | --- | --- | --- | --- |',
      ...rows,
      '',
      quietRuns.length
        ? `Bar: no main-thread task over ${LONG_TASK_MS} ms while drawing on 16-D. Longest on a quiet machine: ${worst} ms: **${worst <= LONG_TASK_MS ? 'PASS' : 'FAIL'}**.`
        : `No run was on a quiet machine (load average below ${cores}): the bar is not judged from these figures.`,
    ].join('\n'),
  );
  console.log('Wrote the long-task section of BENCHMARKS.md');
}
console.log(failures === 0 ? 'longtask: all checks passed' : `longtask: ${failures} check(s) failed`);
process.exit(failures === 0 ? 0 : 1);
