// Building the elements of a view in script: a tag with a class and children, or one whose text
// comes from the string tables (`data-text`, filled and re-filled by i18n's applyStrings).

/**
 * @param {string} tag
 * @param {string} className may be empty
 * @param {...(Node | string)} children
 * @returns {HTMLElement}
 */
export function element(tag, className, ...children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.append(...children);
  return node;
}

/** An element whose text is the string table's `key`, re-filled when the language changes. */
export function text(tag, className, key) {
  const node = element(tag, className);
  node.dataset.text = key;
  return node;
}
