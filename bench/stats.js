// Order statistics of timing samples, shared by the benchmark page and the Node driver.

/**
 * The q-quantile (0 ≤ q ≤ 1) of sorted numbers, interpolating linearly between neighbours.
 * @param {number[]} sorted ascending
 */
export function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

/**
 * Median and the p10–p90 spread of samples (any unit).
 * @param {number[]} samples
 * @returns {{median: number, p10: number, p90: number, count: number}}
 */
export function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    median: quantile(sorted, 0.5),
    p10: quantile(sorted, 0.1),
    p90: quantile(sorted, 0.9),
    count: sorted.length,
  };
}
