// Every export of the wasm module called with hostile arguments in headless Chromium: wrong types,
// wrong lengths, NaN, ±Infinity, huge, negative and fractional numbers, proxies, BigInts. Each must
// either work or throw a JavaScript `Error` with a message (never a WebAssembly.RuntimeError, never
// a silent coercion), and the module must stay usable; no z a call returns lies outside `latentLimit()`,
// the range every call that takes one accepts. Then wasm memory over 100,000 mixed calls
// and 1,000 model switches, and models forgotten without `free()` (FinalizationRegistry).
//
//   node tests/e2e/hostile.mjs      (exits non-zero on a failure)

import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../tools/serve.mjs';
import { launchBrowser } from './browser.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
let passed = 0;
let failed = 0;
function report(ok, name, detail) {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` (${detail})` : ''}`);
}

const server = await startServer({ port: 0, root: process.env.VAE_WWW ?? join(ROOT, 'www') });
const browser = await launchBrowser();
try {
  const page = await (await browser.newContext()).newPage();
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // A plain document of the same origin (the server's 404 answer, under its CSP): only the module runs.
  await page.goto(`${server.url}hostile-test`);

  const hostile = await page.evaluate(async () => {
    const m = await import('/pkg/vae_playground.js');
    const wasm = await m.default();
    const model = new m.VaeModel('mnist-2d');
    const judge = m.Judge.fromBytes(new Uint8Array(await (await fetch('/pkg/models/judges/judge-mnist.safetensors')).arrayBuffer()));
    // A person's set of three images of one class (one held out), and a training worker.
    const set = { name: 'hostile', classNames: ['a'], images: new Uint8Array(3 * 784).fill(90), labels: new Uint8Array(3) };
    const setFile = m.writeSetFile(set);
    const worker = new m.TrainingWorker();
    // Three images in the page's data-file form (784 pixel bytes each, then their labels).
    const digits = new Uint8Array(3 * 785).fill(60).fill(1, 3 * 784);
    const small = { hidden: [8], epochs: 1 };
    const baseFile = new Uint8Array(await (await fetch('/pkg/models/mnist-2d.safetensors')).arrayBuffer());
    const zero = new Float32Array(2);
    const pixels = new Float32Array(784).fill(0.2);
    const revoked = Proxy.revocable([1, 2], {});
    revoked.revoke();
    const throwingIndex = [0, 0];
    Object.defineProperty(throwingIndex, 1, { get() { throw new Error('boom'); } });
    const values = {
      undefined: undefined, null: null, true: true, false: false, zero: 0, 'minus one': -1, 'minus zero': -0,
      half: 0.5, '28.7': 28.7, NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '2^32+1': 2 ** 32 + 1,
      '2^32+280': 2 ** 32 + 280, '2^53': 2 ** 53, '2^64': 2 ** 64, '-2^31': -(2 ** 31), '1e308': 1e308, '1e39': 1e39,
      '-1e30': -1e30, '10001': 10001, 'empty string': '', 'string 3': '3', 'string mnist-2d': 'mnist-2d',
      'long string': 'x'.repeat(100000), bigint: 10n, symbol: Symbol('s'), object: {}, 'null-prototype object': Object.create(null),
      'valueOf object': { valueOf: () => 4 }, 'array-like': { length: 784, 0: 1 }, 'empty array': [], 'array [NaN]': [NaN],
      'array of strings': ['1', '2'], 'sparse array': new Array(784), 'array of 785': new Array(785).fill(0),
      'Float32Array(0)': new Float32Array(0), 'Float32Array(3)': new Float32Array(3), 'Float32Array(785)': new Float32Array(785),
      'Float32Array of NaN': new Float32Array(784).fill(NaN), 'Float32Array of Infinity': new Float32Array(784).fill(Infinity),
      'Float32Array of -1e30': new Float32Array(784).fill(-1e30), 'Float32Array(2^22)': new Float32Array(2 ** 22),
      'Float64Array of 1e300': new Float64Array(2).fill(1e300), Int32Array: new Int32Array(784), Uint8Array: new Uint8Array(16),
      'Uint8Array(2^24)': new Uint8Array(2 ** 24), ArrayBuffer: new ArrayBuffer(3136), DataView: new DataView(new ArrayBuffer(8)),
      function: () => 1, 'revoked proxy': revoked.proxy, 'proxy of array': new Proxy([0, 0], {}),
      'array with a throwing index': throwingIndex, Date: new Date(), RegExp: /x/, Promise: Promise.resolve(1), window,
    };
    // Each argument position: the call, and whether a value is acceptable there (else it must throw).
    const isFloats = (v, n) => (v instanceof Float32Array || v instanceof Float64Array || (Array.isArray(v) && v.every((x) => typeof x === 'number'))) && v.length === n;
    const whole = (v, lo, hi) => typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;
    const finiteIn = (v, n, lo, hi) => isFloats(v, n) && Array.from(v).every((x) => Number.isFinite(x) && x >= lo && x <= hi);
    const limit = m.latentLimit();
    const latent = (v) => finiteIn(v, 2, -limit, limit);
    const image = (v) => finiteIn(v, 784, 0, 1);
    // With μ = 0 and σ = 1, z = T·ε in f32 (ε of seed 1): a temperature is acceptable only while it
    // keeps every z inside the range, since sample refuses to hand out a z that decode would refuse.
    const epsilon = Array.from(model.sample(zero, zero, 4, 1, 1).epsilon);
    const keepsZInside = (t) => epsilon.every((e) => Math.abs(Math.fround(Math.fround(t) * e)) <= limit);
    // A set's name: 1–100 characters, no surrounding spaces, no control characters; a class's 1–40, all different.
    const plainText = (v, most) => typeof v === 'string' && [...v].length >= 1 && [...v].length <= most && v.trim() === v && !/[\u0000-\u001f\u007f-\u009f]/.test(v);
    const classNames = (v) => Array.isArray(v) && v.length >= 1 && v.length <= 255 && v.every((n) => plainText(n, 40)) && new Set(v).size === v.length;
    const positions = [
      ['new VaeModel(name)', (v) => new m.VaeModel(v), (v) => v === 'mnist-2d'],
      ['VaeModel.fromBytes(bytes)', (v) => m.VaeModel.fromBytes(v), () => false],
      ['encode(pixels)', (v) => model.encode(v), image],
      ['lossTerms(pixels)', (v) => model.lossTerms(v), image],
      ['decode(z)', (v) => model.decode(v), latent],
      ['decodeBatch(zs, 1)', (v) => model.decodeBatch(v, 1), latent],
      ['decodeBatch(zero, n)', (v) => model.decodeBatch(zero, v), (v) => v === 1],
      ['sample(mu)', (v) => model.sample(v, zero, 4, 1, 1), latent],
      ['sample(logvar)', (v) => model.sample(zero, v, 4, 1, 1), latent],
      ['sample(n)', (v) => model.sample(zero, zero, v, 1, 1), (v) => whole(v, 1, 10000)],
      ['sample(seed)', (v) => model.sample(zero, zero, 4, v, 1), (v) => whole(v, 0, 2 ** 32 - 1)],
      ['sample(temperature)', (v) => model.sample(zero, zero, 4, 1, v), (v) => typeof v === 'number' && v >= 0 && keepsZInside(v)],
      ['decode(z, out)', (v) => model.decode(zero, v), (v) => v === undefined || (v instanceof Float32Array && v.length === 784)],
      ['decodeBatch(zero, 1, out)', (v) => model.decodeBatch(zero, 1, v), (v) => v === undefined || (v instanceof Float32Array && v.length === 784)],
      ['sample(images)', (v) => model.sample(zero, zero, 1, 1, 1, v), (v) => v === undefined || (v instanceof Float32Array && v.length === 784)],
      ['preprocessStrokes(points)', (v) => m.preprocessStrokes(v, 280, 280, 18), (v) => Array.isArray(v) && v.length === 2 && v.every(Number.isFinite)],
      ['preprocessStrokes(width)', (v) => m.preprocessStrokes([10, 10, 20, 20], v, 280, 18), (v) => whole(v, 21, 4096)],
      ['preprocessStrokes(height)', (v) => m.preprocessStrokes([10, 10, 20, 20], 280, v, 18), (v) => whole(v, 21, 4096)],
      ['preprocessStrokes(lineWidth)', (v) => m.preprocessStrokes([10, 10, 20, 20], 280, 280, v), (v) => typeof v === 'number' && v > 0 && v <= 400],
      ['preprocessRgba(rgba)', (v) => m.preprocessRgba(v, 28, 28), () => false],
      ['preprocessRgba(width)', (v) => m.preprocessRgba(new Uint8Array(4 * 28 * 28), v, 28), () => false],
      ['preprocessRgba(height)', (v) => m.preprocessRgba(new Uint8Array(4 * 28 * 28), 28, v), () => false],
      ['Judge.fromBytes(bytes)', (v) => m.Judge.fromBytes(v), () => false],
      ['judge.classify(images)', (v) => judge.classify(v, 1), image],
      ['judge.classify(pixels, n)', (v) => judge.classify(pixels, v), (v) => v === 1],
      ['judge.judgeSet(model)', (v) => judge.judgeSet(v, 'prior', 16, 4, 1), () => false],
      ['judge.judgeSet(set)', (v) => judge.judgeSet(model, v, 16, 4, 1), () => false],
      ['judge.judgeSet(count)', (v) => judge.judgeSet(model, 'box', v, 0, 1), (v) => whole(v, 1, 10000)],
      ['judge.judgeSet(shown)', (v) => judge.judgeSet(model, 'midpoints', 16, v, 1), (v) => whole(v, 0, 16)],
      ['judge.judgeSet(seed)', (v) => judge.judgeSet(model, 'prior', 16, 4, v), (v) => whole(v, 0, 2 ** 32 - 1)],
      ['judge.judgeCircle(pixels)', (v) => judge.judgeCircle(model, v, 2, 16, 4, 1), image],
      ['judge.judgeCircle(sigmas)', (v) => judge.judgeCircle(model, pixels, v, 16, 4, 1), (v) => typeof v === 'number' && v >= 0 && v <= 16],
      ['sniffImage(bytes)', (v) => m.sniffImage(v), () => false],
      ['preprocessImage(rgba)', (v) => m.preprocessImage(v, 28, 28), () => false],
      ['preprocessImage(width)', (v) => m.preprocessImage(new Uint8Array(4 * 28 * 28), v, 28), () => false],
      ['preprocessImage(height)', (v) => m.preprocessImage(new Uint8Array(4 * 28 * 28), 28, v), () => false],
      ['readSetFile(bytes)', (v) => m.readSetFile(v), () => false],
      ['writeSetFile(set)', (v) => m.writeSetFile(v), () => false],
      ['writeSetFile({name})', (v) => m.writeSetFile({ ...set, name: v }), (v) => plainText(v, 100)],
      ['writeSetFile({classNames})', (v) => m.writeSetFile({ ...set, classNames: v }), classNames],
      ['writeSetFile({images})', (v) => m.writeSetFile({ ...set, images: v }), () => false],
      ['writeSetFile({labels})', (v) => m.writeSetFile({ ...set, labels: v }), () => false],
      ['heldOutIndices(labels)', (v) => m.heldOutIndices(v), (v) => v instanceof Uint8Array && v.length <= 20000],
      ['setFigures(model)', (v) => m.setFigures(v, setFile), () => false],
      ['setFigures(set)', (v) => m.setFigures(model, v), () => false],
      ['TrainingWorker.handle(message)', (v) => worker.handle(v), () => false],
      ['handle({kind: "start", set})', (v) => worker.handle({ kind: 'start', config: small, set: v }), () => false],
      ['handle({kind: "start", base})', (v) => worker.handle({ kind: 'start', config: small, set: setFile, base: v }), (v) => v == null],
      ['handle({kind: "start", dataset})', (v) => worker.handle({ kind: 'start', config: small, train: digits, test: digits, dataset: v }), (v) => v == null],
      ['handle({kind: "start", augment})', (v) => worker.handle({ kind: 'start', config: small, set: setFile, augment: v }), (v) => v == null || (typeof v === 'number' && v >= 0 && v <= 1)],
    ];
    const failures = [];
    let errors = 0;
    let accepted = 0;
    const messages = new Set();
    for (const [position, call, acceptable] of positions) {
      for (const [name, value] of Object.entries(values)) {
        let outcome;
        try {
          const result = call(value);
          outcome = { returned: result };
        } catch (error) {
          outcome = { error };
        }
        if ('error' in outcome) {
          const { error } = outcome;
          const proper = error instanceof Error && !(error instanceof WebAssembly.RuntimeError) && typeof error.message === 'string' && error.message.length > 0;
          if (proper) {
            errors++;
            messages.add(`${position}: ${error.message.slice(0, 120)}`);
          } else {
            failures.push(`${position} with ${name}: threw ${error?.constructor?.name} ${String(error?.message ?? error).slice(0, 100)}`);
          }
        } else {
          accepted++;
          if (!acceptable(value)) failures.push(`${position} with ${name}: accepted`);
          const z = outcome.returned?.z;
          if (z && !Array.from(z).every((v) => Math.abs(v) <= limit)) failures.push(`${position} with ${name}: a z outside ±${limit}`);
          outcome.returned?.free?.();
        }
        // Usable after every call.
        try {
          if (model.decode(zero).length !== 784) throw new Error('decode gave the wrong length');
        } catch (error) {
          failures.push(`after ${position} with ${name}: the module is broken (${error.message})`);
          return { failures, errors, accepted, calls: 0, messages: [] };
        }
      }
    }
    // The issues' own cases, worded as they found them; a refusal that must say why matches its pattern.
    const outsideTheRange = new RegExp(`outside \\[-${limit}, ${limit}\\]`);
    const extra = [
      ['sample(zero, zero, 4, 1, 1e30)', () => model.sample(zero, zero, 4, 1, 1e30), outsideTheRange],
      ['sample with log σ² = 80 and T = 1e20', () => model.sample(zero, [80, 80], 4, 1, 1e20), outsideTheRange],
      ['encode(new Float32Array(2 ** 29))', () => model.encode(new Float32Array(2 ** 29))],
      ['sniffImage of a Windows program', () => m.sniffImage(new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0])), /Windows program \(MZ\), not an image/],
      ['sniffImage of an SVG', () => m.sniffImage(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>')), /^SVG images are not accepted/],
      ['sniffImage of a PNG claiming 100000 × 100000 pixels', () => {
        const png = new Uint8Array(45);
        png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 1, 0x86, 0xa0, 0, 1, 0x86, 0xa0, 8, 0, 0, 0, 0]);
        png.set([0x8d, 0x39, 0x54, 0x14], 29); // the IHDR's CRC
        png.set([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82], 33);
        m.sniffImage(png);
      }, /decompression bomb/],
      ['readSetFile of a model file', () => m.readSetFile(new Uint8Array(1024)), /set file/],
      ['start with both a set and digits', () => worker.handle({ kind: 'start', config: small, set: setFile, train: setFile, test: setFile }), /either `set` or `train`/],
      ['start with a set and a dataset', () => worker.handle({ kind: 'start', config: small, set: setFile, dataset: 'fashion-mnist' }), /either `set` or `train`/],
      ['start with digits of an unknown dataset', () => worker.handle({ kind: 'start', config: small, train: digits, test: digits, dataset: 'cifar-10' }), /`cifar-10` is not one of the page's datasets/],
      ['fine-tune mnist-2d asking for 16 latent dimensions', () => worker.handle({ kind: 'start', config: { latentDim: 16 }, set: setFile, base: baseFile }), /has 2 latent dimensions, not 16/],
      ['new VaeModel(123)', () => new m.VaeModel(123)],
      ['a second free()', () => { const x = new m.VaeModel('mnist-2d'); x.free(); x.free(); x.decode(zero); }],
      ['decode on a freed model', () => { const x = new m.VaeModel('mnist-2d'); x.free(); x.decode(zero); }],
      ['decode called on another object', () => m.VaeModel.prototype.decode.call({}, zero)],
      ["decode into a view of the module's own memory", () => model.decode(zero, new Float32Array(wasm.memory.buffer, 0, 784))],
      ['decodeBatch into an array whose buffer was transferred', () => {
        const out = new Float32Array(784);
        structuredClone(out.buffer, { transfer: [out.buffer] });
        model.decodeBatch(zero, 1, out);
      }],
    ];
    for (const [name, call, reason = /./] of extra) {
      try {
        call();
        failures.push(`${name}: accepted`);
      } catch (error) {
        if (error instanceof Error && !(error instanceof WebAssembly.RuntimeError) && reason.test(error.message)) {
          errors++;
          messages.add(`${name}: ${error.message.slice(0, 120)}`);
        } else failures.push(`${name}: threw ${error?.constructor?.name} ${error?.message ?? error}`);
      }
    }
    model.free();
    worker.free();
    const calls = positions.length * Object.keys(values).length + extra.length;
    return { failures, errors, accepted, calls, messages: [...messages] };
  });
  for (const message of hostile.messages.filter((_, i) => i % 25 === 0)) console.log(`     e.g. ${message}`);
  report(
    hostile.failures.length === 0 && hostile.errors >= 300,
    `${hostile.calls} calls of every export with hostile arguments: ${hostile.errors} JS Errors with a message, ${hostile.accepted} valid values accepted, ${hostile.failures.length} failures`,
    hostile.failures.slice(0, 8).join('; '),
  );

  const memory = await page.evaluate(async () => {
    const m = await import('/pkg/vae_playground.js');
    const wasm = await m.default();
    const bytes = () => wasm.memory.buffer.byteLength;
    const files = await Promise.all(['mnist-16d', 'fashion-2d'].map(async (n) => new Uint8Array(await (await fetch(`/pkg/models/${n}.safetensors`)).arrayBuffer())));
    const stroke = Array.from({ length: 24 }, (_, i) => [80 + 5 * i, 60 + ((i * 37) % 140)]).flat();
    let model = new m.VaeModel('mnist-2d');
    const z = new Float32Array(2);
    const mixed = (i) => {
      try {
        switch (i % 10) {
          case 0: return model.encode(new Float32Array(784).fill((i % 7) / 7));
          case 1: return model.decode(z.map(() => Math.sin(i) * 3));
          case 2: return model.sample(z, z, 4, i, 1);
          case 3: return model.decode(new Float32Array(3)); // refused
          case 4: return model.sample(z, z, 2 ** 32 + 1, 1, 1); // refused
          case 5: return m.preprocessStrokes(stroke, 280, 280, 18);
          case 6: return model.encode(new Float32Array(2 ** 22)); // refused before copying
          case 7: return i % 100 === 7 ? model.lossTerms(new Float32Array(784).fill(0.1)) : model.decodeBatch(z, 1);
          case 8: return m.preprocessStrokes([NaN], 280, 280, 1e30); // refused
          default: return new m.VaeModel({}); // refused
        }
      } catch (error) {
        if (error instanceof WebAssembly.RuntimeError) throw error;
        return null;
      }
    };
    const switchModel = (i) => {
      model.free();
      model = i % 3 === 0 ? new m.VaeModel('mnist-2d') : m.VaeModel.fromBytes(files[i % 2]);
      model.latentDim === 2 ? null : (model.free(), (model = new m.VaeModel('mnist-2d')));
    };
    // Warm-up: every path once, a few switches.
    for (let i = 0; i < 2000; i++) mixed(i);
    for (let i = 0; i < 6; i++) switchModel(i);
    const start = bytes();
    const started = performance.now();
    for (let i = 0; i < 100000; i++) {
      mixed(i);
      if (i % 100 === 0) switchModel(i / 100);
    }
    const afterCalls = bytes();
    const seconds = (performance.now() - started) / 1000;
    model.free();
    return { start, afterCalls, seconds };
  });
  const mib = (b) => `${(b / 2 ** 20).toFixed(1)} MiB`;
  report(
    memory.afterCalls <= memory.start + 2 ** 20,
    `100,000 mixed calls and 1,000 model switches: wasm memory ${mib(memory.start)} before, ${mib(memory.afterCalls)} after`,
    `${memory.seconds.toFixed(1)} s`,
  );

  // Models forgotten without free(): the FinalizationRegistry frees them after garbage collection.
  const cdp = await page.context().newCDPSession(page);
  const forget = (count) =>
    page.evaluate(async (count) => {
      const m = await import('/pkg/vae_playground.js');
      const wasm = await m.default();
      for (let i = 0; i < count; i++) new m.VaeModel('mnist-2d').latentDim;
      return wasm.memory.buffer.byteLength;
    }, count);
  const collect = async () => {
    for (let i = 0; i < 3; i++) {
      await cdp.send('HeapProfiler.collectGarbage');
      await page.waitForTimeout(100);
    }
  };
  const first = await forget(40);
  await collect();
  const rounds = [];
  for (let round = 0; round < 5; round++) {
    rounds.push(await forget(40));
    await collect();
  }
  report(
    Math.max(...rounds) <= first + 4 * 2 ** 20,
    `5 × 40 more models forgotten without free(): wasm memory stays at ${rounds.map(mib).join(', ')} after the first 40 (${mib(first)})`,
  );
  report(pageErrors.length === 0, 'no uncaught error on the page', pageErrors.slice(0, 3).join('; '));
} finally {
  await browser.close();
  await server.close();
}
console.log(`\nhostile: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
