// Timing over a set of inputs: each case runs on every input; for each input, K
// back-to-back calls on that input are timed together (K chosen so that a batch lasts at least
// `minBatchMs`, hundreds of ticks of the 5 µs timer), in `rounds` rounds, and the input's time is
// the median over rounds. A case's figure is then the median over inputs and the p10–p90 spread
// over inputs; a ratio is taken input by input, then its median. The cases take turns input by
// input, so that a slow spell of the machine falls on all of them alike.
//
// A case's `run` may return a promise (the worker pool): it is awaited, call after call.

import { summarize } from './stats.js';

/**
 * @param {{name: string, run: (input: any) => unknown}[]} cases
 * @param {any[]} inputs
 * `discard`: batches run untimed before each timed one, so that what the case before left running
 * (TF.js's threads spin for a while after a call) has ended and this case's code and data are hot;
 * `settleMs`: an untimed pause before that (threads left spinning go to sleep; the machine idles, so
 * caches go cold: pair it with `discard`).
 * @returns {Promise<Record<string, {perInput: number[], overInputs: ReturnType<typeof summarize>, batch: number}>>}
 *   times in microseconds per call
 */
export async function timeOverInputs(cases, inputs, { rounds = 5, minBatchMs = 1, warmupMs = 2000, settleMs = 0, discard = 0 } = {}) {
  // Warm-up through the inputs, which also measures a call's time. V8 first runs wasm on code from
  // its baseline compiler and optimises a function in the background once it is hot: a kernel that
  // a case is the first to use (the batch tile, for decodeBatch) ran 30–40 % slower for over half
  // a second of calls in our runs, so each case warms up for 2 s (TF.js's cases alike).
  const batches = [];
  for (const { run } of cases) {
    const start = performance.now();
    let calls = 0;
    while (performance.now() - start < warmupMs || calls < inputs.length) {
      await run(inputs[calls % inputs.length]);
      calls++;
    }
    batches.push(Math.max(1, Math.ceil(minBatchMs / ((performance.now() - start) / calls))));
  }
  const samples = cases.map(() => inputs.map(() => []));
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < inputs.length; i++) {
      for (let c = 0; c < cases.length; c++) {
        const { run } = cases[c];
        const k = batches[c];
        // Each case starts on a quiet machine: threads of the case before may still be spinning.
        if (settleMs > 0) await new Promise((resolve) => setTimeout(resolve, settleMs));
        for (let call = 0; call < discard * k; call++) await run(inputs[i]);
        const start = performance.now();
        for (let call = 0; call < k; call++) await run(inputs[i]);
        samples[c][i].push(((performance.now() - start) * 1000) / k);
      }
    }
  }
  return Object.fromEntries(
    cases.map(({ name }, c) => {
      const perInput = samples[c].map((s) => summarize(s).median);
      return [name, { perInput, overInputs: summarize(perInput), batch: batches[c] }];
    }),
  );
}

/** Median over inputs of `a`'s time / `b`'s time, input by input, and its p10–p90. */
export function ratioOverInputs(a, b) {
  return summarize(a.perInput.map((t, i) => t / b.perInput[i]));
}
