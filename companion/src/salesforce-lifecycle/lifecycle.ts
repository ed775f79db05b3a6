import type { Link } from '../store/index.js';
import type { Fingerprint, SfObject } from '../sync/index.js';
import { syncRecordLink } from '../links/record-link.js';
import { withPhoneLock } from '../links/phone-lock.js';
import { TOMBSTONE_TTL_SECONDS } from '../store/links.js';
import type { LifecycleChange } from '../queue/sf-changes.js';
import type { ToSalesforceDeps } from '../to-salesforce/deps.js';

export type LifecycleOutcome = 'relinked' | 'unlinked' | 'kept_master_link' | 'no_link';

export interface LifecycleDeps extends ToSalesforceDeps {
  /** Called with the phone when a record (re)gained a link: parked activities may be waiting for it. */
  onRecord?: (e164: string) => Promise<void>;
}

interface Tombstone {
  link: Link;
  fingerprint: Fingerprint | null;
}

const tombKey = (deps: ToSalesforceDeps, id: string) => deps.store.keys.key('tomb', id);

/**
 * Keeps the link between a Salesforce record and its Aloware contact right through the record's lifecycle:
 * converted → the Contact takes the link (later activities land there; Salesforce moved the Tasks already);
 * merged → the link follows the master (a master with its own link keeps it); deleted → unlinked, the Aloware
 * contact stays, and its contact events do not create a record again (see `syncAlowareContact`); undeleted →
 * the link comes back. Never writes to a converted Lead.
 */
export async function moveLinks(deps: LifecycleDeps, change: LifecycleChange): Promise<LifecycleOutcome> {
  if (change.kind === 'undeleted') return restore(deps, change.id);
  const link = await deps.store.links.get(change.id);
  if (!link) return 'no_link';
  const outcome = await withPhoneLock(deps.store.locks, link.phone, async () => {
    if (change.kind === 'converted' && change.convertedContactId) {
      await handOver(deps, link, { id: change.convertedContactId, object: 'Contact' });
      await markConverted(deps, change.id, change.convertedContactId);
      return 'relinked' as const;
    }
    if (change.kind === 'merged' && change.masterRecordId) {
      await deps.store.identity.removeRecord(change.id);
      if (await deps.store.links.get(change.masterRecordId)) {
        // The merge deleted the loser: its contact, left without a record, creates none (as after a delete).
        await deps.store.links.removeDeleted(change.id, TOMBSTONE_TTL_SECONDS);
        await deps.store.fingerprints.remove(change.id);
        return 'kept_master_link' as const;
      }
      await handOver(deps, link, { id: change.masterRecordId, object: change.object });
      return 'relinked' as const;
    }
    await unlink(deps, link);
    return 'unlinked' as const;
  });
  await withPhoneLock(deps.store.locks, link.phone, () => syncRecordLink(deps, link.phone));
  deps.logger.info({ salesforceId: change.id, kind: change.kind, outcome }, 'lifecycle change applied');
  if (outcome === 'relinked' && deps.onRecord) await deps.onRecord(link.phone);
  return outcome;
}

/** The surviving record takes the link and is stamped with the Aloware contact id. */
async function handOver(
  deps: ToSalesforceDeps,
  link: Link,
  to: { id: string; object: SfObject },
): Promise<void> {
  await deps.store.links.repoint(link.salesforceId, to);
  await deps.store.fingerprints.remove(link.salesforceId);
  const saved = await deps.gateway.update(to.object, to.id, {
    Aloware_Contact_Id__c: link.alowareContactId,
    Aloware_Last_Synced__c: new Date().toISOString(),
  });
  if (!saved.success) {
    deps.logger.warn(
      { salesforceId: to.id, codes: saved.errors.map((e) => e.code) },
      'could not stamp Aloware id',
    );
  }
}

/** The converted Lead stays indexed for its phones but can never win identity again. */
async function markConverted(deps: ToSalesforceDeps, leadId: string, contactId: string): Promise<void> {
  const phones = await deps.store.identity.phonesOf(leadId);
  if (phones.length === 0) return;
  await deps.store.identity.setRecord(
    { id: leadId, object: 'Lead', isConverted: true, convertedContactId: contactId },
    phones,
  );
}

async function unlink(deps: ToSalesforceDeps, link: Link): Promise<void> {
  const tombstone: Tombstone = { link, fingerprint: await deps.store.fingerprints.get(link.salesforceId) };
  await deps.store.redis.set(
    tombKey(deps, link.salesforceId),
    JSON.stringify(tombstone),
    'EX',
    TOMBSTONE_TTL_SECONDS,
  );
  await deps.store.links.removeDeleted(link.salesforceId, TOMBSTONE_TTL_SECONDS);
  await deps.store.fingerprints.remove(link.salesforceId);
  await deps.store.identity.removeRecord(link.salesforceId);
}

async function restore(deps: LifecycleDeps, id: string): Promise<LifecycleOutcome> {
  const raw = await deps.store.redis.get(tombKey(deps, id));
  if (!raw) return 'no_link';
  const { link, fingerprint } = JSON.parse(raw) as Tombstone;
  const restored = await withPhoneLock(deps.store.locks, link.phone, async () => {
    const holder = await deps.store.links.byPhone(link.phone);
    if (holder && holder.salesforceId !== id) return false;
    await deps.store.links.set({ ...link, linkedAt: new Date().toISOString() });
    if (fingerprint) await deps.store.fingerprints.set(id, fingerprint);
    await deps.store.identity.setRecord({ id, object: link.object }, [link.phone]);
    await syncRecordLink(deps, link.phone);
    return true;
  });
  await deps.store.redis.del(tombKey(deps, id));
  deps.logger.info({ salesforceId: id, kind: 'undeleted', restored }, 'lifecycle change applied');
  if (restored && deps.onRecord) await deps.onRecord(link.phone);
  return restored ? 'relinked' : 'no_link';
}
