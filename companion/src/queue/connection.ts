import { Redis, type RedisOptions } from 'ioredis';

/** Options BullMQ needs on every connection (blocking commands must not give up). */
const BULLMQ_REDIS_OPTIONS: RedisOptions = { maxRetriesPerRequest: null, enableReadyCheck: true };

/** A new ioredis connection to `url` with the shared options. */
export function connect(url: string, extra: RedisOptions = {}): Redis {
  return new Redis(url, { ...BULLMQ_REDIS_OPTIONS, ...extra });
}
