// The judged figures of a model, as the views quote them: its prior draws, points spread over the
// box of its test codes and midpoints between test codes of different classes (each a set of
// JUDGED_POINTS from one seed, kept per model and seed), and, given an input, the points on its
// 1σ, 2σ and 4σ circles. Each set is one call into the module (a few milliseconds); the browser
// gets a turn between them, and a newer request makes an older one give up.

import { JUDGED_CIRCLES } from './engine.js';

const SETS = ['prior', 'box', 'midpoints'];
const pause = () => new Promise((resume) => setTimeout(resume, 0));

export class JudgedFigures {
  /** @param {import('./engine.js').Engine} engine */
  constructor(engine) {
    this.engine = engine;
    /** @type {Map<string, object>} the three sets by model name and seed */
    this.sets = new Map();
  }

  /**
   * `{judge, prior, box, midpoints, circles}` for `model`: `circles` is `{1, 2, 4}` (each a judged
   * circle) when `pixels` is given, else null. Resolves to null when `isStale()` turns true on the
   * way (a newer request), or when there is no judge for the model's images.
   * @param {import('./engine.js').Model} model
   * @param {{seed: number, pixels: Float32Array | null, isStale?: () => boolean}} request
   */
  async measure(model, { seed, pixels, isStale = () => false }) {
    if (!this.engine.hasJudge(model.info.dataset)) return null;
    const judge = await this.engine.judge(model.info.dataset);
    const key = `${model.name}|${seed}`;
    let sets = this.sets.get(key);
    if (!sets) {
      sets = {};
      for (const set of SETS) {
        if (isStale()) return null;
        // A model whose file has no test codes (one trained without them) has no box or
        // midpoints: its row says "–" rather than the page an error.
        sets[set] = model.atlas || set === 'prior' ? judge.judgeSet(model, set, { seed }) : null;
        await pause();
      }
      this.sets.set(key, sets);
    }
    let circles = null;
    if (pixels) {
      circles = {};
      for (const sigmas of JUDGED_CIRCLES) {
        if (isStale()) return null;
        circles[sigmas] = judge.judgeCircle(model, pixels, sigmas, { seed });
        await pause();
      }
    }
    return isStale() ? null : { judge, ...sets, circles };
  }
}
