// Step 8, the reparameterisation trick: ε drawn, z = μ + σ·ε placed in the latent plane and
// decoded, again at each press; a diagram of the network x → encoder → μ, log σ² → z → decoder → x′
// whose parts light up with the live values.

import { t, tPlain, formatNumber, formatVector } from '../../i18n/i18n.js';
import { paintDigit } from '../../ui/pixels.js';
import { el, text, readout, fill, figureCanvas, prepare, describe } from './dom.js';
import { box, axes, dot, COLOURS } from './plot.js';
import * as maths from './maths.js';

/** Draws remembered in the latent plane. */
const KEEP = 40;

export function reparamStep({ input, model }) {
  const button = text('button', '', 'walk.s8.draw');
  button.type = 'button';
  const diagram = figureCanvas('walk-diagram', 0.42);
  const plane = figureCanvas('walk-plane', 1);
  plane.setAttribute('aria-hidden', 'true');
  plane.removeAttribute('role');
  const figure = el('div', 'walk-pair', diagram, plane);
  const numbers = readout();
  const digit = document.createElement('canvas');
  let seed = 1;
  let history = [];
  let lit = 0;

  function drawDiagram(pass) {
    // Wide: one row x → encoder → μ, σ → ε, z → decoder → x′. Narrow (a phone): two rows.
    const narrow = (diagram.clientWidth || 320) < 520;
    diagram.dataset.aspect = narrow ? '0.8' : '0.42';
    const { context, width, height } = prepare(diagram);
    if (narrow) context.font = '11px system-ui, sans-serif';
    const image = narrow ? Math.min(width * 0.2, height * 0.28) : Math.min(height * 0.42, width * 0.13);
    const nodes = narrow
      ? [[0.15, 0.3], [0.5, 0.3], [0.82, 0.3], [0.18, 0.76], [0.5, 0.76], [0.85, 0.76]]
      : [[0.08, 0.5], [0.25, 0.5], [0.45, 0.5], [0.63, 0.5], [0.8, 0.5], [0.94, 0.5]];
    const at = nodes.map(([fx, fy]) => [fx * width, fy * height]);
    const glow = (i) => (lit > 0 && i <= Math.ceil(lit * 6) ? COLOURS.accent : COLOURS.grey);
    context.lineWidth = 2;
    // arrows between consecutive parts, stopping short of each
    for (let i = 0; i < at.length - 1; i++) {
      const [x0, y0] = at[i];
      const [x1, y1] = at[i + 1];
      const length = Math.hypot(x1 - x0, y1 - y0);
      const gap = (image / 2 + 6) / length;
      context.strokeStyle = glow(i + 1);
      context.beginPath();
      context.moveTo(x0 + (x1 - x0) * gap, y0 + (y1 - y0) * gap);
      context.lineTo(x1 - (x1 - x0) * gap, y1 - (y1 - y0) * gap);
      context.stroke();
    }
    const label = (x, y, words, colour = COLOURS.ink) => {
      context.fillStyle = colour;
      context.textAlign = 'center';
      context.textBaseline = 'middle';
      context.fillText(words, x, y);
    };
    const picture = ([x, y], pixels) => {
      paintDigit(digit, pixels);
      context.imageSmoothingEnabled = false;
      context.drawImage(digit, x - image / 2, y - image / 2, image, image);
      context.strokeStyle = COLOURS.line;
      context.strokeRect(x - image / 2, y - image / 2, image, image);
    };
    const block = ([x, y], words, i) => {
      context.fillStyle = glow(i) === COLOURS.accent ? COLOURS.soft : '#f4f5f8';
      context.strokeStyle = glow(i);
      context.beginPath();
      context.rect(x - image / 2, y - image * 0.6, image, image * 1.2);
      context.fill();
      context.stroke();
      label(x, y, words);
    };
    const short = (values) => formatVector(Array.from(values).slice(0, 2), 2);
    picture(at[0], input.pixels());
    label(at[0][0], at[0][1] + image / 2 + 10, t('walk.s8.x'));
    block(at[1], t('walk.s8.encoder'), 1);
    label(at[2][0], at[2][1] - image * 0.4, `μ (${short(pass.mu)})`, glow(2));
    label(at[2][0], at[2][1] + image * 0.4, `σ (${short(pass.sigma)})`, glow(2));
    label(at[3][0], at[3][1] - image * 0.4, `ε (${short(pass.epsilon)})`, glow(3));
    label(at[3][0], at[3][1] + image * 0.4, `z (${short(pass.z)})`, glow(3));
    label(at[3][0], at[3][1] - image * 0.4 - 16, tPlain('walk.s8.epsilon'), COLOURS.muted);
    block(at[4], t('walk.s8.decoder'), 4);
    picture(at[5], pass.image);
    label(at[5][0], at[5][1] + image / 2 + 10, t('walk.s8.xprime'));
  }

  function drawPlane(pass) {
    const { context, width, height } = prepare(plane);
    const [mx, my = 0] = pass.mu;
    const [sx, sy = pass.sigma[0]] = pass.sigma;
    // Close up on μ: the 2σ ring and the draws fill the square.
    const reach = Math.max(0.2, 3 * Math.max(sx, sy));
    const plot = box(width, height, { x: [mx - reach, mx + reach], y: [my - reach, my + reach] }, { left: 36, bottom: 20, right: 6, top: 6 });
    axes(context, plot, { xTicks: [mx], yTicks: [my], format: (v) => formatNumber(v, 2) });
    context.strokeStyle = COLOURS.accent;
    context.lineWidth = 1.5;
    for (const k of [1, 2]) {
      context.beginPath();
      context.ellipse(plot.sx(mx), plot.sy(my), Math.abs(plot.sx(k * sx) - plot.sx(0)), Math.abs(plot.sy(k * sy) - plot.sy(0)), 0, 0, 2 * Math.PI);
      context.stroke();
    }
    for (const [x, y] of history) dot(context, plot, x, y, COLOURS.grey, 2.5);
    dot(context, plot, mx, my, COLOURS.accent, 4);
    dot(context, plot, pass.z[0], pass.z[1] ?? 0, COLOURS.second, 5);
  }

  function render() {
    const pixels = input.pixels();
    button.disabled = !pixels || !model();
    if (button.disabled) {
      prepare(diagram);
      prepare(plane);
      numbers.textContent = '';
      describe(diagram, 'walk.input.none');
      return;
    }
    const pass = maths.networkPass(model(), pixels, seed);
    const params = {
      mu: formatVector(pass.mu, 2),
      sigma: formatVector(pass.sigma, 2),
      eps: formatVector(pass.epsilon, 2),
      z: formatVector(pass.z, 2),
    };
    fill(numbers, 'walk.s8.readout', params);
    describe(diagram, 'walk.s8.figure', params);
    drawDiagram(pass);
    drawPlane(pass);
    return pass;
  }

  /** Lights the diagram from x to x′ over half a second (a newer animation, or a new input, stops it). */
  let animation = 0;
  function animate() {
    const started = performance.now();
    const run = ++animation;
    const frame = (now) => {
      if (run !== animation) return;
      lit = Math.min(1, (now - started) / 500);
      const pass = render();
      if (lit < 1 && pass) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }

  button.addEventListener('click', () => {
    const pass = render();
    if (pass) history = [...history, [pass.z[0], pass.z[1] ?? 0]].slice(-KEEP);
    seed += 1;
    animate();
  });
  return {
    step: 8,
    key: 's8',
    equations: [],
    formula: 'reparam',
    usesInput: true,
    controls: [button],
    figure,
    readout: numbers,
    render,
    inputChanged() {
      // A new input starts its draws again: a link then needs only how many were drawn.
      history = [];
      seed = 1;
      lit = 0;
      animation++;
    },
    /** What a link keeps of this step: how many times ε was drawn (the draws follow from it). */
    linkState: () => String(seed - 1),
    restoreLink(value) {
      const presses = Number(value);
      if (!/^\d+$/.test(value) || presses > 10000) throw new RangeError(value);
      history = [];
      seed = 1;
      for (let i = 0; i < presses; i++) {
        const pass = input.pixels() && model() ? maths.networkPass(model(), input.pixels(), seed) : null;
        if (pass) history = [...history, [pass.z[0], pass.z[1] ?? 0]].slice(-KEEP);
        seed += 1;
      }
      lit = presses > 0 ? 1 : 0; // as after the last press's animation
      animation++;
      render();
    },
  };
}
