import { startServer } from '../../tools/serve.mjs';
import { launchBrowser, waitReady } from './browser.mjs';
const server = await startServer({ port: 0, root: 'www' });
const browser = await launchBrowser();
const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, hasTouch: true });
const page = await context.newPage();
await page.goto(`${server.url}#v=2&model=mnist-16d`);
await waitReady(page);
await page.waitForFunction(() => window.vaePlayground.state().model === 'mnist-16d');
await page.waitForTimeout(1500);
const box = await page.locator('#pad').boundingBox();
// one warm-up stroke
const strokeIt = async () => {
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.2);
  await page.mouse.down();
  for (let i = 0; i < 40; i++) { await page.mouse.move(box.x + box.width * (0.3 + 0.4 * i / 40), box.y + box.height * (0.2 + 0.6 * Math.sin(i / 6) ** 2)); await page.waitForTimeout(25); }
  await page.mouse.up();
};
await strokeIt(); await page.waitForTimeout(800);
await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.invalidationTracking'] });
await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
await page.mouse.down();
for (let i = 0; i < 40; i++) { await page.mouse.move(box.x + box.width * (0.5 + 0.3 * Math.cos(i / 5)), box.y + box.height * (0.5 + 0.3 * Math.sin(i / 5))); await page.waitForTimeout(25); }
await page.mouse.up();
const trace = JSON.parse((await browser.stopTracing()).toString());
const ev = trace.traceEvents;
const recalc = ev.filter(e => e.name === 'UpdateLayoutTree' && e.ph === 'X');
console.log('UpdateLayoutTree', recalc.length, 'total ms', recalc.reduce((s, e) => s + e.dur, 0) / 1000, 'elements', recalc.map(e => e.args?.elementCount).slice(0, 20).join(','));
const layouts = ev.filter(e => e.name === 'Layout' && e.ph === 'X');
console.log('Layout', layouts.length, 'ms', layouts.reduce((s, e) => s + e.dur, 0) / 1000, layouts.slice(0, 8).map(e => JSON.stringify(e.args?.beginData ? { d: e.args.beginData.dirtyObjects, t: e.args.beginData.totalObjects, p: e.args.beginData.partialLayout } : e.args)).join(' '));
const inv = new Map();
for (const e of ev) {
  if (!/InvalidationTracking/.test(e.name)) continue;
  const d = e.args?.data ?? {};
  const key = `${e.name} ${d.nodeName ?? ''} ${d.reason ?? d.invalidationList?.[0]?.classes ?? ''} ${(d.invalidatedSelectorId ?? d.changedAttribute ?? d.changedClass ?? d.changedId ?? d.changedPseudo ?? '')}`;
  inv.set(key, (inv.get(key) ?? 0) + 1);
}
console.log([...inv].sort((a, b) => b[1] - a[1]).slice(0, 40).map(([k, n]) => `${n}\t${k}`).join('\n'));
await browser.close(); await server.close();
