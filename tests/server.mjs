// The dev server (tools/serve.mjs) against a visitor who is not friendly: traversal spellings,
// symlinks out of the root, dot-files, other methods and a bad Host are all refused; the page gets
// its security headers and revalidates with an ETag; 30 concurrent cold requests for a large file
// are compressed once and do not hold up the page; scripts and styles are minified only when asked.
//
//   node tests/server.mjs      (exits non-zero on a failure)

import { request } from 'node:http';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { startServer } from '../tools/serve.mjs';

const SECRET = 'secret-outside-the-root';
const dir = mkdtempSync(join(tmpdir(), 'serve-test-'));
const root = join(dir, 'www');
const outside = join(dir, 'outside');
mkdirSync(join(root, 'sub'), { recursive: true });
mkdirSync(join(root, '.git'));
mkdirSync(outside);
writeFileSync(join(root, 'index.html'), '<!doctype html><title>t</title>');
writeFileSync(join(root, 'sub', 'page.txt'), 'inside');
writeFileSync(join(root, '.env'), SECRET);
writeFileSync(join(root, '.git', 'config'), SECRET);
writeFileSync(join(root, 'sub', '.hidden'), SECRET);
writeFileSync(join(outside, 'secret.txt'), SECRET);
symlinkSync(join(outside, 'secret.txt'), join(root, 'leak.txt'));
symlinkSync('/etc/passwd', join(root, 'passwd.txt'));
symlinkSync(outside, join(root, 'linked'));
symlinkSync(join(root, 'sub', 'page.txt'), join(root, 'alias.txt')); // inside: allowed
// A script and a style as written, and a script that does not parse: what `./build.sh serve` minifies.
const SCRIPT = `// A comment the minified script drops.\nexport function sum(first, second) {\n  const total = first + second;\n  return total;\n}\n`;
writeFileSync(join(root, 'app.js'), SCRIPT);
writeFileSync(join(root, 'style.css'), 'body {\n  color: #000000;\n}\n');
writeFileSync(join(root, 'broken.js'), 'export function (');
// A large compressible file, to time cold concurrent requests.
const big = Buffer.concat(Array.from({ length: 64 }, () => Buffer.from(randomBytes(32 * 1024).toString('hex'))));
writeFileSync(join(root, 'big.wasm'), big);

let passed = 0;
let failed = 0;
async function check(name, body) {
  try {
    const detail = await body();
    passed++;
    console.log(`ok   ${name}${detail ? ` (${detail})` : ''}`);
  } catch (error) {
    failed++;
    console.log(`FAIL ${name}: ${error.message}`);
  }
}
function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/** One raw request: the path is sent exactly as given (no normalisation by a URL class). */
function get(port, path, { method = 'GET', headers = {} } = {}) {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers: { Host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', fail);
    req.end();
  });
}

const server = await startServer({ port: 0, root });
const port = Number(new URL(server.url).port);
try {
  await check('the page: 200 with CSP, nosniff, Referrer-Policy, no-cache and an ETag; 304 when unchanged', async () => {
    const page = await get(port, '/');
    assert(page.status === 200 && page.body.toString().includes('<title>'), `status ${page.status}`);
    assert(/script-src 'self' 'wasm-unsafe-eval'/.test(page.headers['content-security-policy'] ?? ''), 'no CSP');
    assert(page.headers['x-content-type-options'] === 'nosniff', 'no nosniff');
    assert(page.headers['referrer-policy'] === 'no-referrer', 'no Referrer-Policy');
    assert(page.headers['cross-origin-opener-policy'] === 'same-origin' && page.headers['cross-origin-embedder-policy'] === 'require-corp', 'not cross-origin isolated');
    assert(page.headers['cache-control'] === 'no-cache', `Cache-Control ${page.headers['cache-control']}`);
    assert(page.headers.etag, 'no ETag');
    const again = await get(port, '/index.html', { headers: { 'If-None-Match': page.headers.etag } });
    assert(again.status === 304 && again.body.length === 0, `revalidation gave ${again.status}`);
    return `ETag ${page.headers.etag}`;
  });

  await check('HEAD: the headers without a body; a symlink inside the root is served', async () => {
    const head = await get(port, '/sub/page.txt', { method: 'HEAD' });
    assert(head.status === 200 && head.body.length === 0 && head.headers['content-length'] === '6', `HEAD ${head.status}`);
    const alias = await get(port, '/alias.txt');
    assert(alias.status === 200 && alias.body.toString() === 'inside', `alias ${alias.status}`);
  });

  const refusedPaths = [
    '/../outside/secret.txt', '/../../../../etc/passwd', '/..%2foutside%2fsecret.txt', '/%2e%2e/outside/secret.txt',
    '/%2e%2e%2foutside%2fsecret.txt', '/sub/..%2f..%2foutside/secret.txt', '/sub/%2E%2E/%2E%2E/outside/secret.txt',
    '/..\\outside\\secret.txt', '/%2e%2e%5coutside%5csecret.txt', '/%252e%252e/outside/secret.txt', '//etc/passwd',
    '/%00', '/index.html%00.txt', '/%E0%A4%A', '/%', 'http://127.0.0.1/../outside/secret.txt', '/etc/passwd',
    '/leak.txt', '/passwd.txt', '/linked/secret.txt', '/linked/', '/.env', '/.git/config', '/.git/', '/sub/.hidden',
    '/%2eenv', '/sub/%2ehidden', '/./.env', '/sub', '/nothing-here',
  ];
  await check(`${refusedPaths.length} traversal spellings, symlinks out, dot-files: refused, the secret never sent`, async () => {
    for (const path of refusedPaths) {
      const answer = await get(port, path);
      const leaked = answer.body.toString().includes(SECRET) || answer.body.toString().includes('root:');
      assert(answer.status >= 400 && !leaked, `${path} → ${answer.status}${leaked ? ' with the secret' : ''}`);
    }
    return 'all 4xx';
  });

  await check('POST, PUT, DELETE, TRACE, PROPFIND, OPTIONS, PATCH: 405 with Allow: GET, HEAD', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'TRACE', 'PROPFIND', 'OPTIONS', 'PATCH']) {
      const answer = await get(port, '/index.html', { method });
      assert(answer.status === 405 && answer.headers.allow === 'GET, HEAD', `${method} → ${answer.status}`);
      assert(!answer.body.toString().includes('<title>'), `${method} got the file`);
    }
  });

  await check('a Host other than the server’s own address: refused', async () => {
    for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1.evil.example:${port}`, '127.0.0.1:1', `localhost.:${port}`]) {
      const answer = await get(port, '/', { headers: { Host: host } });
      assert(answer.status === 421 && !answer.body.toString().includes('<title>'), `Host "${host}" → ${answer.status}`);
    }
    const local = await get(port, '/', { headers: { Host: `localhost:${port}` } });
    assert(local.status === 200, `localhost → ${local.status}`);
  });

  await check('30 concurrent cold gzip requests for a 4 MB file: one body for all, the page answers meanwhile', async () => {
    const started = performance.now();
    const bigs = Array.from({ length: 30 }, () => get(port, '/big.wasm', { headers: { 'Accept-Encoding': 'gzip' } }));
    const pageStarted = performance.now();
    const page = await get(port, '/index.html', { headers: { 'Accept-Encoding': 'gzip' } });
    const pageMs = performance.now() - pageStarted;
    const answers = await Promise.all(bigs);
    const allMs = performance.now() - started;
    assert(page.status === 200, `page ${page.status}`);
    assert(answers.every((a) => a.status === 200 && a.headers['content-encoding'] === 'gzip'), 'a big answer failed');
    assert(gunzipSync(answers[0].body).equals(big), 'the gzipped body is not the file');
    assert(new Set(answers.map((a) => a.headers.etag)).size === 1, 'different ETags');
    assert(pageMs < 500, `the page took ${pageMs.toFixed(0)} ms`);
    return `page ${pageMs.toFixed(0)} ms, all 30 in ${allMs.toFixed(0)} ms`;
  });
  await check('scripts as written unless asked; minified (as `./build.sh serve` sends them) when asked', async () => {
    const asWritten = await get(port, '/app.js');
    assert(asWritten.body.toString() === SCRIPT, 'the test servers changed a script');
    const minifiedServer = await startServer({ port: 0, root, minified: true });
    try {
      const minifiedPort = Number(new URL(minifiedServer.url).port);
      const script = await get(minifiedPort, '/app.js');
      const text = script.body.toString();
      assert(script.status === 200 && /javascript/.test(script.headers['content-type']), `app.js: ${script.status}`);
      assert(!text.includes('comment') && text.length < SCRIPT.length, `not minified: ${text}`);
      const sum = await import(`data:text/javascript,${encodeURIComponent(text)}`);
      assert(sum.sum(2, 3) === 5, 'the minified script computes something else');
      const style = (await get(minifiedPort, '/style.css')).body.toString();
      assert(style.trim() === 'body{color:#000}', `style.css: ${style}`);
      const broken = await get(minifiedPort, '/broken.js');
      assert(broken.status === 500 && broken.body.length > 0, `a script that does not parse: ${broken.status}`);
      const page = await get(minifiedPort, '/');
      assert(page.status === 200, 'the page is not served after a broken script');
      return `${SCRIPT.length} → ${text.length} bytes`;
    } finally {
      await minifiedServer.close();
    }
  });
} finally {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
console.log(`\nserver: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
