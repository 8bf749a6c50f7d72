// The page's scripts and styles minified and its JSON compacted, as a host should send them: used by
// the published folder (tools/dist.mjs) and by `./build.sh serve` (tools/serve.mjs), so that the
// demo sends the bytes a visitor of the published page gets. esbuild is installed by
// `./build.sh dist` and `./build.sh serve` (tools/dist/package.json).

import { createRequire } from 'node:module';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
let esbuild = null;

/** esbuild's transform of `source` with `options`, esbuild loaded on first use. */
async function transform(source, options) {
  esbuild ??= createRequire(join(ROOT, 'tools/dist/package.json'))('esbuild');
  return (await esbuild.transform(source, options)).code;
}

const script = (source) => transform(source, { loader: 'js', format: 'esm', minify: true, target: 'es2022', legalComments: 'none' });
const style = (source) => transform(source, { loader: 'css', minify: true });
const json = async (source) => JSON.stringify(JSON.parse(source));

/** Each extension's minifier: a file of any other kind is sent as it is. */
const MINIFIERS = { '.js': script, '.mjs': script, '.css': style, '.json': json, '.webmanifest': json };

/** Whether `minify` changes a file of this name. */
export function minifies(path) {
  return extname(path) in MINIFIERS;
}

/**
 * `source` (a file's text) minified by its name's extension; any other file's text unchanged.
 * @param {string} path  the file's name or path
 * @param {string} source
 * @returns {Promise<string>}
 */
export async function minify(path, source) {
  const minifier = MINIFIERS[extname(path)];
  return minifier ? minifier(source) : source;
}
