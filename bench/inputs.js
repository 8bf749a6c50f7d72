// The inputs the benchmark times over (never one input: a figure of one input says little): latent points drawn from the
// prior N(0, I) with a fixed seed, points along the map's background grid, views of that grid,
// and real MNIST test digits (the atlas' images that the page serves beside the module).

/** The page's map background is a GRID_SIDE × GRID_SIDE grid of decodes. */
export const GRID_SIDE = 20;

/** A small seeded generator (mulberry32): the same inputs on every run. */
function uniform(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` points z ~ N(0, I) of `latentDim` numbers (Box–Muller), each its own Float32Array.
 * @returns {Float32Array[]}
 */
export function priorPoints(count, latentDim, seed = 1) {
  const next = uniform(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  return Array.from({ length: count }, () => Float32Array.from({ length: latentDim }, normal));
}

/**
 * The map's grid of a view `[x0, x1] × [y0, y1]`, row after row from the top, as one
 * (GRID_SIDE² × latentDim) array; the other dimensions are 0.
 */
export function gridBatch(latentDim, [x0, x1], [y0, y1]) {
  const zs = new Float32Array(GRID_SIDE * GRID_SIDE * latentDim);
  for (let row = 0; row < GRID_SIDE; row++) {
    for (let col = 0; col < GRID_SIDE; col++) {
      const at = (row * GRID_SIDE + col) * latentDim;
      zs[at] = x0 + ((x1 - x0) * col) / (GRID_SIDE - 1);
      zs[at + 1] = y1 - ((y1 - y0) * row) / (GRID_SIDE - 1);
    }
  }
  return zs;
}

/** Views of the map a person sees: the home view, zoomed out, zoomed in, and panned. */
export const GRID_VIEWS = [
  [[-2, 2], [-2, 2]],
  [[-3, 3], [-3, 3]],
  [[-1, 1], [-1, 1]],
  [[0, 3], [-1, 2]],
];

/** Every `stride`-th point of the home view's grid, each its own Float32Array. */
export function gridPoints(latentDim, stride = 4) {
  const zs = gridBatch(latentDim, ...GRID_VIEWS[0]);
  const points = [];
  for (let i = 0; i < GRID_SIDE * GRID_SIDE; i += stride) points.push(zs.slice(i * latentDim, (i + 1) * latentDim));
  return points;
}

/** `count` batches of `size` prior points, each one (size × latentDim) array. */
export function priorBatches(count, size, latentDim, seed = 2) {
  const points = priorPoints(count * size, latentDim, seed);
  return Array.from({ length: count }, (_, b) => {
    const zs = new Float32Array(size * latentDim);
    for (let i = 0; i < size; i++) zs.set(points[b * size + i], i * latentDim);
    return zs;
  });
}

/**
 * `count` MNIST test digits, evenly spaced through the file the page serves
 * (`www/pkg/data/mnist-atlas.u8`: n × 784 pixel bytes, then n labels), as 784 values in [0, 1].
 * @returns {Promise<Float32Array[]>}
 */
export async function testDigits(count) {
  const response = await fetch('/www/pkg/data/mnist-atlas.u8');
  if (!response.ok) throw new Error(`www/pkg/data/mnist-atlas.u8: HTTP ${response.status} (run ./build.sh build)`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const total = bytes.length / 785;
  if (!Number.isInteger(total) || total < count) throw new Error(`mnist-atlas.u8 holds ${total} digits, fewer than ${count}`);
  return Array.from({ length: count }, (_, i) => {
    const at = Math.floor((i * total) / count) * 784;
    return Float32Array.from(bytes.subarray(at, at + 784), (v) => v / 255);
  });
}

/**
 * Dense images: no pixel is 0, so an encoder cannot skip any input (a test digit's zeros, about
 * four fifths of its pixels, are work a sparse kernel never does). Each is a test digit seen
 * through noise, as a scan or a photo of paper would be: `min(1, x + 0.05 + 0.25·u)` with u
 * uniform in [0, 1) from a fixed seed, so every pixel lies in [0.05, 1].
 * @param {Float32Array[]} digits from `testDigits`
 * @returns {Float32Array[]}
 */
export function denseImages(digits, seed = 3) {
  const next = uniform(seed);
  return digits.map((digit) => Float32Array.from(digit, (x) => Math.min(1, x + 0.05 + 0.25 * next())));
}
