import type { ChainableCommander, Redis } from 'ioredis';
import type { SfObject } from '../sync/index.js';
import type { Keys } from './keys.js';

/** How long a deleted record can be undeleted with its link, and its Aloware contact creates no record. */
export const TOMBSTONE_TTL_SECONDS = 30 * 24 * 3600;

/** A Salesforce record linked to an Aloware contact through its E.164 phone (the identity). */
export interface Link {
  salesforceId: string;
  object: SfObject;
  alowareContactId: string;
  phone: string;
  linkedAt: string;
  lastSyncedAt?: string;
  lastOutcome?: string;
}

/**
 * Three indexes kept together: salesforceId → link, alowareContactId → salesforceId, phone → salesforceId.
 * One phone and one Aloware contact link to exactly one record; setting a link removes stale entries.
 */
export class LinkStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  private rec = (id: string) => this.keys.key('link', 'sf', id);
  private byContact = (id: string) => this.keys.key('link', 'aw', id);
  private byPhoneKey = (phone: string) => this.keys.key('link', 'phone', phone);
  private deletedKey = (contactId: string) => this.keys.key('link', 'deleted', contactId);

  async get(salesforceId: string): Promise<Link | null> {
    const raw = await this.redis.get(this.rec(salesforceId));
    return raw ? (JSON.parse(raw) as Link) : null;
  }

  /** `get` for many records in one MGET. */
  async getMany(salesforceIds: readonly string[]): Promise<Map<string, Link>> {
    const out = new Map<string, Link>();
    if (salesforceIds.length === 0) return out;
    const raws = await this.redis.mget(salesforceIds.map(this.rec));
    salesforceIds.forEach((id, i) => {
      const raw = raws[i];
      if (raw) out.set(id, JSON.parse(raw) as Link);
    });
    return out;
  }

  /** `byPhone` for many phones: one MGET for the holders, one for their links. */
  async byPhoneMany(phones: readonly string[]): Promise<Map<string, Link>> {
    const out = new Map<string, Link>();
    if (phones.length === 0) return out;
    const holders = await this.redis.mget(phones.map(this.byPhoneKey));
    const ids = [...new Set(holders.filter((h): h is string => !!h))];
    const links = await this.getMany(ids);
    phones.forEach((phone, i) => {
      const link = holders[i] ? links.get(holders[i]) : undefined;
      if (link) out.set(phone, link);
    });
    return out;
  }

  async byAlowareId(contactId: string): Promise<Link | null> {
    const id = await this.redis.get(this.byContact(contactId));
    return id ? this.get(id) : null;
  }

  async byPhone(e164: string): Promise<Link | null> {
    const id = await this.redis.get(this.byPhoneKey(e164));
    return id ? this.get(id) : null;
  }

  /**
   * Stores the link; a previous record holding the same phone or contact loses its link. Returns the links
   * it displaced (their records must lose their stamp) and the record's previous link, if any. `also` adds
   * the caller's own writes (the record's fingerprint, its sync log) to the same transaction.
   */
  async set(
    link: Link,
    also?: (tx: ChainableCommander) => void,
  ): Promise<{ displaced: Link[]; previous: Link | null }> {
    const [previous, holders] = await Promise.all([
      this.get(link.salesforceId),
      this.redis.mget(this.byPhoneKey(link.phone), this.byContact(link.alowareContactId)),
    ]);
    const others = [...new Set(holders.filter((h): h is string => !!h && h !== link.salesforceId))];
    const displaced = (await Promise.all(others.map((id) => this.get(id)))).filter((l): l is Link => !!l);
    const tx = this.redis.multi();
    if (previous && previous.phone !== link.phone) tx.del(this.byPhoneKey(previous.phone));
    if (previous && previous.alowareContactId !== link.alowareContactId)
      tx.del(this.byContact(previous.alowareContactId));
    for (const holder of others) {
      tx.del(this.rec(holder));
      tx.srem(this.keys.key('link', 'all'), holder);
    }
    tx.set(this.rec(link.salesforceId), JSON.stringify(link));
    tx.set(this.byPhoneKey(link.phone), link.salesforceId);
    tx.set(this.byContact(link.alowareContactId), link.salesforceId);
    tx.del(this.deletedKey(link.alowareContactId));
    tx.sadd(this.keys.key('link', 'all'), link.salesforceId);
    also?.(tx);
    await tx.exec();
    return { displaced, previous };
  }

  /** Records the outcome of a sync on an existing link. */
  async touch(salesforceId: string, outcome: string, at = new Date().toISOString()): Promise<void> {
    const link = await this.get(salesforceId);
    if (!link) return;
    await this.redis.set(
      this.rec(salesforceId),
      JSON.stringify({ ...link, lastSyncedAt: at, lastOutcome: outcome }),
    );
  }

  /** Unlinks (delete in Salesforce): the Aloware contact stays, the indexes forget the record. */
  async remove(salesforceId: string): Promise<Link | null> {
    const link = await this.get(salesforceId);
    if (!link) return null;
    const [phoneHolder, contactHolder] = await this.redis.mget(
      this.byPhoneKey(link.phone),
      this.byContact(link.alowareContactId),
    );
    const tx = this.redis
      .multi()
      .del(this.rec(salesforceId))
      .srem(this.keys.key('link', 'all'), salesforceId);
    if (phoneHolder === salesforceId) tx.del(this.byPhoneKey(link.phone));
    if (contactHolder === salesforceId) tx.del(this.byContact(link.alowareContactId));
    await tx.exec();
    return link;
  }

  /**
   * Unlinks because the record was deleted in Salesforce (see `remove`), and remembers for `ttlSeconds` that
   * the Aloware contact lost its record that way, until the contact is linked again (`set`).
   */
  async removeDeleted(salesforceId: string, ttlSeconds: number): Promise<Link | null> {
    const link = await this.remove(salesforceId);
    if (link) await this.redis.set(this.deletedKey(link.alowareContactId), salesforceId, 'EX', ttlSeconds);
    return link;
  }

  /** The Salesforce record whose delete unlinked this Aloware contact (null when it is linked or never was). */
  async deletedRecordOf(contactId: string): Promise<string | null> {
    return this.redis.get(this.deletedKey(contactId));
  }

  /** Conversion/merge: the surviving record takes over the link (same Aloware contact and phone). */
  async repoint(fromId: string, to: { id: string; object: SfObject }): Promise<Link | null> {
    const link = await this.get(fromId);
    if (!link) return null;
    await this.remove(fromId);
    const moved: Link = {
      ...link,
      salesforceId: to.id,
      object: to.object,
      linkedAt: new Date().toISOString(),
    };
    await this.set(moved);
    return moved;
  }

  async count(): Promise<number> {
    return this.redis.scard(this.keys.key('link', 'all'));
  }

  /** Every linked Salesforce id (small orgs; used by reports). */
  async *scanIds(batch = 500): AsyncIterable<string[]> {
    let cursor = '0';
    do {
      const [next, ids] = await this.redis.sscan(this.keys.key('link', 'all'), cursor, 'COUNT', batch);
      cursor = next;
      if (ids.length > 0) yield ids;
    } while (cursor !== '0');
  }
}
