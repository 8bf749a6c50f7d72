// A person's own set of images, as the page holds it while they build it: the 28×28 images as the
// model sees them (784 bytes each, round(255·v), exactly what the set file stores), a label each
// (an index into `classNames`, or UNLABELLED), the set's name, and an undo history. It knows the
// set file's limits (docs/SET_FORMAT.md) and the page's own (200 MB of files), and does nothing
// else: no DOM, no storage, no module (the file is written by the caller, with `writeSetFile`).
//
// Every change goes through one of the methods below and fires a `change` event. Changes other
// than adding images replace the arrays instead of editing them (copy on write), so that an undo
// record can keep the old ones by reference: undoing a clear of 20,000 images copies nothing.

/** Most images in a set (the set file's limit). */
export const MAX_IMAGES = 20_000;
/** Most bytes of image files dropped into one set (the page's limit, so that a drop stays quick). */
export const MAX_FILE_BYTES = 200e6;
/** Most classes a set can name (label 255 marks an unlabelled image). */
export const MAX_CLASSES = 255;
/** Longest class name, in characters (Unicode scalar values). */
export const MAX_CLASS_NAME = 40;
/** Longest set name. */
export const MAX_SET_NAME = 100;
/** The label of an image without one. */
export const UNLABELLED = 255;
/** Bytes of one image. */
export const PIXELS = 784;

/** Undo records kept; and, of those, records holding whole old arrays (each up to 16 MB). */
const MAX_UNDO = 50;
const MAX_HEAVY_UNDO = 6;

/** A class name or set name as the file allows it: trimmed, no control characters. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Why a label or name cannot be used, as a string key of the tables (`own.bad.*`), or null. */
export function nameProblem(text, most) {
  const length = [...text].length;
  if (length === 0) return 'own.bad.empty';
  if (length > most) return 'own.bad.long';
  if (CONTROL.test(text)) return 'own.bad.control';
  return null;
}

/** A label as typed: trimmed, inner runs of spaces made one. Empty means unlabelled. */
export function normaliseLabel(text) {
  return String(text ?? '').trim().replace(/\s+/g, ' ');
}

export class OwnSet extends EventTarget {
  constructor() {
    super();
    this.name = 'my set';
    /** @type {string[]} */
    this.classNames = [];
    this.images = new Uint8Array(64 * PIXELS);
    this.labels = new Uint8Array(64);
    this.count = 0;
    /** Bytes of the image files whose images were added (drawings count nothing). */
    this.fileBytes = 0;
    /** @type {object[]} */
    this.history = [];
  }

  /** A copy of everything that describes the set now (arrays by reference: they are never edited
   * below `count`). */
  #state() {
    return { name: this.name, classNames: this.classNames, images: this.images, labels: this.labels, count: this.count, fileBytes: this.fileBytes };
  }

  #restore(state) {
    Object.assign(this, state);
  }

  #remember(record) {
    this.history.push(record);
    const heavy = this.history.filter((r) => r.state);
    if (heavy.length > MAX_HEAVY_UNDO) this.history = this.history.slice(this.history.indexOf(heavy[heavy.length - MAX_HEAVY_UNDO]));
    if (this.history.length > MAX_UNDO) this.history = this.history.slice(-MAX_UNDO);
  }

  #changed(kind) {
    this.dispatchEvent(new CustomEvent('change', { detail: { kind } }));
  }

  /** What the last change was (for the Undo button's text), or null. */
  get undoable() {
    return this.history.at(-1)?.kind ?? null;
  }

  /** Room for `more` images. */
  get room() {
    return MAX_IMAGES - this.count;
  }

  /** The label index of class `name`, adding the class if it is new; throws an Error whose
   * `key` is a string key of the tables if it cannot be a class. */
  #classIndex(name, classNames) {
    const label = normaliseLabel(name);
    if (label === '') return UNLABELLED;
    const known = classNames.indexOf(label);
    if (known >= 0) return known;
    const problem = nameProblem(label, MAX_CLASS_NAME);
    if (problem) throw Object.assign(new Error(problem), { key: problem });
    if (classNames.length >= MAX_CLASSES) throw Object.assign(new Error('own.bad.classes'), { key: 'own.bad.classes' });
    classNames.push(label);
    return classNames.length - 1;
  }

  /** Checks that `label` can be given (for a form, before anything is added): a key or null. */
  labelProblem(label) {
    try {
      this.#classIndex(label, [...this.classNames]);
      return null;
    } catch (error) {
      return error.key;
    }
  }

  #ensureCapacity(count) {
    if (count * PIXELS <= this.images.length) return;
    const capacity = Math.min(MAX_IMAGES, Math.max(count, 2 * this.labels.length));
    const images = new Uint8Array(capacity * PIXELS);
    images.set(this.images.subarray(0, this.count * PIXELS));
    const labels = new Uint8Array(capacity);
    labels.set(this.labels.subarray(0, this.count));
    this.images = images;
    this.labels = labels;
  }

  /**
   * Appends images (each 784 bytes) with one label for them all (a class name, '' for none).
   * Adds no more than there is room for; returns how many were added.
   * @param {Uint8Array[]} images
   * @param {string} label
   * @param {{fileBytes?: number, remember?: boolean}} [options] the files' bytes (for the 200 MB
   *   limit); `remember: false` leaves it out of the undo history (an ingest adds in many batches
   *   and records one entry itself with `markAdded`)
   */
  add(images, label = '', { fileBytes = 0, remember = true } = {}) {
    const n = Math.min(images.length, this.room);
    if (n === 0) return 0;
    const classNames = [...this.classNames];
    const index = this.#classIndex(label, classNames);
    if (remember) this.#remember({ kind: 'add', count: this.count, fileBytes: this.fileBytes, classNames: this.classNames });
    this.#ensureCapacity(this.count + n);
    for (let i = 0; i < n; i++) {
      this.images.set(images[i], (this.count + i) * PIXELS);
      this.labels[this.count + i] = index;
    }
    this.classNames = classNames;
    this.count += n;
    this.fileBytes += fileBytes;
    this.#changed('add');
    return n;
  }

  /** Starts one undo entry for the images added from now on (a drop of many files). */
  markAdded() {
    this.#remember({ kind: 'add', count: this.count, fileBytes: this.fileBytes, classNames: this.classNames });
  }

  /** Gives images `indices` the label `label` ('' for none). Throws (with `key`) for a bad label. */
  relabel(indices, label) {
    if (indices.length === 0) return;
    const classNames = [...this.classNames];
    const index = this.#classIndex(label, classNames);
    this.#remember({ kind: 'relabel', state: this.#state() });
    const labels = this.labels.slice(); // the same capacity as the images
    for (const i of indices) if (i < this.count) labels[i] = index;
    this.labels = labels;
    this.classNames = classNames;
    this.#compactClasses();
    this.#changed('relabel');
  }

  /** Removes images `indices` (the rest keep their order). */
  remove(indices) {
    const gone = new Set(indices.filter((i) => i >= 0 && i < this.count));
    if (gone.size === 0) return;
    this.#remember({ kind: 'remove', state: this.#state() });
    const count = this.count - gone.size;
    const images = new Uint8Array(Math.max(count, 64) * PIXELS);
    const labels = new Uint8Array(Math.max(count, 64));
    let at = 0;
    for (let i = 0; i < this.count; i++) {
      if (gone.has(i)) continue;
      images.set(this.images.subarray(i * PIXELS, (i + 1) * PIXELS), at * PIXELS);
      labels[at++] = this.labels[i];
    }
    // The files' bytes stay counted: they were read, and the limit is about reading.
    Object.assign(this, { images, labels, count });
    this.#compactClasses();
    this.#changed('remove');
  }

  /** Removes every image (undoable). */
  clear() {
    if (this.count === 0) return;
    this.#remember({ kind: 'clear', state: this.#state() });
    Object.assign(this, { images: new Uint8Array(64 * PIXELS), labels: new Uint8Array(64), count: 0, classNames: [], fileBytes: 0 });
    this.#changed('clear');
  }

  /** Renames the set; throws (with `key`) for a name the file cannot hold. */
  rename(name) {
    const text = String(name).trim();
    const problem = nameProblem(text, MAX_SET_NAME);
    if (problem) throw Object.assign(new Error(problem), { key: problem });
    if (text === this.name) return;
    this.name = text;
    this.#changed('rename');
  }

  /**
   * Replaces the set with another (a file imported, or the stored one at start): `{name,
   * classNames, images, labels, count, fileBytes?}`, kept exactly as given (an imported set
   * exported again gives the same bytes). `remember`: undoable (an import), or not (the start).
   */
  replace(set, { remember = true } = {}) {
    if (remember) this.#remember({ kind: 'import', state: this.#state() });
    const capacity = Math.max(set.count, 64);
    const images = new Uint8Array(capacity * PIXELS);
    images.set(set.images.subarray(0, set.count * PIXELS));
    const labels = new Uint8Array(capacity);
    labels.set(set.labels.subarray(0, set.count));
    Object.assign(this, { name: set.name, classNames: [...set.classNames], images, labels, count: set.count, fileBytes: set.fileBytes ?? 0 });
    this.#changed(remember ? 'import' : 'restore');
  }

  /** Undoes the last change; false if there was none. */
  undo() {
    const record = this.history.pop();
    if (!record) return false;
    if (record.state) this.#restore(record.state);
    else Object.assign(this, { count: record.count, fileBytes: record.fileBytes, classNames: record.classNames });
    this.#changed('undo');
    return true;
  }

  /** Drops the names no image uses, renumbering the labels (only on edits: an import keeps its list). */
  #compactClasses() {
    const used = new Set(this.labels.subarray(0, this.count));
    if (this.classNames.every((_, i) => used.has(i))) return;
    const map = new Map();
    const kept = [];
    this.classNames.forEach((name, i) => {
      if (!used.has(i)) return;
      map.set(i, kept.length);
      kept.push(name);
    });
    for (let i = 0; i < this.count; i++) if (this.labels[i] !== UNLABELLED) this.labels[i] = map.get(this.labels[i]);
    this.classNames = kept;
  }

  /** Image `i`'s 784 bytes (a view: copy it to keep it). */
  image(i) {
    return this.images.subarray(i * PIXELS, (i + 1) * PIXELS);
  }

  /** Image `i`'s class name, or null. */
  labelName(i) {
    const label = this.labels[i];
    return label === UNLABELLED ? null : this.classNames[label];
  }

  /** How many images each class has, `[name | null, count]` in class order, unlabelled last. */
  classCounts() {
    const counts = new Array(this.classNames.length).fill(0);
    let unlabelled = 0;
    for (let i = 0; i < this.count; i++) {
      if (this.labels[i] === UNLABELLED) unlabelled++;
      else counts[this.labels[i]]++;
    }
    const rows = this.classNames.map((name, i) => [name, counts[i]]);
    if (unlabelled > 0) rows.push([null, unlabelled]);
    return rows;
  }

  /** The set as `writeSetFile` takes it (views of the arrays, no copy). */
  forFile() {
    return { name: this.name, classNames: this.classNames, images: this.images.subarray(0, this.count * PIXELS), labels: this.labels.subarray(0, this.count) };
  }

  /** The set as the store keeps it: copies, exactly `count` long. */
  forStore() {
    return {
      name: this.name,
      classNames: [...this.classNames],
      images: this.images.slice(0, this.count * PIXELS),
      labels: this.labels.slice(0, this.count),
      count: this.count,
      fileBytes: this.fileBytes,
    };
  }
}
