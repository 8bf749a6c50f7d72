// The Train view's settings form: its fields (written once), and the settings they hold in the
// shape the module's `SessionConfig` takes (src/training/session.rs checks every value).

/** The fields: [name, string key, attributes of the <input>]. */
const FIELDS = [
  ['latentDim', 'train.latent', { type: 'number', min: 1, max: 64, step: 1, value: 2 }],
  ['hidden', 'train.hidden', { type: 'text', value: '512', inputMode: 'numeric', pattern: '[0-9, ]+' }],
  ['learningRate', 'train.learningRate', { type: 'number', min: 0.00001, max: 1, step: 'any', value: 0.001 }],
  ['batchSize', 'train.batchSize', { type: 'number', min: 1, max: 1024, step: 1, value: 128 }],
  ['beta', 'train.beta', { type: 'number', min: 0, max: 100, step: 'any', value: 1 }],
  ['epochs', 'train.epochs', { type: 'number', min: 1, max: 1000, step: 1, value: 10 }],
  ['seed', 'train.seed', { type: 'number', min: 0, max: 4294967295, step: 1, value: 0 }],
];

/** Builds the form's fields into `form` (labels filled from the string table by `data-text`). */
export function buildSettings(form) {
  const inputs = {};
  for (const [name, key, attributes] of FIELDS) {
    const input = Object.assign(document.createElement('input'), { id: `train-${name}`, name, ...attributes });
    const label = Object.assign(document.createElement('label'), { htmlFor: input.id });
    label.dataset.text = key;
    const row = document.createElement('div');
    row.className = 'train-field';
    row.append(label, input);
    form.append(row);
    inputs[name] = input;
  }
  const likelihood = Object.assign(document.createElement('select'), { id: 'train-likelihood', name: 'likelihood' });
  for (const kind of ['bernoulli', 'gaussian']) {
    const option = Object.assign(document.createElement('option'), { value: kind });
    option.dataset.text = `train.likelihood.${kind}`;
    likelihood.append(option);
  }
  const sigma = Object.assign(document.createElement('input'), { id: 'train-sigma', name: 'sigma', type: 'number', min: 0.001, step: 'any', value: 0.1, disabled: true });
  likelihood.addEventListener('change', () => {
    sigma.disabled = likelihood.value !== 'gaussian';
  });
  for (const [input, key] of [
    [likelihood, 'train.likelihood'],
    [sigma, 'train.sigma'],
  ]) {
    const label = Object.assign(document.createElement('label'), { htmlFor: input.id });
    label.dataset.text = key;
    const row = document.createElement('div');
    row.className = 'train-field';
    row.append(label, input);
    form.append(row);
  }
  inputs.likelihood = likelihood;
  inputs.sigma = sigma;
  return inputs;
}

/** The fields in the order a link keeps them. */
const LINK_ORDER = ['latentDim', 'hidden', 'learningRate', 'batchSize', 'beta', 'epochs', 'seed', 'likelihood', 'sigma'];

/** The fields' values as one string for a link: "2~512~0.001~…". */
export function settingsForLink(inputs) {
  return LINK_ORDER.map((name) => inputs[name].value).join('~');
}

/**
 * Sets the fields from a link's string; returns false (and changes nothing) if it is not one: the
 * wrong number of fields, or a field that is not a number (a width list, or the likelihood's name).
 */
export function settingsFromLink(inputs, text) {
  const values = String(text).split('~');
  if (values.length !== LINK_ORDER.length) return false;
  const fits = (name, value) => {
    if (name === 'likelihood') return value === 'bernoulli' || value === 'gaussian';
    if (name === 'hidden') return /^[0-9, ]{1,40}$/.test(value);
    return value.length <= 24 && value.trim() !== '' && Number.isFinite(Number(value));
  };
  if (!LINK_ORDER.every((name, i) => fits(name, values[i]))) return false;
  LINK_ORDER.forEach((name, i) => {
    inputs[name].value = values[i];
  });
  inputs.likelihood.dispatchEvent(new Event('change'));
  return true;
}

/**
 * The settings the fields hold, as `SessionConfig` (camelCase) takes them. Numbers are passed on
 * as typed; the module says which one is wrong.
 */
export function readSettings(inputs) {
  const number = (name) => (inputs[name].value.trim() === '' ? NaN : Number(inputs[name].value));
  return {
    latentDim: number('latentDim'),
    hidden: inputs.hidden.value
      .split(',')
      .map((w) => w.trim())
      .filter((w) => w !== '')
      .map(Number),
    learningRate: number('learningRate'),
    batchSize: number('batchSize'),
    beta: number('beta'),
    likelihood: inputs.likelihood.value === 'gaussian' ? { kind: 'gaussian', sigma: number('sigma') } : { kind: 'bernoulli' },
    epochs: number('epochs'),
    seed: number('seed'),
  };
}
