// The npm package as a web developer gets it: `./build.sh pack`'s tarball (tools/pack/pack.mjs, made
// here from the module in www/pkg/) installed with npm into an empty folder outside the repository,
// then, from that folder: the example page (examples/encode-decode/) in headless Chromium, the usage
// file (tests/types/usage.ts) under `tsc --noEmit --strict` against the installed types, and what
// every export returns checked by tsc against the interface the types declare for it.
//
//   node tests/e2e/package.mjs      (after ./build.sh build; exits non-zero on a failure)

import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startServer } from '../../tools/serve.mjs';
import { MODULE_FILES, pack } from '../../tools/pack/pack.mjs';
import { correlation, launchBrowser, readInk } from './browser.mjs';
import { assert, createChecks } from './checks.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const EXAMPLE = join(ROOT, 'examples/encode-decode');
const TSC = join(ROOT, 'tests/e2e/node_modules/typescript/bin/tsc');
const run = promisify(execFile);

/** The compiler options of a TypeScript user (the `lib`s the generated types need: README). */
const TS_OPTIONS = {
  strict: true,
  noEmit: true,
  target: 'es2022',
  module: 'esnext',
  moduleResolution: 'bundler',
  lib: ['es2022', 'esnext.disposable', 'dom'],
  types: [],
};

/** Type-checks `file` (in `folder`, where the package is installed): tsc's complaints, or ''. */
async function typeCheck(folder, file) {
  await writeFile(join(folder, 'tsconfig.json'), JSON.stringify({ compilerOptions: TS_OPTIONS, files: [file] }));
  try {
    await run(process.execPath, [TSC, '--project', 'tsconfig.json', '--noEmit', '--strict'], { cwd: folder });
    return '';
  } catch (error) {
    return `${error.stdout}${error.stderr}`.trim() || error.message;
  }
}

/** A described value (tests/types/returned.js) as a TypeScript expression of the same shape. */
function literal(described) {
  switch (described.kind) {
    case 'null':
      return 'null';
    case 'typed':
      return `new ${described.name}(0)`;
    case 'array':
      return `[${described.items.map(literal).join(', ')}]`;
    case 'object':
      return `{ ${described.fields.map(([key, value]) => `${JSON.stringify(key)}: ${literal(value)}`).join(', ')} }`;
    case 'number':
      return Number.isNaN(described.value) ? 'NaN' : String(described.value);
    default:
      return JSON.stringify(described.value);
  }
}

const tally = createChecks();
const { check } = tally;
const folder = await mkdtemp(join(tmpdir(), 'vae-playground-package-'));
let server;
let browser;
try {
  let packed;
  await check('./build.sh pack makes a tarball of only the module, its types, README and package.json', async () => {
    packed = await pack();
    const expected = [...MODULE_FILES, 'README.md', 'package.json'].sort();
    assert(JSON.stringify(packed.files) === JSON.stringify(expected), `the tarball holds ${packed.files.join(', ')}`);
    assert(/^\d+\.\d+\.\d+/.test(packed.version), `version ${packed.version} is not semver`);
    return `${packed.tarball.replace(`${ROOT}/`, '')}, ${packed.bytes} bytes`;
  });
  if (!packed) throw new Error('no tarball: nothing else can be checked');

  await check('npm install of the tarball into an empty folder outside the repository', async () => {
    await writeFile(join(folder, 'package.json'), JSON.stringify({ private: true, type: 'module' }));
    await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', packed.tarball], { cwd: folder });
    const installed = JSON.parse(await readFile(join(folder, 'node_modules/vae-playground/package.json'), 'utf8'));
    assert(installed.version === packed.version, `installed ${installed.version}, packed ${packed.version}`);
    return `vae-playground ${installed.version} in ${folder}`;
  });

  // The example, the usage file and the fixtures of tests/types/returned.js beside the package.
  for (const file of ['index.html', 'main.js']) await copyFile(join(EXAMPLE, file), join(folder, file));
  for (const file of ['usage.ts', 'returned.js']) await copyFile(join(ROOT, 'tests/types', file), join(folder, file));
  await mkdir(join(folder, 'fixtures'));
  await copyFile(join(ROOT, 'www/pkg/data/mnist-test.u8'), join(folder, 'fixtures/mnist-test.u8'));
  await copyFile(join(ROOT, 'models/judges/judge-mnist.safetensors'), join(folder, 'fixtures/judge-mnist.safetensors'));
  server = await startServer({ port: 0, root: folder });
  browser = await launchBrowser();

  await check('the example page encodes the test digit and draws it and decode(μ), under the server’s strict CSP', async () => {
    const page = await (await browser.newContext()).newPage();
    const errors = [];
    const elsewhere = [];
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('request', (request) => !request.url().startsWith(server.url) && !request.url().startsWith('data:') && elsewhere.push(request.url()));
    await page.goto(server.url);
    await page.waitForFunction(() => document.body.dataset.state, null, { timeout: 15000 });
    const status = await page.locator('#status').textContent();
    assert((await page.evaluate(() => document.body.dataset.state)) === 'done', `the page says: ${status}`);
    const [digit, decoded] = [await readInk(page, '#digit'), await readInk(page, '#decoded')];
    const ink = (values) => values.reduce((sum, v) => sum + v, 0) / values.length;
    assert(ink(digit) > 0.05 && ink(decoded) > 0.05, `ink: digit ${ink(digit).toFixed(3)}, decoded ${ink(decoded).toFixed(3)}`);
    const alike = correlation(digit, decoded);
    assert(alike > 0.6, `decode(μ) is not like the digit: correlation ${alike.toFixed(2)}`);
    assert(/^μ = \(-?\d+\.\d\d, -?\d+\.\d\d\), σ = /.test(status), `status: ${status}`);
    assert(errors.length === 0, `console errors: ${errors.join('; ')}`);
    assert(elsewhere.length === 0, `requests beyond the server: ${elsewhere.join(', ')}`);
    return `mean ink ${ink(digit).toFixed(2)} and ${ink(decoded).toFixed(2)}, correlation ${alike.toFixed(2)}; ${status}`;
  });

  await check('tests/types/usage.ts passes tsc --noEmit --strict against the installed package’s types', async () => {
    const complaints = await typeCheck(folder, 'usage.ts');
    assert(complaints === '', complaints);
    const misuses = (await readFile(join(folder, 'usage.ts'), 'utf8')).match(/@ts-expect-error/g).length;
    return `every export used; ${misuses} misuses refused by the types`;
  });

  await check('what every export returns is what its declared type says (tsc on the returned values)', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.url}returned-values`); // a plain document of the same origin
    const returned = await page.evaluate(() => import('/returned.js').then((m) => m.returnedValues()));
    const types = [...new Set(returned.map(([, type]) => type.match(/^[A-Z]\w+/)?.[0]).filter((t) => t && !/Array$/.test(t)))];
    const lines = [`import type { ${types.join(', ')} } from 'vae-playground';`];
    for (const [call, type, described] of returned) lines.push(`// ${call}`, `export const r${lines.length}: ${type} = ${literal(described)};`);
    await writeFile(join(folder, 'returned.ts'), `${lines.join('\n')}\n`);
    const complaints = await typeCheck(folder, 'returned.ts');
    // Name the call behind each complaint: tsc gives the line, the call is on the line above.
    const named = complaints.replace(/returned\.ts\((\d+),\d+\)/g, (whole, line) => lines[line - 2] ?? whole);
    assert(complaints === '', named);
    return `${returned.length} calls, ${types.length} declared interfaces`;
  });
} finally {
  await browser?.close();
  await server?.close();
  await rm(folder, { recursive: true, force: true });
}
console.log(`\npackage: ${tally.checks - tally.failures} passed, ${tally.failures} failed`);
process.exit(tally.failures === 0 ? 0 : 1);
