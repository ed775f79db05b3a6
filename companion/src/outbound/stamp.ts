import type { Logger } from '../logging/index.js';
import { JOBS, QUEUES } from '../queue/names.js';
import type { SalesforceGateway } from '../salesforce/gateway.js';
import type { Store } from '../store/index.js';
import type { SfObject, SfRecord } from '../sync/index.js';

/** The Salesforce fields that carry the link on the record (contracts §2). */
export const STAMP_FIELD = 'Aloware_Contact_Id__c';
export const STAMP_TIME_FIELD = 'Aloware_Last_Synced__c';

export interface StampDeps {
  gateway: Pick<SalesforceGateway, 'updateMany'>;
  logger: Logger;
}

/** True when the fetched record does not carry the Aloware contact id it is linked to (fetched with the field). */
export function needsStamp(record: SfRecord, contactId: string, fields: readonly string[]): boolean {
  return fields.includes(STAMP_FIELD) && (record[STAMP_FIELD] ?? null) !== contactId;
}

/**
 * Writes `Aloware_Contact_Id__c` + `Aloware_Last_Synced__c` on records whose link was created or changed, with
 * sObject Collections (≤200 per call) as the integration user (the triggers ignore its writes: no echo).
 * Returns the ids that could not be stamped (the caller retries them; nothing about the sync is lost).
 */
export async function stampLinks(
  deps: StampDeps,
  object: SfObject,
  stamps: ReadonlyMap<string, string>,
): Promise<string[]> {
  if (stamps.size === 0) return [];
  const now = new Date().toISOString();
  const rows = [...stamps].map(([Id, contactId]) => ({
    Id,
    [STAMP_FIELD]: contactId,
    [STAMP_TIME_FIELD]: now,
  }));
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
