// Step 7, KL in closed form (15)–(19): μ and log σ² sliders; the Monte-Carlo estimate of (15)
// with ±2 standard errors as draws are added, against the closed form (19).

import { formatNumber, formatInteger } from '../../i18n/i18n.js';
import { slider, readout, fill, figureCanvas, prepare, describe } from './dom.js';
import { box, axes, line, COLOURS } from './plot.js';
import * as maths from './maths.js';

const MAX_POWER = 16;
const SEED = 7;

export function klStep() {
  const mu = slider('walk.s7.mu', { min: -3, max: 3, step: 0.05, value: 1 });
  const logvar = slider('walk.s7.logvar', { min: -4, max: 2, step: 0.05, value: -1 });
  const draws = slider('walk.s7.draws', { min: 1, max: MAX_POWER, step: 1, value: 10 });
  const canvas = figureCanvas('walk-plot', 0.55);
  const numbers = readout();

  function render() {
    const m = Number(mu.input.value);
    const lv = Number(logvar.input.value);
    const n = 2 ** Number(draws.input.value);
    mu.value.textContent = formatNumber(m, 2);
    logvar.value.textContent = formatNumber(lv, 2);
    draws.value.textContent = formatInteger(n);
    const mc = maths.klMonteCarlo(m, lv, n, SEED);
    fill(numbers, 'walk.s7.readout', {
      closed: formatNumber(mc.closedForm, 4),
      n: formatInteger(n),
      estimate: formatNumber(mc.estimate, 4),
      se: formatNumber(mc.standardError, 4),
    });
    const xs = mc.checkpoints.map(Math.log2);
    const upper = mc.runningEstimate.map((v, i) => v + 2 * mc.runningStandardError[i]);
    const lower = mc.runningEstimate.map((v, i) => v - 2 * mc.runningStandardError[i]);
    // The first few estimates swing widely: the scale follows the estimates from 8 draws on.
    const settled = (values) => values.filter((_, i) => mc.checkpoints[i] >= 8 || mc.checkpoints.length < 4);
    const all = [...settled(upper), ...settled(lower), mc.closedForm];
    const low = Math.min(...all);
    const high = Math.max(...all);
    const pad = Math.max(0.05, (high - low) * 0.1);
    const { context, width, height } = prepare(canvas);
    const plot = box(width, height, { x: [0, MAX_POWER], y: [low - pad, high + pad] }, { left: 48, bottom: 30 });
    axes(context, plot, {
      xTicks: [0, 4, 8, 12, 16],
      xFormat: (v) => formatInteger(2 ** v),
      yTicks: [low, mc.closedForm, high],
      format: (v) => formatNumber(v, 2),
    });
    context.fillStyle = COLOURS.soft;
    context.beginPath();
    xs.forEach((x, i) => context.lineTo(plot.sx(x), plot.sy(upper[i])));
    for (let i = xs.length - 1; i >= 0; i--) context.lineTo(plot.sx(xs[i]), plot.sy(lower[i]));
    context.fill();
    line(context, plot, [0, MAX_POWER], [mc.closedForm, mc.closedForm], COLOURS.second, 2);
    line(context, plot, xs, mc.runningEstimate, COLOURS.accent, 2);
    describe(canvas, 'walk.s7.figure', { closed: formatNumber(mc.closedForm, 4) });
  }
  for (const control of [mu, logvar, draws]) control.input.addEventListener('input', render);
  return { step: 7, key: 's7', equations: [15, 16, 17, 18, 19], controls: [mu.row, logvar.row, draws.row], figure: canvas, readout: numbers, render };
}
