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
    await this.setRecords([{ candidate, phones, bad }]);
  }

  /**
   * `setRecord` for a page in a fixed number of round trips: one pipeline reads what every record had (its
   * phones, its stored candidate, its unparseable entries), one transaction writes only the records whose
   * phones, candidate data or unparseable entries changed, one pipeline refreshes the shared-phone set for the
   * phones touched. A re-read of unchanged records writes nothing.
   */
  async setRecords(
    entries: readonly {
      candidate: IdentityCandidate;
      phones: readonly string[];
      bad: readonly UnparseablePhone[];
    }[],
  ): Promise<void> {
    if (entries.length === 0) return;
    const fieldsOf = (e: (typeof entries)[number]) => [
      ...new Set(['Phone', 'MobilePhone', 'HomePhone', 'OtherPhone', ...e.bad.map((b) => b.field)]),
    ];
    const read = this.redis.pipeline();
    for (const e of entries) {
      read.smembers(this.recordKey(e.candidate.id));
      read.hget(this.phoneKey(e.phones[0] ?? ''), e.candidate.id);
      read.hmget(this.badKey(), ...fieldsOf(e).map((f) => `${e.candidate.id}/${f}`));
    }
    const replies = (await read.exec()) ?? [];
    const tx = this.redis.multi();
    const touched = new Set<string>();
    let writes = 0;
    entries.forEach((e, i) => {
      const before = (replies[3 * i]?.[1] as string[] | undefined) ?? [];
      const stored = replies[3 * i + 1]?.[1] as string | null | undefined;
      const badBefore = ((replies[3 * i + 2]?.[1] as (string | null)[] | undefined) ?? []).filter(Boolean);
      const json = JSON.stringify(e.candidate);
      const samePhones = before.length === e.phones.length && e.phones.every((p) => before.includes(p));
      const badNow = e.bad.map((b) => JSON.stringify(b));
      const sameBad = badBefore.length === badNow.length && badNow.every((b) => badBefore.includes(b));
      if (samePhones && (e.phones.length === 0 || stored === json) && sameBad) return;
      writes += 1;
      for (const phone of before.filter((p) => !e.phones.includes(p)))
        tx.hdel(this.phoneKey(phone), e.candidate.id);
      tx.del(this.recordKey(e.candidate.id));
      if (e.phones.length > 0) tx.sadd(this.recordKey(e.candidate.id), ...e.phones);
      for (const phone of e.phones) tx.hset(this.phoneKey(phone), e.candidate.id, json);
      tx.hdel(this.badKey(), ...fieldsOf(e).map((f) => `${e.candidate.id}/${f}`));
      for (const b of e.bad) tx.hset(this.badKey(), `${b.recordId}/${b.field}`, JSON.stringify(b));
      for (const phone of [...before, ...e.phones]) touched.add(phone);
    });
    if (writes === 0) {
      tx.discard();
      return;
    }
    await tx.exec();
    const phones = [...touched];
    const lengths = this.redis.pipeline();
    for (const phone of phones) lengths.hlen(this.phoneKey(phone));
    const counts = (await lengths.exec()) ?? [];
    const shared = this.redis.pipeline();
    phones.forEach((phone, i) => {
      if (Number(counts[i]?.[1] ?? 0) > 1) shared.sadd(this.sharedKey(), phone);
      else shared.srem(this.sharedKey(), phone);
    });
    await shared.exec();
  }

  /** `candidates` for many phones in one pipeline. */
  async candidatesMany(phones: readonly string[]): Promise<Map<string, IdentityCandidate[]>> {
    const out = new Map<string, IdentityCandidate[]>();
    if (phones.length === 0) return out;
    const p = this.redis.pipeline();
    for (const phone of phones) p.hvals(this.phoneKey(phone));
    const replies = (await p.exec()) ?? [];
    phones.forEach((phone, i) => {
      const all = (replies[i]?.[1] as string[] | undefined) ?? [];
      out.set(
        phone,
        all.map((c) => JSON.parse(c) as IdentityCandidate),
      );
    });
    return out;
  }

  /** `phonesOf` for many records in one pipeline. */
  async phonesOfMany(recordIds: readonly string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (recordIds.length === 0) return out;
    const p = this.redis.pipeline();
    for (const id of recordIds) p.smembers(this.recordKey(id));
    const replies = (await p.exec()) ?? [];
    recordIds.forEach((id, i) => out.set(id, (replies[i]?.[1] as string[] | undefined) ?? []));
    return out;
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

  /** Every phone more than one record holds, a batch at a time. */
  async *scanShared(batch = 500): AsyncIterable<string[]> {
    let cursor = '0';
    do {
      const [next, phones] = await this.redis.sscan(this.sharedKey(), cursor, 'COUNT', batch);
      cursor = next;
      if (phones.length > 0) yield phones;
    } while (cursor !== '0');
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
