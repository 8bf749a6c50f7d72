// The one line that says how training on a person's set went, computed from the module's figures
// (SetFigures: the held-out examples' reconstruction loss and the nearest-neighbour agreement of
// their codes by label) before training and now. The words follow the numbers, nothing else.

import { t, formatNumber } from '../../i18n/i18n.js';

const agreement = (value) => (value === null || value === undefined ? t('train.figuresNone') : formatNumber(value, 3));

/** "−42 %" (or "+3 %"): the relative change from `before` to `after`. */
export function relativeChange(before, after) {
  const change = (100 * (after - before)) / before;
  if (!Number.isFinite(change)) return '–';
  return `${change < 0 ? '−' : '+'}${Math.abs(change).toFixed(0)} %`;
}

/**
 * @param {object} baseline the figures before training
 * @param {object | null} now the figures as the model is now (null before the first step)
 * @param {string} from what training started from, for people ("random weights", "mnist-2d")
 */
export function describeFigures(baseline, now, from) {
  if (!baseline || baseline.heldOutReconstruction === null) return '';
  if (!now) {
    return t('train.figuresBefore', {
      from,
      n: baseline.heldOut,
      recon: formatNumber(baseline.heldOutReconstruction, 1),
      agree: agreement(baseline.heldOutAgreement),
    });
  }
  return t('train.figures', {
    n: now.heldOut,
    before: formatNumber(baseline.heldOutReconstruction, 1),
    after: formatNumber(now.heldOutReconstruction, 1),
    change: relativeChange(baseline.heldOutReconstruction, now.heldOutReconstruction),
    agreeBefore: agreement(baseline.heldOutAgreement),
    agreeAfter: agreement(now.heldOutAgreement),
  });
}
