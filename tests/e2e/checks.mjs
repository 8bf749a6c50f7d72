// The end-to-end tests' way of reporting: each check prints one line, "ok" (with what it saw and
// how long it took) or "FAIL" with the reason, and the run goes on; the tally decides the exit code.

/**
 * A fresh tally and the `check` that counts into it.
 * @returns {{check: (name: string, body: () => Promise<string | void>) => Promise<void>,
 *            checks: number, failures: number}}
 */
export function createChecks() {
  const tally = {
    checks: 0,
    failures: 0,
    /** Runs one check and prints its line. */
    async check(name, body) {
      tally.checks++;
      const started = Date.now();
      try {
        const detail = await body();
        console.log(`ok   ${name}${detail ? ` (${detail})` : ''} [${Date.now() - started} ms]`);
      } catch (error) {
        tally.failures++;
        console.log(`FAIL ${name}: ${error.message.split('\n')[0]}`);
      }
    },
  };
  return tally;
}

/** Throws `message` unless `condition` holds. */
export function assert(condition, message) {
  if (!condition) throw new Error(message);
}
