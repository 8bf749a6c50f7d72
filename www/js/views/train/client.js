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
