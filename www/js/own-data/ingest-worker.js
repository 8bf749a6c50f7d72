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
// Messages out: {kind: 'results', results: [{id, size, ok: true, pixels: Uint8Array(784), polarity}
//                                        | {id, size, ok: false, stage: 'size' | 'read' | 'sniff' | 'decode' | 'ink', message}]}
// `size` is the file's size in bytes, read here: in the page, asking a File picked from disk for
// its size waits on the browser's file system (about 0.1 ms a file, 0.2 s for 2,000), so the page
// leaves that to the workers and counts the 200 MB as the results come back.
// Results are sent in batches (at most BATCH results, or after FLUSH_MS), so that the page
// appends them in small pieces and no task of its own grows long.

import init, { sniffImage, preprocessImage } from '../../pkg/vae_playground.js';
import { MAX_FILE_BYTES } from './set.js';

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
  // One file at a time: decoding several at once in a worker was slower (they compete for the
  // same cores); the page runs two workers instead.
  while (queue.length > 0) {
    const { id, file } = queue.shift();
    // (Not `pending.push(await …)`: that would push into the array a flush meanwhile sent.)
    const result = await ingest(id, file);
    pending.push(result);
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
  let size = 0;
  let bytes;
  try {
    size = file.size;
    // A file larger than a whole set's allowance can never join it: not read at all.
    if (size > MAX_FILE_BYTES) return { id, size, ok: false, stage: 'size', message: '' };
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch (error) {
    return { id, size, ok: false, stage: 'read', message: String(error?.message ?? error) };
  }
  const result = await frame(bytes, file);
  return { id, size, ...result };
}

/** A file's bytes (and the file, to decode) to a framed input or the reason it cannot be one. */
const T = { sniff: 0, decode: 0, prep: 0, read: 0, n: 0 };
self.T = T;
async function frame(bytes, file) {
  let t0 = performance.now();
  let header;
  try {
    header = sniffImage(bytes); // its format and size, or why it is refused: nothing is decoded before this
  } catch (error) {
    return { ok: false, stage: 'sniff', message: String(error?.message ?? error) };
  }
  let rgba;
  try {
    rgba = await decode(file, header);
  } catch (error) {
    return { ok: false, stage: 'decode', message: String(error?.message ?? error) };
  }
  try {
    const input = preprocessImage(rgba.data, rgba.width, rgba.height);
    const pixels = new Uint8Array(784);
    for (let i = 0; i < 784; i++) pixels[i] = Math.round(255 * Math.min(1, Math.max(0, input.pixels[i])));
    return { ok: true, pixels, polarity: input.polarity };
  } catch (error) {
    return { ok: false, stage: 'ink', message: String(error?.message ?? error) };
  }
}

/** createImageBitmap's options that scale `width` × `height` to at most MAX_SIDE a side (the
 * browser's high-quality scaling keeps thin strokes visible). */
function fit(width, height) {
  const scale = MAX_SIDE / Math.max(width, height);
  return { resizeWidth: Math.max(1, Math.round(width * scale)), resizeHeight: Math.max(1, Math.round(height * scale)), resizeQuality: 'high' };
}

/**
 * The image's RGBA pixels, at most MAX_SIDE a side. The file is decoded as it is (a File is a
 * Blob: no copy of its bytes); the browser turns the image the way its EXIF data says, so the
 * sizes are read from the bitmap, not the header.
 */
async function decode(file, header) {
  // A PNG or GIF is decoded and scaled in one step, to the size its header gives (neither format
  // is turned by EXIF data in practice); a JPEG or WebP may be, so it is decoded first and scaled
  // from the bitmap's own size.
  const oneStep = (header.format === 'png' || header.format === 'gif') && Math.max(header.width, header.height) > MAX_SIDE;
  let bitmap = await createImageBitmap(file, { premultiplyAlpha: 'none', ...(oneStep ? fit(header.width, header.height) : {}) });
  try {
    if (Math.max(bitmap.width, bitmap.height) > MAX_SIDE) {
      const resized = await createImageBitmap(bitmap, { premultiplyAlpha: 'none', ...fit(bitmap.width, bitmap.height) });
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
