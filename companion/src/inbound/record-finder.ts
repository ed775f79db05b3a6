import type { ActiveConfig, Link } from '../store/index.js';
import {
  candidateOf,
  objectEnabled,
  phoneFields,
  phoneSearchVariants,
  resolveLink,
  type IdentityCandidate,
  type LinkTarget,
  type SfObject,
} from '../sync/index.js';
import { rowsOf, type InboundDeps } from './deps.js';

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
const verifiedKey = (deps: InboundDeps, id: string) => deps.store.keys.key('verified', id);

/**
 * Checks a stored link against Salesforce: a converted Lead hands over to its Contact, a merged loser to its
 * master, a deleted record loses its link. Returns where the link points now (null when gone).
 */
async function verifyLink(deps: InboundDeps, link: Link): Promise<LinkTarget | null> {
  if (await deps.store.redis.exists(verifiedKey(deps, link.salesforceId))) {
    return { id: link.salesforceId, object: link.object };
  }
  const fields = link.object === 'Lead' ? [...LIVE_FIELDS, 'IsConverted', 'ConvertedContactId'] : LIVE_FIELDS;
  const [record] = await deps.gateway.fetchByIdsAll(link.object, [link.salesforceId], fields);
  if (record && record.IsDeleted !== true) {
    if (record.IsConverted === true && typeof record.ConvertedContactId === 'string') {
      const to = { id: record.ConvertedContactId, object: 'Contact' as const };
      await deps.store.links.repoint(link.salesforceId, to);
      return to;
    }
    await deps.store.redis.set(verifiedKey(deps, link.salesforceId), '1', 'EX', VERIFIED_TTL_SECONDS);
    return { id: link.salesforceId, object: link.object };
  }
  if (record && typeof record.MasterRecordId === 'string') {
    const to = { id: record.MasterRecordId, object: link.object };
    await deps.store.links.repoint(link.salesforceId, to);
    return to;
  }
  await deps.store.links.remove(link.salesforceId);
  return null;
}

/** Every Lead/Contact (of the enabled objects) holding the phone in any mapped phone field, as typed. */
export async function searchByPhone(
  deps: InboundDeps,
  config: ActiveConfig,
  e164: string,
): Promise<IdentityCandidate[]> {
  const variants = phoneSearchVariants(e164, config.settings.defaultRegion);
  if (variants.length === 0) return [];
  const objects = (['Lead', 'Contact'] as SfObject[]).filter((o) => objectEnabled(config.settings, o));
  const found = await Promise.all(
    objects.map(async (object) => {
      const fields = phoneFields(rowsOf(config, object), object);
      if (fields.length === 0) return [];
      const read = ['Id', 'LastModifiedDate', 'SystemModstamp', 'FirstName', 'LastName'];
      if (object === 'Lead') read.push('IsConverted', 'ConvertedContactId');
      const records = await deps.gateway.findByPhones(object, fields, variants, read);
      return records.map((r) => candidateOf(object, r));
    }),
  );
  return found.flat();
}

/**
 * The Salesforce record an Aloware contact / phone belongs to: the identity index first (verified), then a
 * Salesforce query over every mapped phone field with the admin's priority. Call under the phone lock.
 */
export async function findRecord(
  deps: InboundDeps,
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
  const resolution = resolveLink(await searchByPhone(deps, config, e164), config.settings.priorityObject);
  return resolution.linked ? { ...resolution.linked, via: 'search' } : null;
}

/** Stores (or refreshes) the link of a record to its Aloware contact. */
export async function linkRecord(
  deps: InboundDeps,
  target: LinkTarget,
  alowareContactId: string,
  e164: string,
): Promise<void> {
  const existing = await deps.store.links.get(target.id);
  if (existing && existing.alowareContactId === alowareContactId && existing.phone === e164) return;
  await deps.store.links.set({
    salesforceId: target.id,
    object: target.object,
    alowareContactId,
    phone: e164,
    linkedAt: new Date().toISOString(),
  });
}
