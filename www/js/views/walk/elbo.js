// Step 5, the ELBO (7)–(12): for the person's input, the two terms of (12), and log p(x)
// estimated by importance sampling. One run of K draws is noisy, so the figure shows the estimate
// it takes on average: the mean over disjoint groups of K of the same DRAWS draws (with a band of
// two standard errors), which rises with K from the ELBO towards log p(x) at any seed; one run's
// estimate from the first K draws is drawn faintly beside it. The sentence on the trend is chosen by
// the numbers.

import { t, tPlain, formatNumber, formatInteger } from '../../i18n/i18n.js';
import { el, slider, readout, fill, figureCanvas, prepare, describe } from './dom.js';
import { box, axes, line, dot, COLOURS } from './plot.js';
import * as maths from './maths.js';
import { trendWording } from './wording.js';

/** Draws from q(z|x) behind the figure: groups of K = 256 still make four. */
export const DRAWS = 1024;
/** K = 2^i for the slider's i, up to 2^MAX_POWER = DRAWS / 4. */
const MAX_POWER = 8;
const FIRST_SEED = 1;

export function elboStep({ input, model }) {
  const samples = slider('walk.s5.samples', { min: 0, max: MAX_POWER, step: 1, value: 6 });
  const again = el('button');
  again.type = 'button';
  const canvas = figureCanvas('walk-plot', 0.5);
  const numbers = readout();
  const trend = readout();
  let seed = FIRST_SEED;
  /** The last evidence computed, for the input, model and seed it belongs to. */
  let cached = { key: null, evidence: null };

  function evidenceFor(pixels, current) {
    const key = [current.name, seed, pixels];
    if (cached.key && cached.key[0] === key[0] && cached.key[1] === key[1] && cached.key[2] === key[2]) return cached.evidence;
    cached = { key, evidence: maths.evidence(current, pixels, DRAWS, seed) };
    return cached.evidence;
  }

  function render() {
    fill(again, 'walk.s5.again', { seed });
    const pixels = input.pixels();
    const power = Number(samples.input.value);
    const k = 2 ** power;
    samples.value.textContent = formatInteger(k);
    const { context, width, height } = prepare(canvas);
    again.disabled = !pixels || !model();
    if (again.disabled) {
      numbers.textContent = '';
      trend.textContent = '';
      describe(canvas, 'walk.input.none');
      return;
    }
    const e = evidenceFor(pixels, model());
    const nats = (v) => formatNumber(v, 2);
    const at = e.expectedCounts.indexOf(k);
    fill(numbers, 'walk.s5.readout', {
      rec: nats(e.reconstruction),
      kl: nats(e.kl),
      elbo: nats(e.elbo),
      k: formatInteger(k),
      groups: formatInteger(e.expectedGroups[at]),
      mean: nats(e.expectedLogPx[at]),
      se: formatNumber(e.expectedStandardError[at], 3),
      gap: formatNumber(e.expectedLogPx[at] - e.elbo, 2),
    });
    const last = e.expectedCounts.length - 1;
    // The plotted means at K = 1 and at the largest K, as the module gave them (for the tests).
    Object.assign(trend.dataset, { seed: String(seed), first: String(e.expectedLogPx[0]), last: String(e.expectedLogPx[last]) });
    fill(trend, trendWording(e), {
      first: nats(e.expectedLogPx[0]),
      last: nats(e.expectedLogPx[last]),
      kmax: formatInteger(e.expectedCounts[last]),
      spread: formatNumber(Math.abs(e.expectedLogPx[last] - e.expectedLogPx[0]), 2),
      draws: formatInteger(DRAWS),
      seed,
    });

    // One run: the estimate from the first K draws, for the same K.
    const runAt = e.sampleCounts.map((count, i) => [count, i]).filter(([count]) => count <= e.expectedCounts[last]);
    const xs = e.expectedCounts.map(Math.log2);
    const upper = e.expectedLogPx.map((m, i) => m + 2 * e.expectedStandardError[i]);
    const lower = e.expectedLogPx.map((m, i) => m - 2 * e.expectedStandardError[i]);
    const runs = runAt.map(([, i]) => e.logPxBySamples[i]);
    const values = [...upper, ...lower, ...runs, e.elbo];
    const low = Math.min(...values);
    const high = Math.max(...values);
    const pad = Math.max(0.2, (high - low) * 0.12);
    const plot = box(width, height, { x: [0, MAX_POWER], y: [low - pad, high + pad] }, { left: 58, bottom: 30, top: 58 });
    axes(context, plot, {
      xTicks: [0, 2, 4, 6, 8],
      xFormat: (v) => formatInteger(2 ** v),
      yTicks: [low, (low + high) / 2, high],
      format: (v) => formatNumber(v, 1),
    });
    // The band of ±2 standard errors around the mean, then the mean, then one run and the ELBO (12).
    context.fillStyle = 'rgba(37, 99, 235, 0.15)';
    context.beginPath();
    xs.forEach((x, i) => (i === 0 ? context.moveTo(plot.sx(x), plot.sy(upper[i])) : context.lineTo(plot.sx(x), plot.sy(upper[i]))));
    for (let i = xs.length - 1; i >= 0; i--) context.lineTo(plot.sx(xs[i]), plot.sy(lower[i]));
    context.closePath();
    context.fill();
    line(context, plot, xs, e.expectedLogPx, COLOURS.accent, 2.5);
    e.expectedLogPx.forEach((v, i) => dot(context, plot, xs[i], v, COLOURS.accent, 3));
    line(context, plot, runAt.map(([count]) => Math.log2(count)), runs, COLOURS.grey, 1.2);
    context.setLineDash([5, 4]);
    line(context, plot, [0, MAX_POWER], [e.elbo, e.elbo], COLOURS.second, 1.5);
    context.setLineDash([]);
    dot(context, plot, Math.log2(k), e.expectedLogPx[at], COLOURS.ink, 5);
    // The legend, above the plot so that it never covers the curves.
    context.font = '12px system-ui, sans-serif';
    context.textAlign = 'left';
    context.textBaseline = 'top';
    const legend = [
      [COLOURS.accent, `— ${tPlain('walk.s5.meanLine')}`],
      [COLOURS.grey, `— ${tPlain('walk.s5.runLine')}`],
      [COLOURS.second, `- - ${tPlain('walk.s5.elboClosed')}`],
    ];
    legend.forEach(([colour, words], i) => {
      context.fillStyle = colour;
      context.fillText(words, plot.left, 4 + 17 * i);
    });
    describe(canvas, 'walk.s5.figure', { draws: formatInteger(DRAWS), seed, kmax: formatInteger(e.expectedCounts[last]), elbo: nats(e.elbo), first: nats(e.expectedLogPx[0]), last: nats(e.expectedLogPx[last]) });
  }

  samples.input.addEventListener('input', render);
  again.addEventListener('click', () => {
    seed += 1;
    render();
  });
  return {
    step: 5,
    key: 's5',
    equations: [7, 8, 9, 10, 11, 12],
    usesInput: true,
    controls: [samples.row, again],
    figure: canvas,
    readout: el('div', 'walk-readouts', numbers, trend),
    render,
    /** What a link keeps of this step besides its slider: the seed of the draws. */
    linkState: () => String(seed),
    restoreLink(value) {
      if (!/^\d+$/.test(value) || Number(value) > 2 ** 32 - 1) throw new RangeError(value);
      seed = Number(value);
      render();
    },
  };
}
