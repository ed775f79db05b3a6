import type { Redis } from 'ioredis';
import type { Decision } from '../sync/index.js';
import type { Keys } from './keys.js';

/** One decision as contracts §3 shows it (`Decision` with the time). */
export type LoggedDecision = Decision & { at: string };

export interface RecentError {
  at: string;
  area: string;
  message: string;
}

/** Last decisions per record (capped) and a short list of recent errors for the health view. */
export class SyncLog {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly perRecord = 50,
    private readonly recentErrors = 50,
  ) {}

  private k = (id: string) => this.keys.key('log', id);

  async record(
    salesforceId: string,
    decisions: readonly Decision[],
    at = new Date().toISOString(),
  ): Promise<void> {
    if (decisions.length === 0) return;
    const entries = decisions.map((d) => JSON.stringify({ at, ...d }));
    await this.redis
      .multi()
      .lpush(this.k(salesforceId), ...entries)
      .ltrim(this.k(salesforceId), 0, this.perRecord - 1)
      .exec();
  }

  async decisions(salesforceId: string): Promise<LoggedDecision[]> {
    const raw = await this.redis.lrange(this.k(salesforceId), 0, this.perRecord - 1);
    return raw.map((r) => JSON.parse(r) as LoggedDecision);
  }

  async error(area: string, message: string, at = new Date().toISOString()): Promise<void> {
    const key = this.keys.key('errors');
    await this.redis
      .multi()
      .lpush(key, JSON.stringify({ at, area, message }))
      .ltrim(key, 0, this.recentErrors - 1)
      .exec();
  }

  async errors(limit = 20): Promise<RecentError[]> {
    const raw = await this.redis.lrange(this.keys.key('errors'), 0, limit - 1);
    return raw.map((r) => JSON.parse(r) as RecentError);
  }
}
