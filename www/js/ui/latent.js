// Small pure helpers on latent vectors that the page needs to lay things out: points of a grid,
// of a straight line, projections onto two dimensions, and a view that fits the test data.
// The model's own maths (encoding, decoding, sampling, the loss) stays in the wasm module.

/**
 * Latent points of a grid in two dimensions, every other dimension held at `base`.
 * # Shapes
 * result: (xs.length × ys.length, latentDim), row by row (ys outer, xs inner).
 * @param {number[]} xs values of dimension dims[0], one per column
 * @param {number[]} ys values of dimension dims[1], one per row
 * @param {ArrayLike<number>} base the point the other dimensions are taken from
 * @param {number[]} dims the two varied dimensions
 * @returns {Float32Array}
 */
export function gridPoints(xs, ys, base, dims) {
  const latentDim = base.length;
  const points = new Float32Array(xs.length * ys.length * latentDim);
  let at = 0;
  for (const y of ys) {
    for (const x of xs) {
      points.set(base, at);
      points[at + dims[0]] = x;
      points[at + dims[1]] = y;
      at += latentDim;
    }
  }
  return points;
}

/**
 * `steps` evenly spaced points on the straight line from a to b, both ends included:
 * z = (1 − t)·a + t·b.
 * # Shapes
 * result: (steps, a.length)
 * @returns {Float32Array}
 */
export function linePoints(a, b, steps) {
  const latentDim = a.length;
  const points = new Float32Array(steps * latentDim);
  for (let s = 0; s < steps; s++) {
    const t = steps === 1 ? 0 : s / (steps - 1);
    for (let j = 0; j < latentDim; j++) points[s * latentDim + j] = (1 - t) * a[j] + t * b[j];
  }
  return points;
}

/**
 * The two coordinates `dims` of each of `count` points.
 * # Shapes
 * points: (count, latentDim) → result: (count, 2)
 * @returns {Float32Array}
 */
export function project(points, latentDim, dims) {
  const count = Math.floor(points.length / latentDim);
  const result = new Float32Array(count * 2);
  for (let i = 0; i < count; i++) {
    result[2 * i] = points[i * latentDim + dims[0]];
    result[2 * i + 1] = points[i * latentDim + dims[1]];
  }
  return result;
}

/**
 * Dimensions ordered by how widely the test encodings μ spread along them (largest first):
 * the dimensions the model actually uses come first.
 * @param {Float32Array} mu (count, latentDim)
 * @param {number} latentDim
 * @returns {number[]}
 */
export function dimensionsBySpread(mu, latentDim) {
  const count = Math.floor(mu.length / latentDim);
  const variance = Array.from({ length: latentDim }, (_, j) => {
    let sum = 0;
    let sumOfSquares = 0;
    for (let i = 0; i < count; i++) {
      const v = mu[i * latentDim + j];
      sum += v;
      sumOfSquares += v * v;
    }
    const mean = sum / Math.max(1, count);
    return sumOfSquares / Math.max(1, count) - mean * mean;
  });
  return variance.map((v, j) => [v, j]).sort((a, b) => b[0] - a[0]).map(([, j]) => j);
}

/**
 * A square view that shows the prior's bulk (±3) and the middle 98 % of the points on both axes.
 * @param {Float32Array | null} points (count, 2)
 * @returns {{cx: number, cy: number, span: number}}
 */
export function fittingView(points) {
  let box = { x: [-3, 3], y: [-3, 3] };
  if (points && points.length >= 2) {
    const { x, y } = centralBox(points);
    box = { x: [Math.min(-3, x[0]), Math.max(3, x[1])], y: [Math.min(-3, y[0]), Math.max(3, y[1])] };
  }
  const span = 1.1 * Math.max(box.x[1] - box.x[0], box.y[1] - box.y[0]);
  return { cx: (box.x[0] + box.x[1]) / 2, cy: (box.y[0] + box.y[1]) / 2, span };
}

/** The share of points `centralBox` keeps on each axis (from its 1st to its 99th percentile). */
export const CENTRAL_SHARE = 0.98;

/**
 * The box from the 1st to the 99th percentile of each axis of 2-D `points` (x, y, x, y, …): where
 * nearly all of them lie, outliers aside. The map's first view fits it.
 * @returns {{x: [number, number], y: [number, number]}}
 */
export function centralBox(points) {
  const axis = (offset) => {
    const values = [];
    for (let i = offset; i < points.length; i += 2) values.push(points[i]);
    values.sort((a, b) => a - b);
    const tail = (1 - CENTRAL_SHARE) / 2;
    return [values[Math.floor(tail * (values.length - 1))], values[Math.ceil((1 - tail) * (values.length - 1))]];
  };
  return { x: axis(0), y: axis(1) };
}

/**
 * The largest Euclidean distance from `centre` among `points`.
 * # Shapes
 * points: (count, latentDim), centre: (latentDim)
 */
export function farthestDistance(points, centre, latentDim) {
  let farthest = 0;
  for (let i = 0; i + latentDim <= points.length; i += latentDim) {
    let squared = 0;
    for (let j = 0; j < latentDim; j++) squared += (points[i + j] - centre[j]) ** 2;
    farthest = Math.max(farthest, Math.sqrt(squared));
  }
  return farthest;
}
