// The loss for the person's drawing: the reconstruction term the model was trained with, the
// article's squared error (14), the KL (19) in total and per dimension, and their sum, −ELBO (12).

import { t, setText, formatNumber, latentName } from '../../i18n/i18n.js';
import { writeAttribute, writeText } from '../../ui/dom.js';

/** The loss card: fills in the numbers and the per-dimension KL bars. */
export class LossPanel {
  /**
   * @param {{bernoulli: HTMLElement, squared: HTMLElement, squaredLabel: HTMLElement, kl: HTMLElement,
   *          total: HTMLElement, totalWhat: HTMLElement, reconBadge: HTMLElement,
   *          squaredBadge: HTMLElement, bars: HTMLElement}} elements
   *   the badges mark the reconstruction term the model was trained with
   */
  constructor(elements) {
    Object.assign(this, elements);
    this.barElements = [];
  }

  /**
   * What depends on the model: which reconstruction term it was trained with, its test loss,
   * one KL bar per dimension.
   * @param {{latentDim: number, likelihood: string, testLoss: number | null, kind?: string}} info
   */
  setModel(info) {
    this.reconBadge.hidden = info.likelihood === 'gaussian';
    this.squaredBadge.hidden = info.likelihood !== 'gaussian';
    const test = t('loss.nats', { value: formatNumber(info.testLoss, 1) });
    this.totalWhat.textContent = info.kind === 'autoencoder'
      ? t('loss.totalWhatAutoencoder', { test })
      : Number.isFinite(info.testLoss)
      ? t('loss.totalWhat', { test: t('loss.nats', { value: formatNumber(info.testLoss, 1) }) })
      : t('loss.totalWhatUnknown');
    this.barElements = Array.from({ length: info.latentDim }, (_, j) => {
      const bar = document.createElement('li');
      const fill = document.createElement('span');
      fill.className = 'bar';
      const label = document.createElement('span');
      label.className = 'bar-label';
      label.textContent = latentName(j);
      bar.append(fill, label);
      return bar;
    });
    this.bars.replaceChildren(...this.barElements);
    this.bars.dataset.count = String(info.latentDim);
  }

  /**
   * Shows the terms from `VaeModel.lossTerms`.
   * @param {{bernoulli: number, squaredError: number, sigma: number, kl: number,
   *          klPerDimension: number[], total: number}} loss
   */
  show(loss) {
    writeText(this.bernoulli, formatNumber(loss.bernoulli, 1));
    writeText(this.squared, formatNumber(loss.squaredError, 1));
    setText(this.squaredLabel, 'loss.squared', { sigma: formatNumber(loss.sigma, 2) });
    writeText(this.kl, formatNumber(loss.kl, 2));
    writeText(this.total, formatNumber(loss.total, 1));
    // Scale the bars to the largest term, but never below 1 nat, so tiny values look tiny.
    const largest = Math.max(1, ...loss.klPerDimension);
    this.barElements.forEach((bar, j) => {
      const value = loss.klPerDimension[j];
      bar.firstChild.style.setProperty('--fill', (value / largest).toFixed(4));
      const text = t('loss.perDimBar', { name: latentName(j), value: formatNumber(value, 2) });
      writeAttribute(bar, 'title', text);
      writeAttribute(bar, 'aria-label', text);
    });
  }
}
