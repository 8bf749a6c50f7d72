// "Embed" in the navigation: the <iframe> code that shows one figure of the page as it is now (the
// drawing, the model, every setting of the link) in a slide or a course page. The person picks the
// figure (the current view's by default), reads the code and copies it; app/embed.js shows it.
// Its strings are all in the common tables: a view's own table loads only with the view.

import { t, tPlain } from '../i18n/i18n.js';
import { copyText } from '../ui/export.js';

/** Each figure a frame may show, its size in CSS pixels, and its name in the current language. */
const FIGURES = [
  { figure: 'pad', width: 760, height: 560, name: () => tPlain('embedCode.pad') },
  { figure: 'inset', width: 420, height: 460, name: () => tPlain('embedCode.inset') },
  { figure: 'compare', width: 1000, height: 960, name: () => tPlain('embedCode.compare') },
  ...Array.from({ length: 9 }, (_, i) => ({
    figure: `walk-${i + 1}`,
    width: 800,
    height: 760,
    name: () => t('embedCode.walk', { n: i + 1 }),
  })),
];

/** The figure that shows what the link `href` shows: the view's own. */
function figureFor(href) {
  const params = new URLSearchParams(new URL(href).hash.slice(1));
  const view = params.get('view') ?? 'play';
  if (view === 'compare') return 'compare';
  if (view === 'walk') return `walk-${Math.min(9, Math.max(1, Number(params.get('step')) || 1))}`;
  return 'pad';
}

/** The frame's address: the page's settings in `href`, at embed.html, showing `figure`. */
export function embedAddress(href, figure) {
  const url = new URL(href);
  url.pathname = url.pathname.replace(/(index\.html)?$/, '').replace(/\/?$/, '/') + 'embed.html';
  const params = new URLSearchParams(url.hash.slice(1));
  params.set('embed', figure);
  url.hash = params.toString().replaceAll('%2C', ',');
  return url.href;
}

const escapeAttribute = (text) => text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');

/**
 * @param {{button: HTMLButtonElement, dialog: HTMLDialogElement, linkTo: () => string,
 *          showMessage: (key: string, params?: object) => void}} ui
 */
export function mountEmbedDialog({ button, dialog, linkTo, showMessage }) {
  const select = dialog.querySelector('select');
  const code = dialog.querySelector('textarea');
  const copy = dialog.querySelector('[data-action="copy"]');
  let href = '';

  const fillOptions = () => {
    const chosen = select.value;
    select.replaceChildren(
      ...FIGURES.map(({ figure, name }) => new Option(name(), figure)),
    );
    if (chosen) select.value = chosen;
  };
  const write = () => {
    const { figure, width, height, name } = FIGURES.find((f) => f.figure === select.value) ?? FIGURES[0];
    const title = t('embedCode.frameTitle', { figure: name() });
    code.value = `<iframe src="${escapeAttribute(embedAddress(href, figure))}" width="${width}" height="${height}" title="${escapeAttribute(title)}" loading="lazy" style="border: 0; max-width: 100%"></iframe>`;
  };

  button.addEventListener('click', () => {
    href = linkTo();
    fillOptions();
    select.value = figureFor(href);
    write();
    dialog.showModal();
    code.select();
  });
  select.addEventListener('change', write);
  dialog.querySelector('[data-action="close"]').addEventListener('click', () => dialog.close());
  copy.addEventListener('click', async () => {
    if (await copyText(code.value)) {
      showMessage('embedCode.copied');
      dialog.close();
    } else {
      code.select();
      showMessage('embedCode.manual');
    }
  });
  document.addEventListener('languagechange', () => {
    if (!dialog.open) return;
    fillOptions();
    write();
  });
}
