import { AlowareError, type AlowareClient } from '../aloware/client.js';
import type { Logger } from '../logging/index.js';
import type { Metrics } from '../metrics/index.js';
import type { OrgMetadata, RecordWriter } from '../salesforce/gateway.js';
import type { Link, Store } from '../store/index.js';
import {
  enabledObjects,
  fingerprintOf,
  maskPhone,
  phoneKey,
  planPage,
  primaryPhoneView,
  resolveLink,
  type Plan,
  type PlannedCreate,
  type PlannedUpdate,
  type Decision,
  type Fingerprint,
  type SfRecord,
  type SfValue,
} from '../sync/index.js';
import { withPhoneLock } from '../links/phone-lock.js';
import type { ObjectContext } from '../mapping/context.js';
import { indexRecords, inParallel, loadIndex, syncedMark, unchanged } from './page-index.js';
import { recordLinkValues, recordLinkWrittenIn } from '../links/record-link.js';
import { recordSkip, requeueHolders, type SkipDeps } from './skips.js';
import { needsStamp, stampLinks, unstampDisplaced } from '../links/stamp.js';

export interface PushDeps extends SkipDeps {
  aloware: AlowareClient;
  /** Writes the Aloware contact id back on newly linked records (sObject Collections). */
  gateway: Pick<RecordWriter, 'updateMany'> & Pick<OrgMetadata, 'instanceUrl'>;
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
  return planPage(viewed(ctx, records), {
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
  fetched: readonly SfRecord[],
  receivedAt?: Map<string, number>,
  opts: { concurrency?: number } = {},
): Promise<PushResult> {
  await indexRecords(ctx, fetched, deps.store);
  const records = viewed(ctx, fetched);
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
  const stamps = new Map<string, string | null>();
  const stamp = (record: SfRecord, contactId: string | null) => {
    if (record.IsConverted !== true && needsStamp(record, contactId, ctx.fields))
      stamps.set(record.Id, contactId);
  };
  for (const [id, contactId] of same) stamp(byId.get(id)!, contactId);
  /** Records left with nothing to do for Aloware (in sync, or written): their marks, stored after the page. */
  const marks = new Map<string, string>();
  const mark = (record: SfRecord, fingerprint: Fingerprint | null | undefined) => {
    if (fingerprint)
      marks.set(record.Id, syncedMark(ctx, fingerprintOf(record, ctx.rows, ctx.context), fingerprint));
  };
  for (const skip of plan.skips) {
    const record = byId.get(skip.recordId)!;
    if (skip.reason === 'in_sync' && skip.linkedTo) {
      stamp(record, skip.linkedTo);
      mark(record, index.linkOf(record.Id)?.fingerprint);
    } else if (!(await recordSkip(deps, skip))) stamp(record, null);
  }
  const displaced: Link[] = [];
  /** Values the merge decided for Salesforce (an Aloware value filling a blank): written with the stamps. */
  const writes = new Map<string, Record<string, SfValue>>();
  const items = [...plan.creates, ...plan.updates];
  await inParallel(items, opts.concurrency ?? WRITE_CONCURRENCY, async (item) => {
    const record = byId.get(item.recordId);
    if (!record) return;
    const linked = (contactId: string | null, lost: readonly Link[] = []) => {
      stamp(record, contactId);
      displaced.push(...lost);
      const toSalesforce = 'diffs' in item ? (item as PlannedUpdate).toSalesforce : {};
      if (Object.keys(toSalesforce).length > 0) writes.set(item.recordId, toSalesforce);
    };
    const outcome = await writeOne(deps, ctx, item, record, receivedAt?.get(item.recordId), linked);
    if (outcome === 'created' || outcome === 'updated') mark(record, item.fingerprint);
    if (outcome === 'created') result.created += 1;
    else if (outcome === 'updated') result.updated += 1;
    else if (outcome === 'skipped') result.skipped += 1;
    else if (outcome === 'retry') result.retry.push(item.recordId);
    else result.failed += 1;
  });
  await deps.store.fingerprints.setSeen(marks);
  result.stampFailed = await stampLinks(deps, ctx.object, stamps, writes);
  await unstampDisplaced(
    deps,
    displaced.filter((l) => !stamps.has(l.salesforceId)),
  );
  return result;
}

/** The records as their Aloware contacts see them (see `primaryPhoneView`). */
function viewed(ctx: ObjectContext, records: readonly SfRecord[]): SfRecord[] {
  return records.map((r) => primaryPhoneView(r, ctx.rows, ctx.object, ctx.context));
}

/** The record that lost a shared phone's contact to another record says so in its sync log. */
async function lostLink(store: Store, lost: Link, winner: string, at: string): Promise<void> {
  await store.fingerprints.remove(lost.salesforceId);
  await store.syncLog.record(
    lost.salesforceId,
    [{ field: '*', winner: 'none', reason: 'link_moved_to_priority_record', direction: 'none' }],
    at,
    { object: lost.object, phone: lost.phone, outcome: `unlinked_for_${winner}` },
  );
}

/** Writes per batch in flight at once (the global limiter still paces them; per-phone locks keep them safe). */
const WRITE_CONCURRENCY = 16;

/**
 * A pull pushes one page at a time, so its page gets the in-flight writes that four concurrent flushes share
 * (4 × 16): the pull is paced by the Aloware budget (the limiter), not by too few requests in flight.
 */
export const PULL_WRITE_CONCURRENCY = 64;

/**
 * Whether Aloware holds `phone` as one of another contact's other numbers (a record's mobile sent with its
 * contact). Aloware keeps a number on one contact only and matches a write by any of its numbers, so creating a
 * contact for it would overwrite that other contact: the number stays where it is, and the record whose primary
 * phone it is waits (`phone_on_other_contact`) until it is free. Asked before a create only.
 */
async function onAnotherContact(aloware: AlowareClient, phone: string, region: string): Promise<boolean> {
  const owner = await aloware.findByPhone(phone);
  return owner !== null && phoneKey(owner.phoneNumber, region) !== phone;
}

/** An update of an already linked record that changes nothing on the Aloware side. */
async function nothingForAloware(store: Store, item: PlannedCreate | PlannedUpdate): Promise<boolean> {
  if (!('diffs' in item) || Object.keys(item.toAloware).length > 0) return false;
  const link = await store.links.get(item.recordId);
  return link?.alowareContactId === item.alowareContactId;
}

type Outcome = 'created' | 'updated' | 'skipped' | 'failed' | 'retry';

/**
 * What a successful write logs. Decisions name the Salesforce field of the mapping row (docs/contracts.md
 * §3), also for Aloware-bound diffs: an update logs the merge's own decisions, a new link to a contact that
 * already matched says so, a create says it created (or linked) the contact.
 */
function logEntryOf(
  item: PlannedCreate | PlannedUpdate,
  created: boolean,
): { decisions: Decision[]; outcome: string } {
  if ('diffs' in item) {
    const decisions: Decision[] =
      item.decisions.length > 0
        ? item.decisions
        : [{ field: '*', winner: 'none', reason: 'linked_in_sync', direction: 'none' }];
    return { decisions, outcome: 'updated' };
  }
  return {
    decisions: [{ field: '*', winner: 'salesforce', reason: 'created_in_aloware', direction: 'to_aloware' }],
    outcome: created ? 'created' : 'linked',
  };
}

async function writeOne(
  deps: PushDeps,
  ctx: ObjectContext,
  item: PlannedCreate | PlannedUpdate,
  record: SfRecord,
  receivedAt: number | undefined,
  linked: (contactId: string | null, displaced?: readonly Link[]) => void,
): Promise<Outcome> {
  const { store, logger } = deps;
  // Asked once per write: the locked section restarts from the top after an Aloware slot wait, and asking again
  // each time spent the slot the write itself needed (under a saturated budget, nothing got written).
  let onOtherContact: boolean | undefined;
  try {
    return await withPhoneLock(store.locks, item.phone, async () => {
      const target = { id: item.recordId, object: ctx.object };
      // Read together (one round trip): who holds the phone, and what record link its contact carries.
      const [candidates, linkValues] = await Promise.all([
        store.identity.candidates(item.phone),
        recordLinkValues(deps, ctx.config, item.phone, target),
      ]);
      const resolution = resolveLink(
        candidates,
        ctx.config.settings.priorityObject,
        enabledObjects(ctx.config.settings),
        item.phone,
      );
      if (resolution.linked && resolution.linked.id !== item.recordId) {
        const skip = { recordId: item.recordId, object: ctx.object, reason: 'not_priority' as const };
        if (!(await recordSkip(deps, { ...skip, linkedTo: resolution.linked.id }, item.phone))) linked(null);
        return 'skipped';
      }
      if (!('diffs' in item)) {
        onOtherContact ??= await onAnotherContact(deps.aloware, item.phone, ctx.context.region);
      }
      if (onOtherContact) {
        const skip = {
          recordId: item.recordId,
          object: ctx.object,
          reason: 'phone_on_other_contact' as const,
        };
        if (!(await recordSkip(deps, skip, item.phone))) linked(null);
        return 'skipped';
      }
      if (!linkValues && (await nothingForAloware(store, item))) {
        // Only Salesforce-bound differences: no Aloware request; they are written with the stamps. Counted
        // as the update the plan announced, so a dry run and the real run agree.
        await store.fingerprints.set(item.recordId, (item as PlannedUpdate).fingerprint);
        linked((item as PlannedUpdate).alowareContactId);
        return 'updated';
      }
      const values = { ...item.toAloware, ...linkValues, phone_number: item.phone };
      const { created, contactId } = await deps.aloware.upsertContact(values, { forceUpdate: true });
      const now = new Date().toISOString();
      const fp = 'fingerprint' in item ? item.fingerprint : fingerprintOf(record, ctx.rows, ctx.context);
      const meta = { object: ctx.object, phone: item.phone };
      const { decisions, outcome } = logEntryOf(item, created);
      // Link, fingerprint, sync log and the record link written in one transaction (one round trip, not four).
      const { displaced, previous } = await store.links.set(
        {
          salesforceId: item.recordId,
          object: ctx.object,
          alowareContactId: contactId,
          phone: item.phone,
          linkedAt: now,
          lastSyncedAt: now,
          lastOutcome: created ? 'created' : 'updated',
        },
        (tx) => {
          if (linkValues) recordLinkWrittenIn(tx, store, ctx.config, item.phone, linkValues);
          store.fingerprints.setIn(tx, item.recordId, fp);
          store.syncLog.recordIn(tx, item.recordId, decisions, now, { ...meta, outcome });
        },
      );
      linked(contactId, displaced);
      for (const lost of displaced) await lostLink(store, lost, item.recordId, now);
      if (previous && previous.phone !== item.phone)
        await requeueHolders(deps, previous.phone, item.recordId);
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
