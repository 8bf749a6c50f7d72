// The language buttons in the page's header (English, 中文): each says its own name in its own
// language, and the pressed one is the page's language.

export class LanguageSwitch {
  /**
   * @param {HTMLElement} group holds one button per language, each with `data-language`
   * @param {(language: string) => void} onChoose
   */
  constructor(group, onChoose) {
    this.buttons = [...group.querySelectorAll('button[data-language]')];
    for (const button of this.buttons) button.addEventListener('click', () => onChoose(button.dataset.language));
  }

  /** Shows `language` as the chosen one. */
  show(language) {
    for (const button of this.buttons) button.setAttribute('aria-pressed', String(button.dataset.language === language));
  }
}
