// Our kernels over the benchmark's inputs in headless Chromium (bench/kernel-probe.js), two or more
// builds of the module side by side: for trying a kernel change before the full benchmark.
//
//   node bench/kernel-probe.mjs [PKG_DIR,PKG_DIR…] [CASE_SUBSTRING]    from the repository root;
//   e.g. node bench/kernel-probe.mjs /www/pkg,/target/pkg-base decodeBatch

import { chromium } from 'playwright-core';
import { startIsolatedServer } from './server.mjs';

const pkgs = process.argv[2] ?? '/www/pkg';
const only = process.argv[3] ?? '';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const server = await startIsolatedServer('.');
try {
  const page = await browser.newPage();
  page.on('console', (m) => console.log(`  page: ${m.text()}`));
  await page.goto(`${server.url}bench/kernel-probe.html?pkgs=${encodeURIComponent(pkgs)}&only=${encodeURIComponent(only)}`);
  await page.waitForFunction(() => window.probeResults || window.probeError, null, { timeout: 600_000 });
  const { results, error } = await page.evaluate(() => ({ results: window.probeResults, error: window.probeError }));
  if (error) throw new Error(error);
  const us = (v) => (v >= 1000 ? `${(v / 1000).toFixed(2)} ms` : `${v.toFixed(1)} µs`);
  for (const row of results.rows) {
    console.log(`${row.case}${row.same ? '' : '  (RESULTS DIFFER)'}`);
    for (const [dir, t] of Object.entries(row.times)) console.log(`  ${dir.padEnd(24)} ${us(t.median).padStart(10)}  (${us(t.p10)} – ${us(t.p90)})`);
  }
} finally {
  await server.close();
  await browser.close();
}
