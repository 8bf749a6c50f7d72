// The native figures: criterion's results of `cargo bench --bench engine` (benches/engine.rs),
// read from target/criterion/<name>/new/. This script runs nothing native itself.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { summarize } from './stats.js';

/** The benchmarks of benches/engine.rs, in the order of the report, with what each measures. */
export const NATIVE_BENCHMARKS = [
  ['decode', 'decode of one point (mnist-2d)'],
  ['decode_batch_400', 'decodeBatch of the 20×20 grid (400 points)'],
  ['decode_int8', 'decode of one point, int8 decoder, plain-Rust reference kernel (logits)'],
  ['decode_batch_400_int8', 'the 20×20 grid, int8 decoder, reference kernel (logits)'],
  ['encode', 'encode of one digit'],
  ['sample_16', 'sample of 16'],
  ['preprocess_strokes_280', 'preprocessing of the 280×280 drawing'],
  ['train_step_128', 'one training step, batch 128, 784-512-2 (Adam)'],
];

/**
 * Each benchmark's time per iteration in microseconds: criterion's median estimate, and the
 * median and p10–p90 over its samples (each sample's total time divided by its iterations).
 * `null` for a benchmark without results.
 */
export function readNativeResults(criterionDir = 'target/criterion') {
  return NATIVE_BENCHMARKS.map(([name, description]) => {
    const dir = `${criterionDir}/${name}/new`;
    if (!existsSync(`${dir}/estimates.json`) || !existsSync(`${dir}/sample.json`)) return { name, description, result: null };
    const estimates = JSON.parse(readFileSync(`${dir}/estimates.json`, 'utf8'));
    const sample = JSON.parse(readFileSync(`${dir}/sample.json`, 'utf8'));
    const perIterationUs = sample.times.map((ns, i) => ns / sample.iters[i] / 1000);
    return {
      name,
      description,
      result: {
        estimateUs: estimates.median.point_estimate / 1000,
        samples: summarize(perIterationUs),
        measuredAt: statSync(`${dir}/estimates.json`).mtime,
      },
    };
  });
}
