// A small static file server for www/: the right MIME type for .wasm (so the browser can compile
// while it downloads), gzip when the browser asks for it, and revalidation (no-cache with an ETag,
// 304 when unchanged) so that a rebuild is seen at once and an unchanged file is not sent again.
//
// Hardened for a visitor who is not friendly: only GET and HEAD (405 otherwise); only regular files
// whose real path lies inside the root (no symlink out, no dot-file, no directory listing); the Host
// header must name this server (against DNS rebinding); every answer carries Content-Security-Policy,
// X-Content-Type-Options and Referrer-Policy, and the page is cross-origin isolated (COOP and COEP). No page may be shown in another site's frame
// (frame-ancestors 'none') but embed.html: the page itself (index.html) at the address an embed link
// uses (`embed.html#embed=pad`), which any page may frame. Each file is read and gzipped once per change, however
// many requests arrive together, and off the event loop. From the command line it sends scripts
// and styles minified, as the published folder holds them (tools/minify.mjs): the demo's first
// screen weighs what a visitor's does. `--sources` sends every file as it is, for reading in the
// browser's developer tools.
//
//   node tools/serve.mjs [--port 8080] [--root www] [--sources]
//
// Also imported by the end-to-end tests and the benchmark: `startServer({port, root, minified})`
// (sources as they are unless `minified`).

import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { minifies, minify } from './minify.mjs';

const gzip = promisify(gzipCallback);

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
  '.bin': 'application/octet-stream',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** The page's policy (as its meta tag), plus what only a header can say (frame-ancestors). */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "worker-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The same policy for the embeddable address: any page may frame it. */
export const EMBED_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace("frame-ancestors 'none'", 'frame-ancestors *');

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  // Cross-origin isolated (every file is this server's own): the page may share memory with its
  // decode worker (www/js/engine/shared-decode.js), so a batch is decoded on two threads.
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** Types worth compressing (the wasm and the weights files compress by about 15 %). */
const COMPRESSIBLE = /^(text\/|application\/(json|wasm|octet-stream)|image\/svg)/;

/**
 * Serves `root` on 127.0.0.1:`port` (0 picks a free port).
 * @returns {Promise<{url: string, close: () => Promise<void>}>}
 */
export async function startServer({ port = 8080, root = 'www', minified = false } = {}) {
  const base = await realpath(root);
  const cache = new Map();
  let hosts = new Set();
  const server = createServer(async (request, response) => {
    try {
      if (!hosts.has(String(request.headers.host ?? '').toLowerCase())) {
        return send(response, 421, 'this server answers only to its own address');
      }
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        return send(response, 405, `${request.method} is not allowed`, { Allow: 'GET, HEAD' });
      }
      // embed.html is index.html, at an address a frame may show (unless the root has its own).
      const embedded = pathOf(request.url) === '/embed.html';
      const file = (await resolveFile(base, request.url)) ?? (embedded ? await resolveFile(base, '/index.html') : null);
      if (file === null) return send(response, 404, 'not found');
      const gzipped = /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
      const entry = await cached(cache, file.path, file.info, gzipped, minified);
      const headers = {
        'Content-Type': entry.type,
        'Cache-Control': 'no-cache',
        ETag: entry.etag,
        Vary: 'Accept-Encoding',
        ...(entry.gzipped ? { 'Content-Encoding': 'gzip' } : {}),
        ...(embedded ? { 'Content-Security-Policy': EMBED_CONTENT_SECURITY_POLICY } : {}),
      };
      if (request.headers['if-none-match'] === entry.etag) return send(response, 304, null, headers);
      send(response, 200, request.method === 'HEAD' ? null : entry.body, { ...headers, 'Content-Length': entry.body.length });
    } catch (error) {
      send(response, 500, String(error?.message ?? error));
    }
  });
  await new Promise((ready) => server.listen(port, '127.0.0.1', ready));
  const actual = server.address().port;
  hosts = new Set([`127.0.0.1:${actual}`, `localhost:${actual}`]);
  return {
    url: `http://127.0.0.1:${actual}/`,
    close: () => new Promise((done) => server.close(done)),
  };
}

/** The decoded path of a request's URL, or null if it cannot be read. */
function pathOf(url) {
  try {
    return decodeURIComponent(new URL(url, 'http://server').pathname);
  } catch {
    return null;
  }
}

/**
 * The regular file a request names, or null: a path with no dot-segment or dot-file, whose real
 * path (symlinks followed) lies inside `base`; a directory means its index.html.
 * @returns {Promise<{path: string, info: import('node:fs').Stats} | null>}
 */
async function resolveFile(base, url) {
  let path;
  try {
    path = decodeURIComponent(new URL(url, 'http://server').pathname);
  } catch {
    return null; // malformed percent-encoding
  }
  const segments = path.split(/[/\\]/).filter((s) => s !== '');
  if (segments.some((s) => s.startsWith('.') || s.includes('\0'))) return null;
  let candidate = join(base, ...segments);
  if ((await stat(candidate).catch(() => null))?.isDirectory()) candidate = join(candidate, 'index.html');
  const real = await realpath(candidate).catch(() => null);
  if (real === null || (real !== base && !real.startsWith(base + sep))) return null;
  const info = await stat(real).catch(() => null);
  return info?.isFile() ? { path: real, info } : null;
}

/**
 * A file's body (gzipped if asked and worth it), type and ETag, made once per change of the file:
 * concurrent requests share one read and one gzip.
 */
function cached(cache, file, info, gzipped, minified) {
  const type = MIME_TYPES[extname(file)] ?? 'application/octet-stream';
  const compress = gzipped && COMPRESSIBLE.test(type);
  const key = `${file}|${compress}`;
  const version = `${info.size}-${info.mtimeMs}`;
  const hit = cache.get(key);
  if (hit?.version === version) return hit.entry;
  const entry = (async () => {
    const raw = await readFile(file);
    const sent = minified && minifies(file) ? Buffer.from(await minify(file, raw.toString('utf8'))) : raw;
    const body = compress ? await gzip(sent, { level: 9 }) : sent;
    const hash = createHash('sha256').update(raw).digest('base64url').slice(0, 22);
    return { type, body, gzipped: compress, etag: `"${hash}${compress ? '-gz' : ''}"` };
  })();
  cache.set(key, { version, entry });
  entry.catch(() => cache.delete(key));
  return entry;
}

function send(response, status, body, headers = {}) {
  const text = typeof body === 'string';
  response.writeHead(status, {
    ...SECURITY_HEADERS,
    ...(text ? { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } : {}),
    ...headers,
  });
  response.end(body ?? undefined);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const option = (name, fallback) => {
    const index = process.argv.indexOf(`--${name}`);
    return index > 0 ? process.argv[index + 1] : fallback;
  };
  const minified = !process.argv.includes('--sources');
  const { url } = await startServer({ port: Number(option('port', 8080)), root: option('root', 'www'), minified });
  const how = minified ? 'scripts and styles minified; --sources sends them as they are' : 'every file as it is';
  console.log(`Serving ${option('root', 'www')}/ at ${url} (${how}; Ctrl-C stops)`);
}
