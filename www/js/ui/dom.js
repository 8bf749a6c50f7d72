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

/**
 * Puts `text` in `node` if it is not there already: into its one text node when it has one, so
 * that the browser lays out that text again and nothing else (`textContent` replaces the text
 * node, and the new node is styled too). For numbers rewritten while the pen moves.
 * @param {Node} node
 * @param {string} text
 */
export function writeText(node, text) {
  const only = node.firstChild;
  if (only !== null && only === node.lastChild && only.nodeType === Node.TEXT_NODE) {
    if (only.data !== text) only.data = text;
  } else if (node.textContent !== text) {
    node.textContent = text;
  }
}

/** Sets an attribute only when its value changes (an unchanged write still restyles the element). */
export function writeAttribute(node, name, value) {
  if (node.getAttribute(name) !== value) node.setAttribute(name, value);
}
