import type { Logger } from '../logging/index.js';
import type { Metrics } from '../metrics/index.js';
import type { ChangeBuffer, FlushMode, LifecycleChange } from '../queue/sf-changes.js';
import type { OrgMetadata, RecordReader, RecordWriter } from '../salesforce/gateway.js';
import type { ActiveConfig, Store } from '../store/index.js';
import { objectEnabled, type SfObject } from '../sync/index.js';
import type { AlowareClient } from '../aloware/client.js';
import { objectContext } from '../mapping/context.js';
import { pushRecords, type PushResult } from './push.js';
import type { UserTableSource } from '../mapping/users.js';

export interface ToAlowareDeps {
  /** A flush reads records, stamps them (push.ts) and links them (`instanceUrl`). */
  gateway: RecordReader & Pick<RecordWriter, 'updateMany'> & Pick<OrgMetadata, 'instanceUrl'>;
  aloware: AlowareClient;
  store: Store;
  buffer: ChangeBuffer;
  users: UserTableSource;
  logger: Logger;
  metrics?: Metrics;
  /** Moves links through a lifecycle change (`moveLinks` in salesforce-lifecycle/lifecycle.ts, with tombstones for undelete). */
  linkLifecycle: (change: LifecycleChange) => Promise<unknown>;
}

/** Records of a batch not written yet (a retryable Aloware or Salesforce error): the job runs again. */
export class RetryLaterError extends Error {
  constructor(count: number) {
    super(`${count} record(s) could not be written yet; the batch will be retried`);
    this.name = 'RetryLaterError';
  }
}

/**
 * One flush: claim ≤200 pending ids of the object (a `full` job only a whole batch; a trailing one not before
 * the window ends), schedule the follow-up
 * (another whole batch at once, a remainder with the trailing flush), fetch their current values with one
 * SOQL, and push them. Ids Salesforce no longer returns (deleted) are dropped: the delete event unlinks them.
 */
export async function flushObject(
  deps: ToAlowareDeps,
  object: SfObject,
  job: string,
  opts: { mode?: FlushMode } = {},
): Promise<PushResult | null> {
  const claimed = await deps.buffer.claim(object, job, opts);
  await deps.buffer.followUp(object, claimed);
  if (claimed.ids.size === 0) return null;
  const result = await syncIds(deps, object, [...claimed.ids.keys()], claimed.ids);
  // Unstamped records (Aloware_Contact_Id__c not written back) retry with the job; after the budget the
  // claimed ids land in the failed list. The retry finds them unchanged and only stamps them.
  const retry = result ? result.retry.length + result.stampFailed.length : 0;
  if (retry > 0) throw new RetryLaterError(retry);
  await deps.buffer.release(job);
  return result;
}

/** The same settings and mapping rows (when they were last checked aside). */
function sameConfig(a: ActiveConfig, b: ActiveConfig): boolean {
  return a === b || JSON.stringify({ ...a, checkedAt: 0 }) === JSON.stringify({ ...b, checkedAt: 0 });
}

/** Fetch + push for a set of ids (flush, reconcile, sync-now). */
async function syncIds(
  deps: ToAlowareDeps,
  object: SfObject,
  ids: readonly string[],
  receivedAt?: Map<string, number>,
): Promise<PushResult | null> {
  let config = await deps.store.config.get();
  if (!objectEnabled(config.settings, object)) return null;
  let ctx = await objectContext(object, config, deps.gateway, await deps.users.table());
  let records = await deps.gateway.fetchByIds(object, ids, ctx.fields);
  // Read again after the fetch: a Salesforce edit the fetch saw is pushed under the configuration saved before
  // it (settings or mapping rows changed while the fetch ran: fetched again under the new ones).
  const after = await deps.store.config.get();
  if (!sameConfig(after, config)) {
    config = after;
    if (!objectEnabled(config.settings, object)) return null;
    ctx = await objectContext(object, config, deps.gateway, await deps.users.table());
    records = await deps.gateway.fetchByIds(object, ids, ctx.fields);
  }
  const result = await pushRecords(deps, ctx, records, receivedAt);
  deps.logger.info(
    {
      object,
      ids: ids.length,
      fetched: records.length,
      created: result.created,
      updated: result.updated,
      skipped: result.skipped,
      failed: result.failed,
      retry: result.retry.length,
      stampFailed: result.stampFailed.length,
    },
    'salesforce changes pushed to aloware',
  );
  return result;
}

/**
 * Lifecycle events. Deleted: unlink (the Aloware contact stays) and let other holders of the phone compete.
 * Converted: the Lead's link moves to its Contact. Merged: the loser's link moves to the master, and the
 * loser's phones are re-resolved like a delete's. The surviving record is re-synced so the Aloware contact's
 * fields follow it.
 */
export async function syncLifecycleChange(deps: ToAlowareDeps, job: LifecycleChange): Promise<void> {
  const { store, buffer } = deps;
  const phones = await store.identity.phonesOf(job.id);
  await deps.linkLifecycle(job);
  if (job.kind === 'deleted' || job.kind === 'merged') {
    await store.fingerprints.remove(job.id);
    await store.identity.removeRecord(job.id);
  }
  if (job.kind === 'deleted' || job.kind === 'merged') {
    // The record left its phones: every other holder competes again (a Lead sharing a merged-away Contact's
    // phone may win it now), and the push of the winner relinks and updates the Aloware contact.
    for (const phone of phones) {
      for (const c of await store.identity.candidates(phone))
        await buffer.add(c.object, [c.id], { now: true });
    }
  }
  if (job.kind === 'deleted') return;
  if (job.kind === 'converted' || job.kind === 'undeleted')
    await buffer.add(job.object, [job.id], { now: true });
  if (job.kind === 'converted' && job.convertedContactId) {
    await buffer.add('Contact', [job.convertedContactId], { now: true });
  }
  if (job.kind === 'merged' && job.masterRecordId)
    await buffer.add(job.object, [job.masterRecordId], { now: true });
}
