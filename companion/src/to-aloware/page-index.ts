import type { Store } from '../store/index.js';
import {
  candidateOf,
  fingerprintOf,
  identityPhoneFields,
  normalizePhone,
  sameFingerprint,
  type IndexedLink,
  type PlanIndex,
  type SfRecord,
  type UnparseablePhone,
} from '../sync/index.js';
import type { ObjectContext } from '../mapping/context.js';
import { snapshotFromFingerprint } from './snapshot.js';

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

/**
 * Indexes every phone of the fetched records (identity index + unparseable report) in a few round trips per
 * page; each distinct raw phone value is normalised once per page.
 */
export async function indexRecords(
  ctx: ObjectContext,
  records: readonly SfRecord[],
  store: Store,
): Promise<void> {
  const normalised = new Map<unknown, ReturnType<typeof normalizePhone>>();
  const normalise = (raw: unknown) => {
    let r = normalised.get(raw);
    if (!r) normalised.set(raw, (r = normalizePhone(raw, ctx.context.region)));
    return r;
  };
  const identityFields = identityPhoneFields(ctx.rows, ctx.object, ctx.context);
  const entries = records.map((record) => {
    const phones = new Set<string>();
    const bad: UnparseablePhone[] = [];
    for (const field of ctx.phoneFields) {
      const r = normalise(record[field]);
      if (r.ok) phones.add(r.e164);
      else if (r.reason !== 'empty')
        bad.push({ recordId: record.Id, object: ctx.object, field, reason: r.reason });
    }
    // R1: the one phone the record competes for (`competesFor`), the same as `primaryPhoneSource` finds.
    let identityPhone: string | null = null;
    for (const field of identityFields) {
      const r = normalise(record[field]);
      if (r.ok) {
        identityPhone = r.e164;
        break;
      }
    }
    return { candidate: { ...candidateOf(ctx.object, record), identityPhone }, phones: [...phones], bad };
  });
  await store.identity.setRecords(entries);
}

/** A page-local PlanIndex preloaded from Redis (batched reads): links, fingerprints, contacts known through links. */
export async function loadIndex(
  ctx: ObjectContext,
  records: readonly SfRecord[],
  store: Store,
): Promise<PlanIndex> {
  const links = new Map<string, IndexedLink>();
  const contacts = new Map<string, { id: string; values: Record<string, string | null | undefined> }>();
  const ids = records.map((r) => r.Id);
  const [fps, stored, phonesOf] = await Promise.all([
    store.fingerprints.getMany(ids),
    store.links.getMany(ids),
    store.identity.phonesOfMany(ids),
  ]);
  for (const id of ids) {
    const link = stored.get(id);
    if (link) links.set(id, { alowareContactId: link.alowareContactId, fingerprint: fps.get(id) ?? null });
  }
  const phones = [...new Set([...phonesOf.values()].flat())];
  const [candidates, holders] = await Promise.all([
    store.identity.candidatesMany(phones),
    store.links.byPhoneMany(phones),
  ]);
  const holderFps = await store.fingerprints.getMany([
    ...new Set([...holders.values()].map((h) => h.salesforceId)),
  ]);
  for (const [phone, holder] of holders) {
    const rows = ctx.config.mappings[holder.object];
    contacts.set(phone, {
      id: holder.alowareContactId,
      values: snapshotFromFingerprint(holderFps.get(holder.salesforceId) ?? {}, rows, ctx.context.users),
    });
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
    return stored !== undefined && sameFingerprint(fingerprintOf(r, ctx.rows, ctx.context), stored);
  });
  const links = await store.links.getMany(candidates.map((r) => r.Id));
  for (const [id, link] of links) out.set(id, link.alowareContactId);
  return out;
}
