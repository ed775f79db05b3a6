import { alowareTimeToIso, contactValues } from '../aloware/contact-values.js';
import type { AlowareContactBody } from '../aloware/webhooks.js';
import type { ActiveConfig } from '../store/index.js';
import {
  ALOWARE_FIELD_NAMES,
  canWrite,
  maskPhone,
  merge,
  phoneKey,
  primaryPhoneView,
  type AlowareValues,
  type LinkTarget,
  type MappingRow,
  type MergeResult,
} from '../sync/index.js';
import { withPhoneLock } from '../links/phone-lock.js';
import { contextFor, fieldsToRead, type ToSalesforceDeps } from './deps.js';
import { isEcho } from './echo.js';
import { createRecordFromAloware, SalesforceWriteError } from './record-creator.js';
import { findRecord, linkRecord } from './record-finder.js';

export type ContactOutcome =
  | { outcome: 'invalid_phone' }
  | { outcome: 'create_not_allowed' }
  | { outcome: 'record_deleted'; salesforceId: string }
  | { outcome: 'created'; salesforceId: string; object: string }
  | { outcome: 'updated' | 'in_sync' | 'update_not_allowed'; salesforceId: string; object: string };

/** Called after a record appears for a phone (parked activities waiting for it). */
export type RecordAppeared = (e164: string) => Promise<void>;

/**
 * Aloware contact created/updated → Salesforce, per the direction rules: find the record (identity index,
 * then a query over every mapped phone field) under the per-phone lock; none → create one when the
 * Aloware→Salesforce create direction allows; found → three-way merge with the last fingerprint, write
 * only what the core decides (nothing when nothing changed: no ping-pong), record the decisions. Where the
 * update direction is `inbound` the merge brings the Aloware contact back to Salesforce's values.
 * A contact whose record was deleted in Salesforce creates none: the events that follow a delete (the echo of
 * the companion's own write blanking the record link, a delivery of an earlier write arriving late) would
 * otherwise bring the deleted record back. It links again to a live record holding its phone, on undelete,
 * or when a call or SMS with it creates a record.
 */
export async function syncAlowareContact(
  deps: ToSalesforceDeps,
  contact: AlowareContactBody,
  onRecord?: RecordAppeared,
): Promise<ContactOutcome> {
  const { settings } = await deps.store.config.get();
  const e164 = phoneKey(contact.phone_number, settings.defaultRegion);
  if (!e164) {
    deps.logger.warn({ alowareContactId: contact.id }, 'aloware contact without a usable phone; skipped');
    return { outcome: 'invalid_phone' };
  }
  const result = await withPhoneLock(deps.store.locks, e164, async () => {
    const link = await deps.store.links.byAlowareId(contact.id);
    if (link && link.phone === e164 && (await isEcho(deps, await deps.store.config.get(), link, contact))) {
      return { outcome: 'in_sync', salesforceId: link.salesforceId, object: link.object } as const;
    }
    const current = await currentContact(deps, e164, contact);
    // The configuration is read after the pull, not before the lock: an Aloware edit the pull sees was made
    // before this read, so an edit made after the admin saved update direction `inbound` is judged under
    // `inbound` (read before waiting for the lock, a job queued under `both` applied it).
    const config = await deps.store.config.get();
    const found = await findRecord(deps, config, e164, current.id);
    if (!found) {
      const deleted = await deps.store.links.deletedRecordOf(current.id);
      if (deleted) return skipDeleted(deps, deleted, e164);
      const created = await createRecordFromAloware(deps, config, current.id, e164, current.values);
      if (!created) return { outcome: 'create_not_allowed' } as const;
      return { outcome: 'created', salesforceId: created.id, object: created.object } as const;
    }
    await linkRecord(deps, found, current.id, e164);
    return updateLinked(deps, config, found, current, e164);
  });
  deps.logger.info(
    { alowareContactId: contact.id, phone: maskPhone(e164), ...result },
    'aloware contact processed',
  );
  if (result.outcome === 'created' && onRecord) await onRecord(e164);
  return result;
}

/** The deleted record's sync log says why its Aloware contact created nothing (once per change of reason). */
async function skipDeleted(
  deps: ToSalesforceDeps,
  salesforceId: string,
  e164: string,
): Promise<ContactOutcome> {
  const [last] = await deps.store.syncLog.decisions(salesforceId);
  if (last?.reason !== 'record_deleted_in_salesforce') {
    await deps.store.syncLog.record(
      salesforceId,
      [{ field: '*', winner: 'none', reason: 'record_deleted_in_salesforce', direction: 'none' }],
      new Date().toISOString(),
      { phone: e164, outcome: 'skipped_record_deleted' },
    );
  }
  return { outcome: 'record_deleted', salesforceId };
}

export interface ContactSnapshot {
  id: string;
  values: AlowareValues;
  updatedAt: string | null;
}

/**
 * The contact as Aloware holds it now (notify-then-pull): a webhook body may be older than a write the
 * companion made since, and merging stale values would undo it. Falls back to the body when the lookup
 * finds nothing (the number changed again).
 */
async function currentContact(
  deps: ToSalesforceDeps,
  e164: string,
  contact: AlowareContactBody,
): Promise<ContactSnapshot> {
  const fresh = await deps.aloware.findByPhone(e164);
  if (fresh) return { id: fresh.id, values: fresh.values, updatedAt: alowareTimeToIso(fresh.updatedAt) };
  return {
    id: contact.id,
    values: contactValues(contact, ALOWARE_FIELD_NAMES),
    updatedAt: alowareTimeToIso(contact.updated_at),
  };
}

/** What a merge of the contact into the record decides, read only (no write): also the one-time push's plan. */
export async function mergeIntoRecord(
  deps: ToSalesforceDeps,
  config: ActiveConfig,
  target: LinkTarget,
  contact: ContactSnapshot,
): Promise<{ result: MergeResult; mayUpdate: boolean; stamp: boolean }> {
  const { object, id } = target;
  const { rows, context, ...ctx } = await contextFor(deps, config, object);
  const [fetched] = await deps.gateway.fetchByIds(object, [id], fieldsToRead({ rows, context, ...ctx }));
  if (!fetched) throw new SalesforceWriteError(`${object} ${id} not readable`, ['NOT_FOUND']);
  const record = primaryPhoneView(fetched, rows, object, context);
  const result = merge({
    object,
    salesforce: record,
    aloware: await withNumbersHeldElsewhere(deps, record, rows, contact, context.region),
    fingerprint: await deps.store.fingerprints.get(id),
    salesforceModstamp: (record.SystemModstamp as string | undefined) ?? null,
    alowareModstamp: contact.updatedAt,
    rows,
    settings: config.settings,
    context,
  });
  const mayUpdate = canWrite(config.settings, 'salesforce', object, 'update');
  return { result, mayUpdate, stamp: record.Aloware_Contact_Id__c !== contact.id };
}

/**
 * Aloware keeps a number on one contact (README rule 1): a record's other number (its mobile) that another
 * contact holds — linked to a record, or left unlinked — is not on this one, and that is no Aloware edit
 * blanking it in Salesforce. Such a field reads as the record holds it.
 */
async function withNumbersHeldElsewhere(
  deps: ToSalesforceDeps,
  record: Record<string, unknown>,
  rows: readonly MappingRow[],
  contact: ContactSnapshot,
  region: string,
): Promise<AlowareValues> {
  const values: AlowareValues = { ...contact.values };
  for (const row of rows) {
    if (!row.alowareField.startsWith('other_phone_numbers.') || values[row.alowareField]) continue;
    const e164 = phoneKey(record[row.salesforceField], region);
    if (!e164) continue;
    const holder = await deps.store.links.byPhone(e164);
    if (holder) {
      if (holder.alowareContactId !== contact.id) values[row.alowareField] = e164;
      continue;
    }
    // No link holds it: a contact no record is linked to may still (the one this record left when its
    // primary phone moved to another number). Asked only for a mapped number missing from the contact.
    const owner = await deps.aloware.findByPhone(e164);
    if (owner && owner.id !== contact.id) values[row.alowareField] = e164;
  }
  return values;
}

async function updateLinked(
  deps: ToSalesforceDeps,
  config: ActiveConfig,
  target: LinkTarget,
  contact: ContactSnapshot,
  e164: string,
): Promise<ContactOutcome> {
  const { result, mayUpdate, stamp } = await mergeIntoRecord(deps, config, target, contact);
  const outcome = await applyMerge(deps, target, contact.id, e164, result, mayUpdate, stamp);
  return { outcome, salesforceId: target.id, object: target.object };
}

/**
 * Writes what the merge decided: the Salesforce side only when its update direction allows (stamped with
 * the Aloware id and the sync time), the Aloware side through `/forms`; then the fingerprint, the decisions
 * and the link's outcome.
 */
async function applyMerge(
  deps: ToSalesforceDeps,
  target: LinkTarget,
  alowareContactId: string,
  e164: string,
  result: MergeResult,
  mayUpdate: boolean,
  stamp: boolean,
): Promise<'updated' | 'in_sync' | 'update_not_allowed'> {
  const now = new Date().toISOString();
  const toSalesforce = Object.keys(result.toSalesforce).length > 0;
  if (mayUpdate && (toSalesforce || stamp)) {
    const write = {
      ...result.toSalesforce,
      Aloware_Contact_Id__c: alowareContactId,
      Aloware_Last_Synced__c: now,
    };
    const saved = await deps.gateway.update(target.object, target.id, write);
    if (!saved.success) {
      const message = saved.errors.map((e) => e.message).join('; ');
      throw new SalesforceWriteError(
        `update ${target.object} failed: ${message}`,
        saved.errors.map((e) => e.code),
      );
    }
  }
  if (Object.keys(result.toAloware).length > 0) {
    await deps.aloware.upsertContact({ ...result.toAloware, phone_number: e164 }, { forceUpdate: true });
  }
  await deps.store.fingerprints.set(target.id, result.fingerprint);
  const outcome = !mayUpdate ? 'update_not_allowed' : toSalesforce ? 'updated' : 'in_sync';
  await deps.store.syncLog.record(
    target.id,
    result.decisions.filter((d) => d.reason !== 'equal'),
    now,
    { object: target.object, phone: e164, outcome: `aloware_${outcome}` },
  );
  await deps.store.links.touch(target.id, `aloware_${outcome}`, now);
  return outcome;
}
