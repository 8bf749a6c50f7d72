// The model picker in the page's header: one radio button per model (written in index.html, so
// that the first paint has it), enabled once the module has started. A model that must be
// downloaded says how large it is before the person picks it.

import { t, hasText, formatBytes } from '../i18n/i18n.js';

export class ModelPicker {
  /**
   * @param {{fieldset: HTMLFieldSetElement, options: HTMLElement, hint: HTMLElement}} elements
   * @param {(name: string) => void} onChoose the person picked another model
   */
  constructor({ fieldset, options, hint }, onChoose) {
    this.fieldset = fieldset;
    this.options = options;
    this.hint = hint;
    this.entries = [];
    options.addEventListener('change', (event) => {
      if (event.target.checked) onChoose(event.target.value);
    });
    document.addEventListener('languagechange', () => this.#describe());
  }

  /**
   * Enables the models the engine has (`Engine.models`); a model missing from it is hidden.
   * @param {import('../engine/engine.js').ModelEntry[]} entries
   */
  enable(entries) {
    this.entries = entries;
    for (const input of this.options.querySelectorAll('input')) {
      const known = entries.some((m) => m.name === input.value);
      input.hidden = !known;
      input.nextElementSibling.hidden = !known;
    }
    // Models the HTML does not list (added later) get a button too.
    for (const entry of entries) {
      if (this.options.querySelector(`input[value="${CSS.escape(entry.name)}"]`)) continue;
      const input = Object.assign(document.createElement('input'), { type: 'radio', name: 'model', value: entry.name, id: `model-${entry.name}` });
      const label = document.createElement('label');
      label.htmlFor = input.id;
      label.textContent = hasText(`model.option.${entry.name}`) ? t(`model.option.${entry.name}`) : entry.name;
      this.options.append(input, label);
    }
    this.#describe();
    this.fieldset.disabled = false;
  }

  /** Marks `name` as the chosen model. */
  select(name) {
    const input = this.options.querySelector(`input[value="${CSS.escape(name)}"]`);
    if (input) input.checked = true;
  }

  /** Writes each downloadable model's size into its button's description. */
  #describe() {
    for (const entry of this.entries) {
      const input = this.options.querySelector(`input[value="${CSS.escape(entry.name)}"]`);
      if (!input) continue;
      const name = hasText(`model.option.${entry.name}`) ? t(`model.option.${entry.name}`) : entry.name;
      const text = entry.embedded ? name : t('model.download', { name, size: formatBytes(entry.gzipBytes ?? entry.bytes) });
      input.nextElementSibling.title = text;
    }
  }

  /** The one-line hint under the picker, for a model's dataset. */
  showHint(dataset) {
    this.hint.dataset.text = dataset === 'fashion-mnist' ? 'model.hint.fashion-mnist' : 'model.hint.mnist';
    this.hint.textContent = t(this.hint.dataset.text);
  }
}
