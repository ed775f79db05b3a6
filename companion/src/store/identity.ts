import type { Redis } from 'ioredis';
import type { IdentityCandidate, UnparseablePhone } from '../sync/index.js';
import type { Keys } from './keys.js';

/**
 * The identity index: every E.164 phone → the Salesforce records (Leads and Contacts) that hold it, as seen in
 * the values the companion fetched. Phones held by several records are kept in a set for the identity report;
 * phones that do not parse are kept per record and field.
 */
export class IdentityIndex {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  private phoneKey = (phone: string) => this.keys.key('idx', 'phone', phone);
  private recordKey = (id: string) => this.keys.key('idx', 'rec', id);
  private sharedKey = () => this.keys.key('idx', 'shared');
  private badKey = () => this.keys.key('idx', 'unparseable');

  /** Replaces the phones of one record (and its candidate data) with the given set. */
  async setRecord(
    candidate: IdentityCandidate,
    phones: readonly string[],
    bad: readonly UnparseablePhone[] = [],
  ): Promise<void> {
    const before = await this.redis.smembers(this.recordKey(candidate.id));
    const tx = this.redis.multi();
    for (const phone of before.filter((p) => !phones.includes(p)))
      tx.hdel(this.phoneKey(phone), candidate.id);
    tx.del(this.recordKey(candidate.id));
    if (phones.length > 0) tx.sadd(this.recordKey(candidate.id), ...phones);
    for (const phone of phones) tx.hset(this.phoneKey(phone), candidate.id, JSON.stringify(candidate));
    for (const field of ['Phone', 'MobilePhone', 'HomePhone', 'OtherPhone', ...bad.map((b) => b.field)]) {
      tx.hdel(this.badKey(), `${candidate.id}/${field}`);
    }
    for (const b of bad) tx.hset(this.badKey(), `${b.recordId}/${b.field}`, JSON.stringify(b));
    await tx.exec();
    await this.refreshShared([...new Set([...before, ...phones])]);
  }

  async removeRecord(recordId: string): Promise<void> {
    const phones = await this.redis.smembers(this.recordKey(recordId));
    const tx = this.redis.multi().del(this.recordKey(recordId));
    for (const phone of phones) tx.hdel(this.phoneKey(phone), recordId);
    await tx.exec();
    const fields = await this.redis.hkeys(this.badKey());
    const mine = fields.filter((f) => f.startsWith(`${recordId}/`));
    if (mine.length > 0) await this.redis.hdel(this.badKey(), ...mine);
    await this.refreshShared(phones);
  }

  async candidates(phone: string): Promise<IdentityCandidate[]> {
    const all = await this.redis.hvals(this.phoneKey(phone));
    return all.map((c) => JSON.parse(c) as IdentityCandidate);
  }

  async phonesOf(recordId: string): Promise<string[]> {
    return this.redis.smembers(this.recordKey(recordId));
  }

  async sharedPhones(limit = 500): Promise<string[]> {
    const [, phones] = await this.redis.sscan(this.sharedKey(), '0', 'COUNT', limit);
    return phones.slice(0, limit);
  }

  async unparseable(limit = 500): Promise<UnparseablePhone[]> {
    const all = await this.redis.hvals(this.badKey());
    return all.slice(0, limit).map((r) => JSON.parse(r) as UnparseablePhone);
  }

  private async refreshShared(phones: readonly string[]): Promise<void> {
    for (const phone of phones) {
      const n = await this.redis.hlen(this.phoneKey(phone));
      if (n > 1) await this.redis.sadd(this.sharedKey(), phone);
      else await this.redis.srem(this.sharedKey(), phone);
    }
  }
}
