// Step 1, information and entropy (1)–(2): a coin with an adjustable bias, the bits of each side
// and the entropy, on the curve of entropy against the bias.

import { formatNumber } from '../../i18n/i18n.js';
import { slider, readout, fill, figureCanvas, prepare, describe } from './dom.js';
import { box, axes, line, dot, spaced, COLOURS } from './plot.js';
import * as maths from './maths.js';

const POINTS = 101;

export function informationStep() {
  const bias = slider('walk.s1.bias', { min: 0, max: 1, step: 0.01, value: 0.5 });
  const canvas = figureCanvas('walk-plot', 0.55);
  const numbers = readout();
  const bits = (v) => (Number.isFinite(v) ? formatNumber(v, 3) : '∞');

  function render() {
    const p = Number(bias.input.value);
    const heads = maths.information(p);
    const tails = maths.information(1 - p);
    const entropy = maths.coinEntropy(p);
    bias.value.textContent = formatNumber(p, 2);
    fill(numbers, 'walk.s1.readout', { heads: bits(heads), tails: bits(tails), entropy: bits(entropy) });
    const curve = maths.entropyCurve(POINTS);
    const { context, width, height } = prepare(canvas);
    const plot = box(width, height, { x: [0, 1], y: [0, 1.05] });
    axes(context, plot, { xTicks: [0, 0.25, 0.5, 0.75, 1], yTicks: [0, 0.5, 1], format: (v) => formatNumber(v, v % 1 === 0 ? 0 : 2) });
    line(context, plot, spaced(0, 1, POINTS), curve, COLOURS.accent);
    dot(context, plot, p, entropy, COLOURS.second);
    describe(canvas, 'walk.s1.figure', { p: formatNumber(p, 2), entropy: bits(entropy) });
  }
  bias.input.addEventListener('input', render);
  return { step: 1, key: 's1', equations: [1, 2], controls: [bias.row], figure: canvas, readout: numbers, render };
}
