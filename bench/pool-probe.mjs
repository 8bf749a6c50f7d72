// The worker pool's cost for small batches (bench/pool-probe.js) in headless Chromium, on the
// cross-origin isolated bench server (5 µs timer): what pool.js's sharing of a batch rests on.
//
//   node bench/pool-probe.mjs [WORKERS]     from the repository root (needs www/pkg/, bench/node_modules/)

import { chromium } from 'playwright-core';
import { startIsolatedServer } from './server.mjs';

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const server = await startIsolatedServer('.');
try {
  const page = await browser.newPage();
  await page.goto(`${server.url}bench/pool-probe.html?workers=${Number(process.argv[2]) || 2}`);
  await page.waitForFunction(() => window.probeResults || window.probeError, null, { timeout: 180_000 });
  const { results, error } = await page.evaluate(() => ({ results: window.probeResults, error: window.probeError }));
  if (error) throw new Error(error);
  console.log(`cross-origin isolated: ${results.crossOriginIsolated}; hardwareConcurrency ${results.cores}`);
  for (const { case: name, us } of results.rows) {
    console.log(`${name.padEnd(64)} ${us.median.toFixed(1).padStart(7)} µs  (p10 ${us.p10.toFixed(1)}, p90 ${us.p90.toFixed(1)})`);
  }
} finally {
  await server.close();
  await browser.close();
}
