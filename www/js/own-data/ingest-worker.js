// One ingest worker: image files dropped into a person's set become 28×28 inputs here, off the
// page's main thread. For each file: its bytes; the module's `sniffImage` reads the header first
// and refuses, before anything decodes it, an empty, cut-short, mislabelled or SVG file, another
// format, or one whose header claims more pixels than allowed (a decompression bomb); then the
// browser decodes it (`createImageBitmap`: PNG, JPEG, WebP, a GIF's first frame), a large image is
// scaled down to at most MAX_SIDE pixels a side before its pixels are read, and the module's
// `preprocessImage` frames the ink as the pad's drawings are framed (either polarity).
//
// Messages in:  {kind: 'init', module: WebAssembly.Module}
//               {kind: 'files', items: [{id, file: File | Blob}]}
// Messages out: {kind: 'results', results: [{id, ok: true, pixels: Uint8Array(784), polarity}
//                                        | {id, ok: false, stage: 'read' | 'sniff' | 'decode' | 'ink', message}]}
// Results are sent in batches (at most BATCH results, or after FLUSH_MS), so that the page
// appends them in small pieces and no task of its own grows long.

import init, { sniffImage, preprocessImage } from '../../pkg/vae_playground.js';

/** Longest side whose pixels are read: plenty for a 28×28 input, and a small canvas. */
const MAX_SIDE = 256;
const BATCH = 32;
const FLUSH_MS = 60;

let started = null;
const queue = [];
let busy = false;
let pending = [];
let lastFlush = 0;
/** One canvas, reused for every image (its size follows the image). */
let canvas = null;

self.onmessage = ({ data }) => {
  if (data?.kind === 'init') {
    started = init({ module_or_path: data.module });
    started.catch(() => {});
  } else if (data?.kind === 'files') {
    queue.push(...data.items);
    if (!busy) drain();
  }
};

async function drain() {
  busy = true;
  try {
    await started;
  } catch (error) {
    // Without the module nothing can be checked: every file says so.
    for (const { id } of queue.splice(0)) pending.push({ id, ok: false, stage: 'read', message: `the image reader could not start: ${error?.message ?? error}` });
  }
  while (queue.length > 0) {
    const { id, file } = queue.shift();
    pending.push(await ingest(id, file));
    if (pending.length >= BATCH || performance.now() - lastFlush >= FLUSH_MS) flush();
  }
  flush();
  busy = false;
}

function flush() {
  if (pending.length === 0) return;
  const results = pending;
  pending = [];
  lastFlush = performance.now();
  self.postMessage({ kind: 'results', results }, results.filter((r) => r.ok).map((r) => r.pixels.buffer));
}

/** One file, from its bytes to a framed input or the reason it cannot be one. */
async function ingest(id, file) {
  let bytes;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch (error) {
    return { id, ok: false, stage: 'read', message: String(error?.message ?? error) };
  }
  let header;
  try {
    header = sniffImage(bytes);
  } catch (error) {
    return { id, ok: false, stage: 'sniff', message: String(error?.message ?? error) };
  }
  let rgba;
  try {
    rgba = await decode(bytes, header);
  } catch (error) {
    return { id, ok: false, stage: 'decode', message: String(error?.message ?? error) };
  }
  try {
    const input = preprocessImage(rgba.data, rgba.width, rgba.height);
    const pixels = new Uint8Array(784);
    for (let i = 0; i < 784; i++) pixels[i] = Math.round(255 * Math.min(1, Math.max(0, input.pixels[i])));
    return { id, ok: true, pixels, polarity: input.polarity };
  } catch (error) {
    return { id, ok: false, stage: 'ink', message: String(error?.message ?? error) };
  }
}

/**
 * The image's RGBA pixels, at most MAX_SIDE a side. The bytes decoded are the bytes sniffed; the
 * browser turns the image the way its EXIF data says, so the sizes are read from the bitmap.
 */
async function decode(bytes, header) {
  let bitmap = await createImageBitmap(new Blob([bytes], { type: `image/${header.format}` }), { premultiplyAlpha: 'none' });
  try {
    const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    if (scale < 1) {
      // The browser's own high-quality scaling keeps thin strokes visible.
      const resized = await createImageBitmap(bitmap, {
        resizeWidth: Math.max(1, Math.round(bitmap.width * scale)),
        resizeHeight: Math.max(1, Math.round(bitmap.height * scale)),
        resizeQuality: 'high',
        premultiplyAlpha: 'none',
      });
      bitmap.close();
      bitmap = resized;
    }
    const { width, height } = bitmap;
    if (!canvas) canvas = new OffscreenCanvas(width, height);
    else if (canvas.width !== width || canvas.height !== height) [canvas.width, canvas.height] = [width, height];
    const context = canvas.getContext('2d', { willReadFrequently: true });
    context.clearRect(0, 0, width, height);
    context.drawImage(bitmap, 0, 0);
    return { data: context.getImageData(0, 0, width, height).data, width, height };
  } finally {
    bitmap.close();
  }
}
