// The page's state that outlives a view: which view is open, the language, the model, the latent
// point a link asked for, and the person's current input (shared by every view, so that the walk
// through the maths and the comparison use the drawing made in the playground). The settings are
// kept in the URL fragment (`#v=2&view=walk&model=mnist-2d&z=0.412,-1.03&lang=zh&…`), so that a
// link restores them; this module reads and writes it and nothing else does. Each view that has
// settings of its own registers a *link part* (`registerLinkPart`): what it puts in a link, and
// how it takes its settings back from one. `v` is the link format's version: a link without it is
// version 1 (view, lang, model and z only), which is read as it always was.

/** The views, in the order of the page's navigation. */
export const VIEWS = ['play', 'compare', 'walk', 'train'];

/** The version of the link format this page writes (`v`). */
export const LINK_VERSION = 2;
export const LANGUAGES = ['en', 'zh'];
const LANGUAGE_KEY = 'vae-playground.language';

/**
 * @typedef {{pixels: Float32Array, source: 'drawing' | 'test', label?: number, index?: number}} Input
 *   a 28×28 image the views encode: the person's drawing, or a test image they picked
 */

export const state = {
  /** @type {string} one of VIEWS */
  view: 'play',
  /** @type {string} one of LANGUAGES */
  language: 'en',
  /** @type {string} the open model's name */
  model: '',
  /** @type {number[] | null} a latent point a link asked for, not yet applied */
  z: null,
  /** @type {Input | null} */
  input: null,
};

const listeners = new Set();

/**
 * Calls `listener(changes)` after every `update` (changes: the keys that changed, with new values).
 * @returns {() => void} unsubscribes
 */
export function subscribe(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Changes the state and tells the listeners; writes the URL if a setting in it changed.
 * @param {Partial<typeof state>} changes
 */
export function update(changes) {
  const changed = {};
  for (const [key, value] of Object.entries(changes)) {
    if (state[key] !== value) changed[key] = value;
  }
  if (Object.keys(changed).length === 0) return;
  Object.assign(state, changed);
  if ('language' in changed) {
    try {
      localStorage.setItem(LANGUAGE_KEY, state.language);
    } catch {
      // Storage may be off (private mode): the URL still carries the choice.
    }
  }
  if (['view', 'language', 'model'].some((key) => key in changed)) writeUrl(!('model' in changed));
  for (const listener of listeners) listener(changed);
}

/**
 * The settings a URL fragment asks for, checked: unknown views, languages and models are left out
 * (and named in `problems`), and z is kept only if it is a list of finite numbers, each clamped to
 * ±`latentLimit` (a clamped value is named in `problems` too).
 * @param {string} hash e.g. location.hash
 * @param {{models?: string[], latentLimit?: number}} [known]
 * @returns {{settings: {view?: string, language?: string, model?: string, z?: number[]},
 *            problems: {key: string, value: string}[]}}
 */
export function readUrl(hash, { models = null, latentLimit = Infinity } = {}) {
  const params = new URLSearchParams(String(hash).replace(/^#/, ''));
  const settings = {};
  const problems = [];
  const take = (key, name, allowed) => {
    const value = params.get(key);
    if (value === null) return;
    if (allowed === null || allowed.includes(value)) settings[name] = value;
    else problems.push({ key, value: value.slice(0, 40) });
  };
  take('view', 'view', VIEWS);
  take('lang', 'language', LANGUAGES);
  take('model', 'model', models);
  const z = params.get('z');
  if (z !== null) {
    const values = z.split(',').slice(0, 1024).map(Number);
    if (values.length > 0 && values.every(Number.isFinite)) {
      const clamped = values.map((v) => Math.min(latentLimit, Math.max(-latentLimit, v)));
      if (clamped.some((v, i) => v !== values[i])) problems.push({ key: 'z', value: z.slice(0, 40) });
      settings.z = clamped;
    } else {
      problems.push({ key: 'z', value: z.slice(0, 40) });
    }
  }
  return { settings, problems };
}

/** The language to start in: the URL's, else the one chosen last time, else the browser's. */
export function initialLanguage(hash) {
  const fromUrl = readUrl(hash).settings.language;
  if (fromUrl) return fromUrl;
  try {
    const stored = localStorage.getItem(LANGUAGE_KEY);
    if (LANGUAGES.includes(stored)) return stored;
  } catch {
    // No storage: fall through.
  }
  return /^zh\b/i.test(navigator.language ?? '') ? 'zh' : 'en';
}

/** The parts of the page that keep settings in links, by name. */
const linkParts = new Map();

/**
 * Registers a part of the page that keeps settings in links: `capture()` returns its keys and
 * values (strings; keys no other part uses), `restore(params, problems)` takes back the ones a
 * link holds (params: URLSearchParams) and pushes `{key, value}` onto `problems` for each it
 * cannot use, keeping its own setting then.
 * @param {string} name
 * @param {{capture: () => Record<string, string>, restore: (params: URLSearchParams, problems: {key: string, value: string}[]) => (void | Promise<void>)}} part
 */
export function registerLinkPart(name, part) {
  linkParts.set(name, part);
}

/**
 * Applies what `hash` holds to the registered part `name` (if it is registered), and returns the
 * problems found (`{key, value}`).
 */
export async function restoreLinkPart(name, hash) {
  const part = linkParts.get(name);
  const problems = [];
  if (!part) return problems;
  const params = new URLSearchParams(String(hash).replace(/^#/, ''));
  const version = params.get('v');
  if (version !== null && !/^[12]$/.test(version)) problems.push({ key: 'v', value: version.slice(0, 20) });
  try {
    await part.restore(params, problems);
  } catch (error) {
    // A part that could not follow the link keeps what it had: a calm notice, never an error.
    problems.push({ key: name, value: String(error?.message ?? error).slice(0, 60) });
  }
  return problems;
}

/**
 * A link to this page with every setting a person can make: the view, language, model, and each
 * registered part's (the drawing, the samples, the map, the walk's sliders, …).
 */
export function linkTo() {
  const url = new URL(window.location.href);
  const params = new URLSearchParams(fragment(null));
  params.set('v', String(LINK_VERSION));
  for (const part of linkParts.values()) {
    for (const [key, value] of Object.entries(part.capture())) params.set(key, value);
  }
  url.hash = params.toString().replaceAll('%2C', ',');
  return url.href;
}

function fragment(z) {
  const params = new URLSearchParams();
  if (state.view !== 'play') params.set('view', state.view);
  if (state.model) params.set('model', state.model);
  if (z) params.set('z', Array.from(z, (v) => Number(v.toFixed(3))).join(','));
  if (state.language !== 'en') params.set('lang', state.language);
  return params.toString().replaceAll('%2C', ',');
}

/**
 * Writes the settings into the address bar without a new history entry.
 * @param {boolean} keepZ keep the link's z (it belongs to the model: a new model drops it)
 */
function writeUrl(keepZ) {
  const current = keepZ ? (readUrl(window.location.hash).settings.z ?? null) : null;
  const hash = fragment(current);
  if (window.location.hash.replace(/^#/, '') !== hash) {
    history.replaceState(history.state, '', hash ? `#${hash}` : window.location.pathname + window.location.search);
  }
}
