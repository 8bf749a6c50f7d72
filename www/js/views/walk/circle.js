// Step 9, the circle: the input's q(z|x) on the VAE's map at a zoom where its 1σ, 2σ and 4σ
// ellipses show (the 2σ one spans close to half the figure), beside the plain autoencoder's code
// at the same zoom: a point. Under each, the decodes at 0, 1σ, 2σ and 4σ along the radius, read by
// the judge, and the sentence quotes the judge's figures for 256 points on each circle, its
// wording chosen by them. A slider moves one more point along the radius and decodes it.

import { t, tPlain, noun, modelName, formatNumber, formatVector, formatPercent } from '../../i18n/i18n.js';
import { CLASS_COLOURS, paintDigit } from '../../ui/pixels.js';
import { JudgedTiles } from '../../ui/judged-tiles.js';
import { JUDGED_CIRCLES, JUDGED_SEED } from '../../engine/engine.js';
import { el, slider, readout, fill, figureCanvas, prepare, describe } from './dom.js';
import { box, COLOURS } from './plot.js';
import { circleWording, pointWording } from './wording.js';

/** The multiples of σ whose decodes are shown along the radius. */
export const RADII = [0, 1, 2, 4];
/** The figure's half-width, in σ of the longer axis: the 4σ ellipse fits, the 2σ one spans 4/8.8 of it. */
export const HALF_SPAN_SIGMAS = 4.4;

/** Whether a model is a plain autoencoder (its code a point). */
const isPoint = (model) => model?.info.kind === 'autoencoder';

export function circleStep({ input, model, engine }) {
  const radius = slider('walk.s9.radius', { min: 0, max: 4, step: 0.1, value: 2 });
  const vaeMap = figureCanvas('walk-map walk-circle-map', 1);
  const pointMap = figureCanvas('walk-map walk-circle-map', 1);
  const decoded = el('canvas', 'digit walk-decoded');
  decoded.width = 28;
  decoded.height = 28;
  decoded.setAttribute('aria-hidden', 'true');
  const probeCaption = el('span', 'walk-probe-caption');
  const vaeTiles = new JudgedTiles(RADII.length, 'walk-radius-tiles');
  const pointTiles = new JudgedTiles(RADII.length, 'walk-radius-tiles');
  const vaeTitle = el('h3', 'walk-side-title');
  const pointTitle = el('h3', 'walk-side-title');
  const pointSide = el('div', 'walk-circle-side', pointTitle, pointMap, pointTiles.node);
  const figure = el(
    'div',
    'walk-circle',
    el('div', 'walk-circle-side', vaeTitle, vaeMap, vaeTiles.node),
    pointSide,
    el('div', 'walk-circle-probe', decoded, probeCaption),
  );
  const probe = readout();
  const numbers = readout();
  const pointNumbers = readout();

  /** Models by name, once opened; a judge per dataset. */
  const opened = new Map();
  const judges = new Map();
  let generation = 0;
  /** The judged circles of the last model and input: a redraw (a resize, the slider) reuses them. */
  let measured = { model: null, pixels: null, circles: null };

  /** The VAE to show (the page's model, or its dataset's VAE when the page's is an autoencoder) and the autoencoder beside it. */
  function pair() {
    const current = model();
    if (!current) return { vae: null, point: null };
    const dataset = current.info.dataset;
    const sameData = engine.models.filter((m) => m.dataset === dataset && m.latentDim === 2);
    const pointName = sameData.find((m) => /-ae-/.test(m.name))?.name ?? null;
    const vaeName = isPoint(current) ? (sameData.find((m) => !/-ae-|-beta-/.test(m.name))?.name ?? null) : current.name;
    return { vae: vaeName === current.name ? current : want(vaeName), point: pointName === current.name ? current : want(pointName) };
  }

  /** Model `name` if it is open, else null (and it is opened for the next render). */
  function want(name) {
    if (!name) return null;
    if (opened.has(name)) return opened.get(name);
    opened.set(name, null);
    engine
      .open(name)
      .then((m) => {
        opened.set(name, m);
        render();
      })
      .catch(() => opened.delete(name));
    return null;
  }

  /** The judge of `dataset`, if loaded (it is fetched for the next render otherwise). */
  function judgeOf(dataset) {
    if (!engine.hasJudge(dataset)) return null;
    if (judges.has(dataset)) return judges.get(dataset);
    judges.set(dataset, null);
    engine
      .judge(dataset)
      .then((j) => {
        judges.set(dataset, j);
        render();
      })
      .catch(() => judges.delete(dataset));
    return null;
  }

  /** The points μ + k·σ along the first axis for k in RADII, and the slider's. `(RADII.length + 1, latent)` */
  function radiusPoints(code, latent, r) {
    const ks = [...RADII, r];
    const points = new Float32Array(ks.length * latent);
    ks.forEach((k, i) => {
      for (let j = 0; j < latent; j++) points[i * latent + j] = code.mu[j] + (j === 0 ? k * code.sigma[0] : 0);
    });
    return points;
  }

  /** Draws one map around `code` with half-span `half`: test codes nearby, the kσ ellipses (or a point). */
  function drawMap(canvas, which, code, half, r) {
    const { context, width, height } = prepare(canvas);
    const [cx, cy] = [code.mu[0], code.mu[1] ?? 0];
    const plot = box(width, height, { x: [cx - half, cx + half], y: [cy - half, cy + half] }, { left: 4, right: 4, top: 4, bottom: 4 });
    context.strokeStyle = COLOURS.line;
    context.strokeRect(plot.left, plot.top, plot.width, plot.height);
    context.save();
    context.beginPath();
    context.rect(plot.left, plot.top, plot.width, plot.height);
    context.clip();
    const atlas = which.atlas;
    if (atlas) {
      const d = which.latentDim;
      context.globalAlpha = 0.6;
      for (let i = 0; i < atlas.labels.length; i++) {
        const [x, y] = [atlas.mu[i * d], atlas.mu[i * d + 1] ?? 0];
        if (Math.abs(x - cx) > half || Math.abs(y - cy) > half) continue;
        context.fillStyle = CLASS_COLOURS[atlas.labels[i] % CLASS_COLOURS.length];
        context.fillRect(plot.sx(x) - 2.5, plot.sy(y) - 2.5, 5, 5);
      }
      context.globalAlpha = 1;
    }
    const [sx, sy] = [code.sigma[0], code.sigma[1] ?? code.sigma[0]];
    const scale = plot.width / (2 * half);
    for (const k of [4, 2, 1]) {
      const [rx, ry] = [k * sx * scale, k * sy * scale];
      if (rx < 1.5 && ry < 1.5) continue; // smaller than a pixel: a point
      context.strokeStyle = k === 4 ? COLOURS.grey : COLOURS.accent;
      context.lineWidth = k === 1 ? 2.5 : 1.5;
      context.setLineDash(k === 4 ? [5, 4] : []);
      context.beginPath();
      context.ellipse(plot.sx(cx), plot.sy(cy), rx, ry, 0, 0, 2 * Math.PI);
      context.stroke();
    }
    context.setLineDash([]);
    // μ, and the slider's point on the radius.
    context.fillStyle = COLOURS.ink;
    context.beginPath();
    context.arc(plot.sx(cx), plot.sy(cy), 4, 0, 2 * Math.PI);
    context.fill();
    context.fillStyle = COLOURS.second;
    context.beginPath();
    context.arc(plot.sx(cx + r * sx), plot.sy(cy), 5, 0, 2 * Math.PI);
    context.fill();
    context.restore();
    return { widthPx: plot.width, ring2: [4 * sx * scale, 4 * sy * scale] };
  }

  function render() {
    const current = ++generation;
    const pixels = input.pixels();
    const r = Number(radius.input.value);
    radius.value.textContent = formatNumber(r, 1);
    const { vae, point } = pair();
    if (!pixels || !vae) {
      prepare(vaeMap);
      prepare(pointMap);
      probe.textContent = '';
      numbers.textContent = '';
      pointNumbers.textContent = '';
      describe(vaeMap, 'walk.input.none');
      return;
    }
    const names = vae.atlas?.classNames ?? [];
    const code = vae.encode(pixels);
    const latent = vae.latentDim;
    // The zoom: both maps span ±HALF_SPAN_SIGMAS of the VAE's longer σ around their μ.
    const half = HALF_SPAN_SIGMAS * Math.max(code.sigma[0], code.sigma[1] ?? code.sigma[0]);
    const shown = drawMap(vaeMap, vae, code, half, r);
    vaeMap.dataset.ring2 = (Math.max(...shown.ring2) / shown.widthPx).toFixed(3);
    fill(vaeTitle, 'walk.s9.vaeTitle', { model: modelName(vae.name) });
    const points = radiusPoints(code, latent, r);
    const images = vae.decodeBatch(points, RADII.length + 1);
    const probeImage = images.subarray(RADII.length * 784);
    paintDigit(decoded, probeImage);
    fill(probeCaption, 'walk.s9.probe', { r: formatNumber(r, 1) });
    const judge = judgeOf(vae.info.dataset);
    // The slider's point: where it is, and what the judge reads in its decode.
    const probeZ = formatVector(points.subarray(RADII.length * latent, RADII.length * latent + Math.min(2, latent)), 2);
    if (judge) {
      const verdict = judge.classify(probeImage, 1);
      const sure = verdict.confidence[0] >= judge.info.confident;
      fill(probe, sure ? 'walk.s9.probe.clear' : 'walk.s9.probe.unsure', { z: probeZ, r: formatNumber(r, 1), class: names[verdict.classes[0]] ?? verdict.classes[0], p: formatPercent(verdict.confidence[0]) });
    } else {
      fill(probe, 'walk.s9.probe.plain', { z: probeZ, r: formatNumber(r, 1) });
    }
    const tileLabel = (k) => t('walk.s9.tile', { k: RADII[k] });
    const verdictsOf = (imgs) => {
      if (!judge) return null;
      const v = judge.classify(imgs.subarray(0, RADII.length * 784), RADII.length);
      return { ...v, classNames: names, confident: judge.info.confident };
    };
    vaeTiles.show(images, verdictsOf(images), tileLabel);
    describe(vaeMap, 'walk.s9.figure', { model: modelName(vae.name), sigma: formatVector(code.sigma.slice(0, 2), 3), half: formatNumber(half, 2), r: formatNumber(r, 1) });

    pointSide.hidden = !point;
    let pointCode = null;
    if (point) {
      pointCode = point.encode(pixels);
      drawMap(pointMap, point, pointCode, half, r);
      fill(pointTitle, 'walk.s9.pointTitle', { model: modelName(point.name) });
      const pointImages = point.decodeBatch(radiusPoints(pointCode, point.latentDim, r), RADII.length + 1);
      pointTiles.show(pointImages, verdictsOf(pointImages), tileLabel);
      // How far apart its decodes at 0 and 4σ are, in mean absolute pixel value.
      let change = 0;
      for (let i = 0; i < 784; i++) change += Math.abs(pointImages[i] - pointImages[3 * 784 + i]);
      change /= 784;
      fill(pointNumbers, pointWording(change), {
        model: modelName(point.name),
        point: formatVector(pointCode.mu.slice(0, 2), 2),
        sigma: formatVector(pointCode.sigma.slice(0, 2), 5),
        reach: formatNumber(4 * pointCode.sigma[0], 5),
        change: formatNumber(change, 4),
      });
      describe(pointMap, 'walk.s9.figurePoint', { model: modelName(point.name), point: formatVector(pointCode.mu.slice(0, 2), 2), half: formatNumber(half, 2) });
    } else {
      pointNumbers.textContent = '';
    }

    if (!judge) {
      fill(numbers, engine.hasJudge(vae.info.dataset) ? 'judge.measuring' : 'judge.none');
      return;
    }
    // The judge's figures for the points of each circle, a turn of the browser each.
    const cached = measured.model === vae && measured.pixels === pixels ? measured.circles : null;
    const circles = cached ?? {};
    const measure = async () => {
      for (const k of JUDGED_CIRCLES) {
        if (circles[k]) continue;
        await new Promise((resume) => setTimeout(resume, 0));
        if (current !== generation) return;
        circles[k] = judge.judgeCircle(vae, pixels, k, { seed: JUDGED_SEED });
      }
      measured = { model: vae, pixels, circles };
      const same = Object.fromEntries(JUDGED_CIRCLES.map((k) => [k, circles[k].sameClassShare]));
      const reference = circles[1].referenceClass;
      fill(numbers, circleWording(same), {
        model: modelName(vae.name),
        class: names[reference] ?? reference,
        same1: formatPercent(same[1]),
        same2: formatPercent(same[2]),
        same4: formatPercent(same[4]),
        count: circles[1].all.count,
        seed: JUDGED_SEED,
        noun: noun(vae.info.dataset),
        nouns: noun(vae.info.dataset, { plural: true }),
      });
      numbers.dataset.same = JSON.stringify(same);
    };
    if (!cached) {
      delete numbers.dataset.same;
      fill(numbers, 'judge.measuring');
    }
    measure().catch((error) => {
      numbers.textContent = tPlain('walk.s9.failed', { reason: error.message });
    });
  }

  radius.input.addEventListener('input', render);
  return {
    step: 9,
    key: 's9',
    equations: [],
    usesInput: true,
    controls: [radius.row],
    figure,
    readout: el('div', 'walk-readouts', probe, numbers, pointNumbers),
    render,
  };
}
