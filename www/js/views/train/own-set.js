// The Train view's "your own set" cards: one to add examples (a label, the collection pad, image
// files dropped or chosen, and the files that could not be used with their reasons), one to look
// after the set (its name, what it holds, the gallery, relabel, remove, clear, undo, export and
// import, and whether it is kept in this browser). The set itself is own-data/set.js; this file
// wires it to the page and to the store, and says what happened.

import { t, formatBytes } from '../../i18n/i18n.js';
import { element, text } from '../../ui/dom.js';
import { downloadBytes } from '../../ui/export.js';
import { OwnSet, MAX_IMAGES, MAX_CLASS_NAME, MAX_SET_NAME, PIXELS, UNLABELLED } from '../../own-data/set.js';
import { Ingest } from '../../own-data/ingest.js';
import * as store from '../../own-data/store.js';
import { Gallery } from './gallery.js';
import { buildCollectPad } from './collect.js';
import { buildDropZone } from './drop.js';

/** Quiet time after a change before the set is stored; and the longest a busy stream of changes waits. */
const SAVE_AFTER_MS = 500;
const SAVE_AT_MOST_MS = 3000;
/** Refusals listed one by one; beyond, a count. */
const LISTED = 1000;
/** Largest file Import reads (a full set's file is about 16 MB). */
const MAX_IMPORT_BYTES = 32e6;

function button(key, extra = {}) {
  return Object.assign(text('button', extra.className ?? '', key), { type: 'button', ...extra });
}

/** A name for files: letters, digits, dots and dashes. */
export function slug(name) {
  return String(name).normalize('NFKD').replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'my-set';
}

/**
 * @param {{engine: import('../../engine/engine.js').Engine, root: HTMLElement}} context
 */
export function mountOwnSet({ engine, root }) {
  const set = new OwnSet();
  const listeners = new Set();

  // ---- adding: a label, the pad, files ----
  const label = Object.assign(element('input'), { type: 'text', id: 'own-label', maxLength: MAX_CLASS_NAME, autocomplete: 'off', spellcheck: false });
  label.setAttribute('list', 'own-classes');
  const classList = Object.assign(element('datalist'), { id: 'own-classes' });
  const labelRow = element('div', 'train-field own-label-field', Object.assign(text('label', '', 'own.label'), { htmlFor: 'own-label' }), label, classList, text('p', 'help', 'own.labelHelp'));
  const labelMessage = element('p', 'field-message');
  labelMessage.setAttribute('aria-live', 'polite');

  /** The label field's value, checked: '' for none, or null (and a message) if it cannot be a class. */
  function chosenLabel() {
    const problem = set.labelProblem(label.value);
    label.setAttribute('aria-invalid', String(Boolean(problem)));
    labelMessage.textContent = problem ? t(problem, { most: MAX_CLASS_NAME }) : '';
    return problem ? null : label.value;
  }
  label.addEventListener('input', () => chosenLabel());

  const collect = buildCollectPad({
    engine,
    onAdd(bytes, source) {
      const name = chosenLabel();
      if (name === null) return null;
      if (set.room === 0) return t('own.reason.full', { most: MAX_IMAGES.toLocaleString('en') });
      set.add([bytes], name);
      gallery.showEnd();
      const shown = set.labelName(set.count - 1);
      const of = shown === null ? set.classCounts().find(([n]) => n === null)?.[1] : set.classCounts().find(([n]) => n === shown)?.[1];
      return t(shown === null ? 'own.addedUnlabelled' : 'own.added', { name: shown ?? '', n: of ?? 0, source: t(`own.source.${source}`) });
    },
  });

  const ingestStatus = element('p', 'own-status own-ingest');
  ingestStatus.setAttribute('aria-live', 'polite');
  const refusedList = element('ul', 'refused-list');
  const refusedSummary = element('summary', '');
  const refusedMore = element('p', 'help');
  const clearRefused = button('own.clearRefused', { className: 'small' });
  const refusedBox = element('details', 'refused', refusedSummary, refusedList, refusedMore, clearRefused);
  refusedBox.hidden = true;
  let refusedCount = 0;
  let ingest = null;
  const drop = buildDropZone({ onFiles: (files, truncated) => addFiles(files, truncated) });

  function showRefused() {
    refusedBox.hidden = refusedCount === 0;
    refusedSummary.textContent = t('own.refusedSummary', { n: refusedCount.toLocaleString('en') });
    refusedMore.textContent = refusedCount > LISTED ? t('own.refusedMore', { n: (refusedCount - LISTED).toLocaleString('en') }) : '';
    root.dataset.refused = String(refusedCount);
  }
  clearRefused.addEventListener('click', () => {
    refusedCount = 0;
    refusedList.replaceChildren();
    showRefused();
  });

  function addFiles(files, truncated = false) {
    const name = chosenLabel();
    if (name === null) {
      ingestStatus.textContent = t('own.fixLabel');
      return;
    }
    if (!ingest) {
      ingest = new Ingest({ module: engine.module, set });
      ingest.addEventListener('refused', ({ detail }) => {
        const rows = [];
        for (const { path, key, params, detail: why } of detail) {
          refusedCount++;
          if (refusedCount > LISTED) continue;
          const reason = element('span', 'refused-reason', t(key, params));
          reason.dataset.key = key;
          reason.dataset.params = JSON.stringify(params);
          const row = element('li', '', element('span', 'refused-name', path), ' ', reason);
          if (why) row.title = why;
          rows.push(row);
        }
        refusedList.append(...rows);
        showRefused();
      });
      ingest.addEventListener('progress', ({ detail }) => {
        ingestStatus.textContent = t('own.reading', { done: detail.done.toLocaleString('en'), total: detail.total.toLocaleString('en'), added: detail.added.toLocaleString('en'), refused: detail.refused.toLocaleString('en') });
        root.dataset.ingesting = 'true';
      });
      ingest.addEventListener('idle', ({ detail }) => {
        ingestStatus.textContent = t('own.readDone', { total: detail.total.toLocaleString('en'), added: detail.added.toLocaleString('en'), refused: detail.refused.toLocaleString('en') });
        root.dataset.ingesting = 'false';
        gallery.showEnd();
      });
    }
    if (truncated) ingestStatus.textContent = t('own.tooManyEntries');
    ingest.add(files, { label: name });
  }

  // ---- the set: name, summary, gallery, edits, export, import, storage ----
  const nameInput = Object.assign(element('input'), { type: 'text', id: 'own-name', maxLength: MAX_SET_NAME, autocomplete: 'off', value: set.name });
  const nameMessage = element('p', 'field-message');
  nameInput.addEventListener('change', () => {
    try {
      set.rename(nameInput.value);
      nameMessage.textContent = '';
      nameInput.removeAttribute('aria-invalid');
    } catch (error) {
      nameMessage.textContent = t(error.key ?? 'own.bad.empty', { most: MAX_SET_NAME });
      nameInput.setAttribute('aria-invalid', 'true');
    }
  });
  const summary = element('p', 'own-summary');
  summary.setAttribute('aria-live', 'polite');
  const gallery = new Gallery(set, { onSelect: () => showTools(), onDelete: () => removeSelected() });
  const relabelInput = Object.assign(element('input'), { type: 'text', id: 'own-relabel', maxLength: MAX_CLASS_NAME, autocomplete: 'off', spellcheck: false });
  relabelInput.setAttribute('list', 'own-classes');
  const relabel = button('own.relabel', { className: 'small' });
  const removeButton = button('own.remove', { className: 'small' });
  const selectPage = button('own.selectPage', { className: 'small' });
  const clearSet = button('own.clearSet', { className: 'small' });
  const undo = button('own.undo', { className: 'small', id: 'own-undo' });
  delete undo.dataset.text; // its text names what it undoes (showTools), not one fixed string
  const exportSet = button('own.export', { id: 'own-export' });
  const importInput = Object.assign(element('input'), { type: 'file', accept: '.safetensors', id: 'own-import', hidden: true });
  const importSet = button('own.import');
  importSet.addEventListener('click', () => importInput.click());
  const setStatus = element('p', 'own-status own-set-status');
  setStatus.setAttribute('aria-live', 'polite');
  const storeStatus = element('p', 'help own-store');
  storeStatus.setAttribute('aria-live', 'polite');

  function showTools() {
    const selected = gallery.selection().length;
    relabel.disabled = removeButton.disabled = selected === 0;
    clearSet.disabled = set.count === 0;
    selectPage.disabled = set.count === 0;
    exportSet.disabled = set.count === 0;
    undo.disabled = set.undoable === null;
    undo.textContent = set.undoable ? t('own.undoWhat', { what: t(`own.undoKind.${set.undoable}`) }) : t('own.undo');
    root.dataset.selected = String(selected);
  }

  function removeSelected() {
    const chosen = gallery.selection();
    if (chosen.length === 0) return;
    set.remove(chosen);
    gallery.clearSelection();
    setStatus.textContent = t('own.removed', { n: chosen.length.toLocaleString('en') });
  }

  relabel.addEventListener('click', () => {
    const chosen = gallery.selection();
    try {
      set.relabel(chosen, relabelInput.value);
      relabelInput.removeAttribute('aria-invalid');
      const name = relabelInput.value.trim();
      setStatus.textContent = name ? t('own.relabelled', { n: chosen.length.toLocaleString('en'), name }) : t('own.unlabelled', { n: chosen.length.toLocaleString('en') });
    } catch (error) {
      relabelInput.setAttribute('aria-invalid', 'true');
      setStatus.textContent = t(error.key ?? 'own.bad.empty', { most: MAX_CLASS_NAME });
    }
  });
  removeButton.addEventListener('click', removeSelected);
  selectPage.addEventListener('click', () => gallery.toggleSelectPage());
  clearSet.addEventListener('click', () => {
    const n = set.count;
    set.clear();
    gallery.clearSelection();
    setStatus.textContent = t('own.cleared', { n: n.toLocaleString('en') });
  });
  undo.addEventListener('click', () => {
    const what = set.undoable;
    if (!set.undo()) return;
    gallery.clearSelection();
    nameInput.value = set.name;
    setStatus.textContent = t('own.undone', { what: t(`own.undoKind.${what}`) });
  });

  exportSet.addEventListener('click', () => {
    try {
      const bytes = engine.writeSetFile(set.forFile());
      downloadBytes(bytes, `${slug(set.name)}.safetensors`);
      setStatus.textContent = t('own.exported', { n: set.count.toLocaleString('en'), size: formatBytes(bytes.length) });
    } catch (error) {
      setStatus.textContent = t('own.exportFailed', { reason: error.message });
    }
  });
  importInput.addEventListener('change', async () => {
    const file = importInput.files?.[0];
    importInput.value = '';
    if (!file) return;
    try {
      if (file.size > MAX_IMPORT_BYTES) throw new Error(t('own.importTooLarge', { size: formatBytes(file.size) }));
      const read = engine.readSetFile(new Uint8Array(await file.arrayBuffer()));
      set.replace({ name: read.name, classNames: read.classNames, images: read.images, labels: read.labels, count: read.count, fileBytes: 0 });
      gallery.clearSelection();
      nameInput.value = set.name;
      gallery.showEnd();
      setStatus.textContent = t('own.imported', { name: read.name, n: read.count.toLocaleString('en') });
    } catch (error) {
      setStatus.textContent = t('own.importFailed', { reason: error.message });
    }
  });

  /** "40 images in 4 classes (A 10, …); 12 will be held out." */
  function describe() {
    if (set.count === 0) return t('own.summaryEmpty');
    const classes = set.classCounts().map(([name, n]) => (name === null ? t('own.unlabelledCount', { n }) : `${name} ${n}`));
    const heldOut = heldOutCount();
    return t(heldOut === 0 ? 'own.summaryNoHeldOut' : 'own.summary', {
      n: set.count.toLocaleString('en'),
      classes: set.classNames.length,
      list: classes.join(', '),
      heldOut,
    });
  }

  /** How many images the held-out rule sets aside (the module's rule). */
  function heldOutCount() {
    return set.count === 0 ? 0 : engine.heldOutIndices(set.labels.subarray(0, set.count)).length;
  }

  // ---- kept in this browser ----
  let saved = { count: 0, at: 0 };
  let saveTimer = 0;
  let firstChangeAt = 0;
  let saving = Promise.resolve();

  function scheduleSave() {
    const now = performance.now();
    firstChangeAt ||= now;
    clearTimeout(saveTimer);
    const wait = Math.max(0, Math.min(SAVE_AFTER_MS, firstChangeAt + SAVE_AT_MOST_MS - now));
    saveTimer = setTimeout(() => {
      firstChangeAt = 0;
      saving = saving.then(saveNow);
    }, wait);
  }

  async function saveNow() {
    const record = set.forStore();
    try {
      await store.save('set', record);
      saved = { count: record.count, at: Date.now() };
      storeStatus.textContent = record.count === 0 ? t('own.storedEmpty') : t('own.stored', { n: record.count.toLocaleString('en') });
      root.dataset.stored = String(record.count);
    } catch (error) {
      const key = error.kind === 'quota' ? 'own.storeFull' : error.kind === 'unavailable' ? 'own.storeUnavailable' : 'own.storeFailed';
      storeStatus.textContent = t(key, { kept: set.count.toLocaleString('en'), saved: saved.count.toLocaleString('en'), reason: error.message });
      root.dataset.stored = `failed:${saved.count}`;
    }
  }

  function changed() {
    gallery.refresh();
    const names = set.classNames;
    if (classList.options.length !== names.length || names.some((name, i) => classList.options[i].value !== name)) {
      classList.replaceChildren(...names.map((name) => new Option(name, name)));
    }
    summary.textContent = describe();
    root.dataset.ownCount = String(set.count);
    showTools();
    for (const listener of listeners) listener();
  }
  // Many changes in one frame (a drop's batches) cost one update of the text and tools.
  let changeFrame = 0;
  set.addEventListener('change', ({ detail }) => {
    if (!changeFrame) {
      changeFrame = requestAnimationFrame(() => {
        changeFrame = 0;
        changed();
      });
    }
    if (detail.kind !== 'restore') scheduleSave();
  });

  /** Takes the stored set back (at start): the gallery as it was left. */
  const loaded = (async () => {
    try {
      const stored = await store.load('set');
      if (stored?.count > 0 && stored.images?.length === stored.count * PIXELS) {
        set.replace(stored, { remember: false });
        nameInput.value = set.name;
        saved = { count: stored.count, at: 0 };
        storeStatus.textContent = t('own.restored', { n: stored.count.toLocaleString('en') });
        root.dataset.stored = String(stored.count);
        gallery.showEnd();
      } else {
        changed();
        storeStatus.textContent = t('own.storeIntro');
      }
    } catch (error) {
      changed();
      storeStatus.textContent = t('own.storeUnavailable', { kept: '0', saved: '0', reason: error.message });
    }
  })();

  const addCard = element(
    'section',
    'card own-add-card',
    text('h3', 'sub-heading', 'own.addHeading'),
    text('p', 'help', 'own.addHelp'),
    labelRow,
    labelMessage,
    collect.element,
    drop.element,
    ingestStatus,
    refusedBox,
  );
  const setCard = element(
    'section',
    'card own-set-card',
    text('h3', 'sub-heading', 'own.setHeading'),
    element('div', 'train-field own-name-field', Object.assign(text('label', '', 'own.name'), { htmlFor: 'own-name' }), nameInput, nameMessage),
    summary,
    gallery.element,
    element(
      'div',
      'controls own-tools',
      selectPage,
      element('span', 'own-relabel', Object.assign(text('label', '', 'own.relabelTo'), { htmlFor: 'own-relabel' }), relabelInput, relabel),
      removeButton,
      clearSet,
      undo,
    ),
    setStatus,
    element('div', 'controls', exportSet, importSet, importInput),
    text('p', 'help', 'own.exportHelp'),
    storeStatus,
  );
  changed();

  return {
    set,
    cards: [addCard, setCard],
    loaded,
    describe,
    heldOutCount,
    /** Calls `listener` after every change of the set. */
    onChange(listener) {
      listeners.add(listener);
    },
    /** The set's file, as the training worker takes it. */
    setFile() {
      return engine.writeSetFile(set.forFile());
    },
    /** Whether files are being read. */
    busy: () => Boolean(ingest?.busy),
    languageChanged() {
      changed();
      showRefused();
      for (const reason of refusedList.querySelectorAll('.refused-reason')) reason.textContent = t(reason.dataset.key, JSON.parse(reason.dataset.params));
    },
    /** The label colour of image `i`'s class, for a legend: its index, or UNLABELLED. */
    UNLABELLED,
  };
}
