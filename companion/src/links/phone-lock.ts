import { slotBusyWait, withoutSlotWaits } from '../aloware/rate-limiter.js';
import { phoneLockName, type Locks } from '../store/index.js';

/**
 * Runs `fn` under the per-phone lock every "find or create" and every write for one identity holds — in both
 * directions and for activities, so they never interleave on one phone. The lock is renewed while `fn` runs;
 * `fn` never waits for an Aloware request slot while holding it: when none is free the lock is released,
 * the wait happens outside, and `fn` runs again from the start (every step in it is find-first, idempotent).
 */
export function withPhoneLock<T>(locks: Locks, e164: string, fn: () => Promise<T>): Promise<T> {
  return withLockNoSlotWaits(locks, phoneLockName(e164), fn);
}

/** Any lock, with the same rule: no Aloware slot waits while holding it. */
export function withLockNoSlotWaits<T>(locks: Locks, name: string, fn: () => Promise<T>): Promise<T> {
  return locks.withLock(name, () => withoutSlotWaits(fn), { retryOutsideAfter: slotBusyWait });
}
