import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { maskPhone } from '../sync/index.js';
import type { Keys } from './keys.js';
import { evalScript } from './scripts.js';

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/** Extends the lock's expiry only while the caller still holds it (1), else 0: the lock was lost. */
const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;

const PHONE_LOCK = 'phone-';

/** `phone-+12025550143` → `phone-+1******0143`: lock names in messages and logs never carry a full phone. */
function maskedLockName(name: string): string {
  return name.startsWith(PHONE_LOCK) ? `${PHONE_LOCK}${maskPhone(name.slice(PHONE_LOCK.length))}` : name;
}

/** The lock serialising every find-or-create and write for one E.164 phone, whichever flow does it. */
export function phoneLockName(e164: string): string {
  return `${PHONE_LOCK}${e164}`;
}

export class LockTimeoutError extends Error {
  constructor(name: string) {
    super(`Timed out waiting for lock ${maskedLockName(name)}`);
    this.name = 'LockTimeoutError';
  }
}

/** The lock expired under its holder (Redis lost the key, or renewal could not reach Redis in time). */
class LockLostError extends Error {
  constructor(name: string) {
    super(`Lost lock ${maskedLockName(name)} while holding it`);
    this.name = 'LockLostError';
  }
}

export interface WithLockOptions {
  /**
   * Expiry of the key (default: the Locks' own); renewed every third of it while the holder runs, so it only
   * lapses if the holder dies.
   */
  ttlMs?: number;
  /** How long to wait for the lock before LockTimeoutError. */
  waitMs?: number;
  /**
   * For an error `fn` throws: how long to wait **outside** the lock before running `fn` again (e.g. no rate-limit
   * slot right now), or null to rethrow. A holder never sleeps on a shared budget while others wait for it.
   */
  retryOutsideAfter?: (err: unknown) => number | null;
  /** Runs of `fn` at most (with retryOutsideAfter). */
  maxRuns?: number;
}

/**
 * Per-phone (or any name) mutex: SET NX PX with a random token, released only by its holder, so two workers
 * never "find or create" the same phone at once. The key is renewed while its holder runs (a slow holder keeps
 * it); a holder that dies loses it after `ttlMs`.
 */
export class Locks {
  /** `ttlMs` when a caller gives none (the companion: JOB_LOCK_SECONDS). */
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly defaultTtlMs = 30_000,
  ) {}

  private k = (name: string) => this.keys.key('lock', name);
  /** Locks this process holds (token per name), so a stop can release them (releaseAll). */
  private readonly held = new Map<string, string>();

  /** The token when taken, null when someone else holds it. */
  async tryAcquire(name: string, ttlMs = this.defaultTtlMs): Promise<string | null> {
    const token = randomUUID();
    const ok = await this.redis.set(this.k(name), token, 'PX', ttlMs, 'NX');
    if (ok) this.held.set(name, token);
    return ok ? token : null;
  }

  async release(name: string, token: string): Promise<boolean> {
    if (this.held.get(name) === token) this.held.delete(name);
    return Number(await evalScript(this.redis, RELEASE, 1, this.k(name), token)) === 1;
  }

  /**
   * Releases every lock this process still holds: for a stop whose jobs were returned, so the worker that
   * takes them over does not wait for the locks to expire. Resolves with the number released.
   */
  async releaseAll(): Promise<number> {
    const held = [...this.held];
    const released = await Promise.all(
      held.map(([name, token]) => this.release(name, token).catch(() => false)),
    );
    return released.filter(Boolean).length;
  }

  /** Extends a held lock; false when it is no longer the caller's. */
  async renew(name: string, token: string, ttlMs: number): Promise<boolean> {
    return Number(await evalScript(this.redis, RENEW, 1, this.k(name), token, ttlMs)) === 1;
  }

  /** Waits (polling with jitter) up to `waitMs` for the lock, runs `fn` while renewing it, releases. */
  async withLock<T>(name: string, fn: () => Promise<T>, opts: WithLockOptions = {}): Promise<T> {
    const maxRuns = opts.maxRuns ?? 50;
    for (let run = 1; ; run++) {
      const token = await this.acquire(name, opts);
      let retryIn: number | null = null;
      try {
        return await this.holding(name, token, opts.ttlMs ?? this.defaultTtlMs, fn);
      } catch (err) {
        retryIn = run < maxRuns ? (opts.retryOutsideAfter?.(err) ?? null) : null;
        if (retryIn === null) throw err;
      } finally {
        await this.release(name, token);
      }
      await sleep(retryIn);
    }
  }

  private async acquire(name: string, opts: WithLockOptions): Promise<string> {
    const deadline = Date.now() + (opts.waitMs ?? 15_000);
    let token = await this.tryAcquire(name, opts.ttlMs);
    while (!token) {
      if (Date.now() > deadline) throw new LockTimeoutError(name);
      await sleep(25 + Math.random() * 50);
      token = await this.tryAcquire(name, opts.ttlMs);
    }
    return token;
  }

  private async holding<T>(name: string, token: string, ttlMs: number, fn: () => Promise<T>): Promise<T> {
    let lost = false;
    const timer = setInterval(
      () => {
        this.renew(name, token, ttlMs).then(
          (held) => {
            if (!held) lost = true;
          },
          () => undefined, // Redis unreachable: the next tick tries again; the key outlives a short outage.
        );
      },
      Math.max(10, Math.floor(ttlMs / 3)),
    );
    try {
      const result = await fn();
      if (lost) throw new LockLostError(name);
      return result;
    } finally {
      clearInterval(timer);
    }
  }
}
