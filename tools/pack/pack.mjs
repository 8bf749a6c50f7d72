// The npm package of the module: the wasm-pack build in www/pkg/ (./build.sh build) with a
// package.json of its own (version from Cargo.toml) and the README beside this file, packed by
// `npm pack` into target/pack/vae-playground-<version>.tgz. Only what a page needs goes in: the
// module's JavaScript, its types and the .wasm (the default model is compiled into it); the other
// models, the page and the test data stay out.
//
//   node tools/pack/pack.mjs      (what `./build.sh pack` runs after building; prints the tarball)
//
// Also imported by tests/e2e/package.mjs: `pack()`.

import { execFile } from 'node:child_process';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The files of the package besides package.json and README.md, which npm always includes. */
export const MODULE_FILES = ['vae_playground.js', 'vae_playground.d.ts', 'vae_playground_bg.wasm'];

/** The crate's version (semver), which the package shares. */
async function crateVersion() {
  const cargo = await readFile(join(ROOT, 'Cargo.toml'), 'utf8');
  const version = cargo.match(/^\[package\][^[]*?^version\s*=\s*"([^"]+)"/m)?.[1];
  if (!version || !/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) throw new Error(`no semver version in Cargo.toml's [package]: ${version}`);
  return version;
}

function packageJson(version) {
  return {
    name: 'vae-playground',
    version,
    description:
      'A variational autoencoder for the web page: encode 28×28 images, decode latent points, sample, read the ' +
      'loss terms. Rust compiled to WebAssembly, with the default MNIST model inside; no dependencies.',
    license: 'MIT',
    type: 'module',
    main: 'vae_playground.js',
    module: 'vae_playground.js',
    types: 'vae_playground.d.ts',
    exports: {
      '.': { types: './vae_playground.d.ts', default: './vae_playground.js' },
      // For pages and bundlers that serve the .wasm themselves (`init({module_or_path})`).
      './vae_playground_bg.wasm': './vae_playground_bg.wasm',
      './package.json': './package.json',
    },
    files: MODULE_FILES,
    sideEffects: false,
    keywords: ['vae', 'variational-autoencoder', 'generative-model', 'mnist', 'webassembly', 'wasm'],
  };
}

/**
 * Assembles the package from `pkg` (a wasm-pack build) and packs it into `out`.
 * @returns {Promise<{tarball: string, version: string, files: string[], bytes: number, unpackedBytes: number}>}
 */
export async function pack({ pkg = join(ROOT, 'www/pkg'), out = join(ROOT, 'target/pack') } = {}) {
  const version = await crateVersion();
  const staging = join(out, 'package');
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  for (const file of MODULE_FILES) {
    await copyFile(join(pkg, file), join(staging, file)).catch((error) => {
      throw new Error(`${join(pkg, file)} is missing: build the module first (./build.sh build): ${error.message}`);
    });
  }
  await copyFile(join(ROOT, 'tools/pack/README.md'), join(staging, 'README.md'));
  await writeFile(join(staging, 'package.json'), `${JSON.stringify(packageJson(version), null, 2)}\n`);
  const { stdout } = await promisify(execFile)('npm', ['pack', '--json', '--pack-destination', out], { cwd: staging });
  const [result] = JSON.parse(stdout);
  return {
    tarball: join(out, result.filename),
    version,
    files: result.files.map((f) => f.path).sort(),
    bytes: result.size,
    unpackedBytes: result.unpackedSize,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const packed = await pack();
  for (const file of packed.files) console.log(`    ${file}`);
  console.log(`${packed.tarball}: vae-playground ${packed.version}, ${packed.bytes} bytes (${packed.unpackedBytes} unpacked)`);
}
