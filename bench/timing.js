// Timing in the page. Two figures per case, from one interleaved run:
//
// - per call: K back-to-back calls timed together and divided by K, K chosen so that a batch
//   lasts at least `minBatchMs` (hundreds of timer ticks), so the timer's resolution does not
//   matter; the median and p10–p90 are over batches;
// - single calls: each call timed alone, which shows the tail a person would feel (needs the
//   5 µs timer of a cross-origin isolated page to mean anything below a millisecond).
//
// The cases take their samples in turn, round after round, so that a slow spell of the machine
// (another process, a garbage collection) falls on all of them alike and their ratio stays fair.

import { summarize } from './stats.js';

/**
 * @param {{name: string, run: () => unknown}[]} cases
 * @param {{rounds?: number, minBatchMs?: number, warmupMs?: number, singlesPerRound?: number}} options
 * @returns {Record<string, {perCall: ReturnType<typeof summarize>, single: ReturnType<typeof summarize>, batch: number}>}
 *   times in microseconds
 */
export function timeCases(cases, { rounds = 40, minBatchMs = 3, warmupMs = 400, singlesPerRound = 3 } = {}) {
  // Warm-up: V8 first runs wasm with its baseline compiler and moves hot functions to the
  // optimising one after some calls; measure only the optimised code.
  const batches = cases.map(({ run }) => {
    const start = performance.now();
    let calls = 0;
    while (performance.now() - start < warmupMs || calls < 3) {
      run();
      calls++;
    }
    const perCallMs = (performance.now() - start) / calls;
    return Math.max(1, Math.ceil(minBatchMs / perCallMs));
  });

  const perCall = cases.map(() => []);
  const single = cases.map(() => []);
  for (let round = 0; round < rounds; round++) {
    cases.forEach(({ run }, index) => {
      const k = batches[index];
      const start = performance.now();
      for (let call = 0; call < k; call++) run();
      perCall[index].push(((performance.now() - start) * 1000) / k);
      for (let call = 0; call < singlesPerRound; call++) {
        const t0 = performance.now();
        run();
        single[index].push((performance.now() - t0) * 1000);
      }
    });
  }
  return Object.fromEntries(
    cases.map(({ name }, index) => [
      name,
      { perCall: summarize(perCall[index]), single: summarize(single[index]), batch: batches[index] },
    ]),
  );
}
