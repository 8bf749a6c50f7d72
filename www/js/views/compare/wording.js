// The Compare view's sentences, chosen by the judged figures (pure: no DOM, no module). Each
// function takes the measured numbers and returns a string key with the numbers it quotes, so
// that a sentence can only say what the figures show, and a test can walk the numbers across
// each threshold and watch the wording change.

/** Two shares closer than this (5 points) are "about as often". */
export const SIMILAR_SHARE = 0.05;
/** Two effective numbers of classes closer than this share of the classes are "about as many". */
export const SIMILAR_CLASSES = 0.1;
/** A circle whose decodes keep the input's class at least this often "stays" the input. */
export const STAYS = 0.9;
/** Prior draws spread over at least this share of the classes make "nearly every" class. */
export const MOST_CLASSES = 0.8;

/**
 * The rows of the figures table for two sides, each side's readings `{prior, box, midpoints,
 * circles: {1, 2, 4} | null}` (judged sets; circles only with an input) and its number of classes.
 * A row: `{id, left, right, scale}`; a difference is |left − right| / scale, so that shares and
 * effective numbers of classes compare.
 * @param {{figures: object, classes: number}} left
 * @param {{figures: object, classes: number}} right
 */
export function tableRows(left, right) {
  const share = (f, set) => f?.[set]?.all.confidentShare ?? null;
  const rows = [
    { id: 'priorShare', left: share(left.figures, 'prior'), right: share(right.figures, 'prior'), scale: 1 },
    {
      id: 'priorClasses',
      left: left.figures?.prior?.all.effectiveClasses ?? null,
      right: right.figures?.prior?.all.effectiveClasses ?? null,
      scale: Math.max(left.classes, right.classes, 1),
    },
    { id: 'boxShare', left: share(left.figures, 'box'), right: share(right.figures, 'box'), scale: 1 },
    { id: 'midpointShare', left: share(left.figures, 'midpoints'), right: share(right.figures, 'midpoints'), scale: 1 },
  ];
  for (const sigmas of [1, 2, 4]) {
    const same = (f) => f?.circles?.[sigmas]?.sameClassShare ?? null;
    rows.push({ id: `circle${sigmas}`, left: same(left.figures), right: same(right.figures), scale: 1 });
  }
  return rows;
}

/**
 * The row where the two sides differ most (both measured), or null. Ties go to the earlier row.
 * @param {{id: string, left: number | null, right: number | null, scale: number}[]} rows
 */
export function differsMost(rows) {
  let best = null;
  for (const row of rows) {
    if (row.left === null || row.right === null) continue;
    const difference = Math.abs(row.left - row.right) / row.scale;
    if (!best || difference > best.difference) best = { ...row, difference };
  }
  return best;
}

/**
 * The sentence on prior draws: whether one side decodes them to one clear class more often.
 * @param {number} left share of the left side's prior draws judged one class
 * @param {number} right the same for the right side
 * @returns {{key: string, winner: 'left' | 'right' | null}}
 */
export function priorVerdict(left, right) {
  if (Math.abs(left - right) < SIMILAR_SHARE) return { key: 'compare.verdict.similar', winner: null };
  return { key: 'compare.verdict.different', winner: left > right ? 'left' : 'right' };
}

/**
 * The sentence on the row where the sides differ most: the row's own key, and which side is
 * ahead on it. Rows within the "similar" bounds get the key that says so.
 * @param {{id: string, left: number, right: number, scale: number, difference: number}} row
 */
export function mostVerdict(row) {
  const similar = row.id === 'priorClasses' ? SIMILAR_CLASSES : SIMILAR_SHARE;
  if (row.difference < similar) return { key: 'compare.most.none', winner: null };
  return { key: `compare.most.${row.id}`, winner: row.left > row.right ? 'left' : 'right' };
}

/**
 * One side's note: what its code is (a point or a circle) and what the figures say of it.
 * @param {{kind: 'autoencoder' | 'vae' | 'beta', classes: number, priorClasses: number | null,
 *          circles: {1?: number, 2?: number, 4?: number} | null}} side
 *   circles: the share of each circle's decodes given the input's class, if there is an input
 * @returns {string} a key of the compare table
 */
export function sideNote({ kind, classes, priorClasses, circles }) {
  if (kind === 'autoencoder') {
    const many = priorClasses !== null && priorClasses >= MOST_CLASSES * classes;
    return many ? 'compare.note.pointMany' : 'compare.note.pointFew';
  }
  const prefix = kind === 'beta' ? 'compare.note.beta' : 'compare.note.vae';
  if (!circles) return `${prefix}.noInput`;
  if (circles[4] >= STAYS) return `${prefix}.stays`;
  if (circles[2] >= STAYS) return `${prefix}.reaches4`;
  return `${prefix}.reaches2`;
}
