import type { ChainableCommander, Redis } from 'ioredis';
import { fingerprintHash } from '../sync/fingerprint.js';
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
  /** Record id → digest of what `setRecords` last stored for it (phones, candidate, unparseable entries). */
  private digestKey = () => this.keys.key('idx', 'digest');

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
   * phones touched. A re-read of unchanged records writes nothing and costs one HMGET: each record's digest of
   * what was stored for it is compared first, and only records whose digest differs are read.
   */
  async setRecords(
    entries: readonly {
      candidate: IdentityCandidate;
      phones: readonly string[];
      bad: readonly UnparseablePhone[];
    }[],
  ): Promise<void> {
    if (entries.length === 0) return;
    const known = await this.redis.hmget(this.digestKey(), ...entries.map((e) => e.candidate.id));
    const unknown: Entry[] = [];
    const tx = this.redis.multi();
    const touched = new Set<string>();
    let writes = 0;
    entries.forEach((e, i) => {
      const json = JSON.stringify(e.candidate);
      const entry = { ...e, json, digest: digestOf(json, e) };
      const before = parseDigest(known[i]);
      if (!before) return unknown.push(entry);
      if (before.value === entry.digest.value) return;
      writes += 1;
      const samePhones =
        before.phones.length === e.phones.length && e.phones.every((p) => before.phones.includes(p));
      this.write(tx, entry, {
        phones: samePhones ? null : before.phones,
        candidate: samePhones && before.candidate === entry.digest.candidate,
        bad: before.bad === entry.digest.bad,
      });
      if (!samePhones) for (const phone of [...before.phones, ...e.phones]) touched.add(phone);
    });
    if (unknown.length > 0) await this.readAndWrite(tx, unknown, touched);
    else if (writes === 0) return void tx.discard();
    await tx.exec();
    await this.refreshShared([...touched]);
  }

  /**
   * Records without a digest (indexed before digests were kept): one pipeline reads what each had (its phones,
   * its stored candidate, its unparseable entries) and the writes needed join the transaction.
   */
  private async readAndWrite(tx: ChainableCommander, entries: Entry[], touched: Set<string>): Promise<void> {
    const read = this.redis.pipeline();
    for (const e of entries) {
      read.smembers(this.recordKey(e.candidate.id));
      read.hget(this.phoneKey(e.phones[0] ?? ''), e.candidate.id);
      read.hmget(this.badKey(), ...badFieldsOf(e).map((f) => `${e.candidate.id}/${f}`));
    }
    const replies = (await read.exec()) ?? [];
    entries.forEach((e, i) => {
      const before = (replies[3 * i]?.[1] as string[] | undefined) ?? [];
      const stored = replies[3 * i + 1]?.[1] as string | null | undefined;
      const badBefore = ((replies[3 * i + 2]?.[1] as (string | null)[] | undefined) ?? []).filter(Boolean);
      const samePhones = before.length === e.phones.length && e.phones.every((p) => before.includes(p));
      const badNow = e.bad.map((b) => JSON.stringify(b));
      const sameBad = badBefore.length === badNow.length && badNow.every((b) => badBefore.includes(b));
      this.write(tx, e, {
        phones: samePhones ? null : before,
        candidate: samePhones && (e.phones.length === 0 || stored === e.json),
        bad: sameBad,
      });
      if (!samePhones) for (const phone of [...before, ...e.phones]) touched.add(phone);
    });
  }

  /**
   * The writes for one record: `same.phones` is null when its phones did not change (else the phones it had),
   * `same.candidate` and `same.bad` say whether its stored candidate and unparseable entries are current.
   */
  private write(
    tx: ChainableCommander,
    e: Entry,
    same: { phones: readonly string[] | null; candidate: boolean; bad: boolean },
  ): void {
    const id = e.candidate.id;
    if (same.phones) {
      for (const phone of same.phones.filter((p) => !e.phones.includes(p))) tx.hdel(this.phoneKey(phone), id);
      tx.del(this.recordKey(id));
      if (e.phones.length > 0) tx.sadd(this.recordKey(id), ...e.phones);
    }
    if (!same.candidate) for (const phone of e.phones) tx.hset(this.phoneKey(phone), id, e.json);
    if (!same.bad) {
      tx.hdel(this.badKey(), ...badFieldsOf(e).map((f) => `${id}/${f}`));
      for (const b of e.bad) tx.hset(this.badKey(), `${b.recordId}/${b.field}`, JSON.stringify(b));
    }
    tx.hset(this.digestKey(), id, e.digest.value);
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
    const tx = this.redis.multi().del(this.recordKey(recordId)).hdel(this.digestKey(), recordId);
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

  /** The shared-phone set for the given phones, in two pipelines (their holder counts, then the set). */
  private async refreshShared(phones: readonly string[]): Promise<void> {
    if (phones.length === 0) return;
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
}

interface Entry {
  candidate: IdentityCandidate;
  phones: readonly string[];
  bad: readonly UnparseablePhone[];
  json: string;
  digest: Digest;
}

/** What `setRecords` last stored for a record, kept as one hash field: candidate and unparseable hashes, phones. */
interface Digest {
  candidate: string;
  bad: string;
  phones: string[];
  value: string;
}

const hash = (text: string) => fingerprintHash({ text });

function digestOf(json: string, e: Pick<Entry, 'phones' | 'bad'>): Digest {
  const candidate = hash(json);
  const bad = hash(JSON.stringify(e.bad));
  return { candidate, bad, phones: [...e.phones], value: `${candidate} ${bad} ${e.phones.join(',')}` };
}

function parseDigest(value: string | null | undefined): Digest | null {
  if (!value) return null;
  const [candidate, bad, phones] = value.split(' ');
  if (!candidate || !bad || phones === undefined) return null;
  return { candidate, bad, phones: phones ? phones.split(',') : [], value };
}

const badFieldsOf = (e: Pick<Entry, 'bad'>) => [
  ...new Set(['Phone', 'MobilePhone', 'HomePhone', 'OtherPhone', ...e.bad.map((b) => b.field)]),
];
