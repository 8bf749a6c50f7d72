// What leaves the page: text copied to the clipboard (a link), PNG downloads of images, and files
// (a model, a set) saved by the browser.

import { upscale } from './pixels.js';

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

/**
 * Downloads bytes as a file (a model's weights, a set): saved by the browser, sent nowhere.
 * @param {Uint8Array} bytes
 * @param {string} filename
 */
export function downloadBytes(bytes, filename) {
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
  const link = Object.assign(document.createElement('a'), { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
