// The page's scripts and styles minified and its JSON compacted, as a host should send them: used by
// the published folder (tools/dist.mjs) and by `./build.sh serve` (tools/serve.mjs), so that the
// demo sends the bytes a visitor of the published page gets. esbuild is installed by
// `./build.sh dist` and `./build.sh serve` (tools/dist/package.json).

import { createRequire } from 'node:module';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
let esbuild = null;

/** Whether `minify` changes a file of this name. */
export function minifies(path) {
  return ['.js', '.mjs', '.css', '.json', '.webmanifest'].includes(extname(path));
}

/**
 * `source` (a file's text) minified by its name's extension; any other file's text unchanged.
 * @param {string} path  the file's name or path
 * @param {string} source
 * @returns {Promise<string>}
 */
export async function minify(path, source) {
  const extension = extname(path);
  if (extension === '.json' || extension === '.webmanifest') return JSON.stringify(JSON.parse(source));
  if (extension !== '.js' && extension !== '.mjs' && extension !== '.css') return source;
  esbuild ??= createRequire(join(ROOT, 'tools/dist/package.json'))('esbuild');
  const options = extension === '.css'
    ? { loader: 'css', minify: true }
    : { loader: 'js', format: 'esm', minify: true, target: 'es2022', legalComments: 'none' };
  return (await esbuild.transform(source, options)).code;
}
