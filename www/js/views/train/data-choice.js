// What the Train view trains on, and from what: the data (MNIST's digits, a part of Fashion-MNIST,
// or the person's own set) as a radio group, and the starting point (random weights, or a copy of
// a shipped model to fine-tune) as a select. Both are part of the view's link (`tdata`, `tfrom`).

import { element, text } from '../../ui/dom.js';

/** Fashion-MNIST's classes (as its model files name them), for the map's legend before a run. */
export const FASHION_CLASSES = ['T-shirt', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

/** The data choices, in the order shown; each with the manifest's dataset, if it downloads one. */
export const DATA = [
  { value: 'mnist', dataset: 'mnist' },
  { value: 'fashion', dataset: 'fashion-mnist' },
  { value: 'own', dataset: null },
];

/**
 * The data's radio group. `available(value)`: whether the build has that data (else its radio is
 * disabled). Returns `{element, value(), set(value), inputs}`.
 */
export function buildDataChoice(available) {
  const legend = text('legend', '', 'train.data');
  const fieldset = element('fieldset', 'train-data', legend);
  const inputs = {};
  for (const { value } of DATA) {
    const input = Object.assign(element('input'), { type: 'radio', name: 'train-data', id: `train-data-${value}`, value, checked: value === 'mnist', disabled: !available(value) });
    const label = Object.assign(text('label', '', `train.data.${value}`), { htmlFor: input.id });
    fieldset.append(element('span', 'train-data-option', input, label));
    inputs[value] = input;
  }
  return {
    element: fieldset,
    inputs,
    value: () => DATA.find(({ value }) => inputs[value].checked)?.value ?? 'mnist',
    /** Chooses `value` if it is one and available; returns whether it did. */
    set(value) {
      if (!inputs[value] || inputs[value].disabled) return false;
      inputs[value].checked = true;
      return true;
    },
  };
}

/**
 * The starting point: "random weights" or "a copy of <model>" for each shipped model with a file.
 * @param {string[]} models the shipped models' names
 * @param {(name: string) => string} describe a model's name for people
 */
export function buildFromChoice(models, describe) {
  const select = Object.assign(element('select'), { id: 'train-from', name: 'from' });
  const scratch = Object.assign(element('option'), { value: 'scratch' });
  scratch.dataset.text = 'train.from.scratch';
  select.append(scratch);
  const options = models.map((name) => Object.assign(element('option'), { value: name }));
  select.append(...options);
  const label = Object.assign(text('label', '', 'train.from'), { htmlFor: select.id });
  return {
    element: element('div', 'train-field train-from-field', label, select),
    select,
    value: () => select.value,
    set(value) {
      if (![...select.options].some((option) => option.value === value)) return false;
      select.value = value;
      return true;
    },
    /** The options' text in the current language. */
    relabel(t) {
      for (const option of options) option.textContent = t('train.from.model', { model: describe(option.value) });
    },
  };
}
