import type { Redis } from 'ioredis';
import type { Keys } from '../store/index.js';
import { maskPhone } from '../sync/index.js';

/** docs/contracts.md §3 `ParkedActivity`. `id` is the communication id. */
export interface ParkedActivity {
  id: string;
  communicationId: string;
  channel: 'Call' | 'SMS';
  phoneMasked: string;
  reason: string;
  parkedAt: string;
}

interface StoredParked extends ParkedActivity {
  /** E.164, to find the parked items of a phone when its record appears. Never returned by the API. */
  phone: string | null;
}

/**
 * Activities waiting for a Salesforce record (no linked record and creation not allowed). Indexed by phone, so
 * they are logged as soon as the record appears; listed for `/api/v1/parked`; removed once logged.
 */
export class ParkedStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  private ids = () => this.keys.key('parked', 'ids');
  private item = (id: string) => this.keys.key('parked', 'item', id);
  private byPhone = (phone: string) => this.keys.key('parked', 'phone', phone);

  async park(entry: {
    communicationId: string;
    channel: 'Call' | 'SMS';
    phone: string | null;
    reason: string;
  }) {
    const existing = await this.get(entry.communicationId);
    const parkedAt = existing?.parkedAt ?? new Date().toISOString();
    const stored: StoredParked = {
      id: entry.communicationId,
      communicationId: entry.communicationId,
      channel: entry.channel,
      phoneMasked: maskPhone(entry.phone),
      reason: entry.reason,
      parkedAt,
      phone: entry.phone,
    };
    const tx = this.redis
      .multi()
      .set(this.item(stored.id), JSON.stringify(stored))
      .zadd(this.ids(), Date.parse(parkedAt), stored.id);
    if (entry.phone) tx.sadd(this.byPhone(entry.phone), stored.id);
    await tx.exec();
  }

  async get(id: string): Promise<StoredParked | null> {
    const raw = await this.redis.get(this.item(id));
    return raw ? (JSON.parse(raw) as StoredParked) : null;
  }

  /** Oldest first, without the phone. */
  async list(limit = 500): Promise<ParkedActivity[]> {
    const ids = await this.redis.zrange(this.ids(), '0', String(limit - 1));
    if (ids.length === 0) return [];
    const raw = await this.redis.mget(...ids.map((id) => this.item(id)));
    return raw
      .filter((r): r is string => r !== null)
      .map((r) => {
        const { phone: _phone, ...pub } = JSON.parse(r) as StoredParked;
        return pub;
      });
  }

  /** Every parked item with its phone (for the sweep that checks whether their record appeared). */
  async all(limit = 1000): Promise<StoredParked[]> {
    const ids = await this.redis.zrange(this.ids(), '0', String(limit - 1));
    if (ids.length === 0) return [];
    const raw = await this.redis.mget(...ids.map((id) => this.item(id)));
    return raw.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as StoredParked);
  }

  async forPhone(phone: string): Promise<string[]> {
    return this.redis.smembers(this.byPhone(phone));
  }

  async remove(id: string): Promise<boolean> {
    const existing = await this.get(id);
    if (!existing) return false;
    const tx = this.redis.multi().del(this.item(id)).zrem(this.ids(), id);
    if (existing.phone) tx.srem(this.byPhone(existing.phone), id);
    await tx.exec();
    return true;
  }

  async count(): Promise<number> {
    return this.redis.zcard(this.ids());
  }
}
