// Puts the shipped models next to the wasm module and describes them in one small file, so that
// the page can list every model (and say how much each one downloads) before fetching any of them.
//
//   node tools/models-manifest.mjs [--models models] [--out www/pkg]
//
// Writes `<out>/models/<name>.safetensors` (a copy of each `models/*.safetensors`, with its
// `<name>.report.json` if there is one) and
// `<out>/models/manifest.json`:
//   {module: {file, bytes}, models: [{name, file, bytes, gzipBytes, dataset, latentDim, hidden, likelihood, testLoss, report}],
//    judges: [{name, file, bytes, gzipBytes, dataset, testAccuracy}],   (models/judges/: the classifiers
//            that read decoded images, fetched only by the views that quote their figures)
//    data: [{dataset, file, bytes, gzipBytes, count}],   (data: the atlases' test images, if built)
//    training: [{dataset, train: {file, bytes, gzipBytes, count}, test: {…}}],   (the Train view's
//            data: MNIST's digits, a part of Fashion-MNIST; each only if built)
//    relaxedModule: {file, bytes, gzipBytes} | null}   (the module's relaxed-SIMD build)
// `bytes` are what the browser's stream counts (the body after gzip is undone): the total for the
// progress bar. Run by `./build.sh build` after wasm-pack.

import { copyFile, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';

/**
 * The `__metadata__` of a safetensors file: 8 bytes of little-endian header length, then JSON.
 * @param {Buffer} bytes
 * @returns {Record<string, string>}
 */
export function safetensorsMetadata(bytes) {
  if (bytes.length < 8) throw new Error('too short for a safetensors file');
  const length = Number(bytes.readBigUInt64LE(0));
  if (length > bytes.length - 8) throw new Error(`header of ${length} bytes runs past the end`);
  return JSON.parse(bytes.subarray(8, 8 + length).toString('utf8')).__metadata__ ?? {};
}

const json = (text) => (text === undefined ? null : JSON.parse(text));

async function main() {
  const { values } = parseArgs({ options: { models: { type: 'string', default: 'models' }, out: { type: 'string', default: 'www/pkg' } } });
  const modelsDir = resolve(values.models);
  const outDir = resolve(values.out, 'models');
  await mkdir(outDir, { recursive: true });
  const files = (await readdir(modelsDir)).filter((f) => f.endsWith('.safetensors')).sort();
  const models = [];
  for (const file of files) {
    const bytes = await readFile(join(modelsDir, file));
    const metadata = safetensorsMetadata(bytes);
    const config = json(metadata.config);
    const testLoss = json(metadata.test_loss);
    await copyFile(join(modelsDir, file), join(outDir, file));
    // Its training report (reconstruction and KL per epoch), drawn by "About this model" when opened.
    const report = `${basename(file, '.safetensors')}.report.json`;
    const hasReport = await stat(join(modelsDir, report)).then(() => true, () => false);
    if (hasReport) await copyFile(join(modelsDir, report), join(outDir, report));
    models.push({
      name: metadata.name ?? basename(file, '.safetensors'),
      file: `models/${file}`,
      bytes: bytes.length,
      gzipBytes: gzipSync(bytes, { level: 9 }).length,
      dataset: metadata.dataset ?? null,
      latentDim: config?.latent_dim ?? null,
      // Its widths and likelihood: the Train view shows the shape a fine-tuned copy keeps.
      hidden: config?.encoder_hidden ?? null,
      likelihood: config?.likelihood ?? null,
      testLoss: testLoss?.total ?? null,
      report: hasReport ? `models/${report}` : null,
    });
  }
  // The judges (train --classify), in models/judges/.
  const judgesDir = join(modelsDir, 'judges');
  const judgeFiles = (await readdir(judgesDir).catch(() => [])).filter((f) => f.endsWith('.safetensors')).sort();
  const judges = [];
  if (judgeFiles.length > 0) await mkdir(join(outDir, 'judges'), { recursive: true });
  for (const file of judgeFiles) {
    const bytes = await readFile(join(judgesDir, file));
    const metadata = safetensorsMetadata(bytes);
    await copyFile(join(judgesDir, file), join(outDir, 'judges', file));
    judges.push({
      name: metadata.name ?? basename(file, '.safetensors'),
      file: `models/judges/${file}`,
      bytes: bytes.length,
      gzipBytes: gzipSync(bytes, { level: 9 }).length,
      dataset: metadata.dataset ?? null,
      testAccuracy: json(metadata.test_accuracy)?.accuracy ?? null,
    });
  }
  // The test images of the atlases (bin/webdata.rs), fetched only when the page needs them.
  const dataDir = resolve(values.out, 'data');
  const dataFiles = (await readdir(dataDir).catch(() => [])).filter((f) => f.endsWith('-atlas.u8')).sort();
  const data = [];
  for (const file of dataFiles) {
    const bytes = await readFile(join(dataDir, file));
    data.push({
      dataset: file.replace(/-atlas\.u8$/, ''),
      file: `data/${file}`,
      bytes: bytes.length,
      gzipBytes: gzipSync(bytes, { level: 9 }).length,
      count: bytes.length / 785,
    });
  }
  // The Train view's data (bin/webdata.rs: mnist-train.u8, mnist-test.u8, fashion-mnist-…), if built.
  const describe = async (file) => {
    const bytes = await readFile(join(dataDir, file)).catch(() => null);
    if (!bytes) return null;
    return { file: `data/${file}`, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length, count: bytes.length / 785 };
  };
  const training = [];
  for (const dataset of ['mnist', 'fashion-mnist']) {
    const [train, test] = await Promise.all([describe(`${dataset}-train.u8`), describe(`${dataset}-test.u8`)]);
    if (train && test) training.push({ dataset, train, test });
  }
  const wasm = (await readdir(resolve(values.out))).find((f) => f.endsWith('_bg.wasm'));
  const module = wasm ? { file: wasm, bytes: (await stat(resolve(values.out, wasm))).size } : null;
  // The module's relaxed-SIMD build (./build.sh), which the page runs where the browser has it.
  const relaxed = await readFile(resolve(values.out, 'relaxed', wasm ?? '-')).catch(() => null);
  const relaxedModule = relaxed ? { file: `relaxed/${wasm}`, bytes: relaxed.length, gzipBytes: gzipSync(relaxed, { level: 9 }).length } : null;
  await writeFile(join(outDir, 'manifest.json'), `${JSON.stringify({ module, models, judges, data, training, relaxedModule }, null, 2)}\n`);
  console.log(`    ${models.length} models and ${judges.length} judges described in ${join(values.out, 'models/manifest.json')}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
