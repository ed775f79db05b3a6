import type { Redis } from 'ioredis';
import type { UnhandledDelivery, UnhandledLog } from './ingest.js';

/** Unknown and malformed Aloware deliveries, newest first, capped; the payload itself stays in the inbox. */
export class RedisUnhandledLog implements UnhandledLog {
  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly cap = 500,
  ) {}

  async add(entry: UnhandledDelivery): Promise<void> {
    await this.redis
      .multi()
      .lpush(this.key, JSON.stringify(entry))
      .ltrim(this.key, 0, this.cap - 1)
      .exec();
  }

  async list(limit = 100): Promise<UnhandledDelivery[]> {
    const raw = await this.redis.lrange(this.key, 0, limit - 1);
    return raw.map((r) => JSON.parse(r) as UnhandledDelivery);
  }
}
