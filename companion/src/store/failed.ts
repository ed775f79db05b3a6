import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { SfObject } from '../sync/index.js';
import type { Keys } from './keys.js';

/** docs/contracts.md §3 FailedItem, plus what a retry needs (`payload`: ids only, never personal data). */
export interface FailedItem {
  id: string;
  kind: 'to_aloware' | 'to_salesforce' | 'activity';
  object?: SfObject;
  recordId?: string;
  reason: string;
  attempts: number;
  failedAt: string;
  /** For a retry: the queue and job data to enqueue again. */
  retry?: { queue: string; name: string; data: Record<string, unknown> };
}

/** Items that exhausted their retry budget; they stay until retried or dismissed. */
export class FailedStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  private listKey = () => this.keys.key('failed', 'ids');
  private item = (id: string) => this.keys.key('failed', 'item', id);

  /** Same kind + record → one item (updated), so a record failing again does not pile up. */
  async add(item: Omit<FailedItem, 'id' | 'failedAt'> & { failedAt?: string }): Promise<FailedItem> {
    const natural = item.recordId ? `${item.kind}-${item.recordId}` : randomUUID();
    const stored: FailedItem = { ...item, id: natural, failedAt: item.failedAt ?? new Date().toISOString() };
    await this.redis
      .multi()
      .set(this.item(stored.id), JSON.stringify(stored))
      .zadd(this.listKey(), Date.parse(stored.failedAt), stored.id)
      .exec();
    return stored;
  }

  async get(id: string): Promise<FailedItem | null> {
    const raw = await this.redis.get(this.item(id));
    return raw ? (JSON.parse(raw) as FailedItem) : null;
  }

  /** Most recent first. */
  async list(limit = 200): Promise<FailedItem[]> {
    const ids = await this.redis.zrevrange(this.listKey(), 0, limit - 1);
    if (ids.length === 0) return [];
    const raw = await this.redis.mget(ids.map(this.item));
    return raw.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as FailedItem);
  }

  async count(): Promise<number> {
    return this.redis.zcard(this.listKey());
  }

  async remove(id: string): Promise<boolean> {
    const [[, removed]] = (await this.redis.multi().zrem(this.listKey(), id).del(this.item(id)).exec()) as [
      [unknown, number],
    ];
    return removed === 1;
  }
}
