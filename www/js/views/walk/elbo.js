// Step 5, the ELBO (7)–(12): for the person's input, the two terms of (12), and log p(x)
// estimated by importance sampling with K draws from q(z|x); the curve of that estimate against K
// rises above the ELBO, and the gap is the KL of (9).

import { t, formatNumber, formatInteger } from '../../i18n/i18n.js';
import { slider, readout, fill, figureCanvas, prepare, describe } from './dom.js';
import { box, axes, line, dot, COLOURS } from './plot.js';
import * as maths from './maths.js';

/** K = 2^i for the slider's i. */
const MAX_POWER = 10;
const SEED = 1;

export function elboStep({ input, model }) {
  const samples = slider('walk.s5.samples', { min: 0, max: MAX_POWER, step: 1, value: 6 });
  const canvas = figureCanvas('walk-plot', 0.5);
  const numbers = readout();

  function render() {
    const pixels = input.pixels();
    const k = 2 ** Number(samples.input.value);
    samples.value.textContent = formatInteger(k);
    const { context, width, height } = prepare(canvas);
    if (!pixels || !model()) {
      numbers.textContent = '';
      describe(canvas, 'walk.input.none');
      return;
    }
    const e = maths.evidence(model(), pixels, k, SEED);
    const nats = (v) => formatNumber(v, 2);
    fill(numbers, 'walk.s5.readout', {
      rec: nats(e.reconstruction),
      kl: nats(e.kl),
      elbo: nats(e.elbo),
      sampled: nats(e.elboSampled),
      logpx: nats(e.logPx),
      k: formatInteger(k),
      gap: formatNumber(e.gap, 3),
    });
    const xs = e.sampleCounts.map(Math.log2);
    const values = [...e.logPxBySamples, ...e.elboBySamples, e.elbo];
    const low = Math.min(...values);
    const high = Math.max(...values);
    const pad = Math.max(0.5, (high - low) * 0.15);
    const plot = box(width, height, { x: [0, MAX_POWER], y: [low - pad, high + pad] }, { left: 52, bottom: 30 });
    const yTicks = [low - pad / 2, (low + high) / 2, high + pad / 2];
    axes(context, plot, {
      xTicks: [0, 2, 4, 6, 8, 10],
      xFormat: (v) => formatInteger(2 ** v),
      yTicks,
      format: (v) => formatNumber(v, 1),
    });
    // The closed-form ELBO (12) dashed; the ELBO and log p(x) estimated from the first K draws.
    context.setLineDash([5, 4]);
    line(context, plot, [0, MAX_POWER], [e.elbo, e.elbo], COLOURS.grey, 1.5);
    context.setLineDash([]);
    line(context, plot, xs, e.elboBySamples, COLOURS.second, 2);
    line(context, plot, xs, e.logPxBySamples, COLOURS.accent, 2);
    e.logPxBySamples.forEach((v, i) => dot(context, plot, xs[i], v, COLOURS.accent, 3));
    context.font = '12px system-ui, sans-serif';
    context.textAlign = 'left';
    context.textBaseline = 'top';
    context.fillStyle = COLOURS.accent;
    context.fillText(`— ${t('walk.s5.logpxLine')}`, plot.left + 8, plot.top + 4);
    context.fillStyle = COLOURS.second;
    context.fillText(`— ${t('walk.s5.elboLine')}`, plot.left + 8, plot.top + 20);
    context.fillStyle = COLOURS.muted;
    context.fillText(`- - ${t('walk.s5.elboClosed')}`, plot.left + 8, plot.top + 36);
    describe(canvas, 'walk.s5.figure', { k: formatInteger(k), elbo: nats(e.elbo) });
  }
  samples.input.addEventListener('input', render);
  return { step: 5, key: 's5', equations: [7, 8, 9, 10, 11, 12], usesInput: true, controls: [samples.row], figure: canvas, readout: numbers, render };
}
