// What leaves the page: a link that restores the model and z (`#model=mnist-2d&z=0.412,-1.03`),
// copying it, and PNG downloads of the decoded images.

import { upscale } from './pixels.js';

/**
 * The model and z stored in a URL fragment; either may be missing, and a malformed z is ignored.
 * @param {string} hash e.g. location.hash
 * @returns {{model: string | null, z: number[] | null}}
 */
export function readShared(hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const z = params.get('z')?.split(',').map(Number) ?? null;
  return {
    model: params.get('model'),
    z: z && z.length > 0 && z.every(Number.isFinite) ? z : null,
  };
}

/**
 * A link to this page that opens `model` at `z` (three decimals are well below what a pixel shows).
 * @param {string} model
 * @param {ArrayLike<number>} z
 */
export function sharedUrl(model, z) {
  const values = Array.from(z, (v) => Number(v.toFixed(3))).join(',');
  const url = new URL(window.location.href);
  url.hash = `model=${encodeURIComponent(model)}&z=${values}`;
  return url.href;
}

/**
 * Puts `text` on the clipboard. Resolves to false when the browser refuses (no permission,
 * not a secure context), so the caller can show the text instead.
 */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Downloads a canvas as a PNG, scaled up by `factor` with crisp pixels.
 * @param {HTMLCanvasElement} canvas
 * @param {string} filename
 * @param {number} [factor]
 */
export function downloadPng(canvas, filename, factor = 10) {
  upscale(canvas, factor).toBlob((blob) => {
    if (!blob) return;
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = filename;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  }, 'image/png');
}
