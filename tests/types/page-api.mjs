// The page uses the module only through the package's documented API: every export the page's
// scripts take from `vae_playground.js`, and every member they call on its `VaeModel`, is named in
// the package's README (tools/pack/README.md). Fails naming what the page uses undocumented.
//
// What counts as a use: the names of a static import (the default export is `init`); `ns.name`
// where `ns` is a namespace import or `glue` (engine.js's binding of the dynamically imported
// module); `inner.name` and `#inner.name` (engine.js's `VaeModel` handle); `VaeModel.name` and
// `Judge.name` (their static functions).
//
//   node tests/types/page-api.mjs      (exits non-zero on an undocumented use; PACKAGE_README=path
//                                      checks another README)

import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const MODULE = /vae_playground\.js/;

async function* scripts(folder) {
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* scripts(path);
    else if (entry.name.endsWith('.js')) yield path;
  }
}

/** The module's names that `source` uses. */
function usedNames(source) {
  const names = new Set();
  const namespaces = ['glue'];
  for (const [, clause, from] of source.matchAll(/import\s+([^;]+?)\s+from\s+['"]([^'"]+)['"]/g)) {
    if (!MODULE.test(from)) continue;
    const [, defaultName] = clause.match(/^(\w+)\s*(,|$)/) ?? [];
    if (defaultName) names.add('init');
    for (const [, name] of clause.match(/\{([^}]*)\}/)?.[1].matchAll(/(\w+)(\s+as\s+\w+)?/g) ?? []) names.add(name);
    const namespace = clause.match(/\*\s+as\s+(\w+)/)?.[1];
    if (namespace) namespaces.push(namespace);
  }
  for (const holder of [...namespaces, '#?inner', 'VaeModel', 'Judge']) {
    for (const [, name] of source.matchAll(new RegExp(`(?<!\\w)${holder}\\.(\\w+)`, 'g'))) names.add(name === 'default' ? 'init' : name);
  }
  return names;
}

// The README's code, fenced and inline: a name documented is one shown there, not a word in prose.
const readme = await readFile(process.env.PACKAGE_README ?? join(ROOT, 'tools/pack/README.md'), 'utf8');
const code = readme.split('```').map((part, i) => (i % 2 === 1 ? part : part.match(/`[^`]+`/g)?.join(' ') ?? '')).join('\n');
const documented = (name) => new RegExp(`\\b${name}\\b`).test(code);
const uses = new Map(); // name → files
for await (const path of scripts(join(ROOT, 'www/js'))) {
  const source = await readFile(path, 'utf8');
  if (!MODULE.test(source)) continue;
  for (const name of usedNames(source)) uses.set(name, [...(uses.get(name) ?? []), relative(ROOT, path)]);
}
const undocumented = [...uses].filter(([name]) => !documented(name));
for (const [name, files] of undocumented) console.log(`FAIL \`${name}\` (used by ${files.join(', ')}) is not in tools/pack/README.md`);
if (uses.size === 0) console.log('FAIL the page uses nothing of the module: is the scan broken?');
console.log(
  undocumented.length === 0 && uses.size > 0
    ? `ok   the page uses ${uses.size} names of the module, each documented in tools/pack/README.md: ${[...uses.keys()].sort().join(', ')}`
    : `\n${undocumented.length} undocumented`,
);
process.exit(undocumented.length === 0 && uses.size > 0 ? 0 : 1);
