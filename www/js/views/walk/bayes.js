// Step 3, hidden causes and Bayes (4)–(5): the three coins (heads 1/2, 1/3, 1/4, each picked
// with probability 1/3); the number of heads in 10,000 tosses sets the posterior over the coins.

import { t, formatNumber, formatInteger } from '../../i18n/i18n.js';
import { slider, readout, fill, figureCanvas, prepare, describe } from './dom.js';
import { box, axes, COLOURS } from './plot.js';
import * as maths from './maths.js';

const TOSSES = 10_000;

export function bayesStep() {
  const heads = slider('walk.s3.heads', { min: 0, max: TOSSES, step: 1, value: 2900 });
  const canvas = figureCanvas('walk-plot', 0.5);
  const numbers = readout();
  const percent = (p) => `${formatNumber(100 * p, p > 0.001 && p < 0.999 ? 1 : 3)} %`;

  function render() {
    const k = Number(heads.input.value);
    const { posterior, logEvidence } = maths.threeCoins(k, TOSSES);
    const [a, b, c] = posterior.map(percent);
    heads.value.textContent = formatInteger(k);
    fill(numbers, 'walk.s3.readout', { a, b, c, evidence: formatNumber(logEvidence, 1) });

    const { context, width, height } = prepare(canvas);
    const plot = box(width, height, { x: [0, 3], y: [0, 1] }, { bottom: 30 });
    axes(context, plot, { yTicks: [0, 0.5, 1], format: (v) => formatNumber(v, v % 1 === 0 ? 0 : 1) });
    const slot = plot.width / 3;
    posterior.forEach((p, i) => {
      const left = plot.left + slot * i + slot * 0.2;
      context.fillStyle = COLOURS.accent;
      context.fillRect(left, plot.sy(p), slot * 0.6, plot.sy(0) - plot.sy(p));
      context.fillStyle = COLOURS.ink;
      context.textAlign = 'center';
      context.textBaseline = 'top';
      context.fillText(t(`walk.s3.coin.${i}`), left + slot * 0.3, plot.top + plot.height + 6);
      context.textBaseline = 'bottom';
      context.fillText(percent(p), left + slot * 0.3, Math.max(plot.top + 14, plot.sy(p) - 3));
    });
    describe(canvas, 'walk.s3.figure', { heads: formatInteger(k), a, b, c });
  }
  heads.input.addEventListener('input', render);
  return { step: 3, key: 's3', equations: [4, 5], controls: [heads.row], figure: canvas, readout: numbers, render };
}
