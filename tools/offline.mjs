// Makes a published folder work offline: lists its files for the service worker (www/sw.js) and for
// the page's "Save offline", under a version that is a hash of every file's content.
//
//   node tools/offline.mjs --root dist [--label "2026-12-07"]
//
// Writes `<root>/sw-precache.js` (`self.PRECACHE = {version, shell, runtime}`: the files the worker
// stores on install, and the patterns of those it stores when first fetched) and
// `<root>/offline.json` (`{version, label, shell: {files, bytes}, optional: [{path, bytes}]}`: what
// "Save offline" fetches, with sizes, so the page can say the total first). Run by
// tools/dist.mjs after the files are final.

import { createHash } from 'node:crypto';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';

/** Files cached when first used (and by "Save offline"), not on install. */
export const RUNTIME_PATTERNS = ['^pkg/models/(?!manifest\\.json$)', '^pkg/data/'];
/** The module's two builds, both in the shell's list: the worker stores the one its browser runs. */
const MODULE_BUILDS = ['pkg/vae_playground_bg.wasm', 'pkg/relaxed/vae_playground_bg.wasm'];
/** Files that are not the page's: the worker's own and the precompressed copies. */
const LEFT_OUT = [/^sw\.js$/, /^sw-precache\.js$/, /\.(gz|br)$/, /\.map$/];

async function* walk(root, dir = root) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(root, path);
    else if (entry.isFile()) yield relative(root, path).split(sep).join('/');
  }
}

/**
 * Lists `root`'s files and writes sw-precache.js and offline.json.
 * @returns {Promise<{version: string, shellBytes: number, optionalBytes: number}>}
 */
export async function writeOfflineFiles(root, label = '') {
  const files = [];
  for await (const path of walk(root)) if (!LEFT_OUT.some((pattern) => pattern.test(path)) && path !== 'offline.json') files.push(path);
  files.sort();
  const runtime = RUNTIME_PATTERNS.map((source) => new RegExp(source));
  const hash = createHash('sha256');
  const shell = [];
  const optional = [];
  let shellBytes = 0;
  let moduleBytes = 0; // the larger of the module's two builds: a browser stores one (www/sw.js)
  for (const path of files) {
    const bytes = await readFile(join(root, path));
    hash.update(path).update('\0').update(bytes);
    if (runtime.some((pattern) => pattern.test(path))) optional.push({ path, bytes: bytes.length });
    else {
      shell.push(path);
      if (MODULE_BUILDS.includes(path)) moduleBytes = Math.max(moduleBytes, bytes.length);
      else shellBytes += bytes.length;
    }
  }
  shellBytes += moduleBytes;
  hash.update(label);
  const version = hash.digest('hex').slice(0, 16);
  shell.push('offline.json');
  const offline = { version, label, shell: { files: shell.length, bytes: shellBytes }, optional };
  await writeFile(join(root, 'offline.json'), `${JSON.stringify(offline, null, 2)}\n`);
  const precache = { version, shell, runtime: RUNTIME_PATTERNS };
  await writeFile(join(root, 'sw-precache.js'), `// Written by tools/offline.mjs: the files of version ${version} (www/sw.js reads it).\nself.PRECACHE = ${JSON.stringify(precache, null, 2)};\n`);
  const optionalBytes = optional.reduce((sum, f) => sum + f.bytes, 0);
  return { version, shellBytes, optionalBytes, shellFiles: shell.length };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { root: { type: 'string', default: 'dist' }, label: { type: 'string', default: '' } } });
  const root = resolve(values.root);
  if (!(await stat(root).catch(() => null))?.isDirectory()) throw new Error(`${root} is not a folder`);
  const made = await writeOfflineFiles(root, values.label);
  console.log(`    version ${made.version}: ${made.shellFiles} files (${(made.shellBytes / 1e6).toFixed(1)} MB) stored on install, ${(made.optionalBytes / 1e6).toFixed(1)} MB more for offline use`);
}
