// The last model trained in the page, kept in this browser (store.js) with what the playground
// needs to show it: its weights file, its name, and for a model of a person's set the images
// behind its map's dots (no file on the server holds them). main.js puts it back in the model list
// at start, before following the link, so that a link naming it opens it.

import * as store from './store.js';
import { UNLABELLED, PIXELS } from './set.js';

/** The images of a set's atlas, as `TestImages` reads them: the same evenly spaced choice as the
 * exported model's atlas (training::eval::atlas_indices, up to 2,000), with the atlas's labels
 * (an unlabelled image gets the class after the set's own, "unlabelled"). */
export function atlasImages(set, most = 2000) {
  const step = Math.max(1, Math.ceil(set.count / Math.max(1, most)));
  const indices = [];
  for (let i = 0; i < set.count; i += step) indices.push(i);
  const bytes = new Uint8Array(indices.length * (PIXELS + 1));
  indices.forEach((i, k) => {
    bytes.set(set.images.subarray(i * PIXELS, (i + 1) * PIXELS), k * PIXELS);
    const label = set.labels[i];
    bytes[indices.length * PIXELS + k] = label === UNLABELLED ? set.classNames.length : label;
  });
  return bytes;
}

/**
 * Keeps `model` ({name, bytes, dataset, testImages?}) as the last trained one.
 * @returns {Promise<void>} rejects with a StoreError (its `kind` 'quota' for a full disk)
 */
export function keepModel(model) {
  return store.save('model', { ...model, savedAt: Date.now() });
}

/** The kept model, or null. */
export async function keptModel() {
  try {
    const record = await store.load('model');
    return record?.bytes instanceof Uint8Array && typeof record.name === 'string' ? record : null;
  } catch {
    return null;
  }
}

/**
 * Puts the kept model back in the engine's list (unopened models are cheap: it is opened when
 * chosen). Returns its name, or null if there is none or it cannot be read any more.
 * @param {import('../engine/engine.js').Engine} engine
 */
export async function restoreKeptModel(engine) {
  const record = await keptModel();
  if (!record || engine.entry(record.name)) return record?.name ?? null;
  try {
    if (record.testImages instanceof Uint8Array && record.dataset) engine.provideTestImages(record.dataset, record.testImages);
    engine.add(record.name, record.bytes);
    return record.name;
  } catch {
    return null;
  }
}
