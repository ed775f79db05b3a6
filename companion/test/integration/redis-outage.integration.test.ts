import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startRestartableRedis, type RestartableRedis } from '../../../scripts/lib/redis.js';
import { createLogger } from '../../src/logging/index.js';
import { startStack, waitFor, type Stack } from '../support/stack.js';

let stack: Stack | undefined;
let redis: RestartableRedis | undefined;

afterEach(async () => {
  vi.restoreAllMocks();
  await redis?.up();
  await stack?.stop();
  await redis?.stop();
  stack = undefined;
  redis = undefined;
});

describe('a Redis outage', () => {
  it('is logged once, structured, with reconnect progress and recovery — nothing printed to stderr', async () => {
    redis = await startRestartableRedis();
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger(
      'info',
      new Writable({
        write: (c, _e, cb) => (lines.push(JSON.parse(String(c)) as Record<string, unknown>), cb()),
      }),
    );
    // Every queue, worker, scheduler, the limiter and the stores of a web+worker process on this Redis.
    stack = await startStack({ env: { REDIS_URL: redis.url, LOG_LEVEL: 'info' }, logger });
    const printed: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void printed.push(args.join(' ')));
    vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void printed.push(args.join(' ')));
    const stderr = process.stderr.write.bind(process.stderr);
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown, ...rest: unknown[]) => {
      printed.push(String(chunk));
      return (stderr as (...a: unknown[]) => boolean)(chunk, ...rest);
    });
    const redisLines = () => lines.filter((l) => l.area === 'redis');

    await redis.down();
    // Long enough for every connection to fail and retry many times (ioredis retries every 50–2,000 ms).
    await waitFor(
      async () => redisLines().some((l) => l.msg === 'redis still unreachable; reconnecting'),
      30_000,
      100,
    );
    await redis.up();
    await waitFor(async () => redisLines().some((l) => l.msg === 'redis reachable again'), 30_000, 100);

    expect(printed, 'nothing unstructured on stderr (no stack traces)').toEqual([]);
    const errors = lines.filter((l) => Number(l.level) >= 50);
    expect(errors.map((l) => l.msg)).toEqual(['redis unreachable; reconnecting']);
    expect(errors[0]).toMatchObject({ code: 'ECONNREFUSED' });
    const progress = redisLines().find((l) => l.msg === 'redis still unreachable; reconnecting');
    expect(progress).toMatchObject({ attempts: expect.any(Number), connectionsDown: expect.any(Number) });
    expect(redisLines().filter((l) => l.msg === 'redis reachable again')).toHaveLength(1);
    expect(JSON.stringify(lines)).not.toContain('"stack"');
  }, 90_000);
});
