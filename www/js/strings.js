// Every piece of text the page shows, in one table per language. Keys are grouped by the part of
// the page they belong to; `{name}` marks a placeholder that `t()` fills in. To add a language,
// add a table with the same keys (a missing key falls back to English).

export const STRINGS = {
  en: {
    'page.title': 'VAE playground: draw a digit, see its latent code',
    'page.heading': 'VAE playground',
    'page.lede':
      'Draw a digit. The encoder maps it to a Gaussian q(z|x) = N(μ, σ²): the ring on the map, centred at μ with radius σ. ' +
      'The decoder turns any point z back into an image. Everything runs in your browser; nothing is sent anywhere.',
    // page.noscript, status.loading and status.oldBrowser are also written in index.html: they show
    // before (or without) the scripts.
    'page.noscript': 'This page needs JavaScript: the model runs in your browser as WebAssembly.',
    'page.footer':
      'A variational autoencoder in Rust, compiled to WebAssembly with its weights inside. Equation numbers refer to the article this demo follows.',

    'latent.name': 'z{sub}',

    'status.loading': 'Loading…',
    'status.downloading': 'Downloading the model… {received}',
    'status.ready': 'Ready: the {size} module, {count} models inside, loaded in {ms} ms.',
    'status.noWasm':
      'This browser cannot run WebAssembly, which the model needs. Try a current Firefox, Chrome, Edge or Safari.',
    'status.oldBrowser':
      'This browser is too old for this page (it needs JavaScript modules and WebAssembly). Try a current Firefox, Chrome, Edge or Safari.',
    'status.fetchFailed':
      'The model could not be downloaded ({reason}). Check the connection and reload the page.',
    'status.startFailed': 'The model could not be started: {reason}',
    'status.error': 'Something went wrong: {reason}',

    'model.legend': 'Model',
    'model.option.mnist-2d': 'MNIST 2-D',
    'model.option.mnist-16d': 'MNIST 16-D',
    'model.option.fashion-2d': 'Fashion 2-D',
    'model.hint.mnist': 'Draw a digit from 0 to 9.',
    'model.hint.fashion-mnist':
      'Draw a piece of clothing: a shirt, trousers, a shoe, a bag. This model only knows Fashion-MNIST.',
    'model.dataset.mnist': 'MNIST handwritten digits',
    'model.dataset.fashion-mnist': 'Fashion-MNIST clothing',
    'model.heading': 'About this model',
    'model.term.dataset': 'Trained on',
    'model.term.latent': 'Latent size',
    'model.term.encoder': 'Encoder',
    'model.term.decoder': 'Decoder',
    'model.term.likelihood': 'Decoder likelihood',
    'model.term.parameters': 'Parameters',
    'model.term.weights': 'Weights in the module',
    'model.term.testLoss': 'Test loss (−ELBO)',
    'model.term.epochs': 'Training epochs',
    'model.latent': '{n} dimensions',
    'model.encoder': '{widths} (μ and log σ²)',
    'model.likelihood.bernoulli': 'Bernoulli (binary cross-entropy)',
    'model.likelihood.gaussian': 'Gaussian, σ = {sigma} (squared error (14))',
    'model.weights': '{kb} KB ({format})',
    'model.testLoss': '{total} nats = {rec} reconstruction + {kl} KL',
    'model.unknown': 'not recorded',

    'draw.heading': 'Draw',
    'draw.canvasLabel':
      'Drawing pad. Draw with a mouse, finger or pen. Ctrl+Z or Cmd+Z undoes the last stroke; Delete or Escape clears.',
    'draw.canvasLabelStrokes':
      'Drawing pad with {n} strokes. Ctrl+Z or Cmd+Z undoes the last stroke; Delete or Escape clears.',
    'draw.undo': 'Undo',
    'draw.undoTitle': 'Undo the last stroke (Ctrl+Z / Cmd+Z)',
    'draw.clear': 'Clear',
    'draw.clearTitle': 'Clear the drawing (Delete or Escape)',
    'draw.caption': 'The dashed box is the crop the model sees; + marks the centre of mass.',
    'draw.empty': 'Draw a digit',
    'draw.emptyFashion': 'Draw a piece of clothing',
    'draw.emptyMore': 'Its encoding, reconstruction and loss appear here.',
    'draw.clipped': 'Part of the drawing runs off the pad; the model sees only what is inside.',

    'seen.heading': 'What the model sees',
    'seen.caption': 'Your drawing cropped, scaled to 20×20 and centred by mass in 28×28, like MNIST.',
    'seen.label': 'The 28×28 input the encoder sees',
    'seen.labelEmpty': 'No input yet: the drawing pad is empty',
    'recon.heading': 'Reconstruction',
    'recon.caption': 'decode(μ): the decoder’s image of the centre of your code.',
    'recon.label': 'Reconstruction of your drawing, decoded from μ',
    'recon.labelEmpty': 'No reconstruction yet: the drawing pad is empty',
    'recon.export': 'PNG',
    'recon.exportTitle': 'Download the reconstruction as a PNG image',
    'code.readout': 'μ = ({mu})   σ = ({sigma})',
    'code.readoutMany': 'μ and σ have {n} values each: the sliders show them.',

    'map.heading': 'Latent space',
    'map.label': 'Map of latent space: {dims}. {what}',
    'map.labelDrawing': 'Your drawing is at μ = ({mu}) with σ = ({sigma}).',
    'map.labelEmpty': 'No drawing yet.',
    'map.labelProbe': 'The probe is at z = ({z}).',
    'map.caption2d':
      'Background: images decoded on a grid of z. Dots: test images at their μ. Ring: your q(z|x), 1σ and 2σ, to true scale.',
    'map.captionNd':
      'Showing {x} and {y}; the other {rest} held at the current z. Dots: test images’ μ on these two axes.',
    'map.help':
      'Click or drag to decode any point; arrow keys move it (Shift: faster). Zoom with +/−, a pinch, or the wheel once the map has focus; pan with Shift-drag or two fingers.',
    'map.zoomIn': 'Zoom in',
    'map.zoomOut': 'Zoom out',
    'map.resetView': 'Fit',
    'map.zoomDrawing': 'Zoom to μ',
    'map.zoomDrawingTitle': 'Centre the map on your drawing’s q(z|x), close enough to see σ',
    'map.resetViewTitle': 'Fit the view to the test data',
    'map.axisX': 'Horizontal',
    'map.axisY': 'Vertical',
    'map.legendLabel': 'Classes of the test images',
    'map.keyMu': 'μ of your drawing',
    'map.keySigma': '1σ and 2σ of q(z|x)',
    'map.keyProbe': 'decoded z',
    'map.keySample': 'samples',
    'map.keyPath': 'A → B',

    'probe.heading': 'Decode any z',
    'probe.caption': 'decode(z) for the z set by the sliders or the map.',
    'probe.label': 'Image decoded from z = ({z})',
    'probe.reset': 'Reset to μ',
    'probe.resetTitle': 'Move every slider back to the μ of your drawing',
    'probe.copy': 'Copy link',
    'probe.copyTitle': 'Copy a link that opens this model at this z',
    'probe.copied': 'Link copied.',
    'probe.copyManual': 'Copy this link:',
    'probe.export': 'PNG',
    'probe.zVector': 'z = ({z})',
    'probe.zPair': '{x} = {vx}, {y} = {vy}',
    'probe.timing': 'Decoded in {ms} ms.',
    'probe.exportTitle': 'Download the decoded image as a PNG image',
    'sliders.legend': 'Latent values',
    'sliders.help': 'Band: μ ± σ of your drawing; tick: μ.',
    'sliders.aria': 'Latent dimension {n}',
    'sliders.valueText': '{name} = {value}',
    'sliders.valueTextDrawing': '{name} = {value}; your drawing: μ {mu}, σ {sigma}',

    'samples.heading': 'Samples from q(z|x)',
    'samples.formula': 'z = μ + T·σ·ε,   ε ~ N(0, I)',
    'samples.caption':
      'Each image decodes one draw of z near your drawing’s code; the same seed always gives the same draws. These points are on the map.',
    'samples.label': '{n} images decoded from samples of z, seed {seed}, temperature {temperature}',
    'samples.labelEmpty': 'No samples yet: the drawing pad is empty',
    'samples.seed': 'Seed',
    'samples.newSeed': 'New seed',
    'samples.newSeedTitle': 'Draw a new random seed',
    'samples.temperature': 'Temperature T',
    'samples.temperatureHelp': 'T scales σ: 0 gives μ every time, 2 doubles the spread.',
    'samples.export': 'PNG',
    'samples.exportTitle': 'Download the sample grid as a PNG image',
    'samples.empty': 'Draw on the pad to sample variants of your drawing.',

    'loss.heading': 'Loss for your drawing',
    'loss.caption':
      'The negative ELBO (12) that training minimised, for your drawing. Reconstruction terms average 16 draws of z; in nats.',
    'loss.recon': 'Reconstruction −log p(x|z) (12)',
    'loss.reconWhat': 'Bernoulli cross-entropy. Pulls the decoded image toward your drawing.',
    'loss.squared': 'Squared error Σ(x − x′)² / 2σ² (14), σ = {sigma}',
    'loss.squaredWhat': 'The article’s Gaussian decoder: the same pull, measured as squared distance.',
    'loss.kl': 'KL(q(z|x) ‖ N(0, I)) (19)',
    'loss.klWhat': 'Pulls q(z|x) toward the prior N(0, I), keeping the code space smooth.',
    'loss.total': 'Total: −ELBO (12)',
    'loss.totalWhat': 'The reconstruction term used in training, plus KL. This model averages {test} on the test set.',
    'loss.totalWhatUnknown': 'The reconstruction term used in training, plus KL.',
    'loss.ownTerm': 'used in training',
    'loss.perDim': 'KL per dimension (19)',
    'loss.perDimBar': '{name}: {value} nats',
    'loss.empty': 'Draw on the pad to see the loss of your drawing.',
    'loss.nats': '{value} nats',
    'loss.unit': 'nats',

    'interp.heading': 'Interpolate',
    'interp.caption':
      'Images decoded on the straight line z = (1 − t)·a + t·b from A’s μ (a) to B’s μ (b), t from 0 to 1. The path is drawn on the map.',
    'interp.pin': 'Pin drawing as A',
    'interp.pinTitle': 'Keep the current drawing as the start point A',
    'interp.a': 'A',
    'interp.b': 'B',
    'interp.aLabel': 'Start point A: a pinned drawing',
    'interp.bLabel': 'End point B',
    'interp.bSource': 'B is',
    'interp.bDrawing': 'your current drawing',
    'interp.bClass': 'a test image of class {name}',
    'interp.label': '{n} images decoded along the line from A to B',
    'interp.help': 'Draw something and press “Pin drawing as A”, then draw another (or pick a test image) as B.',
    'interp.needB': 'Now draw a second digit, or pick a test image as B.',
    'interp.frameTitle': 'Click a frame to decode it above.',

    'export.reconstruction': 'reconstruction',
    'export.samples': 'samples',
    'export.decoded': 'decoded-z',
  },
};

let language = 'en';

/** Whether the table has text for `key` (for names that come from the module, such as new models). */
export function hasText(key) {
  return key in STRINGS[language] || key in STRINGS.en;
}

/** Chooses the language of later `t()` calls (falls back to English for unknown languages). */
export function setLanguage(code) {
  language = code in STRINGS ? code : 'en';
}

/**
 * The text for `key` with `{placeholders}` filled from `params`.
 * @param {string} key
 * @param {Record<string, string | number>} [params]
 * @returns {string}
 */
export function t(key, params = {}) {
  const template = STRINGS[language][key] ?? STRINGS.en[key];
  if (template === undefined) throw new Error(`missing string: ${key}`);
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

/**
 * Fills the static text of `root` from the table: `data-text` sets textContent, and
 * `data-label`, `data-title`, `data-placeholder` set those attributes (aria-label, title, placeholder).
 * @param {ParentNode} root
 */
export function applyStrings(root) {
  for (const element of root.querySelectorAll('[data-text]')) element.textContent = t(element.dataset.text);
  for (const element of root.querySelectorAll('[data-label]')) element.setAttribute('aria-label', t(element.dataset.label));
  for (const element of root.querySelectorAll('[data-title]')) element.title = t(element.dataset.title);
}

const SUBSCRIPT_DIGITS = '₀₁₂₃₄₅₆₇₈₉';

/** `12` → `₁₂`, for names like z₁₂. */
export function subscript(n) {
  return String(n).replace(/\d/g, (digit) => SUBSCRIPT_DIGITS[Number(digit)]);
}

/** The name of latent dimension `index` (counted from 0), as people count it: z₁, z₂, … */
export function latentName(index) {
  return t('latent.name', { sub: subscript(index + 1) });
}

/**
 * A number for people: a true minus sign, `digits` decimals (fewer for large values).
 * @param {number} value
 * @param {number} [digits]
 */
export function formatNumber(value, digits = 2) {
  if (!Number.isFinite(value)) return '–';
  const places = Math.abs(value) >= 100 ? Math.min(digits, 1) : digits;
  const text = value.toFixed(places);
  return Number(text) === 0 ? (0).toFixed(places) : text.replace('-', '−');
}

/** A whole number with thousands separators. */
export function formatInteger(value) {
  return Math.round(value).toLocaleString(language === 'en' ? 'en-US' : language);
}

/** A list of numbers, comma-separated. */
export function formatVector(values, digits = 2) {
  return Array.from(values, (v) => formatNumber(v, digits)).join(', ');
}

/** A size in bytes as KB or MB. */
export function formatBytes(bytes) {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.round(bytes / 1e3)} KB`;
}
