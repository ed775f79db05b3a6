import { setTimeout as sleep } from 'node:timers/promises';
import { vi } from 'vitest';

/**
 * The tests' one polling helper: `vi.waitFor` retrying `check` until it returns a truthy value, which it
 * resolves with. A throw or a falsy value is retried; after `timeoutMs` the last error (or "not met") is thrown.
 */
export function waitFor<T>(
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 10_000,
  everyMs = 50,
): Promise<T> {
  return vi.waitFor(
    async () => {
      const value = await check();
      if (!value) throw new Error(`waitFor: condition not met within ${timeoutMs} ms`);
      return value;
    },
    { timeout: timeoutMs, interval: everyMs },
  );
}

/** The tests' one real delay, for when time passing is the point (pacing, a window that must elapse). */
export { sleep };
