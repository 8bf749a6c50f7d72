// What a link keeps of the playground: the drawing (its strokes, exactly) or the test digit given as
// input, z, the samples' source, seed, temperature and radius, the map's view and dimensions, every
// test digit's circle shown or not, and the interpolation pair. Each value from a link is checked:
// a bad one is named in `problems` and the playground keeps its own (the page then says so calmly).

import { encodeStrokes, decodeStrokes, decodeNumbers, encodeNumbers, LinkError } from '../../link/codec.js';
import { flattenStrokes } from '../../ui/draw-pad.js';

/** The link's keys for the playground. */
const KEYS = ['z', 'draw', 'test', 'src', 'seed', 't', 'r', 'map', 'dims', 'pin', 'b', 'circles'];
const SOURCES = ['posterior', 'prior', 'point'];

/**
 * @param {{view: object, pad: import('../../ui/draw-pad.js').DrawPad, samples: object, map: object,
 *          interpolation: object, engine: object, padSize: number, lineWidth: number,
 *          circles: HTMLInputElement, chooseDimensions: (dims: number[]) => void,
 *          useTestInput: (index: number) => Promise<void>, settled: () => Promise<void>,
 *          invalidate: (...parts: string[]) => void}} deps
 */
export function playgroundLinkPart(deps) {
  const { view, pad, samples, map, interpolation, engine } = deps;

  function capture() {
    const out = {};
    const controls = samples.controls();
    if (view.testInput) out.test = String(view.testInput.index + 1);
    else if (!pad.isEmpty) out.draw = encodeStrokes(pad.strokes);
    out.z = encodeNumbers(view.z);
    out.src = controls.source;
    out.seed = String(controls.seed);
    out.t = String(controls.temperature);
    out.r = String(controls.radius);
    out.map = encodeNumbers([map.view.cx, map.view.cy, map.view.span]);
    if (view.model?.latentDim > 2) out.dims = view.dims.join(',');
    if (view.pin) out.pin = view.pin.test !== undefined ? `t${view.pin.test + 1}` : `s${encodeStrokes(view.pin.strokes)}`;
    const b = interpolation.bSource;
    if (b !== 'drawing') out.b = String(b);
    if (deps.circles.checked) out.circles = '1';
    return out;
  }

  /** Runs `apply(value)` for key `key` if the link has it; a LinkError (or any error) is a problem. */
  async function take(params, problems, key, apply) {
    const value = params.get(key);
    if (value === null) return;
    try {
      await apply(value);
    } catch (error) {
      problems.push({ key, value: value.slice(0, 40) });
      if (!(error instanceof LinkError) && !(error instanceof RangeError)) console.warn(`link: ${key}: ${error.message}`);
    }
  }

  const whole = (value, low, high) => {
    const n = Number(value);
    if (!(/^\d+$/.test(value) && n >= low && n <= high)) throw new LinkError(`${value} is not a whole number from ${low} to ${high}`);
    return n;
  };

  async function restore(params, problems) {
    if (!KEYS.some((key) => params.has(key)) || !view.model) return;
    const latentDim = view.model.latentDim;
    await take(params, problems, 'dims', (value) => {
      const dims = decodeNumbers(value, 'the map’s dimensions', { count: 2 });
      if (latentDim <= 2 || !dims.every((d) => Number.isInteger(d) && d >= 0 && d < latentDim) || dims[0] === dims[1]) throw new LinkError('dimensions');
      deps.chooseDimensions(dims);
    });
    // The input: a drawing's strokes, or a test digit.
    await take(params, problems, 'draw', (value) => {
      pad.setStrokes(decodeStrokes(value, deps.padSize));
    });
    await take(params, problems, 'test', async (value) => {
      await deps.useTestInput(whole(value, 1, 100000) - 1);
    });
    await deps.settled();
    await take(params, problems, 'z', (value) => {
      const z = decodeNumbers(value, 'z', { count: latentDim, limit: engine.latentLimit });
      view.z = Float32Array.from(z);
      deps.invalidate('z');
    });
    const controls = {};
    await take(params, problems, 'src', (value) => {
      if (!SOURCES.includes(value)) throw new LinkError(value);
      controls.source = value;
    });
    await take(params, problems, 'seed', (value) => {
      controls.seed = whole(value, 0, 2 ** 32 - 1);
    });
    await take(params, problems, 't', (value) => {
      controls.temperature = whole(value, 0, 120);
    });
    await take(params, problems, 'r', (value) => {
      controls.radius = whole(value, 1, 120);
    });
    if (Object.keys(controls).length > 0) samples.setControls(controls);
    await take(params, problems, 'map', (value) => {
      const [cx, cy, span] = decodeNumbers(value, 'the map', { count: 3, limit: 4 * engine.latentLimit });
      if (!(span > 0)) throw new LinkError('span');
      map.centreOn(cx, cy, span);
    });
    await take(params, problems, 'circles', (value) => {
      deps.circles.checked = value === '1';
      deps.circles.dispatchEvent(new Event('change'));
    });
    await take(params, problems, 'pin', async (value) => {
      if (value.startsWith('t')) {
        const index = whole(value.slice(1), 1, 100000) - 1;
        const images = await engine.testImages(view.model.info.dataset);
        if (index >= images.count) throw new LinkError('test digit');
        const pixels = images.image(index);
        view.pin = { pixels, mu: view.model.encode(pixels).mu, test: index };
      } else if (value.startsWith('s')) {
        const strokes = decodeStrokes(value.slice(1), deps.padSize);
        const { prep } = engine.preprocess(flattenStrokes(strokes), deps.padSize, deps.padSize, deps.lineWidth);
        if (!prep) throw new LinkError('the pinned drawing is too small');
        view.pin = { pixels: prep.pixels, mu: view.model.encode(prep.pixels).mu, strokes };
      } else throw new LinkError('pin');
      deps.invalidate('interpolation');
    });
    await take(params, problems, 'b', (value) => {
      const label = whole(value, 0, 255);
      const option = interpolation.bSelect.querySelector(`option[value="${label}"]`);
      if (!option) throw new LinkError('class');
      interpolation.bSelect.value = String(label);
      deps.invalidate('interpolation');
    });
  }

  return { capture, restore };
}
