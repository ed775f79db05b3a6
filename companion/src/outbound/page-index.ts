import type { Store } from '../store/index.js';
import {
  candidateOf,
  fingerprintOf,
  normalizePhone,
  type IdentityCandidate,
  type IndexedLink,
  type PlanIndex,
  type SfRecord,
  type UnparseablePhone,
} from '../sync/index.js';
import type { ObjectContext } from './context.js';
import { snapshotFromFingerprint } from './snapshot.js';

/** Independent Redis reads/writes in flight at once (ioredis pipelines them on one connection). */
const REDIS_CONCURRENCY = 32;

export async function inParallel<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  });
  await Promise.all(lanes);
}

/** Indexes every phone of the fetched records (identity index + unparseable report). */
export async function indexRecords(
  ctx: ObjectContext,
  records: readonly SfRecord[],
  store: Store,
): Promise<void> {
  await inParallel(records, REDIS_CONCURRENCY, async (record) => {
    const phones = new Set<string>();
    const bad: UnparseablePhone[] = [];
    for (const field of ctx.phoneFields) {
      const r = normalizePhone(record[field], ctx.context.region);
      if (r.ok) phones.add(r.e164);
      else if (r.reason !== 'empty')
        bad.push({ recordId: record.Id, object: ctx.object, field, reason: r.reason });
    }
    await store.identity.setRecord(candidateOf(ctx.object, record), [...phones], bad);
  });
}

/** A page-local PlanIndex preloaded from Redis: links, fingerprints, contacts known through links. */
export async function loadIndex(
  ctx: ObjectContext,
  records: readonly SfRecord[],
  store: Store,
): Promise<PlanIndex> {
  const links = new Map<string, IndexedLink>();
  const contacts = new Map<string, { id: string; values: Record<string, string | null | undefined> }>();
  const candidates = new Map<string, IdentityCandidate[]>();
  const ids = records.map((r) => r.Id);
  const fps = await store.fingerprints.getMany(ids);
  for (const id of ids) {
    const link = await store.links.get(id);
    if (link) links.set(id, { alowareContactId: link.alowareContactId, fingerprint: fps.get(id) ?? null });
  }
  for (const record of records) {
    for (const phone of await store.identity.phonesOf(record.Id)) {
      if (!candidates.has(phone)) candidates.set(phone, await store.identity.candidates(phone));
      if (contacts.has(phone)) continue;
      const holder = await store.links.byPhone(phone);
      if (!holder) continue;
      const fp = (await store.fingerprints.get(holder.salesforceId)) ?? {};
      const rows = ctx.config.mappings[holder.object];
      contacts.set(phone, {
        id: holder.alowareContactId,
        values: snapshotFromFingerprint(fp, rows, ctx.context.users),
      });
    }
  }
  return {
    linkOf: (id) => links.get(id),
    contactByPhone: (phone) => contacts.get(phone),
    recordsForPhone: (phone) => candidates.get(phone) ?? [],
  };
}

/**
 * Records whose mapped values equal the last sync and who still hold their phone's link: nothing to do for
 * Aloware. Keyed by record id, with the linked Aloware contact id.
 */
export async function unchanged(
  ctx: ObjectContext,
  records: readonly SfRecord[],
  store: Store,
): Promise<Map<string, string>> {
  const fps = await store.fingerprints.getMany(records.map((r) => r.Id));
  const out = new Map<string, string>();
  const candidates = records.filter((r) => {
    const stored = fps.get(r.Id);
    return stored && JSON.stringify(fingerprintOf(r, ctx.rows, ctx.context)) === JSON.stringify(stored);
  });
  await inParallel(candidates, REDIS_CONCURRENCY, async (record) => {
    const link = await store.links.get(record.Id);
    if (link) out.set(record.Id, link.alowareContactId);
  });
  return out;
}
