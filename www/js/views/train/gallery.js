// The gallery of a person's set: one page of thumbnails at a time (PER_PAGE small canvases, made
// once and repainted), so that a set of 20,000 images costs the page no more than one of 40. Each
// thumbnail is a toggle button (selected or not) with its label under it; the page's buttons take
// one Tab stop and the arrow keys move between them (PageUp and PageDown turn pages, Delete asks
// to remove the selection). A filter shows one class, or the unlabelled images.

import { t } from '../../i18n/i18n.js';
import { element, text } from '../../ui/dom.js';
import { INK, PAPER } from '../../ui/pixels.js';
import { UNLABELLED, PIXELS } from '../../own-data/set.js';

export const PER_PAGE = 40;

/** One image's bytes (round(255·v), 1 = ink) painted as ink on paper into a 28×28 canvas. */
export function paintBytes(canvas, bytes) {
  const context = canvas.getContext('2d');
  const image = context.createImageData(28, 28);
  for (let i = 0; i < PIXELS; i++) {
    const v = bytes[i] / 255;
    image.data[4 * i] = PAPER[0] + (INK[0] - PAPER[0]) * v;
    image.data[4 * i + 1] = PAPER[1] + (INK[1] - PAPER[1]) * v;
    image.data[4 * i + 2] = PAPER[2] + (INK[2] - PAPER[2]) * v;
    image.data[4 * i + 3] = 255;
  }
  context.putImageData(image, 0, 0);
}

export class Gallery {
  /**
   * @param {import('../../own-data/set.js').OwnSet} set
   * @param {{onSelect: () => void, onDelete: () => void}} handlers
   */
  constructor(set, { onSelect, onDelete }) {
    this.set = set;
    this.onSelect = onSelect;
    this.onDelete = onDelete;
    this.page = 0;
    /** 'all', 'unlabelled', or a class's label index as a string. */
    this.filter = 'all';
    /** Selected images, by index in the set. */
    this.selected = new Set();
    /** The set's indices the filter shows, in set order. */
    this.shown = [];
    this.focusSlot = 0;
    this.pendingFrame = 0;

    this.filterSelect = Object.assign(element('select'), { id: 'own-filter' });
    const filterLabel = Object.assign(text('label', '', 'own.filter'), { htmlFor: 'own-filter' });
    this.filterSelect.addEventListener('change', () => {
      this.filter = this.filterSelect.value;
      this.page = 0;
      this.render();
    });
    this.grid = element('div', 'gallery-grid');
    this.grid.setAttribute('role', 'group');
    this.grid.dataset.label = 'own.galleryLabel';
    this.tiles = Array.from({ length: PER_PAGE }, (_, slot) => this.#tile(slot));
    this.grid.append(...this.tiles.map((tile) => tile.button));
    this.empty = text('p', 'gallery-empty', 'own.galleryEmpty');
    this.previous = Object.assign(text('button', 'small', 'own.previousPage'), { type: 'button' });
    this.next = Object.assign(text('button', 'small', 'own.nextPage'), { type: 'button' });
    this.pageLabel = element('span', 'gallery-page');
    this.previous.addEventListener('click', () => this.turn(-1));
    this.next.addEventListener('click', () => this.turn(1));
    this.element = element(
      'div',
      'gallery',
      element('div', 'controls gallery-filter', filterLabel, this.filterSelect),
      this.empty,
      this.grid,
      element('div', 'controls gallery-nav', this.previous, this.pageLabel, this.next),
    );
  }

  #tile(slot) {
    const canvas = Object.assign(element('canvas'), { width: 28, height: 28 });
    canvas.setAttribute('aria-hidden', 'true');
    const caption = element('span', 'tile-label');
    const button = Object.assign(element('button', 'tile', canvas, caption), { type: 'button', tabIndex: -1 });
    button.setAttribute('aria-pressed', 'false');
    button.addEventListener('click', () => {
      const index = this.shown[this.page * PER_PAGE + slot];
      if (index === undefined) return;
      if (this.selected.has(index)) this.selected.delete(index);
      else this.selected.add(index);
      this.focusSlot = slot;
      this.#paintTile(slot);
      this.#roving();
      this.onSelect();
    });
    button.addEventListener('keydown', (event) => this.#key(event, slot));
    return { button, canvas, caption };
  }

  #key(event, slot) {
    const count = this.#onPage();
    const columns = this.#columns();
    const moves = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -columns, ArrowDown: columns, Home: -slot, End: count - 1 - slot };
    if (event.key in moves) {
      event.preventDefault();
      this.#focus(Math.max(0, Math.min(count - 1, slot + moves[event.key])));
    } else if (event.key === 'PageDown' || event.key === 'PageUp') {
      event.preventDefault();
      this.turn(event.key === 'PageDown' ? 1 : -1);
      this.#focus(Math.min(slot, this.#onPage() - 1));
    } else if (event.key === 'Delete' || event.key === 'Backspace') {
      event.preventDefault();
      if (this.selected.size === 0) {
        const index = this.shown[this.page * PER_PAGE + slot];
        if (index !== undefined) this.selected.add(index);
      }
      this.onDelete();
    }
  }

  /** Thumbnails per row, as laid out now. */
  #columns() {
    const top = this.tiles[0].button.offsetTop;
    const row = this.tiles.findIndex((tile) => tile.button.hidden || tile.button.offsetTop !== top);
    return Math.max(1, row < 0 ? PER_PAGE : row);
  }

  #focus(slot) {
    this.focusSlot = slot;
    this.#roving();
    this.tiles[slot]?.button.focus();
  }

  /** One Tab stop for the page: the thumbnail last moved to. */
  #roving() {
    const count = this.#onPage();
    this.focusSlot = Math.max(0, Math.min(this.focusSlot, count - 1));
    this.tiles.forEach((tile, slot) => {
      tile.button.tabIndex = slot === this.focusSlot && count > 0 ? 0 : -1;
    });
  }

  #onPage() {
    return Math.max(0, Math.min(PER_PAGE, this.shown.length - this.page * PER_PAGE));
  }

  get pages() {
    return Math.max(1, Math.ceil(this.shown.length / PER_PAGE));
  }

  turn(by) {
    const page = Math.max(0, Math.min(this.pages - 1, this.page + by));
    if (page === this.page) return;
    this.page = page;
    this.render();
  }

  /** Shows the last page (after an image was added, so that the person sees it). */
  showEnd() {
    this.#filterImages();
    this.page = this.pages - 1;
    this.render();
  }

  /** Drops the selection (after a change that renumbers the images). */
  clearSelection() {
    this.selected.clear();
  }

  /** The selected images, in set order. */
  selection() {
    return [...this.selected].filter((i) => i < this.set.count).sort((a, b) => a - b);
  }

  /** Selects every image of the page shown (or, when all are selected, none). */
  toggleSelectPage() {
    const onPage = this.shown.slice(this.page * PER_PAGE, (this.page + 1) * PER_PAGE);
    const all = onPage.length > 0 && onPage.every((i) => this.selected.has(i));
    for (const i of onPage) {
      if (all) this.selected.delete(i);
      else this.selected.add(i);
    }
    this.render();
    this.onSelect();
  }

  #filterImages() {
    const { set } = this;
    const wanted = this.filter === 'all' ? null : this.filter === 'unlabelled' ? UNLABELLED : Number(this.filter);
    this.shown = [];
    for (let i = 0; i < set.count; i++) if (wanted === null || set.labels[i] === wanted) this.shown.push(i);
  }

  /** The filter's choices: all, each class, unlabelled (a class gone from the set falls back to all). */
  #fillFilter() {
    const options = [['all', t('own.filterAll', { n: this.set.count.toLocaleString('en') })]];
    for (const [name, count] of this.set.classCounts()) {
      if (name === null) options.push(['unlabelled', t('own.filterUnlabelled', { n: count.toLocaleString('en') })]);
      else options.push([String(this.set.classNames.indexOf(name)), t('own.filterClass', { name, n: count.toLocaleString('en') })]);
    }
    if (!options.some(([value]) => value === this.filter)) this.filter = 'all';
    const same = this.filterSelect.options.length === options.length && options.every(([value, label], i) => this.filterSelect.options[i].value === value && this.filterSelect.options[i].text === label);
    if (!same) this.filterSelect.replaceChildren(...options.map(([value, label]) => new Option(label, value)));
    this.filterSelect.value = this.filter;
  }

  /** Redraws in the next frame (many changes in one frame cost one redraw). */
  refresh() {
    if (this.pendingFrame) return;
    this.pendingFrame = requestAnimationFrame(() => {
      this.pendingFrame = 0;
      this.render();
    });
  }

  render() {
    this.#fillFilter();
    this.#filterImages();
    this.page = Math.min(this.page, this.pages - 1);
    for (let slot = 0; slot < PER_PAGE; slot++) this.#paintTile(slot);
    this.empty.hidden = this.set.count > 0;
    this.grid.hidden = this.shown.length === 0;
    this.previous.disabled = this.page === 0;
    this.next.disabled = this.page >= this.pages - 1;
    this.pageLabel.textContent = t('own.page', { page: this.page + 1, pages: this.pages });
    this.element.parentElement?.closest('[data-view]')?.setAttribute('data-gallery', String(this.set.count));
    this.#roving();
  }

  #paintTile(slot) {
    const tile = this.tiles[slot];
    const index = this.shown[this.page * PER_PAGE + slot];
    tile.button.hidden = index === undefined;
    if (index === undefined) return;
    paintBytes(tile.canvas, this.set.image(index));
    const name = this.set.labelName(index);
    tile.caption.textContent = name ?? '–';
    tile.button.dataset.index = String(index);
    tile.button.setAttribute('aria-pressed', String(this.selected.has(index)));
    tile.button.setAttribute('aria-label', name === null ? t('own.tileUnlabelled', { n: index + 1 }) : t('own.tile', { n: index + 1, name }));
  }
}
