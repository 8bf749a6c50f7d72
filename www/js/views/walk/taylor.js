// Step 4, approximation (6): sin x against its Taylor series at 0 with a chosen number of terms;
// the error at a chosen x and Lagrange's bound on it.

import { formatNumber } from '../../i18n/i18n.js';
import { slider, readout, fill, figureCanvas, prepare, describe } from './dom.js';
import { box, axes, line, dot, spaced, COLOURS } from './plot.js';
import * as maths from './maths.js';

const RANGE = 2 * Math.PI;
const POINTS = 241;

export function taylorStep() {
  const terms = slider('walk.s4.terms', { min: 1, max: 10, step: 1, value: 2 });
  const at = slider('walk.s4.x', { min: -6, max: 6, step: 0.05, value: 2 });
  const canvas = figureCanvas('walk-plot', 0.55);
  const numbers = readout();
  const small = (v) => (Math.abs(v) < 1e-3 && v !== 0 ? v.toExponential(1).replace('-', '−') : formatNumber(v, 4));

  function render() {
    const n = Number(terms.input.value);
    const x = Number(at.input.value);
    const point = maths.sinTaylor(x, n);
    terms.value.textContent = String(n);
    at.value.textContent = formatNumber(x, 2);
    fill(numbers, 'walk.s4.readout', {
      x: formatNumber(x, 2),
      approx: formatNumber(point.approximation, 4),
      exact: formatNumber(point.exact, 4),
      error: small(point.error),
      bound: small(point.bound),
    });

    const xs = spaced(-RANGE, RANGE, POINTS);
    const { context, width, height } = prepare(canvas);
    const plot = box(width, height, { x: [-RANGE, RANGE], y: [-2, 2] });
    axes(context, plot, { xTicks: [-6, -3, 0, 3, 6], yTicks: [-2, -1, 0, 1, 2], format: (v) => formatNumber(v, 0) });
    line(context, plot, xs, xs.map((v) => maths.sinTaylor(v, 1).exact), COLOURS.grey, 3);
    line(context, plot, xs, maths.sinTaylorCurve(n, -RANGE, RANGE, POINTS), COLOURS.accent);
    dot(context, plot, x, Math.max(-2, Math.min(2, point.approximation)), COLOURS.second);
    describe(canvas, 'walk.s4.figure', { terms: n, x: formatNumber(x, 2) });
  }
  terms.input.addEventListener('input', render);
  at.input.addEventListener('input', render);
  return { step: 4, key: 's4', equations: [6], controls: [terms.row, at.row], figure: canvas, readout: numbers, render };
}
