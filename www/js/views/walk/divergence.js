// Step 2, KL divergence (3): a coin against a die read two ways, "face 1 / face 2" (the other
// faces count as neither) and "odd / even", in both directions.

import { t, formatNumber } from '../../i18n/i18n.js';
import { el, text, slider, readout, fill, figureCanvas, prepare, describe } from './dom.js';
import { box, axes, COLOURS } from './plot.js';
import * as maths from './maths.js';

let groups = 0;

export function divergenceStep() {
  const bias = slider('walk.s2.bias', { min: 0, max: 1, step: 0.01, value: 0.5 });
  const name = `walk-reading-${++groups}`;
  const choices = ['faces', 'parity'].map((reading) => {
    const input = el('input');
    Object.assign(input, { type: 'radio', name, value: reading, id: `${name}-${reading}`, checked: reading === 'faces' });
    const label = text('label', '', `walk.s2.${reading}`);
    label.htmlFor = input.id;
    return el('div', 'walk-choice', input, label);
  });
  const legend = text('legend', '', 'walk.s2.reading');
  const reading = el('fieldset', 'walk-control walk-radios', legend, ...choices);
  const canvas = figureCanvas('walk-plot', 0.5);
  const numbers = readout();
  const note = el('p', 'help');
  const bits = (v) => (Number.isFinite(v) ? formatNumber(v, 3) : t('walk.s2.infinite'));

  function render() {
    const p = Number(bias.input.value);
    const parity = reading.querySelector('input:checked').value === 'parity';
    // Outcomes: heads ↔ face 1 (or odd), tails ↔ face 2 (or even), and for faces the die's 3–6.
    const coin = parity ? [p, 1 - p] : [p, 1 - p, 0];
    const die = parity ? [0.5, 0.5] : [1 / 6, 1 / 6, 4 / 6];
    const labels = parity
      ? ['walk.s2.outcome.odd', 'walk.s2.outcome.even']
      : ['walk.s2.outcome.face1', 'walk.s2.outcome.face2', 'walk.s2.outcome.neither'];
    const forward = maths.kl(coin, die);
    const backward = maths.kl(die, coin);
    bias.value.textContent = formatNumber(p, 2);
    fill(numbers, 'walk.s2.readout', { forward: bits(forward), backward: bits(backward) });
    note.hidden = Number.isFinite(backward);
    if (!note.hidden) fill(note, 'walk.s2.infiniteNote');

    const { context, width, height } = prepare(canvas);
    const plot = box(width, height, { x: [0, labels.length], y: [0, 1] }, { bottom: 40 });
    axes(context, plot, { yTicks: [0, 0.5, 1], format: (v) => formatNumber(v, v % 1 === 0 ? 0 : 1) });
    const slot = plot.width / labels.length;
    const bar = Math.min(40, slot / 3);
    labels.forEach((key, i) => {
      const centre = plot.left + slot * (i + 0.5);
      [
        [coin[i], COLOURS.accent, -bar - 2],
        [die[i], COLOURS.second, 2],
      ].forEach(([value, colour, offset]) => {
        context.fillStyle = colour;
        context.fillRect(centre + offset, plot.sy(value), bar, plot.sy(0) - plot.sy(value));
      });
      context.fillStyle = COLOURS.ink;
      context.textAlign = 'center';
      context.textBaseline = 'top';
      context.fillText(t(key), centre, plot.top + plot.height + 6);
    });
    context.textAlign = 'left';
    context.fillStyle = COLOURS.accent;
    context.fillText(`■ ${t('walk.s2.coin')}`, plot.left + 6, plot.top + 2);
    context.fillStyle = COLOURS.second;
    context.fillText(`■ ${t('walk.s2.die')}`, plot.left + 70, plot.top + 2);
    describe(canvas, 'walk.s2.figure', { p: formatNumber(p, 2), forward: bits(forward) });
  }
  bias.input.addEventListener('input', render);
  reading.addEventListener('change', render);
  return { step: 2, key: 's2', equations: [3], controls: [bias.row, reading], figure: canvas, readout: el('div', '', numbers, note), numbers, render };
}
