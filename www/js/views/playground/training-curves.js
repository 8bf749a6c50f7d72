// The open model's training curves in "About this model": reconstruction and KL per epoch, on the
// training batches and on the test digits, from its report (`models/<name>.report.json`, copied
// beside the module by tools/models-manifest.mjs, at the address the manifest gives). The report is
// fetched only when the panel opens.

import { t, formatNumber } from '../../i18n/i18n.js';

const COLOURS = { train: '#2563eb', test: '#c2410c', grid: '#e1e4ea', text: '#5b6475' };

export class TrainingCurves {
  /** @param {{details: HTMLDetailsElement, canvas: HTMLCanvasElement, status: HTMLElement}} elements */
  constructor({ details, canvas, status }) {
    Object.assign(this, { details, canvas, status });
    this.name = null;
    /** @type {Map<string, Promise<object>>} */
    this.reports = new Map();
    details.addEventListener('toggle', () => this.#show());
    document.addEventListener('languagechange', () => this.#show());
  }

  /** The model whose curves to show, and its report's address (fetched when the panel is open). */
  setModel(name, reportUrl) {
    this.name = name;
    this.reportUrl = reportUrl;
    this.#show();
  }

  #report(name) {
    if (!this.reports.has(name)) {
      if (!this.reportUrl) return Promise.reject(new Error('no report'));
      const loading = fetch(this.reportUrl).then((response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return response.json();
      });
      this.reports.set(name, loading);
      loading.catch(() => this.reports.delete(name));
    }
    return this.reports.get(name);
  }

  async #show() {
    if (!this.details.open || !this.name) return;
    const name = this.name;
    this.status.textContent = t('model.curvesLoading');
    let report;
    try {
      report = await this.#report(name);
    } catch (error) {
      if (name === this.name) this.status.textContent = t('model.curvesMissing', { reason: error.message });
      return;
    }
    if (name !== this.name) return;
    const epochs = (report.epochs ?? []).filter((e) => Number.isFinite(e.train_reconstruction));
    if (epochs.length === 0) {
      this.status.textContent = t('model.curvesMissing', { reason: '—' });
      return;
    }
    this.#draw(epochs);
    const last = epochs[epochs.length - 1];
    const summary = t('model.curvesLabel', {
      epochs: epochs.length,
      rec: formatNumber(last.test?.reconstruction ?? last.train_reconstruction, 1),
      kl: formatNumber(last.test?.kl ?? last.train_kl, 1),
    });
    this.canvas.setAttribute('aria-label', summary);
    this.status.textContent = summary;
  }

  /** Two panels, reconstruction over KL, each with its training and test curve. */
  #draw(epochs) {
    const width = Math.max(240, this.canvas.clientWidth || 480);
    const height = Math.round(width * 0.5);
    const density = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(width * density);
    this.canvas.height = Math.round(height * density);
    const context = this.canvas.getContext('2d');
    context.setTransform(density, 0, 0, density, 0, 0);
    context.clearRect(0, 0, width, height);
    context.font = '11px system-ui, sans-serif';
    const panels = [
      { title: t('model.curvesRec'), train: (e) => e.train_reconstruction, test: (e) => e.test?.reconstruction },
      { title: t('model.curvesKl'), train: (e) => e.train_kl, test: (e) => e.test?.kl },
    ];
    const left = 44;
    const panelHeight = (height - 24) / 2;
    panels.forEach((panel, p) => {
      const top = 14 + p * panelHeight;
      const inner = { left, top, width: width - left - 8, height: panelHeight - 22 };
      const values = epochs.flatMap((e) => [panel.train(e), panel.test(e)]).filter(Number.isFinite);
      const low = Math.min(...values);
      const high = Math.max(...values);
      const sx = (i) => inner.left + (epochs.length === 1 ? 0 : (i / (epochs.length - 1)) * inner.width);
      const sy = (v) => inner.top + inner.height - ((v - low) / (high - low || 1)) * inner.height;
      context.strokeStyle = COLOURS.grid;
      context.strokeRect(inner.left, inner.top, inner.width, inner.height);
      context.fillStyle = COLOURS.text;
      context.textAlign = 'right';
      context.textBaseline = 'middle';
      context.fillText(formatNumber(high, 1), inner.left - 4, inner.top);
      context.fillText(formatNumber(low, 1), inner.left - 4, inner.top + inner.height);
      context.textAlign = 'left';
      context.textBaseline = 'bottom';
      context.fillText(panel.title, inner.left + 4, inner.top - 1);
      for (const [series, colour] of [[panel.train, COLOURS.train], [panel.test, COLOURS.test]]) {
        context.strokeStyle = colour;
        context.lineWidth = 1.5;
        context.beginPath();
        let started = false;
        epochs.forEach((e, i) => {
          const v = series(e);
          if (!Number.isFinite(v)) return;
          if (started) context.lineTo(sx(i), sy(v));
          else context.moveTo(sx(i), sy(v));
          started = true;
        });
        context.stroke();
      }
    });
    context.textBaseline = 'bottom';
    context.textAlign = 'right';
    context.fillStyle = COLOURS.train;
    context.fillText(`— ${t('model.curvesTrain')}`, width - 90, height - 2);
    context.fillStyle = COLOURS.test;
    context.fillText(`— ${t('model.curvesTest')}`, width - 8, height - 2);
    context.fillStyle = COLOURS.text;
    context.textAlign = 'left';
    context.fillText(t('model.curvesEpochs', { n: epochs.length }), left, height - 2);
  }
}
