import type { Store } from '../store/index.js';
import {
  candidateOf,
  fingerprintOf,
  identityPhoneFields,
  normalizePhone,
  sameFingerprint,
  type Fingerprint,
  type IndexedLink,
  type PlanIndex,
  type SfRecord,
  type UnparseablePhone,
} from '../sync/index.js';
import { fingerprintHash } from '../sync/fingerprint.js';
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

const contextHashes = new WeakMap<ObjectContext, string>();

/** A hash of what planning depends on besides the record and its fingerprint: rows, settings, users, describe. */
function contextHash(ctx: ObjectContext): string {
  let hash = contextHashes.get(ctx);
  if (!hash) {
    const { users } = ctx.context;
    hash = fingerprintHash({
      rows: JSON.stringify(ctx.rows),
      settings: JSON.stringify(ctx.config.settings),
      region: ctx.context.region,
      users: JSON.stringify([[...users.alowareToSalesforce], [...users.salesforceToAloware]]),
      describe: JSON.stringify(ctx.context.describe ?? null),
    });
    contextHashes.set(ctx, hash);
  }
  return hash;
}

/**
 * The "nothing left for Aloware" mark of a record: its current mapped values, the fingerprint stored when it
 * was synced and the mapping context. Stored after a successful write or an `in_sync` plan (a plan applied and
 * planned again is empty: `sync/plan.unit.test.ts`), it lets an unchanged record skip planning even when its
 * fingerprint is not its full values (a field the merge could not write keeps no baseline).
 */
export function syncedMark(ctx: ObjectContext, current: Fingerprint, stored: Fingerprint): string {
  return `${fingerprintHash(current)}:${fingerprintHash(stored)}:${contextHash(ctx)}`;
}

/**
 * Records whose mapped values equal the last sync (or whose values, fingerprint and context equal those of
 * their last "nothing left" mark) and who still hold their phone's link: nothing to do for Aloware. Keyed by
 * record id, with the linked Aloware contact id.
 */
export async function unchanged(
  ctx: ObjectContext,
  records: readonly SfRecord[],
  store: Store,
): Promise<Map<string, string>> {
  const ids = records.map((r) => r.Id);
  const [fps, marks] = await Promise.all([store.fingerprints.getMany(ids), store.fingerprints.seenMany(ids)]);
  const out = new Map<string, string>();
  const candidates = records.filter((r) => {
    const stored = fps.get(r.Id);
    if (stored === undefined) return false;
    const current = fingerprintOf(r, ctx.rows, ctx.context);
    if (sameFingerprint(current, stored)) return true;
    const mark = marks.get(r.Id);
    return mark !== undefined && mark === syncedMark(ctx, current, stored);
  });
  const links = await store.links.getMany(candidates.map((r) => r.Id));
  for (const [id, link] of links) out.set(id, link.alowareContactId);
  return out;
}
