// The most work one call of preprocessStrokes can be asked for within the caps (100,000 points,
// the largest canvas, the widest line), timed in Node on the built module: issue 9's bar is that
// the worst case is refused or finishes within 100 ms. Prints one line per case (first call, then
// the best of three).
//
//   node bench/worst-stroke.mjs        (after ./build.sh build)

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '../www/pkg');
const glue = await import(join(pkg, 'vae_playground.js'));
glue.initSync({ module: readFileSync(join(pkg, 'vae_playground_bg.wasm')) });

/** `count` points on a Lissajous-like path filling a `side` × `side` canvas: (count · 2) floats. */
function scribble(count, side) {
  const points = new Float32Array(count * 2);
  for (let i = 0; i < count; i++) {
    points[2 * i] = (Math.sin(i * 0.37) * 0.5 + 0.5) * side;
    points[2 * i + 1] = (Math.cos(i * 0.11) * 0.5 + 0.5) * side;
  }
  return points;
}

const CASES = [
  [100_000, 280, 18, 'the pad, the page’s pen'],
  [100_000, 4096, 18, 'the largest canvas'],
  [100_000, 4096, 400, 'the largest canvas, the widest line'],
];
for (const [count, side, width, what] of CASES) {
  const points = scribble(count, side);
  const times = [];
  let outcome = 'done';
  for (let run = 0; run < 4; run++) {
    const started = performance.now();
    try {
      glue.preprocessStrokes(points, side, side, width);
    } catch (error) {
      outcome = `refused (${error.message})`;
    }
    times.push(performance.now() - started);
  }
  const best = Math.min(...times.slice(1));
  console.log(`${count} points, ${side} px canvas, line ${width} px (${what}): first ${times[0].toFixed(1)} ms, best ${best.toFixed(1)} ms, ${outcome}`);
}
