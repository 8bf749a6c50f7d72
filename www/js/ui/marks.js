// The marks that every picture of latent space shares, so that μ looks the same on the map, in
// the inset and on the mini-map.

/** The colour of the drawing's μ, its rings and the samples. */
export const ACCENT = '#2563eb';

/**
 * μ: a dot in the accent colour ringed in white, drawn last so that nothing covers it.
 * @param {CanvasRenderingContext2D} context
 * @param {number} x CSS pixels
 * @param {number} y CSS pixels
 */
export function drawMu(context, x, y) {
  context.beginPath();
  context.arc(x, y, 4.5, 0, 2 * Math.PI);
  context.fillStyle = ACCENT;
  context.fill();
  context.lineWidth = 1.5;
  context.strokeStyle = '#fff';
  context.stroke();
}
