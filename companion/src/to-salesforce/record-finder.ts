import type { ActiveConfig, Link } from '../store/index.js';
import {
  enabledObjects,
  identityCandidateOf,
  objectEnabled,
  phoneFields,
  phoneKey,
  phoneSearchVariants,
  resolveLink,
  type IdentityCandidate,
  type LinkTarget,
  type SfObject,
} from '../sync/index.js';
import { syncRecordLink } from '../links/record-link.js';
import { TOMBSTONE_TTL_SECONDS } from '../store/links.js';
import { unstampDisplaced } from '../links/stamp.js';
import { rowsOf, type ToSalesforceDeps } from './deps.js';

export interface FoundRecord extends LinkTarget {
  /** `link` = from the identity index; `search` = found by a Salesforce query over the phone fields. */
  via: 'link' | 'search';
}

const LIVE_FIELDS = ['Id', 'IsDeleted', 'MasterRecordId'];
/**
 * A link verified this recently is trusted without asking Salesforce again (a call's 5–6 deliveries arrive
 * together). Lifecycle events move links at once; a change they missed is caught after this long.
 */
const VERIFIED_TTL_SECONDS = 15;
const LEAD_FIELDS = [...LIVE_FIELDS, 'IsConverted', 'ConvertedContactId'];
const verifiedKey = (deps: ToSalesforceDeps, id: string) => deps.store.keys.key('verified', id);

function convertedContactOf(record: Record<string, unknown>): LinkTarget | null {
  return record.IsConverted === true && typeof record.ConvertedContactId === 'string'
    ? { id: record.ConvertedContactId, object: 'Contact' }
    : null;
}

/**
 * Salesforce said a Lead is converted (`CANNOT_UPDATE_CONVERTED_LEAD`) although the link was trusted: read the
 * Lead again, move its link to the converted Contact and forget the verification. Null when it is not converted.
 */
export async function followConversion(deps: ToSalesforceDeps, leadId: string): Promise<LinkTarget | null> {
  await deps.store.redis.del(verifiedKey(deps, leadId));
  const [record] = await deps.gateway.fetchByIdsAll('Lead', [leadId], LEAD_FIELDS);
  const converted = record ? convertedContactOf(record) : null;
  if (converted) {
    await deps.store.links.repoint(leadId, converted);
    const moved = await deps.store.links.get(converted.id);
    if (moved) await syncRecordLink(deps, moved.phone);
  }
  return converted;
}

/**
 * Checks a stored link against Salesforce: a converted Lead hands over to its Contact, a merged loser to its
 * master, a deleted record loses its link. Returns where the link points now (null when gone).
 */
async function verifyLink(deps: ToSalesforceDeps, link: Link): Promise<LinkTarget | null> {
  if (await deps.store.redis.exists(verifiedKey(deps, link.salesforceId))) {
    return { id: link.salesforceId, object: link.object };
  }
  const fields = link.object === 'Lead' ? LEAD_FIELDS : LIVE_FIELDS;
  const [record] = await deps.gateway.fetchByIdsAll(link.object, [link.salesforceId], fields);
  if (record && record.IsDeleted !== true) {
    const converted = convertedContactOf(record);
    if (converted) {
      await deps.store.links.repoint(link.salesforceId, converted);
      await syncRecordLink(deps, link.phone);
      return converted;
    }
    await deps.store.redis.set(verifiedKey(deps, link.salesforceId), '1', 'EX', VERIFIED_TTL_SECONDS);
    return { id: link.salesforceId, object: link.object };
  }
  if (record && typeof record.MasterRecordId === 'string') {
    const to = { id: record.MasterRecordId, object: link.object };
    if (await deps.store.links.get(to.id)) {
      // As the lifecycle handler does (README rule 9): a master with a link of its own keeps it, and the
      // loser's contact is left as after a delete. (Moved onto the master, the loser's link replaced the
      // master's, and the master's baseline of its own pair was merged against the loser's contact.)
      await deps.store.links.removeDeleted(link.salesforceId, TOMBSTONE_TTL_SECONDS);
      await deps.store.fingerprints.remove(link.salesforceId);
      await syncRecordLink(deps, link.phone);
      return null;
    }
    await deps.store.links.repoint(link.salesforceId, to);
    await deps.store.fingerprints.remove(to.id);
    await syncRecordLink(deps, link.phone);
    return to;
  }
  // Deleted (its lifecycle event not handled yet): unlinked as the delete will, so nothing re-creates it.
  await deps.store.links.removeDeleted(link.salesforceId, TOMBSTONE_TTL_SECONDS);
  await syncRecordLink(deps, link.phone);
  return null;
}

/**
 * `verifyLink` for many links at once, without changing any (the Task writer's batch, outside any phone
 * lock): the ids of the links that are live as stored — verified within VERIFIED_TTL_SECONDS, or checked now
 * with one queryAll per object. A link whose record was converted, merged or deleted is left out: the caller
 * hands it to the per-communication writer, which moves or removes the link under the phone lock.
 */
export async function liveLinks(deps: ToSalesforceDeps, links: readonly Link[]): Promise<Set<string>> {
  const live = new Set<string>();
  const unique = [...new Map(links.map((l) => [l.salesforceId, l])).values()];
  if (unique.length === 0) return live;
  const verified = await deps.store.redis.mget(unique.map((l) => verifiedKey(deps, l.salesforceId)));
  const toCheck = unique.filter((l, i) => {
    if (verified[i]) live.add(l.salesforceId);
    return !verified[i];
  });
  for (const object of ['Lead', 'Contact'] as const) {
    const ids = toCheck.filter((l) => l.object === object).map((l) => l.salesforceId);
    if (ids.length === 0) continue;
    const fields = object === 'Lead' ? LEAD_FIELDS : LIVE_FIELDS;
    const records = await deps.gateway.fetchByIdsAll(object, ids, fields);
    const fresh = records.filter((r) => r.IsDeleted !== true && !convertedContactOf(r));
    if (fresh.length === 0) continue;
    const pipeline = deps.store.redis.pipeline();
    for (const r of fresh) {
      live.add(String(r.Id));
      pipeline.set(verifiedKey(deps, String(r.Id)), '1', 'EX', VERIFIED_TTL_SECONDS);
    }
    await pipeline.exec();
  }
  return live;
}

const CANDIDATE_FIELDS = ['Id', 'LastModifiedDate', 'SystemModstamp', 'FirstName', 'LastName'];

/** Whether any of the record's phone fields is this phone (as typed: punctuation, extension and all). */
function holdsPhone(
  record: Record<string, unknown>,
  fields: readonly string[],
  e164: string,
  region: string,
) {
  return fields.some((f) => phoneKey(record[f], region) === e164);
}

/**
 * Every Lead/Contact (of the enabled objects) holding the phone in any mapped phone field, as typed — also
 * with an extension after it (`202-555-3000 ext 7` is `+12025553000`): the query matches the typed forms
 * exactly or as a prefix, and only records whose value parses to the phone are kept.
 */
export async function searchByPhone(
  deps: ToSalesforceDeps,
  config: ActiveConfig,
  e164: string,
): Promise<IdentityCandidate[]> {
  const region = config.settings.defaultRegion;
  const variants = phoneSearchVariants(e164, region);
  if (variants.length === 0) return [];
  const found = await Promise.all(
    enabledList(config).map(async (object) => {
      const fields = phoneFields(rowsOf(config, object), object);
      if (fields.length === 0) return [];
      const records = await deps.gateway.findByPhones(object, fields, variants, readFor(object), variants);
      return records
        .filter((r) => holdsPhone(r, fields, e164, region))
        .map((r) => identityCandidateOf(object, r, rowsOf(config, object), { region }));
    }),
  );
  return found.flat();
}

/** The enabled objects, in a stable order (see `enabledObjects`). */
const enabledList = (config: ActiveConfig) =>
  (['Lead', 'Contact'] as SfObject[]).filter((o) => objectEnabled(config.settings, o));

const readFor = (object: SfObject) =>
  object === 'Lead' ? [...CANDIDATE_FIELDS, 'IsConverted', 'ConvertedContactId'] : CANDIDATE_FIELDS;

/**
 * The companion's own phone index (every record whose values it fetched), checked live: a record it knows
 * under this phone still counts when the Salesforce query cannot find its format. Stale entries (deleted
 * records, changed phones) are dropped.
 */
async function indexedCandidates(
  deps: ToSalesforceDeps,
  config: ActiveConfig,
  e164: string,
  exclude: ReadonlySet<string>,
): Promise<IdentityCandidate[]> {
  const indexed = (await deps.store.identity.candidates(e164)).filter((c) => !exclude.has(c.id));
  const out: IdentityCandidate[] = [];
  for (const object of enabledList(config)) {
    const ids = indexed.filter((c) => c.object === object).map((c) => c.id);
    const fields = phoneFields(rowsOf(config, object), object);
    if (ids.length === 0 || fields.length === 0) continue;
    const records = await deps.gateway.fetchByIds(object, ids, [...readFor(object), ...fields]);
    const live = records.filter((r) => holdsPhone(r, fields, e164, config.settings.defaultRegion));
    const region = config.settings.defaultRegion;
    out.push(...live.map((r) => identityCandidateOf(object, r, rowsOf(config, object), { region })));
  }
  return out;
}

/**
 * The Salesforce record an Aloware contact / phone belongs to: the link first (verified), then every record
 * holding the phone — the companion's phone index (checked live) and a Salesforce query over every mapped
 * phone field — resolved with the admin's priority. Call under the phone lock.
 */
export async function findRecord(
  deps: ToSalesforceDeps,
  config: ActiveConfig,
  e164: string,
  alowareContactId: string | null,
): Promise<FoundRecord | null> {
  const link =
    (alowareContactId ? await deps.store.links.byAlowareId(alowareContactId) : null) ??
    (await deps.store.links.byPhone(e164));
  if (link) {
    const target = await verifyLink(deps, link);
    if (target) return { ...target, via: 'link' };
  }
  const searched = await searchByPhone(deps, config, e164);
  const indexed = await indexedCandidates(deps, config, e164, new Set(searched.map((c) => c.id)));
  const resolution = resolveLink(
    [...indexed, ...searched],
    config.settings.priorityObject,
    enabledObjects(config.settings),
    e164,
  );
  if (!resolution.linked) return null;
  if (resolution.reason === 'converted_lead_contact') {
    // Only converted Leads hold the phone: their Contact counts only while it is live (not deleted).
    const [contact] = await deps.gateway.fetchByIds('Contact', [resolution.linked.id], ['Id']);
    if (!contact) return null;
  }
  return { ...resolution.linked, via: 'search' };
}

/** Stores (or refreshes) the link of a record to its Aloware contact. */
export async function linkRecord(
  deps: ToSalesforceDeps,
  target: LinkTarget,
  alowareContactId: string,
  e164: string,
): Promise<void> {
  const existing = await deps.store.links.get(target.id);
  if (existing && existing.alowareContactId === alowareContactId && existing.phone === e164) return;
  // The record's baseline belongs to the pair it was in: against another contact the merge starts afresh
  // (merged against this one, a value Aloware lacks read as Aloware's edit and the record's was never sent).
  if (existing && existing.alowareContactId !== alowareContactId)
    await deps.store.fingerprints.remove(target.id);
  const { displaced } = await deps.store.links.set({
    salesforceId: target.id,
    object: target.object,
    alowareContactId,
    phone: e164,
    linkedAt: new Date().toISOString(),
  });
  for (const lost of displaced) await deps.store.fingerprints.remove(lost.salesforceId);
  await unstampDisplaced(deps, displaced);
  await syncRecordLink(deps, e164);
}
