// Image files into a person's set: what a drop or a file picker gives (files, or folders read
// through `webkitGetAsEntry`), checked against the set's limits, handed to ingest workers
// (ingest-worker.js) that sniff, decode and frame them off the main thread, and appended to the set
// in the order given, a worker's batch at a time. Every file ends one of two ways: its image joins
// the set, or it is listed with its reason (`refused` events); nothing is dropped silently.
//
// The main thread's part of each batch is small (copying 784 bytes per image, a few list rows),
// so that adding thousands of files never blocks the page for long.

import { MAX_FILE_BYTES, MAX_IMAGES } from './set.js';
import { describeRefusal } from './reasons.js';

/** Workers decoding at once: two (on two cores the page's own thread needs little while they
 * work), up to four where there are more cores. */
const WORKERS = Math.max(2, Math.min(4, (navigator.hardwareConcurrency || 2) - 1));
/** Files sent to a worker at a time, and most waiting in a worker: a drop of thousands is handed
 * over a little at a time (cloning thousands of File handles in one task would be a long one). */
const CHUNK = 16;
const AHEAD = 3 * CHUNK;
/** Files taken in per task. */
const INTAKE_SLICE = 400;
/** Most entries read from dropped folders in one go. */
const MAX_ENTRIES = 50_000;

/** The page's two limits, each with its own message. */
const FULL = { key: 'own.reason.full', params: { most: MAX_IMAGES.toLocaleString('en') }, detail: '' };
const BYTES = { key: 'own.reason.bytes', params: { most: '200 MB' }, detail: '' };

/**
 * The files of a drop, each with its path: `[{file, path}]`. Must be called during the drop
 * event itself (a DataTransfer's items are readable only then); the folders are read after.
 * @param {DataTransfer} transfer
 * @returns {Promise<{files: {file: File, path: string}[], truncated: boolean}>}
 */
export function filesOfDrop(transfer) {
  const entries = [];
  const loose = [];
  for (const item of transfer?.items ?? []) {
    if (item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry?.();
    if (entry) entries.push(entry);
    else {
      const file = item.getAsFile();
      if (file) loose.push({ file, path: file.name });
    }
  }
  if (entries.length === 0 && loose.length === 0) for (const file of transfer?.files ?? []) loose.push({ file, path: file.name });
  return readEntries(entries).then(({ files, truncated }) => ({ files: [...loose, ...files], truncated }));
}

/** The files under these entries (folders read to their end, in name order), up to MAX_ENTRIES. */
async function readEntries(roots) {
  const files = [];
  let truncated = false;
  const walk = async (entry) => {
    if (files.length >= MAX_ENTRIES) {
      truncated = true;
      return;
    }
    if (entry.isFile) {
      try {
        files.push({ file: await new Promise((resolve, reject) => entry.file(resolve, reject)), path: entry.fullPath.replace(/^\//, '') });
      } catch (error) {
        files.push({ file: null, path: entry.fullPath.replace(/^\//, ''), error: String(error?.message ?? error) });
      }
      return;
    }
    if (!entry.isDirectory) return;
    const reader = entry.createReader();
    const children = [];
    // readEntries gives a folder's entries in batches (100 in Chromium) until an empty one.
    for (;;) {
      const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject)).catch(() => []);
      if (batch.length === 0) break;
      children.push(...batch);
      if (children.length >= MAX_ENTRIES) break;
    }
    children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const child of children) await walk(child);
  };
  for (const root of roots) await walk(root);
  return { files, truncated };
}

/** The files of a file input, each with its path (a folder picker gives `webkitRelativePath`). */
export function filesOfInput(input) {
  return [...(input.files ?? [])].map((file) => ({ file, path: file.webkitRelativePath || file.name }));
}

/**
 * The label a file's path gives: the name of the folder it is in, when it sits in a folder inside
 * the folder dropped ("letters/A/1.png" → "A"), else null.
 */
export function folderLabel(path) {
  const parts = String(path).split('/').filter(Boolean);
  return parts.length >= 3 ? parts.at(-2) : null;
}

/**
 * Feeds files to ingest workers and the results into `set`, in order. Events: `refused`
 * (detail: [{path, key, params, detail}]), `progress` (detail: {done, total, added, refused}),
 * `idle` once every file given so far has ended (the workers are then stopped, their memory
 * returned).
 */
export class Ingest extends EventTarget {
  #module;
  #set;
  #workers = [];
  #next = 0; // the id of the next file given
  #appendAt = 0; // the id of the next file to end, in order
  /** @type {Map<number, {path, label, job, inFlight?}>} files given, not yet ended */
  #files = new Map();
  /** @type {Map<number, object>} results that arrived before an earlier file's */
  #early = new Map();
  #imagesInFlight = 0;
  /** Files to hand to a worker: [{id, file}]. */
  #queue = [];
  /** Drops not yet taken in: [{files, at, label, byFolder, job}]. */
  #intake = [];

  /**
   * @param {{module: WebAssembly.Module, set: import('./set.js').OwnSet}} options
   */
  constructor({ module, set }) {
    super();
    this.#module = module;
    this.#set = set;
    this.total = 0;
    this.done = 0;
    this.added = 0;
    this.refused = 0;
  }

  /** Whether files are still being read. */
  get busy() {
    return this.#files.size > 0 || this.#intake.length > 0;
  }

  /**
   * Adds files (`[{file, path, error?}]`) to the set: each with `label` ('' for none), or the name
   * of its folder when `byFolder` and its path has one. They are taken in a few hundred at a time,
   * each slice its own short task, so that a drop of thousands never holds the page up.
   */
  add(files, { label = '', byFolder = true } = {}) {
    if (!this.busy) Object.assign(this, { total: 0, done: 0, added: 0, refused: 0 });
    this.total += files.length;
    this.#intake.push({ files, at: 0, label, byFolder, job: { marked: false } });
    if (this.#intake.length === 1) this.#takeIn();
  }

  /** Takes in up to INTAKE_SLICE files of the oldest drop, then lets the page breathe. */
  #takeIn() {
    const drop = this.#intake[0];
    const toWorkers = [];
    const end = Math.min(drop.files.length, drop.at + INTAKE_SLICE);
    for (; drop.at < end; drop.at++) {
      const { file, path, error } = drop.files[drop.at];
      const id = this.#next++;
      // (A file's size is not asked for here: for a file picked from disk that waits on the
      // browser's file system. The workers read it; the 200 MB are counted as results come back.)
      const entry = { path, label: (drop.byFolder && folderLabel(path)) || drop.label, job: drop.job };
      this.#files.set(id, entry);
      // The set's room, before any byte is read.
      let refusal = null;
      if (!file) refusal = { key: 'own.reason.read', params: { detail: error ?? '' }, detail: error ?? '' };
      else if (this.#set.count + this.#imagesInFlight >= MAX_IMAGES) refusal = FULL;
      if (refusal) {
        this.#early.set(id, { id, refusal });
        continue;
      }
      this.#imagesInFlight++;
      entry.inFlight = true;
      toWorkers.push({ id, file });
    }
    if (drop.at >= drop.files.length) this.#intake.shift();
    if (this.#intake.length > 0) setTimeout(() => this.#takeIn(), 0);
    this.#dispatch(toWorkers);
    this.#drain();
  }

  #dispatch(items) {
    this.#queue.push(...items);
    if (this.#queue.length === 0) return;
    if (this.#workers.length === 0) {
      for (let i = 0; i < WORKERS; i++) {
        const worker = new Worker(new URL('./ingest-worker.js', import.meta.url), { type: 'module' });
        worker.onmessage = ({ data }) => this.#received(data.results ?? []);
        worker.onerror = (event) => {
          event.preventDefault();
          this.#workerFailed(worker, event.message || 'the image reader stopped');
        };
        worker.postMessage({ kind: 'init', module: this.#module });
        this.#workers.push({ worker, ids: new Set() });
      }
    }
    this.#pump();
  }

  /** Hands each worker a chunk of files while it has few waiting, so that results come back in
   * about the order given and no task clones many files at once. */
  #pump() {
    for (const entry of this.#workers) {
      while (this.#queue.length > 0 && entry.ids.size < AHEAD) {
        const share = this.#queue.splice(0, CHUNK);
        for (const { id } of share) entry.ids.add(id);
        entry.worker.postMessage({ kind: 'files', items: share });
      }
    }
  }

  /** A worker that failed as a whole: its files say so; the others carry on. */
  #workerFailed(worker, message) {
    const index = this.#workers.findIndex((w) => w.worker === worker);
    if (index < 0) return;
    const [{ ids }] = this.#workers.splice(index, 1);
    worker.terminate();
    // With no worker left, the files still to hand over end the same way.
    const waiting = this.#workers.length === 0 ? this.#queue.splice(0).map(({ id }) => id) : [];
    this.#received([...ids, ...waiting].map((id) => ({ id, ok: false, stage: 'read', message })));
  }

  #received(results) {
    for (const result of results) {
      for (const w of this.#workers) w.ids.delete(result.id);
      this.#early.set(result.id, result);
    }
    this.#pump();
    this.#drain();
  }

  /** Ends the files whose turn it is: consecutive images appended together, refusals listed. */
  #drain() {
    const refused = [];
    let run = [];
    let runLabel = null;
    let runBytes = 0;
    const flushRun = () => {
      if (run.length === 0) return;
      // What the set has room for joins it; the rest is refused as the set is full.
      const fits = run.slice(0, this.#set.room);
      for (const r of run.slice(fits.length)) refused.push({ path: r.entry.path, ...FULL });
      this.refused += run.length - fits.length;
      const [label, bytes] = [runLabel ?? '', fits.reduce((sum, r) => sum + r.size, 0)];
      run = [];
      runBytes = 0;
      if (fits.length === 0) return;
      const job = fits[0].entry.job;
      try {
        // One undo entry per drop, begun by its first images (a label that cannot be a class, a
        // folder's name too long or a 256th class, throws below before anything changes).
        if (!job.marked && this.#set.labelProblem(label) === null) {
          this.#set.markAdded();
          job.marked = true;
        }
        this.added += this.#set.add(fits.map((r) => r.pixels), label, { fileBytes: bytes, remember: false });
      } catch (error) {
        for (const r of fits) refused.push({ path: r.entry.path, key: error.key ?? 'own.reason.other', params: { detail: error.message }, detail: '' });
        this.refused += fits.length;
      }
    };
    while (this.#early.has(this.#appendAt)) {
      const id = this.#appendAt++;
      const result = this.#early.get(id);
      this.#early.delete(id);
      const entry = this.#files.get(id);
      this.#files.delete(id);
      this.done++;
      if (entry.inFlight) this.#imagesInFlight--;
      // The set's 200 MB of files, counted in the order given: a file that would pass it is refused.
      if (result.stage === 'size' || (result.ok && this.#set.fileBytes + runBytes + result.size > MAX_FILE_BYTES)) {
        flushRun();
        refused.push({ path: entry.path, ...BYTES });
        this.refused++;
        continue;
      }
      if (result.ok) {
        if (run.length > 0 && entry.label !== runLabel) flushRun();
        runLabel = entry.label;
        run.push({ entry, pixels: result.pixels, size: result.size });
        runBytes += result.size;
        continue;
      }
      flushRun();
      const reason = result.refusal ?? describeRefusal(result.stage, result.message);
      refused.push({ path: entry.path, ...reason });
      this.refused++;
    }
    flushRun();
    if (refused.length > 0) this.dispatchEvent(new CustomEvent('refused', { detail: refused }));
    this.dispatchEvent(new CustomEvent('progress', { detail: { done: this.done, total: this.total, added: this.added, refused: this.refused } }));
    if (!this.busy) this.#stop();
  }

  /** Stops the workers (each holds a module instance and a canvas) once nothing is left to read. */
  #stop() {
    for (const { worker } of this.#workers) worker.terminate();
    this.#workers = [];
    this.dispatchEvent(new CustomEvent('idle', { detail: { total: this.total, added: this.added, refused: this.refused } }));
  }
}
