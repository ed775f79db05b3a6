import type { ChainableCommander, Redis } from 'ioredis';
import type { Fingerprint } from '../sync/index.js';
import type { Keys } from './keys.js';

/** The normalised mapped values at the last successful sync, per Salesforce record (see sync core). */
export class FingerprintStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  private k = (id: string) => this.keys.key('fp', id);
  private seenKey = (id: string) => this.keys.key('fp-seen', id);

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

  /** `set` as part of a caller's transaction. */
  setIn(tx: ChainableCommander, salesforceId: string, fingerprint: Fingerprint): void {
    tx.set(this.k(salesforceId), JSON.stringify(fingerprint));
  }

  async remove(salesforceId: string): Promise<void> {
    await this.redis.del(this.k(salesforceId), this.seenKey(salesforceId));
  }

  /**
   * The "nothing left to do" marks of many records (see `to-aloware/page-index.ts` `unchanged`): one MGET. A mark
   * only counts while it matches the record's values, its stored fingerprint and the mapping context.
   */
  async seenMany(ids: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (ids.length === 0) return out;
    const values = await this.redis.mget(ids.map(this.seenKey));
    ids.forEach((id, i) => {
      const raw = values[i];
      if (raw) out.set(id, raw);
    });
    return out;
  }

  /** Stores marks for many records in one MSET. */
  async setSeen(marks: ReadonlyMap<string, string>): Promise<void> {
    if (marks.size === 0) return;
    const args: string[] = [];
    for (const [id, mark] of marks) args.push(this.seenKey(id), mark);
    await this.redis.mset(...args);
  }
}
