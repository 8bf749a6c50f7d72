// The benchmark page's server: the repository's files, with the two headers that make a page
// cross-origin isolated. Isolation is what lets Chromium give `performance.now()` 5 µs resolution
// instead of 100 µs, and what lets TensorFlow.js use SharedArrayBuffer for its threaded backend.
// (tools/serve.mjs serves the real page as users get it, without these headers.)
//
//   node bench/server.mjs    from the repository root, then open the printed URL to watch the
//                            benchmark run in your own browser (results in the console)

import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.safetensors': 'application/octet-stream',
};

const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * Serves `root` on 127.0.0.1 at a free port, cross-origin isolated, uncompressed, uncached.
 * @returns {Promise<{url: string, close: () => Promise<void>}>}
 */
export async function startIsolatedServer(root) {
  const base = resolve(root);
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
    const file = normalize(join(base, path));
    if (!file.startsWith(base + sep)) return reply(response, 403, 'text/plain', 'forbidden');
    try {
      const body = await readFile(file);
      reply(response, 200, MIME_TYPES[extname(file)] ?? 'application/octet-stream', body);
    } catch {
      reply(response, 404, 'text/plain', `not found: ${path}`);
    }
  });
  await new Promise((ready) => server.listen(0, '127.0.0.1', ready));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((done) => server.close(done)),
  };
}

function reply(response, status, type, body) {
  response.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...ISOLATION_HEADERS });
  response.end(body);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { url } = await startIsolatedServer('.');
  console.log(`Benchmark page: ${url}bench/index.html (Ctrl-C stops)`);
}
