// Pure pixel plumbing: the decoder's 784 probabilities into canvas pixels, tiles of many images,
// crisp upscaling, and the class colours. No DOM state is kept here.

/** Side of an MNIST image, in pixels. */
export const SIDE = 28;
/** Pixels in one image. */
export const AREA = SIDE * SIDE;

/** Ink and paper colours (RGB) of the digits, matching the drawing pad. */
export const INK = [27, 35, 51];
export const PAPER = [255, 255, 255];
/** Colour of the gaps between tiles. */
const GAP = [222, 226, 232];

/**
 * Class colours, index = class label: ten hues that each keep at least 4:1 contrast against the
 * white map (WCAG asks 3:1 of graphics), so that no class fades into the paper.
 */
export const CLASS_COLOURS = [
  '#1f5fbf', '#c85a00', '#c62828', '#00838f', '#2e7d32',
  '#8a7500', '#7b3fa0', '#c2185b', '#795548', '#546e7a',
];

/** The probe (the decoded z): near-black, told apart from the class dots by its ring shape. */
export const PROBE_COLOUR = '#111827';

/**
 * Writes probabilities as ink on paper into `data` (RGBA), one image of `SIDE`×`SIDE` at (x, y)
 * in a buffer `stride` pixels wide.
 * @param {Uint8ClampedArray} data RGBA bytes of the target
 * @param {number} stride target width in pixels
 * @param {Float32Array} probabilities source, read from `offset`, `AREA` values in [0, 1]
 * @param {number} offset index of the first value in `probabilities`
 * @param {number} x left of the tile in the target
 * @param {number} y top of the tile in the target
 * @param {{transparent?: boolean}} [options] transparent: paper is see-through, ink opacity = p
 */
function writeTile(data, stride, probabilities, offset, x, y, { transparent = false } = {}) {
  for (let row = 0; row < SIDE; row++) {
    let target = ((y + row) * stride + x) * 4;
    for (let column = 0; column < SIDE; column++, target += 4) {
      const p = Math.min(1, Math.max(0, probabilities[offset + row * SIDE + column]));
      if (transparent) {
        data[target] = INK[0];
        data[target + 1] = INK[1];
        data[target + 2] = INK[2];
        data[target + 3] = 255 * p;
      } else {
        data[target] = PAPER[0] + (INK[0] - PAPER[0]) * p;
        data[target + 1] = PAPER[1] + (INK[1] - PAPER[1]) * p;
        data[target + 2] = PAPER[2] + (INK[2] - PAPER[2]) * p;
        data[target + 3] = 255;
      }
    }
  }
}

/**
 * Paints one image (784 probabilities) into a canvas at its native 28×28; CSS scales it up
 * (with `image-rendering: pixelated`).
 * @param {HTMLCanvasElement} canvas
 * @param {Float32Array} probabilities
 */
export function paintDigit(canvas, probabilities) {
  if (canvas.width !== SIDE) canvas.width = SIDE;
  if (canvas.height !== SIDE) canvas.height = SIDE;
  const context = canvas.getContext('2d');
  const image = context.createImageData(SIDE, SIDE);
  writeTile(image.data, SIDE, probabilities, 0, 0, 0);
  context.putImageData(image, 0, 0);
}

/** Fills a canvas with paper: an image with no ink. */
export function paintBlank(canvas) {
  const context = canvas.getContext('2d');
  context.fillStyle = `rgb(${PAPER.join(',')})`;
  context.fillRect(0, 0, canvas.width, canvas.height);
}

/**
 * Lays out `count` images (rows of `images`) in a grid of `columns`, `gap` pixels apart,
 * into `canvas` at native resolution (28 px per image).
 * @param {HTMLCanvasElement | OffscreenCanvas} canvas resized to fit
 * @param {Float32Array} images `count × 784` probabilities
 * @param {number} count
 * @param {number} columns
 * @param {{gap?: number, transparent?: boolean}} [options]
 */
export function paintTiles(canvas, images, count, columns, { gap = 0, transparent = false } = {}) {
  const rows = Math.ceil(count / columns);
  const width = columns * SIDE + (columns - 1) * gap;
  const height = rows * SIDE + (rows - 1) * gap;
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const context = canvas.getContext('2d');
  const image = context.createImageData(width, height);
  if (!transparent) {
    for (let i = 0; i < image.data.length; i += 4) {
      image.data.set(GAP, i);
      image.data[i + 3] = 255;
    }
  }
  for (let index = 0; index < count; index++) {
    const x = (index % columns) * (SIDE + gap);
    const y = Math.floor(index / columns) * (SIDE + gap);
    writeTile(image.data, width, images, index * AREA, x, y, { transparent });
  }
  context.putImageData(image, 0, 0);
}

/**
 * A copy of `canvas` scaled up by a whole `factor` with hard pixel edges, for export.
 * @param {HTMLCanvasElement} canvas
 * @param {number} factor
 * @returns {HTMLCanvasElement}
 */
export function upscale(canvas, factor) {
  const large = document.createElement('canvas');
  large.width = canvas.width * factor;
  large.height = canvas.height * factor;
  const context = large.getContext('2d');
  context.imageSmoothingEnabled = false;
  context.drawImage(canvas, 0, 0, large.width, large.height);
  return large;
}

/**
 * Mean absolute difference per pixel between each of several images and one reference image.
 * # Shapes
 * images: (count, 784), reference: (784)
 * @param {Float32Array} images
 * @param {Float32Array} reference
 */
export function meanAbsoluteDifference(images, reference) {
  const count = Math.floor(images.length / AREA);
  let sum = 0;
  for (let i = 0; i < count * AREA; i++) sum += Math.abs(images[i] - reference[i % AREA]);
  return count > 0 ? sum / (count * AREA) : 0;
}
