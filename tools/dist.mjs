// Publishes the page as a static folder that works from any host and any sub-path:
//
//   node tools/dist.mjs [--out dist] [--www www] [--label TEXT]      (./build.sh dist builds first)
//
// - every file of www/ (after ./build.sh build), its scripts and styles minified (esbuild), its
//   JSON compacted; the generated TypeScript types left out;
// - the files fetched on demand (models, judges, their reports, the test images, the training
//   data, the training worker's module) renamed with a hash of their content, and the models'
//   manifest pointing at the new names: a cached copy can never be taken for another version's;
// - embed.html, the page at the address a frame may show (#embed=…), and index.html marked as the
//   published page (it registers the service worker, www/sw.js, and offers "Save offline");
// - sw-precache.js and offline.json (tools/offline.mjs): the version and what it holds;
// - a .gz and a .br beside every file worth compressing, for hosts that send them as they are.
//
// All addresses in the page are relative, so the folder works wherever it is put.

import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { writeOfflineFiles } from './offline.mjs';
import { minifies, minify } from './minify.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Files worth a precompressed copy. */
const COMPRESSIBLE = /\.(html|js|css|json|svg|wasm|safetensors|u8|webmanifest|txt)$/;

async function* walk(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield path;
  }
}

/** `file` renamed `name.<hash>.ext` (the hash of its bytes); returns the new name. */
async function hashName(file) {
  const bytes = await readFile(file);
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
  const ext = file.endsWith('.report.json') ? '.report.json' : extname(file);
  const hashed = join(dirname(file), `${basename(file, ext)}.${hash}${ext}`);
  await rename(file, hashed);
  return hashed;
}

/**
 * Builds the folder; returns what it made.
 * @returns {Promise<{out: string, files: number, bytes: number, version: string}>}
 */
export async function publish({ www = join(ROOT, 'www'), out = join(ROOT, 'dist'), label = '', precompress = true } = {}) {
  www = resolve(www);
  out = resolve(out);
  if (!(await stat(join(www, 'pkg/vae_playground_bg.wasm')).catch(() => null))) throw new Error(`${www}/pkg has no module: run ./build.sh build first`);
  await rm(out, { recursive: true, force: true });
  for await (const file of walk(www)) {
    const path = relative(www, file);
    if (path.endsWith('.d.ts') || basename(path).startsWith('.')) continue;
    await mkdir(dirname(join(out, path)), { recursive: true });
    await copyFile(file, join(out, path));
  }

  // Files fetched on demand get their content's hash in their name; the manifest follows.
  const pkg = join(out, 'pkg');
  const manifestPath = join(pkg, 'models/manifest.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
  const renamed = async (file) => (file ? relative(pkg, await hashName(join(pkg, file))).split(sep).join('/') : file);
  for (const model of manifest.models) {
    model.file = await renamed(model.file);
    model.report = await renamed(model.report);
  }
  for (const judge of manifest.judges ?? []) judge.file = await renamed(judge.file);
  for (const data of manifest.data ?? []) data.file = await renamed(data.file);
  for (const data of manifest.training ?? []) for (const part of ['train', 'test']) data[part].file = await renamed(data[part].file);
  // The module's two builds keep their names (the page picks one before reading the manifest): they
  // are the shell's, stored per version by the service worker.
  await writeFile(manifestPath, JSON.stringify(manifest));

  // Scripts and styles minified; JSON compacted.
  for await (const file of walk(out)) {
    if (minifies(file)) await writeFile(file, await minify(file, await readFile(file, 'utf8')));
  }

  // The published page registers the service worker; embed.html is the same page for frames.
  const index = await readFile(join(out, 'index.html'), 'utf8');
  const published = index.replace('<html lang="en">', '<html lang="en" data-published="true">');
  if (published === index) throw new Error('index.html has no <html lang="en"> to mark');
  await writeFile(join(out, 'index.html'), published);
  await writeFile(join(out, 'embed.html'), published);

  const offline = await writeOfflineFiles(out, label);

  let files = 0;
  let bytes = 0;
  for await (const file of walk(out)) {
    files++;
    const raw = await readFile(file);
    bytes += raw.length;
    if (!precompress || !COMPRESSIBLE.test(file) || raw.length < 1024) continue;
    await writeFile(`${file}.gz`, gzipSync(raw, { level: 9 }));
    await writeFile(`${file}.br`, brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }));
  }
  return { out, files, bytes, version: offline.version, shellBytes: offline.shellBytes, optionalBytes: offline.optionalBytes };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { out: { type: 'string', default: 'dist' }, www: { type: 'string', default: 'www' }, label: { type: 'string', default: '' } } });
  const made = await publish({ www: values.www, out: values.out, label: values.label });
  console.log(`    ${made.out}: ${made.files} files, ${(made.bytes / 1e6).toFixed(1)} MB (and their .gz and .br), version ${made.version}`);
  console.log(`    stored on first visit: ${(made.shellBytes / 1e6).toFixed(1)} MB; the rest, ${(made.optionalBytes / 1e6).toFixed(1)} MB, when first used or made available offline`);
}
