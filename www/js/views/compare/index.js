// The comparison view: two models side by side on the same input, by default a plain autoencoder
// against the VAE (same widths, same training, only the objective differs). Each side shows its
// latent map, where the input lands (a point for the autoencoder, a circle of radius σ for the
// VAE), its reconstruction, and the decodes of the same prior draws z = ε ~ N(0, I). A judge (a
// classifier of the dataset's classes) reads every decode; the table above gives its figures for
// four kinds of latent points, marks the row where the two models differ most, and the sentences
// are chosen by those figures (wording.js): the view says what it measured, nothing more.

import { loadStrings, applyStrings, t, setText, noun, modelName, formatNumber, formatPercent } from '../../i18n/i18n.js';
import { state, subscribe, registerLinkPart } from '../../state.js';
import { ComparisonSide, modelKind } from './side.js';
import { element, text } from '../../ui/dom.js';
import { JUDGED_SEED, JUDGED_SHOWN, JUDGED_POINTS } from '../../engine/engine.js';
import { JudgedFigures } from '../../engine/judged-figures.js';
import { tableRows, differsMost, priorVerdict, mostVerdict } from './wording.js';

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
  const seedNote = element('p', 'help compare-seed');
  const table = element('table', 'compare-table');
  const verdict = element('p', 'why compare-verdict');
  verdict.setAttribute('aria-live', 'polite');
  const judgeNote = element('p', 'help compare-judge');
  const sides = [element('section', 'card compare-side'), element('section', 'card compare-side')];
  root.append(
    element(
      'div',
      'layout compare-layout',
      element(
        'section',
        'card compare-intro',
        text('h2', '', 'compare.heading'),
        text('p', 'lede', 'compare.lede'),
        element('div', 'controls', seedButton, seedNote),
        element('div', 'compare-table-frame', table),
        verdict,
        judgeNote,
        text('p', 'help', 'compare.inputHint'),
      ),
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
  const judged = new JudgedFigures(engine);
  let seed = JUDGED_SEED;
  /** The first prior draws ε (JUDGED_SHOWN × 2), the first rows of every judged prior set of this seed. */
  let epsilon = null;
  /** Each side's judged figures, or null while they are measured. */
  let figures = [null, null];
  let generation = 0;

  function drawPrior() {
    const model = panels.find((p) => p.model)?.model;
    if (!model) return;
    const zero = new Float32Array(2);
    epsilon = model.sample(zero, zero, JUDGED_SHOWN, seed, 1).epsilon;
  }

  async function choose(index, name) {
    const panel = panels[index];
    const model = await engine.open(name, (received, total) => panel.showLoading(received, total));
    panel.setModel(model);
    refresh();
  }

  /** Draws at once what needs no judge, then measures the figures and draws them. */
  function refresh() {
    const pixels = state.input?.pixels ?? null;
    const current = ++generation;
    figures = [null, null];
    try {
      if (!epsilon) drawPrior();
      render(pixels);
    } catch (error) {
      showError(error);
    }
    measure(pixels, current).catch(showError);
  }

  async function measure(pixels, current) {
    const isStale = () => current !== generation;
    const measured = await Promise.all(panels.map((panel) => (panel.model ? judged.measure(panel.model, { seed, pixels, isStale }) : null)));
    if (isStale()) return;
    figures = measured;
    render(pixels);
    root.dataset.measured = 'true';
  }

  function render(pixels) {
    panels.forEach((panel, index) => panel.show(pixels, epsilon, figures[index]));
    seedNote.textContent = t('compare.seedNote', { seed, count: JUDGED_POINTS });
    renderTable();
  }

  /** The figures table, the row where the sides differ most marked, and the sentences on it. */
  function renderTable() {
    const [left, right] = panels.map((panel, index) => ({ figures: figures[index], classes: panel.classNames(figures[index]?.judge).length || 10 }));
    const rows = tableRows(left, right);
    const most = figures.every(Boolean) ? differsMost(rows) : null;
    const names = panels.map((panel) => (panel.model ? modelName(panel.model.name) : '–'));
    const head = element('tr', '', element('th', '', t('compare.table.measure')), ...names.map((name) => element('th', '', name)));
    head.querySelectorAll('th').forEach((th) => th.setAttribute('scope', 'col'));
    const body = rows
      .filter((row) => row.id.startsWith('circle') ? Boolean(state.input) : true)
      .map((row) => {
        const cell = (value, index) => {
          const reading = readingOf(row.id, index);
          const shown = value === null ? '–' : row.id === 'priorClasses' ? formatNumber(value, 1) : formatPercent(value);
          const confidence = reading && row.id !== 'priorClasses' ? element('span', 'confidence', ` · ${formatNumber(reading.meanConfidence, 2)}`) : '';
          return element('td', '', element('span', 'share', shown), confidence);
        };
        const header = element('th', '');
        setText(header, `compare.table.${row.id}`);
        header.setAttribute('scope', 'row');
        const tr = element('tr', '', header, cell(row.left, 0), cell(row.right, 1));
        if (most && most.id === row.id) tr.dataset.most = 'true';
        tr.dataset.row = row.id;
        return tr;
      });
    table.replaceChildren(element('caption', '', t('compare.table.caption', { count: JUDGED_POINTS, seed })), element('thead', '', head), element('tbody', '', ...body));

    if (!figures.every(Boolean)) {
      verdict.textContent = t(panels.every((p) => p.model && engine.hasJudge(p.model.info.dataset)) ? 'judge.measuring' : 'judge.none');
      verdict.dataset.string = '';
      judgeNote.textContent = '';
      return;
    }
    const shares = figures.map((f) => f.prior.all.confidentShare);
    const first = priorVerdict(shares[0], shares[1]);
    const second = mostVerdict(most);
    const side = (winner) => (winner === 'left' ? 0 : 1);
    const params = {
      left: names[0],
      right: names[1],
      leftShare: formatPercent(shares[0]),
      rightShare: formatPercent(shares[1]),
      better: first.winner ? names[side(first.winner)] : '',
      worse: first.winner ? names[1 - side(first.winner)] : '',
      betterShare: first.winner ? formatPercent(shares[side(first.winner)]) : '',
      worseShare: first.winner ? formatPercent(shares[1 - side(first.winner)]) : '',
      count: JUDGED_POINTS,
      seed,
      nouns: noun(panels[0].model.info.dataset, { plural: true }),
    };
    const format = (value) => (most.id === 'priorClasses' ? formatNumber(value, 1) : formatPercent(value));
    const ahead = second.winner ? side(second.winner) : 0;
    const mostParams = {
      ...params,
      ahead: names[ahead],
      behind: names[1 - ahead],
      aheadValue: format(ahead === 0 ? most.left : most.right),
      behindValue: format(ahead === 0 ? most.right : most.left),
      classes: Math.max(left.classes, right.classes),
    };
    verdict.textContent = `${t(first.key, params)} ${t(second.key, mostParams)}`;
    verdict.dataset.string = `${first.key} ${second.key}`;
    const judges = [...new Set(figures.map((f) => f.judge))];
    judgeNote.textContent = judges
      .map((judge) => t('compare.judgeNote', { accuracy: formatPercent(judge.info.testAccuracy ?? NaN, 1), images: judge.info.testImages ?? '–', confident: formatNumber(judge.info.confident, 1), nouns: noun(judge.info.dataset, { plural: true }) }))
      .join(' ');
  }

  /** The judged reading behind row `id` of side `index`, for its mean confidence. */
  function readingOf(id, index) {
    const f = figures[index];
    if (!f) return null;
    if (id === 'priorShare') return f.prior.all;
    if (id === 'boxShare') return f.box?.all ?? null;
    if (id === 'midpointShare') return f.midpoints?.all ?? null;
    if (id.startsWith('circle')) return f.circles?.[Number(id.slice(6))]?.all ?? null;
    return null;
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
    if (!root.hidden) render(state.input?.pixels ?? null);
  });

  const pair = defaultPair(engine);
  panels.forEach((panel, index) => panel.setChoices(engine.models, pair[index]));
  await Promise.all(pair.map((name, index) => choose(index, name)));

  // A link keeps the two models and the seed of the draws.
  registerLinkPart('compare', {
    capture: () => ({ cmp: panels.map((p) => p.model?.name ?? '').join(','), cseed: String(seed) }),
    async restore(params, problems) {
      const models = params.get('cmp');
      if (models !== null) {
        const names = models.split(',');
        const known = engine.models.filter((m) => m.latentDim === 2).map((m) => m.name);
        if (names.length === 2 && names.every((n) => known.includes(n))) {
          await Promise.all(names.map((n, i) => (panels[i].model?.name === n ? null : choose(i, n))));
        } else problems.push({ key: 'cmp', value: models.slice(0, 40) });
      }
      const wanted = params.get('cseed');
      if (wanted !== null) {
        if (/^\d+$/.test(wanted) && Number(wanted) <= 2 ** 32 - 1) {
          seed = Number(wanted);
          drawPrior();
          refresh();
        } else problems.push({ key: 'cseed', value: wanted.slice(0, 40) });
      }
    },
  });

  return {
    show: refresh,
    hide() {},
    /** For the tests: which models are shown, what kind each is, the seed and the figures. */
    snapshot: () => ({
      seed,
      sides: panels.map((p, index) => ({ model: p.model?.name ?? null, kind: p.model ? modelKind(p.model.info) : null, measured: Boolean(figures[index]) })),
    }),
  };
}
