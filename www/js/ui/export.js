// What leaves the page: text copied to the clipboard (a link), and PNG downloads of images.

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
