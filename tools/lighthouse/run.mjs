// Lighthouse 12.2.3 on Debian's Chromium against the page served by tools/serve.mjs: the mobile
// audit (Lighthouse's default: a Moto G class phone on slow 4G with 4× CPU slowdown, simulated)
// and the desktop one, several runs each, medians printed and written into BENCHMARKS.md between
// `<!-- lighthouse:start -->` and `<!-- lighthouse:end -->`.
//
//   node tools/lighthouse/run.mjs [--runs 5] [--no-write]     (./build.sh lighthouse; TBT varies by
//   ±70 ms from run to run on this machine, so the median is of five)
//   node tools/lighthouse/run.mjs --published                   the published folder (tools/dist.mjs)
//   instead, on Python's stock static server under /some/sub/path/, as a host would serve it

import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cpus, loadavg } from 'node:os';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { startServer } from '../serve.mjs';
import { writeSection } from '../report-section.mjs';
import { SUB_PATH, publishedServer } from '../published-server.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    'no-write': { type: 'boolean', default: false },
    details: { type: 'boolean', default: false },
    published: { type: 'boolean', default: false },
  },
});
const RUNS = Math.max(1, Number(values.runs));
const CHROME_FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const METRICS = {
  'first-contentful-paint': 'FCP',
  'largest-contentful-paint': 'LCP',
  'total-blocking-time': 'TBT',
  'cumulative-layout-shift': 'CLS',
  'speed-index': 'Speed Index',
  interactive: 'TTI',
};

/** The page's bars, per form factor: [what, test(summary) → boolean, measured(summary) → text]. */
const BARS = {
  mobile: [
    ['Performance ≥ 95 (median)', (s) => s.scores.performance >= 95],
    ['Performance ≥ 90 in every run', (s) => s.lowest.performance >= 90, (s) => `lowest ${s.lowest.performance}`],
    ['TBT ≤ 150 ms (median)', (s) => s.metrics.TBT <= 150],
    ['LCP ≤ 2.5 s', (s) => s.metrics.LCP <= 2500],
    ['CLS ≤ 0.02', (s) => s.metrics.CLS <= 0.02],
    ['Accessibility 100', (s) => s.scores.accessibility === 100],
    ['SEO ≥ 95', (s) => s.scores.seo >= 95],
  ],
  desktop: [
    ['Performance ≥ 98', (s) => s.scores.performance >= 98],
    ['Accessibility 100', (s) => s.scores.accessibility === 100],
    ['SEO ≥ 95', (s) => s.scores.seo >= 95],
  ],
};

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** One Lighthouse run: category scores (0–100) and metric values (ms; CLS unitless). */
async function audit(url, port, formFactor) {
  const flags = { port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES };
  const config = formFactor === 'desktop' ? (await import('lighthouse/core/config/desktop-config.js')).default : undefined;
  const result = await lighthouse(url, flags, config);
  const { lhr } = result;
  const scores = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round(100 * (lhr.categories[c].score ?? 0))]));
  const metrics = Object.fromEntries(Object.entries(METRICS).map(([id, name]) => [name, lhr.audits[id].numericValue]));
  const failed = Object.values(lhr.audits)
    .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'manual' && a.scoreDisplayMode !== 'notApplicable')
    .map((a) => a.id);
  if (values.details) {
    const lcp = JSON.stringify(lhr.audits['largest-contentful-paint-element']?.details ?? {}).match(/"snippet":"((?:[^"\\]|\\.)*)"/)?.[1];
    console.log(`  LCP element: ${lcp ?? '?'}`);
    for (const item of lhr.audits['long-tasks']?.details?.items ?? []) console.log(`  long task ${Math.round(item.duration)} ms at ${Math.round(item.startTime)} ms: ${item.url}`);
    for (const item of lhr.audits['bootup-time']?.details?.items ?? []) console.log(`  bootup ${item.url}: ${Math.round(item.total)} ms (script ${Math.round(item.scripting)} ms)`);
    for (const item of lhr.audits['layout-shifts']?.details?.items ?? []) console.log(`  layout shift ${item.score?.toFixed(3)}: ${item.node?.snippet ?? item.node?.selector ?? '?'}`);
  }
  const longTasks = (lhr.audits['long-tasks']?.details?.items ?? []).map((item) => ({
    ms: Math.round(item.duration),
    at: Math.round(item.startTime),
    what: !item.url.startsWith('http') ? item.url : new URL(item.url).pathname.endsWith('/') ? 'the document' : new URL(item.url).pathname.split('/').slice(-2).join('/'),
  }));
  return { scores, metrics, failed, longTasks, version: lhr.lighthouseVersion, chrome: lhr.environment.hostUserAgent };
}

function summarise(runs) {
  const scores = Object.fromEntries(CATEGORIES.map((c) => [c, median(runs.map((r) => r.scores[c]))]));
  const metrics = Object.fromEntries(Object.values(METRICS).map((m) => [m, median(runs.map((r) => r.metrics[m]))]));
  const spread = Object.fromEntries(Object.values(METRICS).map((m) => [m, [Math.min(...runs.map((r) => r.metrics[m])), Math.max(...runs.map((r) => r.metrics[m]))]]));
  const lowest = Object.fromEntries(CATEGORIES.map((c) => [c, Math.min(...runs.map((r) => r.scores[c]))]));
  return { scores, metrics, spread, lowest, runs, failed: [...new Set(runs.flatMap((r) => r.failed))] };
}

const formatMetric = (name, value) => (name === 'CLS' ? value.toFixed(3) : value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`);

function report(results, machine) {
  const lines = [
    values.published ? '## Lighthouse on the published folder' : '## Lighthouse',
    '',
    `Generated by \`./build.sh lighthouse${values.published ? ' --published' : ''}\` (\`node tools/lighthouse/run.mjs --runs ${RUNS}${values.published ? ' --published' : ''}\`) on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC:`,
    `Lighthouse ${results.mobile.version} on ${machine.chrome}, against ${values.published ? `\`./build.sh dist\`'s folder on \`python3 -m http.server\` under \`/${SUB_PATH}/\`` : '`tools/serve.mjs`'} on 127.0.0.1;`,
    `medians of ${RUNS} runs per form factor (throttling simulated, Lighthouse's defaults: mobile = slow 4G`,
    `and 4× CPU slowdown, desktop = no throttling); ${machine.cores} cores, load average ${machine.load.toFixed(2)} at the start.`,
    '',
    '| | Performance | Accessibility | Best practices | SEO | FCP | LCP | TBT | CLS | Speed Index |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const form of ['mobile', 'desktop']) {
    const { scores, metrics } = results[form];
    lines.push(
      `| ${form} | **${scores.performance}** | **${scores.accessibility}** | ${scores['best-practices']} | **${scores.seo}** | ${formatMetric('FCP', metrics.FCP)} | ${formatMetric('LCP', metrics.LCP)} | ${formatMetric('TBT', metrics.TBT)} | ${formatMetric('CLS', metrics.CLS)} | ${formatMetric('Speed Index', metrics['Speed Index'])} |`,
    );
  }
  lines.push('', 'Each run (Performance, TBT, LCP):', '');
  for (const form of ['mobile', 'desktop']) {
    const runs = results[form].runs.map((r) => `${r.scores.performance} / ${formatMetric('TBT', r.metrics.TBT)} / ${formatMetric('LCP', r.metrics.LCP)}`);
    lines.push(`- ${form}: ${runs.join('; ')}`);
  }
  // What blocked the main thread in the mobile run of median TBT: Lighthouse's long tasks (simulated 4× CPU).
  const mobileRuns = [...results.mobile.runs].sort((a, b) => a.metrics.TBT - b.metrics.TBT);
  const middle = mobileRuns[Math.floor((mobileRuns.length - 1) / 2)];
  lines.push(
    '',
    `Long tasks of the mobile run with the median TBT (${formatMetric('TBT', middle.metrics.TBT)}), as Lighthouse attributes them (by script; "the document" is parsing, style and layout): ` +
      (middle.longTasks.length ? middle.longTasks.map((t) => `${t.ms} ms at ${t.at} ms (${t.what})`).join(', ') : 'none') + '.',
  );
  lines.push('', '| bar | measured | verdict |', '| --- | --- | --- |');
  for (const form of ['mobile', 'desktop']) {
    for (const [what, test, measure] of BARS[form]) {
      const summary = results[form];
      const name = what.split(' ')[0];
      const measured = measure
        ? measure(summary)
        : name in summary.metrics ? formatMetric(name, summary.metrics[name]) : String(summary.scores[name.toLowerCase()] ?? summary.scores[name]);
      lines.push(`| ${form}: ${what} | ${measured} | ${test(summary) ? '**PASS**' : '**FAIL**'} |`);
    }
  }
  const failed = [...new Set([...results.mobile.failed, ...results.desktop.failed])];
  if (failed.length) lines.push('', `Audits not at full marks in some run: ${failed.map((f) => `\`${f}\``).join(', ')}.`);
  return lines.join('\n');
}

const server = values.published ? await publishedServer('vae-lighthouse-') : await startServer({ port: 0, root: join(ROOT, 'www'), minified: true }); // as `./build.sh serve` sends it
const chrome = await chromeLauncher.launch({ chromePath: process.env.CHROMIUM ?? '/usr/bin/chromium', chromeFlags: CHROME_FLAGS });
const machine = { cores: cpus().length, load: loadavg()[0], chrome: '' };
try {
  const results = {};
  for (const form of ['mobile', 'desktop']) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      const run = await audit(server.url, chrome.port, form);
      machine.chrome = run.chrome.match(/Chrome\/[\d.]+/)?.[0]?.replace('Chrome', 'Chromium') ?? run.chrome;
      console.log(`${form} run ${i + 1}: ${CATEGORIES.map((c) => `${c} ${run.scores[c]}`).join(', ')}; ${Object.entries(run.metrics).map(([m, v]) => `${m} ${formatMetric(m, v)}`).join(', ')}`);
      runs.push(run);
    }
    results[form] = { ...summarise(runs), version: runs[0].version };
  }
  const text = report(results, machine);
  console.log(`\n${text}`);
  if (!values['no-write']) await writeSection(join(ROOT, 'BENCHMARKS.md'), values.published ? 'lighthouse-published' : 'lighthouse', text);
} finally {
  await chrome.kill();
  await server.close();
}
