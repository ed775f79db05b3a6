import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/** A limiter shared by every process on one Redis: N workers together never exceed the budget. */
export interface RateLimiter {
  /** Waits until a slot in the window is free, then takes it. Rejects when `signal` aborts. */
  acquire(signal?: AbortSignal): Promise<void>;
  /** Slots taken in the current window (all processes). */
  usedInWindow(): Promise<number>;
  /** Times (ms, Redis clock) of the most recent grants, newest first (capped at 10,000; kept an hour). */
  recentGrants(limit?: number): Promise<number[]>;
  readonly limit: number;
}

/**
 * Sliding-window log in one Lua script (atomic on the server, Redis clock for every process):
 * drop entries older than the window; take a slot when fewer than `limit`; otherwise answer how long
 * until the oldest entry leaves the window.
 */
const ACQUIRE = `
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
}

export function createRedisRateLimiter(opts: RedisRateLimiterOptions): RateLimiter {
  const windowMs = opts.windowMs ?? 60_000;
  return {
    limit: opts.limit,
    async acquire(signal?: AbortSignal): Promise<void> {
      for (;;) {
        signal?.throwIfAborted();
        const wait = Number(
          await opts.redis.eval(
            ACQUIRE,
            2,
            opts.key,
            `${opts.key}:grants`,
            windowMs,
            opts.limit,
            randomUUID(),
          ),
        );
        if (wait === 0) return;
        await sleep(Math.min(wait + Math.floor(Math.random() * 20), windowMs), signal);
      }
    },
    async recentGrants(limit = 10_000): Promise<number[]> {
      return (await opts.redis.lrange(`${opts.key}:grants`, 0, limit - 1)).map(Number);
    },
    async usedInWindow(): Promise<number> {
      return Number(await opts.redis.eval(USED, 1, opts.key, windowMs));
    },
  };
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
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
