// A small static file server for www/: the right MIME type for .wasm (so the browser can compile
// while it downloads), gzip when the browser asks for it, and no caching (a rebuild is seen at once).
//
//   node tools/serve.mjs [--port 8080] [--root www]
//
// Also imported by the end-to-end tests and the benchmark: `startServer({port, root})`.

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.safetensors': 'application/octet-stream',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves `root` on 127.0.0.1:`port` (0 picks a free port).
 * @returns {Promise<{url: string, close: () => Promise<void>}>}
 */
export async function startServer({ port = 8080, root = 'www' } = {}) {
  const base = resolve(root);
  const server = createServer(async (request, response) => {
    try {
      const path = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
      let file = normalize(join(base, path));
      if (file !== base && !file.startsWith(base + sep)) {
        return send(response, 403, 'text/plain', 'forbidden');
      }
      if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, 'index.html');
      const info = await stat(file).catch(() => null);
      if (info === null) return send(response, 404, 'text/plain', `not found: ${path}`);
      const type = MIME_TYPES[extname(file)] ?? 'application/octet-stream';
      const gzip = /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
      const body = await contents(file, info.mtimeMs, gzip);
      send(response, 200, type, body, gzip ? { 'Content-Encoding': 'gzip' } : {});
    } catch (error) {
      send(response, 500, 'text/plain', String(error));
    }
  });
  await new Promise((ready) => server.listen(port, '127.0.0.1', ready));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((done) => server.close(done)),
  };
}

/** File contents, gzipped if asked, cached until the file changes (gzip -9 of the wasm takes a while). */
const cache = new Map();
async function contents(file, modified, gzip) {
  const key = `${file}|${gzip}`;
  const hit = cache.get(key);
  if (hit?.modified === modified) return hit.body;
  const raw = await readFile(file);
  const body = gzip ? gzipSync(raw, { level: 9 }) : raw;
  cache.set(key, { modified, body });
  return body;
}

function send(response, status, type, body, headers = {}) {
  response.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...headers });
  response.end(body);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const option = (name, fallback) => {
    const index = process.argv.indexOf(`--${name}`);
    return index > 0 ? process.argv[index + 1] : fallback;
  };
  const { url } = await startServer({ port: Number(option('port', 8080)), root: option('root', 'www') });
  console.log(`Serving ${option('root', 'www')}/ at ${url} (Ctrl-C stops)`);
}
