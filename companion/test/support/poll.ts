import { setTimeout as sleep } from 'node:timers/promises';
import { vi } from 'vitest';

/**
 * The tests' one polling helper: `vi.waitFor` retrying `check` until it returns a truthy value, which it
 * resolves with. A throw or a falsy value is retried; after `timeoutMs` the last error (or "not met") is thrown.
 */
export async function waitFor<T>(
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 10_000,
  everyMs = 50,
): Promise<T> {
  const site = new Error(`waitFor: condition not met within ${timeoutMs} ms`);
  try {
    return await vi.waitFor(
      async () => {
        const value = await check();
        if (!value) throw site;
        return value;
      },
      { timeout: timeoutMs, interval: everyMs },
    );
  } catch (err) {
    // The caller's stack, not vi.waitFor's timer: the last error thrown by `check` is kept as the cause.
    if (err !== site) site.cause = err;
    throw site;
  }
}

/** The tests' one real delay, for when time passing is the point (pacing, a window that must elapse). */
export { sleep };
