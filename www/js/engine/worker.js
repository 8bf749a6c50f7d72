// One worker of the decode pool (pool.js): its own instance of the wasm module, started from the
// module the page already compiled (so nothing is downloaded or compiled twice, and the page's
// Content-Security-Policy needs nothing beyond 'wasm-unsafe-eval'), its own copies of the models it
// is asked for, and one job at a time. It does no maths of its own: it forwards to the module.
//
// Messages in:  {type: 'start', module: WebAssembly.Module | null}
//               {type: 'decode', id, model, bytes: Uint8Array | null, zs: Float32Array, n}
//               {type: 'share', buffers}: decode chunks of batches shared through memory
//               (shared-decode.js), from now on, between messages
//               {type: 'open', modelId, model, bytes: Uint8Array | null}: open a model for those
// Messages out: {id, images: Float32Array, decodeMs} (its buffer transferred; decodeMs: the time the
//               decode took here, for the pool's estimate of a round trip) or {id, error: string};
//               {opened: modelId} or {opened: modelId, error: string}

import init, { VaeModel } from '../../pkg/vae_playground.js';
import { serveShared } from './shared-decode.js';

/** Resolves once the module is running; every job waits for it. */
let started = null;
/** @type {Map<string, VaeModel>} */
const models = new Map();
/** @type {Map<number, VaeModel>} the models of shared batches, by the pool's number for them */
const shared = new Map();

/** Model `name`: compiled in, or from the file's bytes (sent with the first job that needs it). */
function open(name, bytes) {
  if (!models.has(name)) models.set(name, bytes ? VaeModel.fromBytes(bytes) : new VaeModel(name));
  return models.get(name);
}

self.onmessage = async ({ data }) => {
  if (data.type === 'start') {
    // Without a module (it could not be sent), the glue fetches and compiles the .wasm itself.
    started = init(data.module ? { module_or_path: data.module } : undefined);
    started.catch(() => {});
    return;
  }
  if (data.type === 'share') {
    // The module first (a chunk may come before the first 'open' is answered: it finds no model).
    started.then(() => serveShared(data.buffers, (modelId) => shared.get(modelId)));
    return;
  }
  if (data.type === 'open') {
    try {
      await started;
      shared.set(data.modelId, open(data.model, data.bytes));
      self.postMessage({ opened: data.modelId });
    } catch (error) {
      self.postMessage({ opened: data.modelId, error: String(error?.message ?? error) });
    }
    return;
  }
  const { id } = data;
  try {
    await started;
    const model = open(data.model, data.bytes);
    const begun = performance.now();
    const images = model.decodeBatch(data.zs, data.n);
    self.postMessage({ id, images, decodeMs: performance.now() - begun }, [images.buffer]);
  } catch (error) {
    self.postMessage({ id, error: String(error?.message ?? error) });
  }
};
