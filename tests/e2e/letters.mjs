// Letters no shipped model has seen, drawn as a person draws a set on the collection pad: A, B, X
// and O, each with its own jitter (size, aspect, slant, position, wobble of every corner), as
// strokes on the pad's unit square. The shapes and jitter are tests/common/letters.rs's (which
// makes the native set); a seeded generator makes the same drawings every run.

/** The shapes' names, in label order. */
export const LETTERS = ['A', 'B', 'X', 'O'];

/** A letter's strokes in a unit box ([0, 1]², y down): polylines through these corners. */
function skeleton(letter) {
  switch (letter) {
    case 0:
      return [
        [[0.1, 1], [0.5, 0], [0.9, 1]],
        [[0.25, 0.62], [0.75, 0.62]],
      ];
    case 1:
      return [
        [[0.2, 0], [0.2, 1]],
        [[0.2, 0], [0.6, 0.03], [0.75, 0.22], [0.6, 0.45], [0.2, 0.48]],
        [[0.2, 0.48], [0.7, 0.52], [0.85, 0.75], [0.65, 0.97], [0.2, 1]],
      ];
    case 2:
      return [
        [[0.1, 0], [0.9, 1]],
        [[0.9, 0], [0.1, 1]],
      ];
    default:
      return [Array.from({ length: 17 }, (_, i) => (i / 16) * 2 * Math.PI).map((t) => [0.5 + 0.42 * Math.sin(t), 0.5 - 0.5 * Math.cos(t)])];
  }
}

/** A seeded generator of numbers in [0, 1) (mulberry32). */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One drawing of letter `letter` (0–3) as strokes on the pad's unit square. */
export function letterStrokes(letter, next) {
  const symmetric = (most) => (next() * 2 - 1) * most;
  const pad = 280;
  const size = 150 * (1 + symmetric(0.2));
  const aspect = 1 + symmetric(0.15);
  const slant = symmetric(0.25);
  const left = pad / 2 - size / 2 + symmetric(30);
  const top = pad / 2 - size / 2 + symmetric(30);
  const place = ([x, y]) => [(left + (x + slant * (0.5 - y)) * size * aspect) / pad, (top + y * size) / pad];
  return skeleton(letter).map((stroke) =>
    stroke.map(place).map(([x, y]) => [Math.min(0.98, Math.max(0.02, x + symmetric(6) / pad)), Math.min(0.98, Math.max(0.02, y + symmetric(6) / pad))]),
  );
}

/**
 * `perLetter` drawings of each letter, in the order a person would draw them (all the As, then the
 * Bs, …): `[{label, strokes}]`.
 */
export function letterSet(perLetter, seed = 1) {
  const next = random(seed);
  const drawings = [];
  for (let letter = 0; letter < LETTERS.length; letter++) {
    for (let k = 0; k < perLetter; k++) drawings.push({ label: LETTERS[letter], strokes: letterStrokes(letter, next) });
  }
  return drawings;
}

/**
 * Draws strokes on an element with the mouse, as real pointer events: `steps` moves between two
 * corners (a mouse sends a few per segment).
 */
export async function drawStrokes(page, selector, strokes, steps = 4) {
  const box = await page.locator(selector).boundingBox();
  const at = ([x, y]) => [box.x + x * box.width, box.y + y * box.height];
  for (const stroke of strokes) {
    await page.mouse.move(...at(stroke[0]));
    await page.mouse.down();
    for (const point of stroke.slice(1)) await page.mouse.move(...at(point), { steps });
    await page.mouse.up();
  }
}

/**
 * Draws `letterSet(perLetter, seed)` on the Train view's collection pad as a person would: the set
 * named "letters", each drawing labelled with its letter and added to the set.
 */
export async function drawLetterSetOnPad(page, perLetter = 10, seed = 1) {
  await page.fill('#own-name', 'letters');
  await page.locator('#own-name').dispatchEvent('change');
  for (const { label, strokes } of letterSet(perLetter, seed)) {
    await page.fill('#own-label', label);
    await page.locator('#own-pad').scrollIntoViewIfNeeded();
    await drawStrokes(page, '#own-pad', strokes);
    await page.click('#own-add');
  }
}
