// A minimal check counter for node browser tests: check() records a named assertion, run() runs
// dependent steps in order (a thrown error fails the step and skips the rest), summary() prints
// the final "N passed, M failed" line and returns the exit code.

export function createChecks() {
  let passed = 0;
  let failed = 0;
  const failures = [];

  /** Records one check; cond may be a boolean or a function returning one. */
  function check(name, cond, detail = '') {
    let ok;
    try {
      ok = typeof cond === 'function' ? !!cond() : !!cond;
    } catch (e) {
      ok = false;
      detail = detail || e.message;
    }
    if (ok) {
      passed++;
      console.log(`ok   ${name}`);
    } else {
      failed++;
      failures.push(name);
      console.log(`FAIL ${name}${detail ? `: ${detail}` : ''}`);
    }
    return ok;
  }

  /** Awaits a promise (a wait for page content) as one check; resolves with its value or null. */
  async function checkWait(name, promise) {
    try {
      const v = await promise;
      check(name, true);
      return v;
    } catch (e) {
      check(name, false, e.message.split('\n')[0]);
      throw new StepAbort(name);
    }
  }

  /** Throws (ending the step) when a check failed. */
  function require_(name, cond, detail) {
    if (!check(name, cond, detail)) throw new StepAbort(name);
  }

  function summary() {
    console.log(`${passed} passed, ${failed} failed`);
    return failed === 0 && passed > 0 ? 0 : 1;
  }

  function fail(name, detail) {
    check(name, false, detail);
  }

  return { check, checkWait, require: require_, fail, summary, get failed() { return failed; } };
}

/** Thrown to end a step after a failed check (already counted). */
export class StepAbort extends Error {
  constructor(name) {
    super(`step aborted after failed check: ${name}`);
    this.name = 'StepAbort';
  }
}
