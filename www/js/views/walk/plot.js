// Drawing helpers shared by the walk's figures: a plot box with axes, lines and bars in data
// coordinates. Pure drawing: the numbers come from the module through maths.js.

export const COLOURS = { ink: '#1b2333', muted: '#5b6475', line: '#e1e4ea', accent: '#2563eb', second: '#c2410c', soft: '#e8efff', grey: '#9aa1ad' };

/**
 * A plot box inside a canvas of `width` × `height` CSS pixels, with maps from data to pixels.
 * @param {{x: number[], y: number[]}} range data ranges [min, max]
 */
export function box(width, height, range, { left = 40, right = 12, top = 12, bottom = 26 } = {}) {
  const inner = { left, top, width: width - left - right, height: height - top - bottom };
  const sx = (x) => inner.left + ((x - range.x[0]) / (range.x[1] - range.x[0])) * inner.width;
  const sy = (y) => inner.top + inner.height - ((y - range.y[0]) / (range.y[1] - range.y[0])) * inner.height;
  return { ...inner, range, sx, sy };
}

/** Axes with tick labels at `xTicks` and `yTicks` (values; labels from `format`). */
export function axes(context, plot, { xTicks = [], yTicks = [], format = (v) => String(v), xFormat = format } = {}) {
  context.strokeStyle = COLOURS.line;
  context.lineWidth = 1;
  context.fillStyle = COLOURS.muted;
  context.textAlign = 'center';
  context.textBaseline = 'top';
  // A label centred on a tick at the edge would be cut: it is moved inside the canvas.
  const canvasWidth = context.canvas.width / (globalThis.devicePixelRatio || 1);
  for (const x of xTicks) {
    const px = plot.sx(x);
    context.beginPath();
    context.moveTo(px, plot.top);
    context.lineTo(px, plot.top + plot.height);
    context.stroke();
    const label = xFormat(x);
    const half = context.measureText(label).width / 2;
    context.fillText(label, Math.min(Math.max(px, half + 1), canvasWidth - half - 1), plot.top + plot.height + 5);
  }
  context.textAlign = 'right';
  context.textBaseline = 'middle';
  for (const y of yTicks) {
    const py = plot.sy(y);
    context.beginPath();
    context.moveTo(plot.left, py);
    context.lineTo(plot.left + plot.width, py);
    context.stroke();
    context.fillText(format(y), plot.left - 5, py);
  }
}

/** A polyline through (xs[i], ys[i]), clipped to the box. */
export function line(context, plot, xs, ys, colour, width = 2) {
  context.save();
  context.beginPath();
  context.rect(plot.left, plot.top, plot.width, plot.height);
  context.clip();
  context.strokeStyle = colour;
  context.lineWidth = width;
  context.beginPath();
  for (let i = 0; i < xs.length; i++) {
    const [px, py] = [plot.sx(xs[i]), plot.sy(ys[i])];
    if (i === 0) context.moveTo(px, py);
    else context.lineTo(px, py);
  }
  context.stroke();
  context.restore();
}

/** A filled dot at (x, y). */
export function dot(context, plot, x, y, colour, radius = 5) {
  context.fillStyle = colour;
  context.beginPath();
  context.arc(plot.sx(x), plot.sy(y), radius, 0, 2 * Math.PI);
  context.fill();
}

/** `n` evenly spaced values from `from` to `to`. */
export function spaced(from, to, n) {
  return Array.from({ length: n }, (_, i) => from + ((to - from) * i) / (n - 1));
}
