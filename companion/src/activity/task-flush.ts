import type { Metrics } from '../metrics/index.js';
import { JOBS, QUEUES } from '../queue/names.js';
import type { ChangeBuffer, FlushMode } from '../queue/sf-changes.js';
import { isPermanent } from '../salesforce/errors.js';
import type { UpsertResult } from '../salesforce/gateway.js';
import { salesforceUserOf } from '../to-salesforce/deps.js';
import {
  CONVERTED_LEAD,
  DEFAULT_OWNER_DECISION,
  failedWith,
  INACTIVE_OWNER,
} from '../to-salesforce/owner-fallback.js';
import { liveLinks } from '../to-salesforce/record-finder.js';
import type { Link } from '../store/index.js';
import { DEFAULT_REP_POLICY, notLoggedReason, phoneKey, type ActivityPolicy } from '../sync/index.js';
import {
  digest,
  rejectsCreateOnlyField,
  TASK_EXTERNAL_ID,
  type ActivityDeps,
  type ActivitySync,
} from './activity-sync.js';
import type { CommunicationRecord } from './communication-store.js';
import { buildTaskFields } from './task-builder.js';

/** The buffered kind of the Task writer's change buffer (communication ids). */
export const TASK_BUFFER = 'Task';
export type TaskBuffer = ChangeBuffer<typeof TASK_BUFFER>;

export interface TaskFlushDeps extends ActivityDeps {
  buffer: TaskBuffer;
  /** The per-communication writer (under the phone lock) for what the batch does not handle. */
  writeOne: (communicationId: string) => Promise<void>;
  metrics?: Metrics;
}

export interface TaskFlushResult {
  logged: number;
  unchanged: number;
  skipped: number;
  /** Handed to the per-communication writer: no live link (find, create or park), a moved link, a converted Lead. */
  handedOver: number;
  failed: number;
}

class TaskWriteRetryError extends Error {
  constructor(count: number) {
    super(`${count} Task write(s) failed for now; the batch will be retried`);
    this.name = 'TaskWriteRetryError';
  }
}

/** One Task row of a batch: the communication, where it goes, and what was sent. */
interface Row {
  record: CommunicationRecord;
  link: Link;
  ownerId: string | null;
  forCreate: boolean;
  fields: Record<string, unknown>;
  hash: string;
}

/**
 * The Task writer for many communications at once. Deliveries fold into each communication's state and only
 * mark it pending (`handleDelivery`); a flush claims ≤200 pending communications (leading edge plus trailing
 * window, as for Salesforce changes) and writes them with one Collections upsert by `Aloware_Communication_Id__c`
 * — the deliveries of one call that arrive together become one Task write, and many calls share a call. The
 * record of each comes from the identity index (the links), verified with one queryAll per object at most
 * every VERIFIED_TTL_SECONDS. Whatever needs Salesforce searched, a record created, a link moved or an activity
 * parked goes to the per-communication writer (`ActivitySync.write`, under the phone lock). Exactly once: the
 * upsert's external id; latest state wins: after each write the state is read again, and a communication that
 * changed meanwhile is pending again.
 */
export class TaskFlush {
  constructor(
    private readonly deps: TaskFlushDeps,
    private readonly activity: ActivitySync,
  ) {}

  /** One flush job: claim, write, release (a failed job keeps its claim for the retry). */
  async flush(job: string, mode?: FlushMode): Promise<TaskFlushResult | null> {
    const claim = await this.deps.buffer.claim(TASK_BUFFER, job, { mode });
    await this.deps.buffer.followUp(TASK_BUFFER, claim);
    if (claim.ids.size === 0) return null;
    const result = await this.writeMany([...claim.ids.keys()], claim.ids);
    await this.deps.buffer.release(job);
    return result;
  }

  /** What the job's claim holds (a job that spent its retries puts each in the failed list). */
  claimed(job: string): Promise<string[]> {
    return this.deps.buffer.claimed(job);
  }

  release(job: string): Promise<void> {
    return this.deps.buffer.release(job);
  }

  private async writeMany(ids: string[], firstSeen: ReadonlyMap<string, number>): Promise<TaskFlushResult> {
    const { deps } = this;
    const records: { id: string; record: CommunicationRecord }[] = [];
    for (const id of ids) {
      const record = await deps.communications.get(id);
      if (record) records.push({ id, record });
    }
    // Read after the communications, not before: what they hold is judged by the settings saved before it.
    const config = await deps.store.config.get();
    const policy = config.policy?.activity ?? DEFAULT_REP_POLICY.activity;
    const result: TaskFlushResult = { logged: 0, unchanged: 0, skipped: 0, handedOver: 0, failed: 0 };
    const handOver = new Set<string>();
    const candidates: { record: CommunicationRecord; link: Link }[] = [];
    for (const { id, record } of records) {
      const { state } = record;
      const e164 = phoneKey(state.leadNumber, config.settings.defaultRegion);
      const skip = record.taskId ? null : notLoggedReason(state, policy);
      if (skip) {
        await this.activity.skip(state, e164, skip);
        result.skipped++;
        continue;
      }
      const link = e164
        ? ((state.alowareContactId ? await deps.store.links.byAlowareId(state.alowareContactId) : null) ??
          (await deps.store.links.byPhone(e164)))
        : null;
      if (link) candidates.push({ record, link });
      else handOver.add(id);
    }
    const live = await liveLinks(
      deps,
      candidates.map((c) => c.link),
    );
    const rows: Row[] = [];
    for (const { record, link } of candidates) {
      if (!live.has(link.salesforceId)) {
        handOver.add(record.state.communicationId);
        continue;
      }
      const ownerId = await salesforceUserOf(deps, record.state.agentUserId);
      const row = this.row(record, link, ownerId, policy, record.taskId === null);
      if (record.taskId && record.writtenHash === row.hash) {
        await deps.parked.remove(record.state.communicationId);
        result.unchanged++;
      } else rows.push(row);
    }
    const retry = await this.upsert(rows, policy, result, handOver, firstSeen);
    for (const id of handOver) await deps.writeOne(id);
    result.handedOver = handOver.size;
    if (retry > 0) throw new TaskWriteRetryError(retry);
    return result;
  }

  private row(
    record: CommunicationRecord,
    link: Link,
    ownerId: string | null,
    policy: ActivityPolicy,
    forCreate: boolean,
  ): Row {
    const whoId = link.salesforceId;
    const { state } = record;
    const hash = digest(buildTaskFields(state, { whoId, ownerId, forCreate: false }, policy));
    const fields = buildTaskFields(state, { whoId, ownerId, forCreate }, policy);
    return { record, link, ownerId, forCreate, fields, hash };
  }

  /**
   * Two rounds at most: the batch, then the rows Salesforce refused for a reason the writer can remove (an
   * inactive owner: without `OwnerId`; a Task that already existed: without the create-only `TaskSubtype`).
   * Returns how many rows failed transiently (the job is retried).
   */
  private async upsert(
    rows: Row[],
    policy: ActivityPolicy,
    result: TaskFlushResult,
    handOver: Set<string>,
    firstSeen: ReadonlyMap<string, number>,
  ): Promise<number> {
    const { deps } = this;
    let transient = 0;
    let round = rows;
    for (let attempt = 1; round.length > 0; attempt++) {
      const sent = round.map((r) => ({ ...r.fields, [TASK_EXTERNAL_ID]: r.record.state.communicationId }));
      const answers = await deps.gateway.upsertManyByExternalId('Task', TASK_EXTERNAL_ID, sent);
      const again: Row[] = [];
      for (const [i, row] of round.entries()) {
        const answer = answers[i]!;
        const id = row.record.state.communicationId;
        if (answer.success && answer.id) {
          await this.logged(row, answer, policy, firstSeen.get(id));
          result.logged++;
          continue;
        }
        if (attempt === 1 && failedWith(answer, INACTIVE_OWNER) && row.ownerId !== null) {
          deps.logger.warn(
            { communicationId: id },
            'Task owner is an inactive Salesforce user; default owner',
          );
          deps.users.refresh?.();
          again.push(this.row(row.record, row.link, null, policy, row.forCreate));
          await deps.store.syncLog.record(row.link.salesforceId, [DEFAULT_OWNER_DECISION], undefined, {
            object: row.link.object,
            outcome: 'activity_default_owner',
          });
        } else if (attempt === 1 && row.forCreate && rejectsCreateOnlyField(answer)) {
          again.push(this.row(row.record, row.link, row.ownerId, policy, false));
        } else if (failedWith(answer, CONVERTED_LEAD)) {
          handOver.add(id);
        } else if (isPermanent(answer.errors.map((e) => e.code))) {
          await this.failed(id, answer);
          result.failed++;
        } else transient++;
      }
      round = attempt === 1 ? again : [];
    }
    return transient;
  }

  /** A written Task: remembered, unparked, measured; pending again when the state moved on meanwhile. */
  private async logged(
    row: Row,
    answer: UpsertResult,
    policy: ActivityPolicy,
    seenAt: number | undefined,
  ): Promise<void> {
    const { deps } = this;
    const id = row.record.state.communicationId;
    await deps.communications.setTask(id, answer.id!, row.hash);
    await deps.parked.remove(id);
    deps.metrics?.writes.inc({ direction: 'to_salesforce', outcome: 'activity_logged' });
    if (seenAt && deps.metrics) await deps.metrics.latency('to_salesforce', Date.now() - seenAt);
    deps.logger.info(
      { communicationId: id, taskId: answer.id, whoId: row.link.salesforceId, created: answer.created },
      'activity logged',
    );
    const now = await deps.communications.get(id);
    if (now && this.row(now, row.link, row.ownerId, policy, false).hash !== row.hash) await deps.pending(id);
  }

  private async failed(communicationId: string, answer: UpsertResult): Promise<void> {
    const reason = `Task upsert for communication ${communicationId}: ${answer.errors.map((e) => e.message).join('; ')}`;
    await this.deps.store.syncLog.error('to_salesforce', reason);
    await this.deps.store.failed.add({
      kind: 'activity',
      recordId: communicationId,
      reason,
      attempts: 1,
      retry: { queue: QUEUES.activities, name: JOBS.write, data: { communicationId } },
    });
  }
}
