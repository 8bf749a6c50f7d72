// The service worker of the published page (`./build.sh dist`): it keeps the page working offline
// and never mixes two versions of it.
//
// Each version is a set of caches named after it. Installing, a version stores its shell (the page,
// its scripts and styles, the module with the default model inside: the build this browser runs), listed with the version in
// sw-precache.js, which `tools/offline.mjs` writes; any change to the published files changes that
// list, so the browser finds a new version. A tab keeps the files of the version it opened with:
// this worker answers only from its own caches and the network, and a newer version waits until the
// person accepts it (the page sends `skip-waiting`), which reloads the page on the new files. Other
// files (models, judges, the test images, the training data) are cached by this version when first
// fetched; their names carry a hash of their content, so a version never takes another's. Offline,
// a file this version does not have is a 503 whose `X-Offline` header says why.

importScripts('sw-precache.js');

/** `{version, shell: [path, …], runtime: [pattern, …]}` from sw-precache.js. */
const { version: VERSION, shell: SHELL_FILES, runtime: RUNTIME_PATTERNS } = self.PRECACHE;
const SHELL = `vae-playground-${VERSION}-shell`;
const RUNTIME = `vae-playground-${VERSION}-runtime`;
const OWN = [SHELL, RUNTIME];
const runtimePatterns = RUNTIME_PATTERNS.map((source) => new RegExp(source));

/** A path of the published folder as a URL of this worker's scope. */
const scoped = (path) => new URL(path, self.registration.scope).href;

/** The module's two builds: the page runs the relaxed-SIMD one where the browser has it
 *  (www/js/engine/features.js), so this worker stores that one only. */
const PLAIN_MODULE = 'pkg/vae_playground_bg.wasm';
const RELAXED_MODULE = 'pkg/relaxed/vae_playground_bg.wasm';

/** Whether this browser validates relaxed SIMD: the same tiny module as features.js's, `(func (result
 *  v128) (f32x4.relaxed_madd (v128.const 0) (v128.const 0) (v128.const 0)))`. */
function hasRelaxedSimd() {
  const zero = [0xfd, 0x0c, ...new Array(16).fill(0)];
  const body = [0x00, ...zero, ...zero, ...zero, 0xfd, 0x85, 0x02, 0x0b];
  const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, 0x03, 0x02, 0x01, 0x00];
  return WebAssembly.validate(new Uint8Array([...header, 0x0a, body.length + 2, 0x01, body.length, ...body]));
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL);
      const unused = hasRelaxedSimd() ? PLAIN_MODULE : RELAXED_MODULE;
      // From the network, never from the browser's HTTP cache: the files of exactly this version.
      await cache.addAll(SHELL_FILES.filter((path) => path !== unused).map((path) => new Request(scoped(path), { cache: 'reload' })));
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      const first = !names.some((name) => name.startsWith('vae-playground-') && !OWN.includes(name));
      // The versions before this one: no tab uses them once this one is active.
      await Promise.all(names.filter((name) => name.startsWith('vae-playground-') && !OWN.includes(name)).map((name) => caches.delete(name)));
      // The first version takes the open tab at once, so that "Save offline" goes through it.
      if (first) await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  if (event.data?.type === 'skip-waiting') self.skipWaiting();
  if (event.data?.type === 'version') event.source?.postMessage({ type: 'version', version: VERSION });
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || !url.href.startsWith(self.registration.scope)) return;
  event.respondWith(answer(request, url));
});

/** This version's file for `request`: its shell, its runtime cache, or the network (then kept). */
async function answer(request, url) {
  const path = url.pathname.slice(new URL(self.registration.scope).pathname.length);
  // A page (the address itself, with any fragment) is the shell's index.html or embed.html.
  const page = request.mode === 'navigate' ? (path.endsWith('embed.html') ? 'embed.html' : 'index.html') : null;
  const shell = await caches.open(SHELL);
  const hit = await shell.match(page ? scoped(page) : request, { ignoreSearch: Boolean(page) });
  if (hit) return hit;
  const runtime = await caches.open(RUNTIME);
  const kept = await runtime.match(request);
  if (kept) return kept;
  try {
    const response = await fetch(request);
    if (response.ok && runtimePatterns.some((pattern) => pattern.test(path))) await runtime.put(request, response.clone());
    return response;
  } catch {
    return new Response(`This file is not available offline in version ${VERSION}: ${path}`, {
      status: 503,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Offline': '1' },
    });
  }
}
