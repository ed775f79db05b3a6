import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { HttpAlowareClient } from '../../src/aloware/http-client.js';
import { createRedisRateLimiter, SlotBusyError, withoutSlotWaits } from '../../src/aloware/rate-limiter.js';
import { withPhoneLock } from '../../src/links/phone-lock.js';
import { silentLogger } from '../../src/logging/index.js';
import { clearPrefix, Keys, LockTimeoutError, Locks } from '../../src/store/index.js';

const redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: 1 });
const prefix = `test-locklim-${Date.now()}`;
const locks = new Locks(redis, new Keys(prefix));
let n = 0;
const limiterKey = () => `${prefix}:limiter:${++n}`;

afterAll(async () => {
  await clearPrefix(redis, prefix);
  await redis.quit();
});

/** Largest number of timestamps inside any window of `windowMs` (sliding, both ends inclusive). */
function maxInWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! > windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describe('per-phone lock', () => {
  it('does not expire under a holder that outlives its ttl', async () => {
    const inside: string[] = [];
    const holder = locks.withLock(
      'phone-+12025550001',
      async () => {
        inside.push('first in');
        await sleep(900);
        inside.push('first out');
      },
      { ttlMs: 300 },
    );
    await expect.poll(() => inside).toContain('first in');
    const contender = locks.withLock('phone-+12025550001', async () => void inside.push('second'), {
      ttlMs: 300,
      waitMs: 5_000,
    });
    await Promise.all([holder, contender]);
    expect(inside).toEqual(['first in', 'first out', 'second']);
  });

  it('still expires when its holder is gone (no renewal without a live holder)', async () => {
    expect(await locks.tryAcquire('phone-+12025550002', 200)).not.toBeNull();
    await locks.withLock('phone-+12025550002', async () => undefined, { waitMs: 5_000 });
  });

  it('masks the phone in its timeout message', async () => {
    await locks.tryAcquire('phone-+12025553000', 5_000);
    const err = await locks
      .withLock('phone-+12025553000', async () => undefined, { waitMs: 50 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LockTimeoutError);
    expect((err as Error).message).not.toContain('2025553000');
    expect((err as Error).message).toContain('3000');
  });

  it('is released while its holder waits for an Aloware slot, then the holder runs again', async () => {
    const limiter = createRedisRateLimiter({ redis, key: limiterKey(), limit: 1, windowMs: 600 });
    await limiter.acquire(); // the budget is spent for 600 ms
    const events: string[] = [];
    let runs = 0;
    const holder = withPhoneLock(locks, '+12025550003', async () => {
      runs++;
      events.push(`holder run ${runs}`);
      await limiter.acquire();
      events.push('holder got a slot');
    });
    await expect.poll(() => events).toContain('holder run 1');
    // Another flow takes the same phone while the first one waits for a slot: it must not be kept waiting.
    await locks.withLock('phone-+12025550003', async () => void events.push('other flow'), { waitMs: 300 });
    await holder;
    expect(events).toEqual(['holder run 1', 'other flow', 'holder run 2', 'holder got a slot']);
  });
});

describe('Aloware rate limiter', () => {
  it('never lets more than the budget arrive in any sliding window, whatever the transit time', async () => {
    const limit = 5;
    const windowMs = 500;
    const limiter = createRedisRateLimiter({
      redis,
      key: limiterKey(),
      limit,
      windowMs,
      transitHeadroomMs: 200,
    });
    const arrivals: number[] = [];
    let granted = 0;
    // The first window's requests are slow to arrive (150 ms in transit), later ones are instant: a limiter
    // that frees a whole window of slots at once lets both bursts land inside one window at the receiver.
    await Promise.all(
      Array.from({ length: 3 * limit }, async () => {
        await limiter.acquire();
        const k = granted++;
        await sleep(k < limit ? 150 : 0);
        arrivals.push(Date.now());
      }),
    );
    expect(maxInWindow(arrivals, windowMs)).toBeLessThanOrEqual(limit);
  });

  it('throws SlotBusyError with the time until a slot frees, instead of waiting, inside withoutSlotWaits', async () => {
    const limiter = createRedisRateLimiter({ redis, key: limiterKey(), limit: 1, windowMs: 10_000 });
    await limiter.acquire();
    const err = await withoutSlotWaits(() => limiter.acquire()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SlotBusyError);
    expect((err as SlotBusyError).waitMs).toBeGreaterThan(9_000);
  });

  it('pauses every worker when Aloware answers 429, for as long as Retry-After says', async () => {
    const hits: number[] = [];
    const server: Server = createServer((req, res) => {
      hits.push(Date.now());
      if (hits.length === 1) {
        res.writeHead(429, { 'retry-after': '1', 'content-type': 'application/json' }).end('{}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const key = limiterKey();
    // Two workers: two clients, each with its own limiter instance over the same Redis key.
    const worker = () =>
      new HttpAlowareClient({
        baseUrl,
        apiToken: 't',
        logger: silentLogger,
        limiter: createRedisRateLimiter({ redis, key, limit: 100, windowMs: 60_000 }),
      });
    try {
      const first = worker().listUsers();
      await expect.poll(() => redis.pttl(`${key}:pause`)).toBeGreaterThan(0);
      await worker().listUsers();
      await first;
      expect(hits).toHaveLength(3);
      expect(hits[1]! - hits[0]!).toBeGreaterThanOrEqual(900);
      expect(hits[2]! - hits[0]!).toBeGreaterThanOrEqual(900);
    } finally {
      server.close();
    }
  });
});
