// Step 8, the reparameterisation trick: ε drawn, z = μ + σ·ε placed in the latent plane and
// decoded, again at each press; a diagram of the network x → encoder → μ, log σ² → z → decoder → x′
// whose parts light up with the live values.

import { t, formatNumber, formatVector } from '../../i18n/i18n.js';
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
    const { context, width, height } = prepare(diagram);
    const image = Math.min(height * 0.42, width * 0.13);
    const mid = height / 2;
    const columns = [0.08, 0.25, 0.45, 0.63, 0.8, 0.94].map((f) => f * width);
    const glow = (i) => (lit > 0 && i <= Math.ceil(lit * 6) ? COLOURS.accent : COLOURS.grey);
    context.lineWidth = 2;
    // arrows
    for (let i = 0; i < columns.length - 1; i++) {
      context.strokeStyle = glow(i + 1);
      context.beginPath();
      context.moveTo(columns[i] + image / 2 + 4, mid);
      context.lineTo(columns[i + 1] - image / 2 - 4, mid);
      context.stroke();
    }
    const label = (x, y, words, colour = COLOURS.ink, align = 'center') => {
      context.fillStyle = colour;
      context.textAlign = align;
      context.textBaseline = 'middle';
      context.fillText(words, x, y);
    };
    const picture = (x, pixels) => {
      paintDigit(digit, pixels);
      context.imageSmoothingEnabled = false;
      context.drawImage(digit, x - image / 2, mid - image / 2, image, image);
      context.strokeStyle = COLOURS.line;
      context.strokeRect(x - image / 2, mid - image / 2, image, image);
    };
    const block = (x, words, i) => {
      context.fillStyle = glow(i) === COLOURS.accent ? COLOURS.soft : '#f4f5f8';
      context.strokeStyle = glow(i);
      context.beginPath();
      context.rect(x - image / 2, mid - image * 0.6, image, image * 1.2);
      context.fill();
      context.stroke();
      label(x, mid, words);
    };
    picture(columns[0], input.pixels());
    label(columns[0], mid + image / 2 + 12, t('walk.s8.x'));
    block(columns[1], t('walk.s8.encoder'), 1);
    const short = (values) => formatVector(Array.from(values).slice(0, 2), 2);
    label(columns[2], mid - image * 0.45, `μ (${short(pass.mu)})`, glow(2));
    label(columns[2], mid + image * 0.45, `σ (${short(pass.sigma)})`, glow(2));
    label(columns[3], mid - image * 0.45, `ε (${short(pass.epsilon)})`, glow(3));
    label(columns[3], mid + image * 0.45, `z (${short(pass.z)})`, glow(3));
    block(columns[4], t('walk.s8.decoder'), 4);
    picture(columns[5], pass.image);
    label(columns[5], mid + image / 2 + 12, t('walk.s8.xprime'));
    label(columns[3], 12, t('walk.s8.epsilon'), COLOURS.muted);
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

  /** Lights the diagram from x to x′ over half a second. */
  function animate() {
    const started = performance.now();
    const frame = (now) => {
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
    formula: 'walk.eq.reparam',
    usesInput: true,
    controls: [button],
    figure,
    readout: numbers,
    render,
    inputChanged() {
      history = [];
    },
  };
}
