// The training worker: instantiates the wasm module the page has already compiled (sent in the
// first message, so nothing downloads twice: the page's own module, its relaxed-SIMD build where
// the browser has it, which ./build.sh checks has the same glue) and hands the messaging to Rust
// (`serveTraining`, src/wasm/training.rs), which trains with the same code as the native trainer.

import init, { serveTraining } from '../../../pkg/vae_playground.js';

self.addEventListener(
  'message',
  async (event) => {
    const { id, module } = event.data ?? {};
    try {
      await init({ module_or_path: module });
      serveTraining();
      self.postMessage({ id, result: 'ready' });
    } catch (error) {
      self.postMessage({ id, error: String(error?.message ?? error) });
    }
  },
  { once: true },
);
