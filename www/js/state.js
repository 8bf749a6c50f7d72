// The page's state that outlives a view: which view is open, the language, the model, the latent
// point a link asked for, and the person's current input (shared by every view, so that the walk
// through the maths and the comparison use the drawing made in the playground). The settings are
// kept in the URL fragment (`#view=walk&model=mnist-2d&z=0.412,-1.03&lang=zh`), so that a link
// restores them; this module reads and writes it and nothing else does.

/** The views, in the order of the page's navigation. */
export const VIEWS = ['play', 'compare', 'walk', 'train'];
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

/**
 * A link to this page with the current settings and the latent point `z` (three decimals are
 * well below what a pixel shows).
 * @param {ArrayLike<number> | null} [z]
 */
export function linkTo(z = null) {
  const url = new URL(window.location.href);
  url.hash = fragment(z);
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
