// One figure of the page for an <iframe> in a slide or a course page: `#embed=pad` (the drawing pad
// with the latent map), `inset` (q(z|x) up close), `compare` (the Compare view) or `walk-N` (step N of
// the walk), with the rest of the link's settings (the drawing, the model, …). The page's chrome is
// hidden, the figure fills the frame, and a link opens the full page. Framed without `embed`, the
// page shows only that link: the framing policy allows embedding in this mode alone (the server
// says so too, for the address embed.html, the only one it lets a frame show).

import { t } from '../i18n/i18n.js';

/** The figures a link may embed, and the view each belongs to. */
const FIGURES = { pad: 'play', inset: 'play', compare: 'compare' };
for (let step = 1; step <= 9; step++) FIGURES[`walk-${step}`] = 'walk';

/** What `hash` asks to embed: `{figure, view, step}`, or null. */
export function embedRequest(hash) {
  const figure = new URLSearchParams(String(hash).replace(/^#/, '')).get('embed');
  if (!figure || !(figure in FIGURES)) return null;
  return { figure, view: FIGURES[figure], step: figure.startsWith('walk-') ? Number(figure.slice(5)) : null };
}

/** Whether the page is shown inside a frame of another page. */
export function isFramed() {
  try {
    return window.self !== window.top;
  } catch {
    return true; // a cross-origin top that refuses to be read is a frame
  }
}

/** The page's full address for `hash`: the same settings, no `embed`, in the page's own file. */
function fullPage(hash) {
  const params = new URLSearchParams(String(hash).replace(/^#/, ''));
  params.delete('embed');
  const url = new URL(window.location.href);
  url.pathname = url.pathname.replace(/embed\.html$/, '');
  url.hash = params.toString();
  return url.href;
}

/** A link that opens `href` in a new tab, its text from the tables. */
function openLink(key, href) {
  const link = document.createElement('a');
  link.className = 'embed-open';
  link.href = href;
  link.target = '_blank';
  link.rel = 'noopener';
  link.dataset.text = key;
  link.textContent = t(key);
  return link;
}

/**
 * Sets the page up for `request` (from `embedRequest`), or, framed without one, shows only a link
 * to the page and returns false (the page then starts nothing).
 * @param {{figure: string, view: string, step: number | null} | null} request
 */
export function applyEmbedding(request, hash) {
  if (!request) {
    if (!isFramed()) return true;
    document.documentElement.dataset.embed = 'refused';
    const notice = document.createElement('p');
    notice.className = 'embed-refused';
    notice.dataset.text = 'embed.refused';
    notice.textContent = t('embed.refused');
    document.body.replaceChildren(notice, openLink('embed.openFull', fullPage(hash)));
    return false;
  }
  document.documentElement.dataset.embed = request.figure;
  document.body.prepend(openLink('embed.openFull', fullPage(hash)));
  return true;
}

/** Marks the walk's step that an embed shows (the others are hidden by the style sheet). */
export function markEmbeddedStep(root, step) {
  for (const section of root.querySelectorAll('.walk-step')) section.toggleAttribute('data-embedded', section.id === `walk-step-${step}`);
}
