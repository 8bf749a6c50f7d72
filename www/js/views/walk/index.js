// The walk through the maths: the article's road from the information in a coin toss to the
// reparameterisation trick, one step per idea (one module per step's figure, all numbers from the
// wasm module through maths.js), each citing its equations as links to their text. It ends at the
// playground with the person's drawing. Links `#view=walk&eq=12` (from anywhere on the page) and
// `#view=walk&step=8` land on the step that owns that equation or number.

import { loadStrings, t } from '../../i18n/i18n.js';
import { registerLinkPart } from '../../state.js';
import { equation, mathNodes } from '../../maths/render.js';
import { el, text, bind, refillAll } from './dom.js';
import { WalkInput } from './input.js';
import { informationStep } from './information.js';
import { divergenceStep } from './divergence.js';
import { bayesStep } from './bayes.js';
import { taylorStep } from './taylor.js';
import { elboStep } from './elbo.js';
import { decoderStep } from './decoder.js';
import { klStep } from './kl.js';
import { reparamStep } from './reparam.js';
import { circleStep } from './circle.js';

/** Equation number → the step whose text it belongs to. */
export const EQUATION_STEP = { 1: 1, 2: 1, 3: 2, 4: 3, 5: 3, 6: 4, 7: 5, 8: 5, 9: 5, 10: 5, 11: 5, 12: 5, 13: 6, 14: 6, 15: 7, 16: 7, 17: 7, 18: 7, 19: 7 };

/** The walk's stylesheet, linked once when the view first opens. */
function linkStyle() {
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = new URL('walk.css', import.meta.url).href;
  document.head.append(link);
}

/** A link to equation `n` in the walk: "(n)". */
function equationLink(n) {
  const link = el('a', 'walk-eq-link');
  link.href = `#view=walk&eq=${n}`;
  link.dataset.eq = String(n);
  link.textContent = t('walk.eqLink', { n });
  link.setAttribute('aria-label', t('walk.eqLinkLabel', { n }));
  return link;
}

/** Fills `node` with the text of `key`, its equation numbers "(n)" made links and its formulas typeset. */
function linkedText(node, key) {
  node.dataset.string = key;
  const parts = t(key).split(/\((\d{1,2})\)/);
  node.replaceChildren(
    ...parts.flatMap((part, i) => (i % 2 === 1 && EQUATION_STEP[part] ? [equationLink(Number(part))] : i % 2 === 1 ? [`(${part})`] : mathNodes(part))),
  );
}

/**
 * @param {{root: HTMLElement, engine: import('../../engine/engine.js').Engine,
 *          model: import('../../engine/engine.js').Model | null, showError: (error: unknown) => void,
 *          openedWith?: string}} context
 */
export async function mount({ root, engine, model: firstModel, showError, openedWith = '' }) {
  await loadStrings(['walk']);
  linkStyle();
  let model = firstModel;
  const current = () => model;
  const input = new WalkInput(engine, () => renderInputSteps());
  input.setModel(model);
  const shared = { input, model: current, engine };
  const steps = [
    informationStep(shared),
    divergenceStep(shared),
    bayesStep(shared),
    taylorStep(shared),
    elboStep(shared),
    decoderStep(shared),
    klStep(shared),
    reparamStep(shared),
    circleStep(shared),
  ];
  const linked = [];
  const linkedParagraph = (className, key) => {
    const node = el('p', className);
    linked.push([node, key]);
    linkedText(node, key);
    return node;
  };

  const contents = el('ol', 'walk-contents');
  for (const step of steps) {
    const link = el('a');
    link.href = `#view=walk&step=${step.step}`;
    link.dataset.step = String(step.step);
    bind(link, `walk.${step.key}.title`);
    contents.append(el('li', '', link));
  }
  const intro = el(
    'section',
    'card walk-intro',
    text('h2', '', 'walk.heading'),
    text('p', 'lede', 'walk.lede'),
    el('nav', 'walk-nav', contents),
  );
  intro.querySelector('nav').setAttribute('aria-label', t('walk.contents'));

  const sections = steps.map((step) => {
    const id = `walk-step-${step.step}`;
    const heading = el('h2', '', text('span', 'walk-step-number', 'walk.stepLabel', () => ({ n: step.step })), ' ', text('span', '', `walk.${step.key}.title`));
    heading.id = `${id}-title`;
    const section = el('section', 'card walk-step', heading, linkedParagraph('walk-text', `walk.${step.key}.text`));
    section.id = id;
    section.tabIndex = -1;
    section.setAttribute('aria-labelledby', heading.id);
    if (step.equations.length > 0) {
      const list = el('dl', 'walk-equations');
      list.setAttribute('aria-label', t('walk.equationsLabel'));
      for (const n of step.equations) {
        const row = el('div', 'walk-equation', text('dt', '', 'walk.eqLink', () => ({ n })), el('dd', '', equation(n)));
        row.id = `walk-eq-${n}`;
        row.tabIndex = -1;
        list.append(row);
      }
      section.append(list);
    }
    if (step.formula) section.append(el('p', 'walk-formula', equation(step.formula)));
    if (step.usesInput) section.append(input.badge());
    section.append(el('div', 'walk-controls', ...step.controls), el('figure', 'walk-figure', step.figure), step.readout);
    return section;
  });

  const backLink = text('a', 'walk-back', 'walk.end.link');
  backLink.href = '#view=play';
  const end = el('section', 'card walk-end', text('h2', '', 'walk.end.title'), linkedParagraph('', 'walk.end.text'), backLink);
  root.append(el('div', 'walk-layout', intro, ...sections, end));

  let shown = false;
  function renderAll() {
    for (const step of steps) {
      try {
        step.render();
      } catch (error) {
        showError(error);
      }
    }
  }
  function renderInputSteps() {
    if (!shown) return;
    for (const step of steps.filter((s) => s.usesInput)) {
      try {
        step.inputChanged?.();
        step.render();
      } catch (error) {
        showError(error);
      }
    }
  }

  /** Scrolls to and focuses what a link names: `eq` (an equation's text) or `step`. */
  function goTo({ eq = null, step = null }) {
    // The link's text is escaped: `step=%` names no step, and must not throw as a selector.
    const byId = (id) => root.querySelector(`#${CSS.escape(id)}`);
    const target = eq !== null ? byId(`walk-eq-${eq}`) : step !== null ? byId(`walk-step-${step}`) : null;
    if (!target) return false;
    target.scrollIntoView({ block: 'center' });
    target.focus({ preventScroll: true });
    target.dataset.landed = 'true';
    setTimeout(() => delete target.dataset.landed, 1600);
    return true;
  }
  const fromHash = (hash = window.location.hash) => {
    const params = new URLSearchParams(hash.replace(/^#/, ''));
    return { eq: params.get('eq'), step: params.get('step') };
  };

  root.addEventListener('click', (event) => {
    const link = event.target.closest('a[data-eq], a[data-step]');
    if (!link || !root.contains(link)) return;
    event.preventDefault();
    goTo({ eq: link.dataset.eq ?? null, step: link.dataset.step ?? null });
  });
  window.addEventListener('hashchange', () => {
    if (shown) goTo(fromHash());
  });
  document.addEventListener('languagechange', () => {
    refillAll();
    for (const [node, key] of linked) linkedText(node, key);
    intro.querySelector('nav').setAttribute('aria-label', t('walk.contents'));
    for (const list of root.querySelectorAll('.walk-equations')) list.setAttribute('aria-label', t('walk.equationsLabel'));
    input.refresh();
    if (shown) renderAll();
  });
  let resizeTimer = 0;
  new ResizeObserver(() => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => shown && renderAll(), 100);
  }).observe(root);

  // A link keeps every slider and choice of the walk (in order), each step's own state (step 5's
  // seed, step 8's draws), the test image the steps use, and the step on screen.
  const controls = () => [...root.querySelectorAll('.walk-controls input')];
  /** The step whose section is nearest the top of the screen. */
  function stepOnScreen() {
    let best = null;
    for (const section of root.querySelectorAll('.walk-step')) {
      const top = section.getBoundingClientRect().top;
      if (top <= window.innerHeight / 3) best = section;
    }
    return best ? Number(best.id.replace('walk-step-', '')) : null;
  }
  registerLinkPart('walk', {
    capture() {
      const out = { wk: controls().map((i) => (i.type === 'radio' ? (i.checked ? '1' : '0') : i.value)).join('~') };
      for (const step of steps) if (step.linkState) out[`w${step.step}`] = step.linkState();
      if (input.test && !input.test.arrival) out.wt = String(input.test.index + 1);
      const step = shown ? stepOnScreen() : null;
      if (step) out.step = String(step);
      return out;
    },
    async restore(params, problems) {
      const wt = params.get('wt');
      if (wt !== null) {
        try {
          if (!/^\d+$/.test(wt)) throw new RangeError(wt);
          await input.showTest(Number(wt) - 1);
        } catch {
          problems.push({ key: 'wt', value: wt.slice(0, 40) });
        }
      }
      const wk = params.get('wk');
      if (wk !== null) {
        const values = wk.split('~');
        const inputs = controls();
        if (values.length !== inputs.length) problems.push({ key: 'wk', value: `${values.length} values` });
        else {
          inputs.forEach((control, i) => {
            if (control.type === 'radio') {
              if (values[i] === '1' && !control.checked) {
                control.checked = true;
                control.dispatchEvent(new Event('change', { bubbles: true }));
              }
            } else if (Number.isFinite(Number(values[i])) && values[i] !== '' && control.value !== values[i]) {
              control.value = values[i];
              if (control.value !== values[i]) problems.push({ key: 'wk', value: values[i].slice(0, 20) });
              control.dispatchEvent(new Event('input', { bubbles: true }));
            }
          });
        }
      }
      for (const step of steps) {
        const value = params.get(`w${step.step}`);
        if (value === null || !step.restoreLink) continue;
        try {
          step.restoreLink(value);
        } catch {
          problems.push({ key: `w${step.step}`, value: value.slice(0, 40) });
        }
      }
      const step = params.get('step');
      if (step !== null && shown) goTo({ step });
    },
  });

  return {
    show() {
      // The first time, the link the page was opened with (the model's choice rewrote the address since).
      let wanted = fromHash();
      if (openedWith !== null && wanted.eq === null && wanted.step === null) wanted = fromHash(openedWith);
      openedWith = null;
      shown = true;
      renderAll();
      // No input yet: a test image, so that every figure opens alive.
      input.ensure().catch(showError);
      if (wanted.eq !== null || wanted.step !== null) requestAnimationFrame(() => goTo(wanted));
    },
    hide() {
      shown = false;
    },
    setModel(next) {
      const datasetChanged = model?.info.dataset !== next?.info.dataset;
      model = next;
      input.setModel(next);
      // The arrival image belongs to the dataset: another dataset's model takes its own.
      if (datasetChanged && input.test?.arrival) input.test = null;
      if (shown) {
        renderInputSteps();
        input.ensure().catch(showError);
      }
    },
  };
}
