// The page's inner loop while a person drags a latent point: decode it and redraw the 28×28 image,
// upscaled, once per animation frame.

const SIDE = 28;

/**
 * Draws pixel probabilities (dark ink on white) on `canvas`, upscaled without smoothing: a 28×28
 * putImageData on a scratch canvas, then one scaled drawImage.
 * @param {CanvasRenderingContext2D} context the visible canvas
 * @param {Float32Array} pixels `(28 × 28)` in [0, 1]
 * @param {{context: CanvasRenderingContext2D, image: ImageData}} scratch
 */
export function drawDigit(context, pixels, scratch) {
  const rgba = scratch.image.data;
  for (let i = 0; i < pixels.length; i++) {
    const paper = 255 * (1 - pixels[i]);
    rgba[4 * i] = rgba[4 * i + 1] = rgba[4 * i + 2] = paper;
    rgba[4 * i + 3] = 255;
  }
  scratch.context.putImageData(scratch.image, 0, 0);
  context.imageSmoothingEnabled = false;
  context.drawImage(scratch.context.canvas, 0, 0, context.canvas.width, context.canvas.height);
}

/**
 * Runs `frames` animation frames, each decoding a point on a circle and drawing it on a 280×280
 * canvas. The work of a frame is timed up to a 1-pixel readback, which makes the canvas finish
 * drawing there and then (it would otherwise draw later, outside the timed span).
 * @param {(z: Float32Array) => Float32Array} decode
 * @returns {Promise<{workUs: number[], intervalsMs: number[]}>}
 */
export async function measureRedraw(decode, latentDim, frames = 120) {
  const canvas = Object.assign(document.createElement('canvas'), { width: 280, height: 280 });
  document.body.append(canvas);
  const context = canvas.getContext('2d');
  const scratchCanvas = Object.assign(document.createElement('canvas'), { width: SIDE, height: SIDE });
  const scratch = { context: scratchCanvas.getContext('2d'), image: new ImageData(SIDE, SIDE) };
  const z = new Float32Array(latentDim);
  const workUs = [];
  const intervalsMs = [];
  let previous = null;

  await new Promise((done, fail) => {
    const watchdog = setTimeout(() => fail(new Error('requestAnimationFrame did not run')), 10_000);
    const frame = (timestamp) => {
      if (previous !== null) intervalsMs.push(timestamp - previous);
      previous = timestamp;
      const angle = (2 * Math.PI * workUs.length) / frames;
      [z[0], z[1]] = [1.5 * Math.cos(angle), 1.5 * Math.sin(angle)];
      const start = performance.now();
      drawDigit(context, decode(z), scratch);
      context.getImageData(0, 0, 1, 1);
      workUs.push((performance.now() - start) * 1000);
      if (workUs.length < frames) requestAnimationFrame(frame);
      else {
        clearTimeout(watchdog);
        done();
      }
    };
    requestAnimationFrame(frame);
  });
  canvas.remove();
  return { workUs, intervalsMs };
}
