import type { Redis } from 'ioredis';
import type { Fingerprint } from '../sync/index.js';
import type { Keys } from './keys.js';

/** The normalised mapped values at the last successful sync, per Salesforce record (see sync core). */
export class FingerprintStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  private k = (id: string) => this.keys.key('fp', id);

  async get(salesforceId: string): Promise<Fingerprint | null> {
    const raw = await this.redis.get(this.k(salesforceId));
    return raw ? (JSON.parse(raw) as Fingerprint) : null;
  }

  async getMany(ids: readonly string[]): Promise<Map<string, Fingerprint>> {
    const out = new Map<string, Fingerprint>();
    if (ids.length === 0) return out;
    const values = await this.redis.mget(ids.map(this.k));
    ids.forEach((id, i) => {
      const raw = values[i];
      if (raw) out.set(id, JSON.parse(raw) as Fingerprint);
    });
    return out;
  }

  async set(salesforceId: string, fingerprint: Fingerprint): Promise<void> {
    await this.redis.set(this.k(salesforceId), JSON.stringify(fingerprint));
  }

  async remove(salesforceId: string): Promise<void> {
    await this.redis.del(this.k(salesforceId));
  }
}
