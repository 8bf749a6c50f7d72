// The walk's sentences that describe a figure, chosen by the figure's numbers (pure: no DOM, no
// module), so that a test can walk the numbers across each threshold and watch the wording change.

/** A circle whose decodes keep the reconstruction's class at least this often "stays" the input. */
export const STAYS = 0.9;

/**
 * Step 9: the sentence on the VAE's circles, chosen by the share of each circle's decodes the judge
 * gives the reconstruction's class.
 * @param {{1: number, 2: number, 4: number}} same
 */
export function circleWording(same) {
  if (same[4] >= STAYS) return 'walk.s9.readout.stays';
  if (same[2] >= STAYS) return 'walk.s9.readout.reaches4';
  return 'walk.s9.readout.reaches2';
}

/**
 * Step 5: "rises" when the mean estimate at the largest K is above the one at K = 1 by more than
 * two standard errors of their difference, else "flat".
 * @param {{expectedLogPx: number[], expectedStandardError: number[]}} e
 */
export function trendWording(e) {
  const [first, last] = [e.expectedLogPx[0], e.expectedLogPx.at(-1)];
  const noise = Math.hypot(e.expectedStandardError[0], e.expectedStandardError.at(-1));
  return last - first > 2 * noise ? 'walk.s5.trend.rises' : 'walk.s5.trend.flat';
}

/** Decodes that differ by less than this mean absolute pixel value are "the same image". */
export const SAME_IMAGE = 0.01;

/** Step 9: the sentence on the autoencoder's point, by how much its decodes at 0 and 4σ differ. */
export function pointWording(change) {
  return change < SAME_IMAGE ? 'walk.s9.point.same' : 'walk.s9.point.differs';
}
