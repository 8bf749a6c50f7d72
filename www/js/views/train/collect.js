// The collection pad: the playground's drawing pad and its Rust preprocessing, for making a set one
// drawing at a time. "Add" frames the drawing as the playground frames one (preprocessStrokes), hands
// the 784 bytes to `onAdd` and clears the pad for the next; Enter in the label field adds too. A
// drawing too small to be an example (a tap) is refused with the playground's words.

import { t } from '../../i18n/i18n.js';
import { element, text } from '../../ui/dom.js';
import { DrawPad } from '../../ui/draw-pad.js';
import { state, subscribe } from '../../state.js';

/** The pad's coordinate space and pen, as the playground's (so that drawings are framed alike). */
const PAD_SIZE = 280;
const LINE_WIDTH = 18;

/** 784 values in [0, 1] as the set's bytes, round(255·v). */
export function toBytes(pixels) {
  const bytes = new Uint8Array(784);
  for (let i = 0; i < 784; i++) bytes[i] = Math.round(255 * Math.min(1, Math.max(0, pixels[i])));
  return bytes;
}

/**
 * @param {{engine: import('../../engine/engine.js').Engine, onAdd: (bytes: Uint8Array, source: 'pad' | 'playground') => string | null}} options
 *   onAdd adds the image and returns a message for the status line (or null)
 */
export function buildCollectPad({ engine, onAdd }) {
  const canvas = Object.assign(element('canvas', 'pad'), { id: 'own-pad', tabIndex: 0 });
  canvas.setAttribute('role', 'application');
  canvas.dataset.roledescription = 'draw.roleDescription';
  canvas.dataset.label = 'own.padLabel';
  const placeholder = text('p', 'pad-placeholder', 'own.padEmpty');
  placeholder.setAttribute('aria-hidden', 'true');
  const add = Object.assign(text('button', 'primary', 'own.add'), { type: 'button', id: 'own-add', disabled: true });
  const clear = Object.assign(text('button', '', 'own.clearPad'), { type: 'button', disabled: true });
  const fromPlayground = Object.assign(text('button', '', 'own.addPlayground'), { type: 'button', id: 'own-add-playground', disabled: true });
  const status = element('p', 'own-status');
  status.setAttribute('aria-live', 'polite');

  const pad = new DrawPad(canvas, {
    size: PAD_SIZE,
    lineWidth: LINE_WIDTH,
    onChange() {
      placeholder.hidden = !pad.isEmpty;
      add.disabled = clear.disabled = pad.isEmpty;
    },
  });
  canvas.addEventListener('keydown', (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'z') {
      event.preventDefault();
      pad.undo();
    } else if (event.key === 'Delete' || event.key === 'Escape') {
      event.preventDefault();
      pad.clear();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      addDrawing();
    }
  });

  function addDrawing() {
    if (pad.isEmpty) return;
    const { prep, tooSmall } = engine.preprocess(pad.points(), PAD_SIZE, PAD_SIZE, LINE_WIDTH);
    if (!prep) {
      status.textContent = t(tooSmall ? 'own.tooSmall' : 'own.nothingDrawn');
      return;
    }
    const message = onAdd(toBytes(prep.pixels), 'pad');
    if (message === null) return;
    pad.clear();
    pad.cleared = []; // added to the set: the pad's own undo no longer brings it back
    status.textContent = message;
  }

  add.addEventListener('click', addDrawing);
  clear.addEventListener('click', () => pad.clear());
  // The playground's drawing (not a test image shown there), added in one click.
  const playgroundDrawing = () => (state.input?.source === 'drawing' ? state.input.pixels : null);
  const follow = () => {
    fromPlayground.disabled = playgroundDrawing() === null;
  };
  subscribe((changes) => {
    if ('input' in changes) follow();
  });
  follow();
  fromPlayground.addEventListener('click', () => {
    const pixels = playgroundDrawing();
    if (!pixels) return;
    const message = onAdd(toBytes(pixels), 'playground');
    if (message !== null) status.textContent = message;
  });

  const element_ = element(
    'div',
    'own-collect',
    element('div', 'pad-frame', canvas, placeholder),
    element('div', 'controls', add, clear, fromPlayground),
    status,
  );
  return { element: element_, pad, addDrawing, status };
}
