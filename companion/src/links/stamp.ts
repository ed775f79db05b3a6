import type { Logger } from '../logging/index.js';
import { JOBS, QUEUES } from '../queue/names.js';
import type { RecordWriter } from '../salesforce/gateway.js';
import type { Store } from '../store/index.js';
import type { SfObject, SfRecord, SfValue } from '../sync/index.js';

/** The Salesforce fields that carry the link on the record (docs/contracts.md §2). */
const STAMP_FIELD = 'Aloware_Contact_Id__c';
const STAMP_TIME_FIELD = 'Aloware_Last_Synced__c';

export interface StampDeps {
  gateway: Pick<RecordWriter, 'updateMany'>;
  logger: Logger;
}

/**
 * True when the fetched record does not carry the Aloware contact id it is linked to (fetched with the
 * field); with `null`, when a record that is not linked still carries a stamp.
 */
export function needsStamp(record: SfRecord, contactId: string | null, fields: readonly string[]): boolean {
  return fields.includes(STAMP_FIELD) && (record[STAMP_FIELD] ?? null) !== contactId;
}

/**
 * Writes `Aloware_Contact_Id__c` + `Aloware_Last_Synced__c` on records whose link was created or changed, and
 * clears both on records that lost their link (`null`), together with the `values` the merge decided for
 * Salesforce, with sObject Collections (≤200 per call) as the
 * integration user (the triggers ignore its writes: no echo). Returns the ids that could not be written (the
 * caller retries them; nothing about the sync is lost).
 */
export async function stampLinks(
  deps: StampDeps,
  object: SfObject,
  stamps: ReadonlyMap<string, string | null>,
  values: ReadonlyMap<string, Record<string, SfValue>> = new Map(),
): Promise<string[]> {
  if (stamps.size === 0 && values.size === 0) return [];
  const now = new Date().toISOString();
  const ids = [...new Set([...stamps.keys(), ...values.keys()])];
  const rows = ids.map((Id) => {
    const contactId = stamps.get(Id);
    const stamp =
      contactId === undefined
        ? {}
        : { [STAMP_FIELD]: contactId, [STAMP_TIME_FIELD]: contactId === null ? null : now };
    return { ...values.get(Id), ...stamp, Id };
  });
  try {
    const results = await deps.gateway.updateMany(object, rows);
    const failed = rows.filter((_, i) => !results[i]?.success).map((r) => r.Id);
    if (failed.length > 0) {
      const codes = [...new Set(results.flatMap((r) => r.errors.map((e) => e.code)))];
      deps.logger.warn({ object, failed: failed.length, codes }, 'could not stamp Aloware ids');
    }
    return failed;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    deps.logger.warn({ object, count: rows.length, message }, 'could not stamp Aloware ids');
    return rows.map((r) => r.Id);
  }
}

/**
 * For callers without a job retry per record (one-time pull, reconcile): each unstamped record lands in the
 * failed list with a sync-record retry (the next sync of an unchanged record stamps it again).
 */
export async function parkStampFailures(
  store: Store,
  object: SfObject,
  ids: readonly string[],
): Promise<void> {
  for (const id of ids) {
    await store.failed.add({
      kind: 'to_aloware',
      object,
      recordId: id,
      reason: 'could not write the Aloware contact id to Salesforce',
      attempts: 1,
      retry: { queue: QUEUES.sfChanges, name: JOBS.syncRecord, data: { object, id } },
    });
  }
}

/**
 * Records that lost their link to another record (a shared phone or contact went to the priority record):
 * their stamp is cleared, so no two records show one Aloware contact. Best effort per object; a record that
 * could not be written keeps its stamp until its next sync clears it.
 */
export async function unstampDisplaced(
  deps: StampDeps,
  displaced: readonly { salesforceId: string; object: SfObject }[],
): Promise<void> {
  for (const object of ['Lead', 'Contact'] as const) {
    const ids = displaced.filter((l) => l.object === object).map((l) => [l.salesforceId, null] as const);
    if (ids.length > 0) await stampLinks(deps, object, new Map(ids));
  }
}
