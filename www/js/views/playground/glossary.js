// The maths on the playground, made reachable: every equation number "(n)" in its loss and model
// cards becomes a link to that equation in the walk through the maths (`#view=walk&eq=n`), and the
// first ELBO, KL, nats and σ of each card get a one-line explanation, shown on hover and on keyboard
// focus and read by screen readers (aria-describedby). The text itself stays as the string table
// has it (links and terms only wrap parts of it), so it is redone whenever a text changes.

import { t, tPlain } from '../../i18n/i18n.js';

/** The terms explained, with what finds them in either language. */
const TERMS = [
  { key: 'glossary.elbo', pattern: /ELBO|证据下界/ },
  { key: 'glossary.kl', pattern: /KL/ },
  { key: 'glossary.nats', pattern: /\bnats\b|纳特/ },
  { key: 'glossary.sigma', pattern: /σ/ },
];

/** One hidden explanation per term, which the wrapped terms point at. */
function explanations(container) {
  return TERMS.map(({ key }) => {
    const id = `glossary-${key.split('.')[1]}`;
    let node = document.getElementById(id);
    if (!node) {
      node = document.createElement('span');
      node.id = id;
      node.className = 'visually-hidden';
      container.append(node);
    }
    node.textContent = tPlain(key);
    return node;
  });
}

/**
 * Wraps, in the text nodes under `root` (the whole `card`, or a part of it whose text changed),
 * the equation numbers as links and each term's first use in the card.
 */
function decorate(root, notes, card = root) {
  const seen = new Set([...card.querySelectorAll('.glossary-term')].map((n) => n.dataset.term));
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) =>
      node.parentElement.closest('a, summary, math, .glossary-term, .visually-hidden, button, .badge') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
  });
  const nodes = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node);
  for (const node of nodes) {
    const pieces = [];
    let rest = node.textContent;
    let changed = false;
    while (rest.length > 0) {
      const candidates = [];
      const eq = /\((\d{1,2})\)/.exec(rest);
      if (eq && Number(eq[1]) >= 1 && Number(eq[1]) <= 19) candidates.push({ index: eq.index, length: eq[0].length, eq: Number(eq[1]) });
      TERMS.forEach((term, i) => {
        if (seen.has(term.key)) return;
        const match = term.pattern.exec(rest);
        if (match) candidates.push({ index: match.index, length: match[0].length, term: i });
      });
      if (candidates.length === 0) break;
      const first = candidates.sort((a, b) => a.index - b.index)[0];
      if (first.index > 0) pieces.push(rest.slice(0, first.index));
      const words = rest.slice(first.index, first.index + first.length);
      if (first.eq) {
        const link = document.createElement('a');
        link.className = 'eq-link';
        link.href = `#view=walk&eq=${first.eq}`;
        link.dataset.eq = String(first.eq);
        link.textContent = words;
        link.setAttribute('aria-label', t('glossary.eqLink', { n: first.eq }));
        pieces.push(link);
      } else {
        const { key } = TERMS[first.term];
        seen.add(key);
        const term = document.createElement('span');
        term.className = 'glossary-term';
        term.dataset.term = key;
        term.tabIndex = 0;
        term.textContent = words;
        term.dataset.tip = tPlain(key);
        term.setAttribute('aria-describedby', notes[first.term].id);
        pieces.push(term);
      }
      rest = rest.slice(first.index + first.length);
      changed = true;
    }
    if (!changed) continue;
    if (rest) pieces.push(rest);
    node.replaceWith(...pieces);
  }
}

/**
 * Keeps the cards' equation numbers linked and their terms explained as their text changes.
 * @param {HTMLElement[]} cards
 */
export function explainMaths(cards) {
  const notes = explanations(cards[0].closest('.view') ?? document.body);
  let scheduled = false;
  const run = () => {
    scheduled = false;
    changed.clear();
    observer.disconnect();
    notes.forEach((note, i) => {
      note.textContent = tPlain(TERMS[i].key);
    });
    for (const card of cards) {
      for (const term of card.querySelectorAll('.glossary-term')) term.dataset.tip = tPlain(term.dataset.term);
      decorate(card, notes);
    }
    for (const card of cards) observer.observe(card, { childList: true, characterData: true, subtree: true });
  };
  // While a person draws, the loss card's figures change every frame: only what changed is
  // decorated again (a whole pass over the cards, with the tips rewritten, took 230 ms of the
  // main thread in a stroke's frames at 4× CPU slowdown).
  const changed = new Set();
  const runChanged = () => {
    scheduled = false;
    observer.disconnect();
    for (const element of changed) {
      const card = cards.find((c) => c.contains(element));
      if (card && element.isConnected) decorate(element, notes, card);
    }
    changed.clear();
    for (const card of cards) observer.observe(card, { childList: true, characterData: true, subtree: true });
  };
  const observer = new MutationObserver((records) => {
    for (const { target } of records) {
      const element = target.nodeType === Node.ELEMENT_NODE ? target : target.parentElement;
      if (element) changed.add(element);
    }
    if (!scheduled) {
      scheduled = true;
      queueMicrotask(runChanged);
    }
  });
  document.addEventListener('languagechange', run);
  run();
}
