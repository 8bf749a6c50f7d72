// The page's entry point: the language, the module, the model, and the views. It starts the
// engine (saying what is happening while the module downloads), opens the model the link asks for
// (or the default), mounts the playground view, and routes the header's controls and the URL to
// the shared state. Views do their own drawing; this file only wires.
//
// A view other than the playground lives in `js/views/<name>/index.js` and is loaded the first
// time it opens. Its module exports `mount(context)`, which fills `context.root` (the view's
// <section> in index.html) and returns `{show(), hide(), setModel?(model)}`; the context is
// `{root, engine, model, showError, hideError, openModel(name), addModel(name, bytes), openedWith}`,
// where `model` is the open model when the view mounts (later ones arrive through `setModel`),
// `openModel` switches the page's model, `addModel` adds one from a weights file's bytes (a model
// trained or loaded in the page) and switches to it, and `openedWith` is the URL fragment the page
// was opened with. The shared state (the person's input, the language) is read from `state.js`.

import { loadStrings, setLanguage, applyStrings, t, hasText, formatBytes } from './i18n/i18n.js';
import { state, update, subscribe, readUrl, initialLanguage, restoreLinkPart, linkTo, VIEWS } from './state.js';
import { loadEngine } from './engine/engine.js';
import { ModelPicker } from './app/model-picker.js';
import { copyText } from './ui/export.js';
import { embedRequest, applyEmbedding, markEmbeddedStep } from './app/embed.js';
import { startOffline } from './app/offline.js';
import { mountEmbedDialog } from './app/embed-dialog.js';
import { LanguageSwitch } from './app/language-switch.js';
import { mountPlayground } from './views/playground/index.js';

const DEFAULT_MODEL = 'mnist-2d';
const $ = (id) => document.getElementById(id);

const status = $('status');
/** Lets the browser paint and handle input between two pieces of start-up work. */
const yieldToBrowser = () => new Promise((resume) => setTimeout(resume, 0));
const progress = $('progress');

/** Shows an error to the person (it stays until a later frame succeeds). */
function showError(error) {
  const alert = $('alert');
  alert.textContent = t('status.error', { reason: error?.message ?? String(error) });
  alert.hidden = false;
}

function hideError() {
  const alert = $('alert');
  if (!alert.hidden) alert.hidden = true;
}

/** Progress of a download in the status line: the bar and "x of y". */
/** The status line's message, `[key, params]`, said again in a new language; null while loading. */
let statusMessage = null;
document.addEventListener('languagechange', () => {
  if (statusMessage) status.textContent = t(...statusMessage);
});

/** The latest progress not yet shown: the status line changes once a frame, not once a chunk. */
let pendingProgress = null;

function showProgress(key, params, received, total) {
  if (!pendingProgress) {
    requestAnimationFrame(() => {
      const latest = pendingProgress;
      pendingProgress = null;
      if (latest) paintProgress(...latest);
    });
  }
  pendingProgress = [key, params, received, total];
}

function paintProgress(key, params, received, total) {
  progress.hidden = false;
  if (total) {
    progress.max = total;
    progress.value = Math.min(received, total);
  } else {
    progress.removeAttribute('value');
  }
  writeMessage(key, { ...params, received: formatBytes(received), total: total ? formatBytes(total) : '…' });
}

function showStatus(key, params = {}) {
  progress.hidden = true;
  showMessage(key, params);
}

/** Writes a message of the tables into the status line (which then no longer shows its HTML text). */
function showMessage(key, params) {
  pendingProgress = null; // a progress not shown yet is older than this message
  writeMessage(key, params);
}

function writeMessage(key, params) {
  statusMessage = [key, params];
  delete status.dataset.text;
  status.textContent = t(key, params);
}

/** Offers the newer version of the page (it stays until taken); `accept` switches to it (a reload). */
function offerUpdate(accept) {
  $('update').addEventListener('click', accept, { once: true });
  $('update-offer').hidden = false;
}

/** Says calmly what part of a link could not be followed. */
function reportLinkProblems(problems) {
  if (problems.length === 0) return;
  const what = [...new Set(problems.map(({ key, value }) => `${key}=${value}`))].join(', ');
  showStatus('status.linkProblem', { what });
}

async function start() {
  // The link the page was opened with, before the model's choice rewrites it (a view may want more
  // of it than the shared settings, e.g. the walk's `eq=12`).
  const openedWith = window.location.hash;
  const language = initialLanguage(window.location.hash);
  await loadStrings();
  if (language !== 'en') await setLanguage(language);
  update({ language });
  // One figure for a frame (`#embed=…`); framed without it, the page shows only a link to itself.
  const embed = embedRequest(openedWith);
  if (!applyEmbedding(embed, openedWith)) return;

  const languageSwitch = new LanguageSwitch($('language-switch'), (code) => chooseLanguage(code));
  languageSwitch.show(language);
  subscribe((changes) => {
    if ('language' in changes) languageSwitch.show(changes.language);
  });

  // The module (about 1 MB gzipped) starts downloading only after the page's text has painted, so
  // that on a slow connection the first paint does not wait behind it.
  await afterFirstPaint();
  let engine;
  try {
    engine = await loadEngine((received, total) => showProgress(total ? 'status.downloadingOf' : 'status.downloading', {}, received, total));
  } catch (error) {
    $('view-play').dataset.state = 'failed';
    status.dataset.kind = 'failed';
    progress.hidden = true;
    const key = { noWasm: 'status.noWasm', fetch: 'status.fetchFailed' }[error.kind] ?? 'status.startFailed';
    showMessage(key, { reason: error.message });
    return;
  }
  showStatus('status.ready', { size: formatBytes(engine.moduleBytes ?? 0), ms: Math.round(engine.loadMs) });

  await yieldToBrowser();
  const playground = mountPlayground({ engine, showError, hideError });
  const picker = new ModelPicker({ fieldset: $('model-picker'), options: $('model-options'), hint: $('model-hint') }, (name) =>
    openModel(name),
  );
  picker.enable(engine.models);

  /** The open model (a `Model` of engine.js). */
  let current = null;
  /** Loaded views by name: `Promise<{show, hide, setModel?}>`. */
  const views = new Map([['play', Promise.resolve({ show() {}, hide() {} })]]);

  /** Opens model `name` (downloading it first if needed) and shows it in every view. */
  // The last model asked for wins: a person going through the picker with the arrow keys asks for
  // each model on the way, and an earlier one whose download ends later must not replace it.
  let latestOpen = 0;
  async function openModel(name, z = null) {
    const ticket = ++latestOpen;
    const entry = engine.entry(name);
    const label = hasText(`model.option.${name}`) ? t(`model.option.${name}`) : name;
    const started = performance.now();
    try {
      const model = await engine.open(name, (received, total) => {
        if (ticket === latestOpen) showProgress('status.modelDownloading', { model: label }, received, total);
      });
      // Opening unpacks the weights; showing the model draws every view: two tasks, not one long one.
      await yieldToBrowser();
      if (ticket !== latestOpen) return;
      if (!entry.embedded) {
        showStatus('status.modelReady', { model: label, size: formatBytes(entry.gzipBytes ?? entry.bytes), ms: Math.round(performance.now() - started) });
      }
      current = model;
      update({ model: name });
      picker.select(name);
      picker.showHint(model.info.dataset);
      // The header's first line asks for what the model knows.
      const ledeDraw = $('lede-draw');
      ledeDraw.dataset.text = model.info.dataset === 'fashion-mnist' ? 'page.ledeDrawFashion' : 'page.ledeDraw';
      applyStrings(ledeDraw.parentElement);
      playground.setModel(model, z);
      for (const [view, loading] of views) {
        if (view !== 'play') loading.then((mounted) => mounted.setModel?.(model)).catch(showError);
      }
    } catch (error) {
      if (ticket !== latestOpen) return;
      showStatus(error.kind === 'offline' ? 'status.modelOffline' : 'status.modelFailed', { model: label, reason: error.message });
      picker.select(state.model);
    }
  }

  /** Adds a model from a weights file's bytes to the list and the picker, and opens it. */
  async function addModel(name, bytes) {
    engine.add(name, bytes);
    picker.enable(engine.models);
    await openModel(name);
  }

  async function chooseLanguage(code) {
    await setLanguage(code);
    update({ language: code });
  }

  /** Applies what the URL fragment `hash` asks for (on load and when the person edits it). */
  async function followUrl(hash = window.location.hash) {
    const { settings, problems } = readUrl(hash, {
      models: engine.models.map((m) => m.name),
      latentLimit: engine.latentLimit,
    });
    const wanted = engine.entry(settings.model ?? (state.model || DEFAULT_MODEL));
    if (settings.z && wanted?.latentDim && settings.z.length !== wanted.latentDim) {
      problems.push({ key: 'z', value: settings.z.join(',') }); // a point of another dimension
      delete settings.z;
    }
    if (settings.language && settings.language !== state.language) await chooseLanguage(settings.language);
    const mountedBefore = [...views.keys()].filter((view) => view !== 'play');
    const name = settings.model ?? (state.model || DEFAULT_MODEL);
    if (name !== state.model) await openModel(name, settings.z ?? null);
    else if (settings.z) playground.showZ(settings.z);
    // The views' own settings: the playground's now, a view not opened yet's when it first opens.
    linkToFollow = hash;
    problems.push(...(await restoreLinkPart('playground', hash)));
    // A fragment without a view is the playground's (the address the page writes for it); an
    // embedded figure decides its view.
    const wantedView = embed?.view ?? settings.view ?? 'play';
    if (wantedView !== shown) await showView(wantedView);
    if (embed?.step) markEmbeddedStep(viewElement('walk'), embed.step);
    for (const view of mountedBefore) {
      if (await views.get(view)?.catch(() => null)) problems.push(...(await restoreLinkPart(view, hash)));
    }
    reportLinkProblems(problems);
  }

  /** The last link followed: a view that mounts later takes its settings from it. */
  let linkToFollow = '';

  // ---- views ----

  let shown = 'play';

  function viewElement(name) {
    return document.querySelector(`.view[data-view="${name}"]`);
  }

  function loadView(name) {
    if (!views.has(name)) {
      const loading = import(`./views/${name}/index.js`)
        .then((module) => module.mount({ root: viewElement(name), engine, model: current, showError, hideError, openModel, addModel, openedWith }))
        .then(async (mounted) => {
          reportLinkProblems(await restoreLinkPart(name, linkToFollow));
          return mounted;
        });
      views.set(name, loading);
      loading.catch(() => views.delete(name));
    }
    return views.get(name);
  }

  /** Shows view `name` and hides the others (the playground keeps its state while hidden). */
  async function showView(name) {
    const next = VIEWS.includes(name) ? name : 'play';
    const view = await loadView(next);
    if (shown !== next) (await views.get(shown))?.hide();
    for (const element of document.querySelectorAll('.view')) element.hidden = element.dataset.view !== next;
    for (const link of document.querySelectorAll('.views-nav a')) {
      if (link.dataset.view === next) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    shown = next;
    view.show();
    update({ view: next });
  }

  window.addEventListener('hashchange', () => followUrl().catch(showError));
  $('share-page').addEventListener('click', async () => {
    const url = linkTo();
    history.replaceState(history.state, '', url);
    if (await copyText(url)) showStatus('share.copied');
    else showStatus('share.manual', { url });
  });
  mountEmbedDialog({ button: $('embed-page'), dialog: $('embed-dialog'), linkTo, showMessage: (key, params) => showStatus(key, params) });
  await yieldToBrowser();
  // The model last trained in the page, kept in this browser, back in the list (so that a link
  // naming it opens it).
  if (await restoreKeptModel(engine)) picker.enable(engine.models);
  // The link as opened: the language chosen above may have rewritten the address since.
  await followUrl(openedWith);
  $('view-play').dataset.state = 'ready';
  // The moment a drawing can be encoded; the benchmark measures navigation → here.
  performance.mark('vae-ready');
  // The published page works offline (and offers its next version); started once the page is up.
  startOffline({ button: $('offline'), showMessage: (key, params) => showStatus(key, params), offerUpdate })
    .then((offline) => {
      if (offline) document.documentElement.dataset.version = offline.version;
    })
    .catch((error) => showStatus('offline.failed', { reason: error.message }));
  window.vaePlayground = Object.freeze({
    state: () => ({ ...playground.snapshot(), language: state.language }),
    /** The input every view encodes (784 values), or null: for the tests. */
    inputPixels: () => (state.input ? Array.from(state.input.pixels) : null),
    /** The link "Copy link" gives: every setting of the page. */
    link: () => linkTo(),
    /** Bytes of the page's wasm memory: for the tests' leak checks. */
    wasmBytes: () => engine.memory?.buffer.byteLength ?? 0,
    /** For the tests: `n` points of the open model (z = (sin, cos) of their index) decoded through
     *  the worker pool and on this thread; whether the pool shares memory with its worker, how
     *  many chunks the worker took, and the largest difference between the two decodes. */
    poolCheck: async (n) => {
      const model = await engine.open(state.model);
      const d = model.latentDim;
      const zs = Float32Array.from({ length: n * d }, (_, i) => (i % 2 ? Math.cos(i) : Math.sin(i)));
      const pooled = await engine.decodeInBackground(model, zs, n);
      const here = model.decodeBatch(zs, n);
      const pool = engine.decodePool();
      return {
        sharesMemory: pool?.sharesMemory ?? false,
        workerChunks: pool?.lastSharedWorkerChunks ?? 0,
        largest: pooled.reduce((m, v, i) => Math.max(m, Math.abs(v - here[i])), 0),
      };
    },
  });
}

start().catch(showError);

/**
 * Puts the model last trained in the page back in the engine's list; its name, or null. Most
 * visits have none: the store's module is loaded only when this browser has the store
 * (own-data/store.js's database name).
 */
async function restoreKeptModel(engine) {
  try {
    const databases = typeof indexedDB?.databases === 'function' ? await indexedDB.databases() : null;
    if (databases && !databases.some((d) => d.name === 'vae-playground-own')) return null;
    const kept = await import('./own-data/kept-model.js');
    return await kept.restoreKeptModel(engine);
  } catch {
    return null;
  }
}

/** Resolves once the browser has painted the page as the HTML gives it. */
function afterFirstPaint() {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}
