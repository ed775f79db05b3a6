import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Keys } from './keys.js';
import { evalScript } from './scripts.js';

export type InboxSource = 'salesforce' | 'aloware';

export interface InboxEntry {
  id: string;
  source: InboxSource;
  dedupeKey: string;
  receivedAt: string;
  payload: unknown;
}

/** Atomically: refuse a seen key; otherwise remember the key, store the payload and mark it pending. */
const ACCEPT = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[3]) == false then
  return redis.call('GET', KEYS[1])
end
redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3])
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[1])
return false
`;

/**
 * Every accepted webhook delivery is stored here BEFORE the sender gets its 2xx, deduplicated by its key
 * (deliveryId, or an event key). An entry stays pending until processed; `pending()` finds the ones a crash
 * left behind so they can be processed again.
 */
export class Inbox {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly ttlSeconds = 7 * 24 * 3600,
  ) {}

  private seen = (source: InboxSource, key: string) => this.keys.key('inbox', 'seen', source, key);
  private item = (id: string) => this.keys.key('inbox', 'item', id);
  private pendingKey = (source: InboxSource) => this.keys.key('inbox', 'pending', source);

  /** `{duplicate: true}` when the key was seen before (nothing stored). */
  async accept(
    source: InboxSource,
    dedupeKey: string,
    payload: unknown,
  ): Promise<{ duplicate: boolean; id: string }> {
    const id = randomUUID();
    const entry: InboxEntry = { id, source, dedupeKey, receivedAt: new Date().toISOString(), payload };
    const existing = await evalScript(
      this.redis,
      ACCEPT,
      3,
      this.seen(source, dedupeKey),
      this.item(id),
      this.pendingKey(source),
      id,
      JSON.stringify(entry),
      this.ttlSeconds,
      Date.now(),
    );
    return existing ? { duplicate: true, id: String(existing) } : { duplicate: false, id };
  }

  async get(id: string): Promise<InboxEntry | null> {
    const raw = await this.redis.get(this.item(id));
    return raw ? (JSON.parse(raw) as InboxEntry) : null;
  }

  /** Processed: no longer pending (the payload stays until its TTL for audits). */
  async done(source: InboxSource, id: string): Promise<void> {
    await this.redis.zrem(this.pendingKey(source), id);
  }

  /** Entries still pending that were received more than `olderThanMs` ago. */
  async pending(source: InboxSource, olderThanMs = 0, limit = 100): Promise<InboxEntry[]> {
    const ids = await this.redis.zrangebyscore(
      this.pendingKey(source),
      '-inf',
      Date.now() - olderThanMs,
      'LIMIT',
      0,
      limit,
    );
    const entries = await Promise.all(ids.map((id) => this.get(id)));
    return entries.filter((e): e is InboxEntry => e !== null);
  }

  async pendingCount(source: InboxSource): Promise<number> {
    return this.redis.zcard(this.pendingKey(source));
  }
}
