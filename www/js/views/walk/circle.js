// Step 9, the circle: the VAE's region around μ (its 1σ and 2σ rings) on the live map of the test
// digits, a point z moved out along the radius and decoded; and, if an autoencoder model is
// shipped (a name with "-ae-"), where that model puts the same input: one point.

import { formatNumber, formatVector } from '../../i18n/i18n.js';
import { CLASS_COLOURS, paintDigit } from '../../ui/pixels.js';
import { el, slider, readout, fill, figureCanvas, prepare, describe } from './dom.js';
import { box, COLOURS } from './plot.js';
import * as maths from './maths.js';

export function circleStep({ input, model, engine }) {
  const radius = slider('walk.s9.radius', { min: 0, max: 3, step: 0.1, value: 1 });
  const map = figureCanvas('walk-map', 1);
  const decoded = el('canvas', 'digit walk-decoded');
  decoded.width = 28;
  decoded.height = 28;
  decoded.setAttribute('aria-hidden', 'true');
  // The autoencoder's own map, shown once one is loaded: its test digits and the input's single point.
  const aeMap = figureCanvas('walk-map walk-map-ae', 1);
  aeMap.hidden = true;
  const figure = el('div', 'walk-pair', map, el('div', 'walk-side', decoded, aeMap));
  const numbers = readout();
  /** The shipped autoencoder, once opened (null: none shipped, or not yet loaded). */
  let autoencoder = null;
  const aeEntry = engine.models.find((m) => /-ae-/.test(m.name) && m.latentDim === 2);
  if (aeEntry) {
    engine
      .open(aeEntry.name)
      .then((ae) => {
        autoencoder = ae;
        render();
      })
      .catch(() => {});
  }

  function render() {
    const pixels = input.pixels();
    const vae = model();
    const r = Number(radius.input.value);
    radius.value.textContent = formatNumber(r, 1);
    const { context, width, height } = prepare(map);
    if (!pixels || !vae) {
      numbers.textContent = '';
      describe(map, 'walk.input.none');
      return;
    }
    // One pass with ε = 0 gives μ and σ; the point on the ring is μ + r·σ along the first axis.
    const pass = maths.networkPass(vae, pixels, 0);
    const z = Array.from(pass.mu, (m, j) => (j === 0 ? m + r * pass.sigma[0] : m));
    paintDigit(decoded, vae.decode(new Float32Array(z)));
    const dots = vae.atlas;
    const d = vae.latentDim;
    const plot = box(width, height, { x: [-4, 4], y: [-4, 4] }, { left: 4, right: 4, top: 4, bottom: 4 });
    context.strokeStyle = COLOURS.line;
    context.strokeRect(plot.left, plot.top, plot.width, plot.height);
    if (dots) {
      for (let i = 0; i < dots.labels.length; i++) {
        context.fillStyle = CLASS_COLOURS[dots.labels[i] % CLASS_COLOURS.length];
        context.globalAlpha = 0.5;
        context.fillRect(plot.sx(dots.mu[i * d]) - 1.5, plot.sy(dots.mu[i * d + 1] ?? 0) - 1.5, 3, 3);
      }
      context.globalAlpha = 1;
    }
    const [mx, my = 0] = pass.mu;
    const [sx, sy = pass.sigma[0]] = pass.sigma;
    context.strokeStyle = COLOURS.ink;
    for (const k of [1, 2]) {
      context.lineWidth = k === 1 ? 2 : 1;
      context.beginPath();
      context.ellipse(plot.sx(mx), plot.sy(my), Math.max(1, plot.sx(k * sx) - plot.sx(0)), Math.max(1, plot.sy(0) - plot.sy(k * sy)), 0, 0, 2 * Math.PI);
      context.stroke();
    }
    context.fillStyle = COLOURS.second;
    context.beginPath();
    context.arc(plot.sx(z[0]), plot.sy(z[1] ?? 0), 5, 0, 2 * Math.PI);
    context.fill();
    const klTotal = maths.squaredError(vae, pixels, 1).kl;
    aeMap.hidden = !autoencoder;
    if (autoencoder) {
      const point = autoencoder.encode(pixels).mu;
      drawAutoencoder(point);
      fill(numbers, 'walk.s9.readoutAe', { z: formatVector(z.slice(0, 2), 2), r: formatNumber(r, 1), ae: autoencoder.name, point: formatVector(Array.from(point).slice(0, 2), 2) });
    } else {
      fill(numbers, 'walk.s9.readout', { z: formatVector(z.slice(0, 2), 2), r: formatNumber(r, 1), kl: formatNumber(klTotal, 2) });
    }
    describe(map, 'walk.s9.figure', { model: vae.name, r: formatNumber(r, 1) });
  }
  /** The autoencoder's test digits and where it puts the input: one point, nothing around it. */
  function drawAutoencoder(point) {
    const { context, width, height } = prepare(aeMap);
    const dots = autoencoder.atlas;
    const d = autoencoder.latentDim;
    let reach = 1;
    if (dots) for (let i = 0; i < dots.labels.length * d; i++) reach = Math.max(reach, Math.abs(dots.mu[i]));
    const plot = box(width, height, { x: [-reach, reach], y: [-reach, reach] }, { left: 2, right: 2, top: 2, bottom: 2 });
    context.strokeStyle = COLOURS.line;
    context.strokeRect(plot.left, plot.top, plot.width, plot.height);
    if (dots) {
      context.globalAlpha = 0.5;
      for (let i = 0; i < dots.labels.length; i++) {
        context.fillStyle = CLASS_COLOURS[dots.labels[i] % CLASS_COLOURS.length];
        context.fillRect(plot.sx(dots.mu[i * d]) - 1, plot.sy(dots.mu[i * d + 1] ?? 0) - 1, 2, 2);
      }
      context.globalAlpha = 1;
    }
    context.fillStyle = COLOURS.ink;
    context.beginPath();
    context.arc(plot.sx(point[0]), plot.sy(point[1] ?? 0), 4, 0, 2 * Math.PI);
    context.fill();
    describe(aeMap, 'walk.s9.figureAe', { ae: autoencoder.name, point: formatVector(Array.from(point).slice(0, 2), 2) });
  }

  radius.input.addEventListener('input', render);
  return { step: 9, key: 's9', equations: [], usesInput: true, controls: [radius.row], figure, readout: numbers, render };
}
