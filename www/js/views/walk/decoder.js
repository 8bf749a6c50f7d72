// Step 6, the Gaussian decoder (13)–(14): a σ slider; the squared differences of the input and
// its reconstruction per pixel, and the term Σ(x − x′)²/(2σ²) beside the KL it is traded against.

import { t, formatNumber } from '../../i18n/i18n.js';
import { slider, readout, fill, figureCanvas, prepare, describe } from './dom.js';
import { COLOURS } from './plot.js';
import * as maths from './maths.js';

/** σ = 10^v for the slider's v: from 0.03 to 3. */
const LOG_RANGE = [-1.5, 0.5];

export function decoderStep({ input, model }) {
  const sigma = slider('walk.s6.sigma', { min: LOG_RANGE[0], max: LOG_RANGE[1], step: 0.05, value: -0.5 });
  const canvas = figureCanvas('walk-plot', 0.5);
  const numbers = readout();

  function render() {
    const pixels = input.pixels();
    const s = 10 ** Number(sigma.input.value);
    sigma.value.textContent = formatNumber(s, 3);
    const { context, width, height } = prepare(canvas);
    if (!pixels || !model()) {
      numbers.textContent = '';
      describe(canvas, 'walk.input.none');
      return;
    }
    const term = maths.squaredError(model(), pixels, s);
    const nats = (v) => formatNumber(v, 2);
    fill(numbers, 'walk.s6.readout', {
      sq: formatNumber(term.squaredError, 2),
      sigma: formatNumber(s, 3),
      term: nats(term.term),
      kl: nats(term.kl),
      share: `${formatNumber(100 * term.reconstructionShare, 1)} %`,
    });
    // Left: the squared differences as a 28×28 heat map (white 0, dark 1).
    const side = Math.min(height - 16, width * 0.4);
    const cell = side / 28;
    for (let i = 0; i < 784; i++) {
      const v = Math.min(1, term.squaredDifferences[i]);
      const shade = Math.round(255 * (1 - v));
      context.fillStyle = `rgb(255, ${shade}, ${Math.round(shade * 0.9)})`;
      context.fillRect(8 + (i % 28) * cell, 8 + Math.floor(i / 28) * cell, Math.ceil(cell), Math.ceil(cell));
    }
    context.strokeStyle = COLOURS.line;
    context.strokeRect(8, 8, side, side);
    // Right: the two terms as bars on a logarithmic scale (they differ by orders of magnitude).
    const left = side + 40;
    const barsWidth = width - left - 10;
    const top = 20;
    const span = height - 50;
    const scale = (v) => (Math.log10(Math.max(v, 1e-3)) + 3) / 7; // 0.001 … 10,000 nats
    [
      [term.term, COLOURS.accent, t('walk.s6.barTerm')],
      [term.kl, COLOURS.second, t('walk.s6.barKl')],
    ].forEach(([value, colour, label], i) => {
      const x = left + (barsWidth / 2) * i + barsWidth * 0.1;
      const h = Math.max(1, Math.min(1, scale(value)) * span);
      context.fillStyle = colour;
      context.fillRect(x, top + span - h, barsWidth * 0.3, h);
      context.fillStyle = COLOURS.ink;
      context.textAlign = 'center';
      context.textBaseline = 'top';
      context.fillText(label, x + barsWidth * 0.15, top + span + 6);
      context.textBaseline = 'bottom';
      context.fillText(nats(value), x + barsWidth * 0.15, top + span - h - 3);
    });
    describe(canvas, 'walk.s6.figure', { term: nats(term.term), kl: nats(term.kl) });
  }
  sigma.input.addEventListener('input', render);
  return { step: 6, key: 's6', equations: [13, 14], usesInput: true, controls: [sigma.row], figure: canvas, readout: numbers, render };
}
