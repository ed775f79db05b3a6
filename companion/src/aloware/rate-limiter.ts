import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { evalScript } from '../store/scripts.js';

/** A limiter shared by every process on one Redis: N workers together never exceed the budget. */
export interface RateLimiter {
  /**
   * Waits until a slot is free (and no pause is on), then takes it. Rejects when `signal` aborts. Inside
   * `withoutSlotWaits` it never waits: it throws SlotBusyError with the time until a slot frees.
   */
  acquire(signal?: AbortSignal): Promise<void>;
  /** Stops every process from taking a slot for `ms` (Aloware answered 429 with that Retry-After). */
  pause(ms: number): Promise<void>;
  /** Slots taken in the current window (all processes). */
  usedInWindow(): Promise<number>;
  /** Times (ms, Redis clock) of the most recent grants, newest first (capped at 10,000; kept an hour). */
  recentGrants(limit?: number): Promise<number[]>;
  readonly limit: number;
}

/** No slot now: retry after `waitMs`, having released whatever the caller holds (a per-phone lock). */
export class SlotBusyError extends Error {
  constructor(readonly waitMs: number) {
    super(`No Aloware request slot for ${waitMs} ms`);
    this.name = 'SlotBusyError';
  }
}

const noWaits = new AsyncLocalStorage<true>();

/** Runs `fn` so that any limiter acquire inside it throws SlotBusyError instead of waiting (lock holders). */
export function withoutSlotWaits<T>(fn: () => Promise<T>): Promise<T> {
  return noWaits.run(true, fn);
}

/** For `Locks.withLock({ retryOutsideAfter })`: how long a SlotBusyError says to wait, else null. */
export function slotBusyWait(err: unknown): number | null {
  return err instanceof SlotBusyError ? err.waitMs : null;
}

/**
 * Sliding-window log in one Lua script (atomic on the server, Redis clock for every process): while the pause
 * key lives, answer its remaining time; drop entries older than the window; take a slot when fewer than
 * `limit`; otherwise answer how long until the oldest entry leaves the window. The window counted here is the
 * budget's window plus a transit headroom: a request granted at t reaches Aloware somewhat after t, so grants
 * spaced by window + headroom can never arrive closer than one window apart at the receiver.
 */
const ACQUIRE = `
local paused = redis.call('PTTL', KEYS[3])
if paused > 0 then return paused end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local used = redis.call('ZCARD', KEYS[1])
if used < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window * 2)
  redis.call('LPUSH', KEYS[2], now)
  redis.call('LTRIM', KEYS[2], 0, 9999)
  redis.call('PEXPIRE', KEYS[2], 3600000)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local wait = tonumber(oldest[2]) + window - now
if wait < 1 then wait = 1 end
return wait
`;

/** Sets the pause unless a longer one is already on. */
const PAUSE = `
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], '1', 'PX', ARGV[1]) end
return 1
`;

const USED = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[1]))
return redis.call('ZCARD', KEYS[1])
`;

export interface RedisRateLimiterOptions {
  redis: Redis;
  key: string;
  /** Requests allowed per window. */
  limit: number;
  /** Window length in ms (default 60,000: requests per minute). */
  windowMs?: number;
  /** Added to the window for the time between a grant and its arrival at Aloware (default window/30, ≤ 2 s). */
  transitHeadroomMs?: number;
}

export function createRedisRateLimiter(opts: RedisRateLimiterOptions): RateLimiter {
  const windowMs = opts.windowMs ?? 60_000;
  const counted = windowMs + (opts.transitHeadroomMs ?? Math.min(2_000, Math.ceil(windowMs / 30)));
  const pauseKey = `${opts.key}:pause`;
  const tryTake = async (): Promise<number> =>
    Number(
      await evalScript(
        opts.redis,
        ACQUIRE,
        3,
        opts.key,
        `${opts.key}:grants`,
        pauseKey,
        counted,
        opts.limit,
        randomUUID(),
      ),
    );
  return {
    limit: opts.limit,
    async acquire(signal?: AbortSignal): Promise<void> {
      for (;;) {
        signal?.throwIfAborted();
        const wait = await tryTake();
        if (wait === 0) return;
        if (noWaits.getStore()) throw new SlotBusyError(wait + Math.floor(Math.random() * 50));
        await sleep(Math.min(wait + Math.floor(Math.random() * 20), counted), signal);
      }
    },
    async pause(ms: number): Promise<void> {
      if (ms > 0) await evalScript(opts.redis, PAUSE, 1, pauseKey, Math.ceil(ms));
    },
    async recentGrants(limit = 10_000): Promise<number[]> {
      return (await opts.redis.lrange(`${opts.key}:grants`, 0, limit - 1)).map(Number);
    },
    async usedInWindow(): Promise<number> {
      return Number(await evalScript(opts.redis, USED, 1, opts.key, windowMs));
    },
  };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
