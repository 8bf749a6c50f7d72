// The person's set and their last trained model, kept in this browser (IndexedDB) so that a
// reload or a browser restart finds them again. Nothing here leaves the browser. Two records in
// one object store: `set` ({name, classNames, images, labels, count, fileBytes}) and `model`
// ({name, bytes, dataset, classNames, testImages, savedAt}). Every call resolves or rejects with
// a `StoreError` whose `kind` says what went wrong ('quota': the browser refused the space;
// 'unavailable': no IndexedDB here, e.g. a private window that blocks it; 'failed': anything else),
// so that the page can say what was kept.

const DATABASE = 'vae-playground-own';
const STORE = 'records';
const VERSION = 1;

export class StoreError extends Error {
  constructor(kind, reason) {
    super(reason);
    this.kind = kind;
  }
}

/** The error's kind: a full disk or a refused quota is 'quota'. */
function kindOf(error) {
  return error?.name === 'QuotaExceededError' || /quota|disk|space/i.test(error?.message ?? '') ? 'quota' : 'failed';
}

let opening = null;

/** The database, opened once (created on first use). */
function open() {
  opening ??= new Promise((resolve, reject) => {
    if (typeof indexedDB === 'undefined') throw new StoreError('unavailable', 'this browser keeps no IndexedDB here');
    const request = indexedDB.open(DATABASE, VERSION);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(new StoreError('unavailable', request.error?.message ?? 'IndexedDB could not be opened'));
    request.onblocked = () => reject(new StoreError('unavailable', 'IndexedDB is blocked by another tab'));
  }).catch((error) => {
    opening = null;
    throw error instanceof StoreError ? error : new StoreError('unavailable', error?.message ?? String(error));
  });
  return opening;
}

/** Whether this browser already has the database (so that a page that never stored anything
 * does not create one just by looking). Browsers without `indexedDB.databases` say yes. */
export async function hasStore() {
  if (typeof indexedDB === 'undefined') return false;
  if (typeof indexedDB.databases !== 'function') return true;
  try {
    return (await indexedDB.databases()).some((d) => d.name === DATABASE);
  } catch {
    return false;
  }
}

/** Runs one request in a transaction and resolves once the transaction has committed. */
async function run(mode, makeRequest) {
  const db = await open();
  return new Promise((resolve, reject) => {
    let transaction;
    let request;
    try {
      transaction = db.transaction(STORE, mode);
      request = makeRequest(transaction.objectStore(STORE));
    } catch (error) {
      reject(new StoreError(kindOf(error), error?.message ?? String(error)));
      return;
    }
    transaction.oncomplete = () => resolve(request.result);
    const fail = () => {
      const error = transaction.error ?? request.error;
      reject(new StoreError(kindOf(error), error?.message ?? 'the transaction was aborted'));
    };
    transaction.onabort = fail;
    transaction.onerror = (event) => event.preventDefault();
  });
}

/** Record `key`, or null. */
export async function load(key) {
  if (!(await hasStore())) return null;
  return (await run('readonly', (store) => store.get(key))) ?? null;
}

/** Stores `value` as record `key`. */
export function save(key, value) {
  return run('readwrite', (store) => store.put(value, key));
}

/** Deletes record `key`. */
export function remove(key) {
  return run('readwrite', (store) => store.delete(key));
}
