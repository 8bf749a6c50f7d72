// Compact, URL-safe text for what a link carries (pure: no DOM). A drawing's strokes are whole
// units of the pad's coordinate space (the pad rounds its points as they come, so a link holds the
// drawing exactly): each stroke is its length, its first point, then the steps between points,
// each number zig-zag coded (small of either sign stays small) and written five bits to a
// character of the base64url alphabet, the sixth bit saying "more follows". A three-stroke digit
// of about forty pointer moves a stroke takes about 300 characters.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUE = new Map([...ALPHABET].map((c, i) => [c, i]));
const MORE = 32;

/** Largest magnitude a coded number may have (a pad is 280 units; this leaves room, bounds work). */
const MAX_MAGNITUDE = 1 << 20;
/** Most points a link's drawing may hold, and most strokes (the pad's own cap is 100,000 points). */
export const MAX_LINK_POINTS = 20_000;
export const MAX_LINK_STROKES = 500;

/** Why a link's text could not be read (its message names the part). */
export class LinkError extends Error {}

const zigzag = (n) => (n >= 0 ? 2 * n : -2 * n - 1);
const unzigzag = (z) => (z % 2 === 0 ? z / 2 : -(z + 1) / 2);

/** Appends whole number `n` (|n| ≤ 2²⁰) to `out` as varint characters. */
function writeNumber(out, n) {
  let z = zigzag(n);
  do {
    const bits = z % MORE;
    z = Math.floor(z / MORE);
    out.push(ALPHABET[bits + (z > 0 ? MORE : 0)]);
  } while (z > 0);
}

/** Reads numbers back from `text`, one at a time. */
function reader(text) {
  let at = 0;
  return {
    done: () => at >= text.length,
    next(what) {
      let z = 0;
      let scale = 1;
      for (;;) {
        if (at >= text.length) throw new LinkError(`${what}: the text ends in the middle of a number`);
        const value = VALUE.get(text[at++]);
        if (value === undefined) throw new LinkError(`${what}: “${text[at - 1]}” is not a link character`);
        z += (value % MORE) * scale;
        if (z > 2 * MAX_MAGNITUDE) throw new LinkError(`${what}: a number is out of range`);
        if (value < MORE) return unzigzag(z);
        scale *= MORE;
      }
    },
  };
}

/**
 * Strokes (each a flat [x0, y0, x1, y1, …] of whole numbers) as link text.
 * @param {number[][]} strokes
 */
export function encodeStrokes(strokes) {
  const out = [];
  writeNumber(out, strokes.length);
  for (const stroke of strokes) {
    writeNumber(out, stroke.length / 2);
    let [x, y] = [0, 0];
    for (let i = 0; i < stroke.length; i += 2) {
      const [nx, ny] = [Math.round(stroke[i]), Math.round(stroke[i + 1])];
      writeNumber(out, nx - x);
      writeNumber(out, ny - y);
      [x, y] = [nx, ny];
    }
  }
  return out.join('');
}

/**
 * The strokes of link text, each point inside `[0, size]`; throws a LinkError saying what is wrong.
 * @returns {number[][]}
 */
export function decodeStrokes(text, size) {
  if (typeof text !== 'string' || text.length === 0) throw new LinkError('the drawing is empty');
  const read = reader(text);
  const count = read.next('the number of strokes');
  if (!(count >= 1 && count <= MAX_LINK_STROKES)) throw new LinkError(`the drawing has ${count} strokes`);
  const strokes = [];
  let total = 0;
  for (let s = 0; s < count; s++) {
    const points = read.next('a stroke’s length');
    total += points;
    if (!(points >= 1 && total <= MAX_LINK_POINTS)) throw new LinkError(`a stroke of ${points} points`);
    const stroke = new Array(2 * points);
    let [x, y] = [0, 0];
    for (let p = 0; p < points; p++) {
      x += read.next('a point');
      y += read.next('a point');
      if (x < 0 || y < 0 || x > size || y > size) throw new LinkError(`a point (${x}, ${y}) lies off the pad`);
      stroke[2 * p] = x;
      stroke[2 * p + 1] = y;
    }
    strokes.push(stroke);
  }
  if (!read.done()) throw new LinkError('the drawing has text left over');
  return strokes;
}

/**
 * A list of finite numbers from "a,b,c" (at most `max` of them, each within ±`limit`), or a
 * LinkError.
 */
export function decodeNumbers(text, what, { count = null, max = 64, limit = Infinity } = {}) {
  const parts = String(text).split(',');
  if (parts.length > max || (count !== null && parts.length !== count)) throw new LinkError(`${what}: ${parts.length} numbers`);
  const values = parts.map(Number);
  if (!values.every((v, i) => parts[i].trim() !== '' && Number.isFinite(v) && Math.abs(v) <= limit)) {
    throw new LinkError(`${what}: “${String(text).slice(0, 40)}” is not a list of numbers`);
  }
  return values;
}

/** Numbers as "a,b,c", each in the shortest text that reads back as the same number (a link restores exactly). */
export function encodeNumbers(values) {
  return Array.from(values, (v) => String(v)).join(',');
}
