// The facts about the open model: data, shape, likelihood, size, test loss, training.

import { t, hasText, formatNumber, formatInteger } from '../../i18n/i18n.js';
import { fillText } from '../../maths/render.js';

/**
 * Fills a description list with the model's metadata (`VaeModel.info`).
 * @param {HTMLDListElement} list
 * @param {object} info
 */
export function renderModelFacts(list, info) {
  const unknown = t('model.unknown');
  const facts = [
    ['model.term.dataset', optionalText(`model.dataset.${info.dataset}`, info.dataset)],
    ['model.term.latent', t('model.latent', { n: info.latentDim })],
    ['model.term.encoder', t('model.encoder', { widths: info.encoderWidths.join(' → ') })],
    ['model.term.decoder', info.decoderWidths.join(' → ')],
    [
      'model.term.likelihood',
      info.likelihood === 'gaussian'
        ? t('model.likelihood.gaussian', { sigma: info.sigma })
        : t('model.likelihood.bernoulli'),
    ],
    ['model.term.parameters', formatInteger(info.parameters)],
    ['model.term.weights', t('model.weights', { kb: formatInteger(Math.round(info.bytes / 1024)), format: info.weightFormat })],
    ['model.term.kind', t(`model.kind.${info.kind ?? 'vae'}`, { beta: formatNumber(info.beta ?? 1, 1) })],
    [
      'model.term.testLoss',
      Number.isFinite(info.testLoss) && info.kind === 'autoencoder'
        ? t('model.testLossAutoencoder', { total: formatNumber(info.testLoss, 1) })
        : Number.isFinite(info.testLoss)
        ? t('model.testLoss', {
            total: formatNumber(info.testLoss, 1),
            rec: formatNumber(info.testReconstruction, 1),
            kl: formatNumber(info.testKl, 1),
          })
        : unknown,
    ],
    ['model.term.epochs', info.epochs ?? unknown],
  ];
  list.replaceChildren(
    ...facts.map(([term, value]) => {
      const row = document.createElement('div');
      const dt = document.createElement('dt');
      dt.textContent = t(term);
      const dd = document.createElement('dd');
      fillText(dd, String(value));
      dd.dataset.fact = term.replace('model.term.', '');
      row.append(dt, dd);
      return row;
    }),
  );
}

/** The text for `key` if the table has it, else `fallback` (for models added later). */
function optionalText(key, fallback) {
  return hasText(key) ? t(key) : fallback;
}
