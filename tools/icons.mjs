// Draws the page's icons (the favicon's ring around μ) as PNGs for the web app manifest, in
// headless Chromium: www/icons/icon-192.png, icon-512.png and maskable-512.png (the ring inside
// the safe zone, on a full-bleed background). Run once when the design changes; the PNGs are kept.
//
//   node tools/icons.mjs

import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from '../tests/e2e/browser.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The icon as SVG: a soft ellipse (σ) around a dot (μ); `inset` is the share left as margin. */
const svg = (inset, background) => `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">
  <rect width="100" height="100" rx="${background ? 0 : 22}" fill="#f4f5f8"/>
  <g transform="translate(50 50) scale(${1 - 2 * inset})">
    <ellipse rx="40" ry="27" fill="#dbe6ff" stroke="#2563eb" stroke-width="7"/>
    <ellipse rx="20" ry="13.5" fill="none" stroke="#2563eb" stroke-width="3" stroke-dasharray="5 4" opacity="0.7"/>
    <circle r="10" fill="#2563eb"/>
  </g>
</svg>`;

const browser = await launchBrowser();
try {
  for (const [name, size, inset, background] of [
    ['icon-192.png', 192, 0.05, false],
    ['icon-512.png', 512, 0.05, false],
    ['maskable-512.png', 512, 0.2, true],
  ]) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg(inset, background)}`);
    await page.screenshot({ path: join(ROOT, 'www/icons', name), omitBackground: true });
    await page.close();
  }
  console.log('icons written to www/icons/');
} finally {
  await browser.close();
}
