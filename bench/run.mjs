// Runs the browser benchmark in headless Chromium and writes BENCHMARKS.md at the repository root,
// with the native figures that `cargo bench --bench engine` left in target/criterion/.
//
//   ./build.sh bench        cargo bench, then this
//   node bench/run.mjs      from the repository root (needs www/pkg/ and bench/node_modules/)
//
// Exits non-zero only when something breaks; a missed bar is a FAIL in the report, not an error.

import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

import { startIsolatedServer } from './server.mjs';
import { measurePageLoad } from './page-load.mjs';
import { readNativeResults } from './native.mjs';
import { describeMachine } from './machine.mjs';
import { renderReport, verdicts } from './report.mjs';
import { verdicts14 } from './report-inputs.mjs';
import { AGREEMENT_LIMITS, peerVerdicts } from './report-peers.mjs';

const COMMAND = './build.sh bench';
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run',
];
const say = (line) => console.log(`==> ${line}`);

/**
 * Opens the benchmark page once and returns its `window.benchResults`.
 * @param {string} query e.g. "?suite=compare&tfjsThreads=off" (see bench/main.js)
 */
async function runBenchPage(browser, url, query) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    let pageError = null;
    page.on('console', (message) => {
      if (message.text().startsWith('bench: ')) console.log(`    ${message.text().slice(7)}`);
    });
    page.on('pageerror', (error) => (pageError = error));
    // Everything the page loads comes from our server (ONNX Runtime and TF.js must not reach a CDN).
    const outside = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(url) && !/^(blob|data):/.test(request.url())) outside.push(request.url());
    });
    await page.goto(`${url}bench/index.html${query}`);
    await page.waitForFunction(() => window.benchResults || window.benchError, null, { timeout: 1_200_000, polling: 250 });
    const { results, error } = await page.evaluate(() => ({ results: window.benchResults, error: window.benchError }));
    if (error || pageError) throw new Error(`the benchmark page failed: ${error ?? pageError}`);
    if (outside.length) throw new Error(`the benchmark page requested files from elsewhere: ${outside.join(', ')}`);
    checkPeerAgreement(results);
    return results;
  } finally {
    await context.close();
  }
}

/** Every peer computed our network (to rounding, or to its int8 graph's quantisation) before it was timed. */
function checkPeerAgreement(results) {
  for (const [operation, peers] of Object.entries(results.inputs?.peerAgreement ?? {})) {
    for (const [peer, difference] of Object.entries(peers)) {
      const limit = AGREEMENT_LIMITS[operation]?.[peer];
      if (!(difference <= limit)) {
        throw new Error(`${peer} disagrees with our module on ${operation}: max |ours − ${peer}| = ${difference} > ${limit} (rebuild the module and the graphs?)`);
      }
    }
  }
}

/** models/*.safetensors, raw and gzip -9, for the download table. */
function modelFileSizes() {
  return readdirSync('models')
    .filter((name) => name.endsWith('.safetensors'))
    .sort()
    .map((name) => {
      const raw = readFileSync(`models/${name}`);
      return { path: `models/${name}`, raw: raw.length, gzip: gzipSync(raw, { level: 9 }).length };
    });
}

async function main() {
  process.chdir(resolve(dirname(fileURLToPath(import.meta.url)), '..'));
  for (const [path, fix] of [
    ['www/pkg/vae_playground_bg.wasm', 'build it: ./build.sh build'],
    ['bench/node_modules/@tensorflow/tfjs-backend-wasm', 'install it: (cd bench && npm ci)'],
    ['bench/node_modules/onnxruntime-web', 'install it: (cd bench && npm ci)'],
    ['bench/onnx/mnist-2d-decoder-int8.onnx', 'make the graphs: ./build.sh bench (bench/make-onnx.py)'],
  ]) {
    if (!existsSync(path)) throw new Error(`${path} is missing; ${fix}`);
  }
  const machine = describeMachine();
  say(`Machine: ${machine.cpu}, ${machine.cores} cores, load average ${machine.loadAverage.toFixed(2)}`);
  const native = readNativeResults();
  const found = native.filter((n) => n.result).length;
  say(`Native results from target/criterion: ${found} of ${native.length}${found < native.length ? ' (run cargo bench --bench engine first for the rest)' : ''}`);

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const server = await startIsolatedServer('.');
  try {
    const browserVersion = browser.version();
    say(`Benchmark page in Chromium ${browserVersion}: ours against TF.js and ONNX Runtime Web, the page reporting 4 cores (each takes 2 threads)`);
    const main = await runBenchPage(browser, server.url, '?cores=4');
    console.log(`    navigator.hardwareConcurrency: ${main.page.hardwareConcurrency} (reported to TF.js: ${main.page.reportedCores})`);
    say('Benchmark page again, TF.js kept to its single-threaded SIMD build, ONNX Runtime Web to 1 thread');
    const singleThreaded = await runBenchPage(browser, server.url, '?suite=compare&tfjsThreads=off');
    say('Page weight and time to the first possible encode (fresh loads)');
    // A page that never becomes ready is reported, after everything else has been written.
    const pageLoad = await measurePageLoad(browser, { log: (line) => console.log(`    ${line}`) }).catch((error) => ({
      error: error.message,
    }));

    const data = {
      command: COMMAND,
      date: new Date(),
      machine,
      browserVersion,
      loads: [main, singleThreaded],
      pageLoad,
      modelFiles: modelFileSizes(),
      native,
    };
    // Sections written by other verbs are kept: "Drawn digits" (`./build.sh drawn`) and
    // "Training in the browser" (`./build.sh bench-train`), from the first of them to the end.
    const previous = existsSync('BENCHMARKS.md') ? readFileSync('BENCHMARKS.md', 'utf8') : '';
    const kept = ['\n## Drawn digits\n', '\n## Training in the browser'].map((m) => previous.indexOf(m)).filter((i) => i >= 0);
    const from = kept.length ? Math.min(...kept) : -1;
    writeFileSync('BENCHMARKS.md', renderReport(data).trimEnd() + '\n' + (from < 0 ? '' : previous.slice(from)));
    say('Wrote BENCHMARKS.md');
    for (const v of [...verdicts(data), ...verdicts14(data.loads), ...peerVerdicts(data.loads)]) {
      console.log(`    ${v.pass === null ? 'NOT MEASURED' : v.pass ? 'PASS' : 'FAIL'}  ${v.bar}: ${v.measured} (${v.margin})`);
    }
    if (pageLoad.error) throw new Error(pageLoad.error);
  } finally {
    await server.close();
    await browser.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
