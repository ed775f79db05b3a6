import { provideRedis, type RedisHandle } from '../../../scripts/lib/redis.js';

// Vitest global setup for integration and e2e tests: REDIS_URL when set (scripts/test sets it),
// otherwise a private redis-server for the duration of the run.
let handle: RedisHandle | undefined;

export async function setup(): Promise<void> {
  handle = await provideRedis();
  process.env.REDIS_URL = handle.url;
}

export async function teardown(): Promise<void> {
  await handle?.stop();
}
