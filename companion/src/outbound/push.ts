import { AlowareError, type AlowareClient } from '../aloware/client.js';
import type { Logger } from '../logging/index.js';
import type { Metrics } from '../metrics/index.js';
import type { SalesforceGateway } from '../salesforce/gateway.js';
import type { Store } from '../store/index.js';
import {
  fingerprintOf,
  maskPhone,
  planPage,
  resolveLink,
  type Plan,
  type PlannedCreate,
  type PlannedUpdate,
  type SfRecord,
} from '../sync/index.js';
import { withPhoneLock } from '../inbound/deps.js';
import type { ObjectContext } from './context.js';
import { indexRecords, inParallel, loadIndex, unchanged } from './page-index.js';
import { recordLinkValues, recordLinkWritten } from './record-link.js';
import { needsStamp, stampLinks } from './stamp.js';

export interface PushDeps {
  aloware: AlowareClient;
  /** Writes the Aloware contact id back on newly linked records (sObject Collections). */
  gateway: Pick<SalesforceGateway, 'updateMany' | 'instanceUrl'>;
  store: Store;
  logger: Logger;
  metrics?: Metrics;
}

export interface PushResult {
  plan: Plan;
  created: number;
  updated: number;
  skipped: number;
  failed: number;
  /** Retryable failures (Aloware down, lock timeout): the caller retries these ids later. */
  retry: string[];
  /**
   * Synced, but `Aloware_Contact_Id__c` could not be written back: the caller retries (the job) or parks them
   * in the failed list. A later sync of the unchanged record stamps it again.
   */
  stampFailed: string[];
}

/** Plans one page with the sync core (no writes). Used by dry runs and by `pushRecords`. */
export async function planRecords(
  ctx: ObjectContext,
  records: readonly SfRecord[],
  store: Store,
): Promise<Plan> {
  await indexRecords(ctx, records, store);
  const index = await loadIndex(ctx, records, store);
  return planPage(records, {
    object: ctx.object,
    rows: ctx.rows,
    settings: ctx.config.settings,
    context: ctx.context,
    index,
  });
}

/**
 * Salesforce → Aloware for one page of current records: index phones, skip what did not change, plan with
 * the core, then write each create/update under the phone's lock (re-checking priority there, so two workers
 * never link one phone twice), and store link, fingerprint and decisions. Records whose link is new or changed
 * (their `Aloware_Contact_Id__c` differs from the linked contact) are stamped in one Collections batch.
 */
export async function pushRecords(
  deps: PushDeps,
  ctx: ObjectContext,
  records: readonly SfRecord[],
  receivedAt?: Map<string, number>,
  opts: { concurrency?: number } = {},
): Promise<PushResult> {
  await indexRecords(ctx, records, deps.store);
  const same = await unchanged(ctx, records, deps.store);
  const todo = records.filter((r) => !same.has(r.Id));
  const index = await loadIndex(ctx, todo, deps.store);
  const plan = planPage(todo, {
    object: ctx.object,
    rows: ctx.rows,
    settings: ctx.config.settings,
    context: ctx.context,
    index,
  });
  const result: PushResult = {
    plan,
    created: 0,
    updated: 0,
    skipped: plan.skips.length + same.size,
    failed: 0,
    retry: [],
    stampFailed: [],
  };
  const byId = new Map(records.map((r) => [r.Id, r]));
  const stamps = new Map<string, string>();
  const stamp = (record: SfRecord, contactId: string) => {
    if (record.IsConverted !== true && needsStamp(record, contactId, ctx.fields))
      stamps.set(record.Id, contactId);
  };
  for (const [id, contactId] of same) stamp(byId.get(id)!, contactId);
  for (const skip of plan.skips) {
    if (skip.reason === 'in_sync' && skip.linkedTo) stamp(byId.get(skip.recordId)!, skip.linkedTo);
  }
  const items = [...plan.creates, ...plan.updates];
  await inParallel(items, opts.concurrency ?? WRITE_CONCURRENCY, async (item) => {
    const record = byId.get(item.recordId);
    if (!record) return;
    const linked = (contactId: string) => stamp(record, contactId);
    const outcome = await writeOne(deps, ctx, item, record, receivedAt?.get(item.recordId), linked);
    if (outcome === 'created') result.created += 1;
    else if (outcome === 'updated') result.updated += 1;
    else if (outcome === 'skipped') result.skipped += 1;
    else if (outcome === 'retry') result.retry.push(item.recordId);
    else result.failed += 1;
  });
  result.stampFailed = await stampLinks(deps, ctx.object, stamps);
  return result;
}

/** Writes per batch in flight at once (the global limiter still paces them; per-phone locks keep them safe). */
const WRITE_CONCURRENCY = 16;

/**
 * A pull pushes one page at a time, so its page gets the in-flight writes that four concurrent flushes share
 * (4 × 16): the pull is paced by the Aloware budget (the limiter), not by too few requests in flight.
 */
export const PULL_WRITE_CONCURRENCY = 64;

/** An update of an already linked record that changes nothing on the Aloware side. */
async function nothingForAloware(store: Store, item: PlannedCreate | PlannedUpdate): Promise<boolean> {
  if (!('diffs' in item) || Object.keys(item.toAloware).length > 0) return false;
  const link = await store.links.get(item.recordId);
  return link?.alowareContactId === item.alowareContactId;
}

type Outcome = 'created' | 'updated' | 'skipped' | 'failed' | 'retry';

async function writeOne(
  deps: PushDeps,
  ctx: ObjectContext,
  item: PlannedCreate | PlannedUpdate,
  record: SfRecord,
  receivedAt: number | undefined,
  linked: (contactId: string) => void,
): Promise<Outcome> {
  const { store, logger } = deps;
  try {
    return await withPhoneLock(store.locks, item.phone, async () => {
      const resolution = resolveLink(
        await store.identity.candidates(item.phone),
        ctx.config.settings.priorityObject,
      );
      if (resolution.linked && resolution.linked.id !== item.recordId) return 'skipped';
      const target = { id: item.recordId, object: ctx.object };
      const linkValues = await recordLinkValues(deps, ctx.config, item.phone, target);
      if (!linkValues && (await nothingForAloware(store, item))) {
        // Only Salesforce-bound differences (Aloware → Salesforce is the inbound path's job): no request.
        // Counted as the update the plan announced, so a dry run and the real run agree.
        await store.fingerprints.set(item.recordId, fingerprintOf(record, ctx.rows, ctx.context));
        linked((item as PlannedUpdate).alowareContactId);
        return 'updated';
      }
      const values = { ...item.toAloware, ...linkValues, phone_number: item.phone };
      const { created, contactId } = await deps.aloware.upsertContact(values, { forceUpdate: true });
      if (linkValues) await recordLinkWritten(store, ctx.config, item.phone, linkValues);
      const now = new Date().toISOString();
      await store.links.set({
        salesforceId: item.recordId,
        object: ctx.object,
        alowareContactId: contactId,
        phone: item.phone,
        linkedAt: now,
        lastSyncedAt: now,
        lastOutcome: created ? 'created' : 'updated',
      });
      linked(contactId);
      const fp = 'fingerprint' in item ? item.fingerprint : fingerprintOf(record, ctx.rows, ctx.context);
      const meta = { object: ctx.object, phone: item.phone };
      await store.fingerprints.set(item.recordId, fp);
      if ('diffs' in item) {
        // Decisions name the Salesforce field of the mapping row (contracts §3), also for Aloware-bound diffs.
        const decisions = item.diffs.map((d) => ({
          field:
            d.direction === 'to_aloware'
              ? (ctx.rows.find((r) => r.alowareField === d.field)?.salesforceField ?? d.field)
              : d.field,
          winner: 'salesforce' as const,
          reason: 'salesforce_changed',
          direction: d.direction,
        }));
        await store.syncLog.record(item.recordId, decisions, now, { ...meta, outcome: 'updated' });
      } else {
        await store.syncLog.record(
          item.recordId,
          [{ field: '*', winner: 'salesforce', reason: 'created_in_aloware', direction: 'to_aloware' }],
          now,
          { ...meta, outcome: created ? 'created' : 'linked' },
        );
      }
      deps.metrics?.writes.inc({ direction: 'to_aloware', outcome: created ? 'created' : 'updated' });
      if (receivedAt) await deps.metrics?.latency('to_aloware', Date.now() - receivedAt);
      return created || !('diffs' in item) ? 'created' : 'updated';
    });
  } catch (err) {
    const retryable = !(err instanceof AlowareError) || err.retryable;
    const message = err instanceof Error ? err.message : String(err);
    logger.warn(
      { recordId: item.recordId, phone: maskPhone(item.phone), retryable, message },
      'push to aloware failed',
    );
    if (retryable) return 'retry';
    await store.failed.add({
      kind: 'to_aloware',
      object: ctx.object,
      recordId: item.recordId,
      reason: message,
      attempts: 1,
    });
    await store.syncLog.error('to_aloware', message);
    deps.metrics?.failures.inc({ area: 'to_aloware' });
    return 'failed';
  }
}
