// The page's side of the training worker: messages as promises (`call(kind, fields)`, one reply
// per message, see src/wasm/training.rs), and the Train view's digits fetched with progress.

/** A Web Worker running the wasm module's training session. */
export class TrainingClient {
  #worker;
  #pending = new Map();
  #nextId = 1;

  /**
   * Starts the worker with the module the page compiled.
   * @param {WebAssembly.Module} module
   * @returns {Promise<TrainingClient>}
   */
  static async start(module) {
    const client = new TrainingClient();
    await client.#send({ kind: 'init', module });
    return client;
  }

  constructor() {
    this.#worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    this.#worker.addEventListener('message', ({ data }) => {
      const pending = this.#pending.get(data?.id);
      if (!pending) return;
      this.#pending.delete(data.id);
      if ('error' in data) pending.reject(new Error(data.error));
      else pending.resolve(data.result);
    });
    this.#worker.addEventListener('error', (event) => {
      const error = new Error(event.message || 'the training worker failed');
      for (const pending of this.#pending.values()) pending.reject(error);
      this.#pending.clear();
    });
  }

  #send(message, transfer = []) {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ ...message, id }, transfer);
    });
  }

  /**
   * Sends `{kind, …fields}` and resolves with the worker's result (rejects with its error).
   * @param {'start' | 'step' | 'snapshot' | 'export' | 'reset'} kind
   */
  call(kind, fields = {}, transfer = []) {
    return this.#send({ kind, ...fields }, transfer);
  }

  terminate() {
    this.#worker.terminate();
  }
}

/**
 * Whether this browser has WebAssembly's relaxed SIMD, so that the training worker can run the
 * module built with it (www/pkg/relaxed/: each multiply-add one fused instruction). Asked of a tiny
 * module, `(func (result v128) (f32x4.relaxed_madd (v128.const 0) (v128.const 0) (v128.const 0)))`:
 * a browser without it refuses to validate it, as it would the whole relaxed build.
 * @returns {boolean}
 */
export function hasRelaxedSimd() {
  const zero = [0xfd, 0x0c, ...new Array(16).fill(0)]; // v128.const 0
  const body = [0x00, ...zero, ...zero, ...zero, 0xfd, 0x85, 0x02, 0x0b]; // no locals; f32x4.relaxed_madd; end
  return WebAssembly.validate(
    new Uint8Array([
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
      0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type section: () -> v128
      0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
      0x0a, body.length + 2, 0x01, body.length, ...body, // code section
    ]),
  );
}

/**
 * Fetches one of the Train view's data files (`{file, bytes}` of the manifest), reporting bytes.
 * @param {URL} url
 * @param {number} total
 * @param {(received: number) => void} onProgress
 * @returns {Promise<Uint8Array>}
 */
export async function fetchBytes(url, total, onProgress) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url.pathname}: HTTP ${response.status}`);
  const bytes = new Uint8Array(total);
  let received = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (received + value.byteLength > total) throw new Error(`${url.pathname} is larger than the manifest says`);
    bytes.set(value, received);
    received += value.byteLength;
    onProgress(received);
  }
  if (received !== total) throw new Error(`${url.pathname}: ${received} of ${total} bytes arrived`);
  return bytes;
}
