// The comparison view: two models side by side on the same input, by default a plain autoencoder
// against the VAE. Each side shows its latent map, where the input lands (a point for the
// autoencoder, a circle of radius σ for the VAE), its reconstruction, and the decoded images of the
// same prior draws z = ε ~ N(0, I): the autoencoder's fall in the holes of its code space, the
// VAE's are digits. This is the article's argument for the circle.

import { loadStrings, applyStrings, t } from '../../i18n/i18n.js';
import { state, subscribe } from '../../state.js';
import { ComparisonSide, PRIOR_DRAWS, modelKind } from './side.js';
import { element, text } from '../../ui/dom.js';

/** The models to compare first: the autoencoder against the VAE, else the two nearest to that. */
function defaultPair(engine) {
  const names = engine.models.filter((m) => m.latentDim === 2).map((m) => m.name);
  const first = names.find((n) => /-ae-/.test(n)) ?? names[0];
  const second = names.includes('mnist-2d') && first !== 'mnist-2d' ? 'mnist-2d' : (names.find((n) => n !== first) ?? first);
  return [first, second];
}

/**
 * @param {{root: HTMLElement, engine: import('../../engine/engine.js').Engine,
 *          showError: (error: unknown) => void}} context
 */
export async function mount({ root, engine, showError }) {
  await loadStrings(['compare']);
  const seedButton = text('button', '', 'compare.newDraws');
  seedButton.type = 'button';
  const sides = [element('section', 'card compare-side'), element('section', 'card compare-side')];
  root.append(
    element(
      'div',
      'layout compare-layout',
      element('section', 'card compare-intro', text('h2', '', 'compare.heading'), text('p', 'lede', 'compare.lede'), element('div', 'controls', seedButton), text('p', 'help', 'compare.inputHint')),
      ...sides,
    ),
  );
  applyStrings(root);

  const panels = sides.map(
    (container, index) =>
      new ComparisonSide(container, {
        engine,
        label: t(index === 0 ? 'compare.leftLabel' : 'compare.rightLabel'),
        onChoose: (name) => choose(index, name).catch(showError),
      }),
  );
  let seed = 2024;
  /** The shared prior draws ε (PRIOR_DRAWS × 2), from the module's seeded normal draws: both
   *  decoders get the same points. */
  let epsilon = null;

  function drawPrior() {
    const model = panels.find((p) => p.model)?.model;
    if (!model) return;
    const zero = new Float32Array(2);
    epsilon = model.sample(zero, zero, PRIOR_DRAWS, seed, 1).epsilon;
  }

  async function choose(index, name) {
    const panel = panels[index];
    const model = await engine.open(name, (received, total) => panel.showLoading(received, total));
    panel.setModel(model);
    refresh();
  }

  function refresh() {
    try {
      if (!epsilon) drawPrior();
      for (const panel of panels) panel.show(state.input?.pixels ?? null, epsilon);
    } catch (error) {
      showError(error);
    }
  }

  seedButton.addEventListener('click', () => {
    seed = engine.randomSeed();
    drawPrior();
    refresh();
  });
  subscribe((changes) => {
    if ('input' in changes && !root.hidden) refresh();
  });
  document.addEventListener('languagechange', () => {
    for (const panel of panels) if (panel.model) panel.setModel(panel.model);
    refresh();
  });

  const pair = defaultPair(engine);
  panels.forEach((panel, index) => panel.setChoices(engine.models, pair[index]));
  await Promise.all(pair.map((name, index) => choose(index, name)));

  return {
    show: refresh,
    hide() {},
    /** For the tests: which models are shown and what kind each is. */
    snapshot: () => panels.map((p) => ({ model: p.model?.name ?? null, kind: p.model ? modelKind(p.model.info) : null })),
  };
}
