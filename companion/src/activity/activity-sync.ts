import { createHash } from 'node:crypto';
import type { UpsertResult } from '../salesforce/gateway.js';
import { classifyDelivery } from '../aloware/webhooks.js';
import { withLockNoSlotWaits } from '../links/phone-lock.js';
import { salesforceUserOf, type ToSalesforceDeps } from '../to-salesforce/deps.js';
import { createRecordFromAloware, SalesforceWriteError } from '../to-salesforce/record-creator.js';
import {
  CONVERTED_LEAD,
  DEFAULT_OWNER_DECISION,
  failedWith,
  settled,
  writeWithOwnerFallback,
} from '../to-salesforce/owner-fallback.js';
import { findRecord, followConversion, linkRecord } from '../to-salesforce/record-finder.js';
import { phoneLockName, type ActiveConfig } from '../store/index.js';
import {
  createTargetObject,
  DEFAULT_REP_POLICY,
  maskPhone,
  notLoggedReason,
  phoneKey,
  type ActivityPolicy,
  type LinkTarget,
} from '../sync/index.js';
import type { CommunicationRecord, CommunicationStore } from './communication-store.js';
import type { ParkedStore } from './parked.js';
import { buildTaskFields, type CommunicationState } from './task-builder.js';

export const TASK_EXTERNAL_ID = 'Aloware_Communication_Id__c';

export type ActivityOutcome =
  | { outcome: 'queued' }
  | { outcome: 'logged'; taskId: string; whoId: string; created: boolean }
  | { outcome: 'parked'; reason: string }
  | { outcome: 'skipped'; reason: string };

export interface ActivityDeps extends ToSalesforceDeps {
  communications: CommunicationStore;
  parked: ParkedStore;
  /** Called when this writer created a Salesforce record for a phone (other parked items may wait for it). */
  onRecord?: (e164: string) => Promise<void>;
  /** Marks a communication for the batched Task writer (`task-flush.ts`), which schedules its flush. */
  pending: (communicationId: string) => Promise<void>;
}

/**
 * Calls and SMS → one Task per communication. Each delivery is folded into the communication's state and
 * the communication marked pending; the batched writer (`task-flush.ts`) upserts the whole state by
 * `Aloware_Communication_Id__c` on the linked Lead/Contact, many communications per call. `write` is the
 * per-communication writer, under the phone lock, for what the batch hands over: find the record (a converted
 * Lead resolves to its Contact), or create one when the Aloware → Salesforce create direction allows it, else
 * park until it appears. Tasks are owned by the agent's Salesforce user when matched.
 */
export class ActivitySync {
  constructor(private readonly deps: ActivityDeps) {}

  /** One stored delivery (inbox id): fold, then write. */
  async handleDelivery(inboxId: string): Promise<ActivityOutcome> {
    const entry = await this.deps.store.inbox.get(inboxId);
    if (!entry) return { outcome: 'skipped', reason: 'delivery_expired' };
    const event = classifyDelivery(entry.payload);
    if (event.kind !== 'communication')
      return { outcome: 'skipped', reason: `not_a_communication_${event.kind}` };
    await this.deps.communications.fold(event);
    await this.deps.pending(event.communicationId);
    await this.deps.store.inbox.done('aloware', inboxId);
    return { outcome: 'queued' };
  }

  /** Writes the Task from the current state (also used to retry parked activities). */
  async write(communicationId: string): Promise<ActivityOutcome> {
    const { settings } = await this.deps.store.config.get();
    const current = await this.deps.communications.get(communicationId);
    if (!current) return { outcome: 'skipped', reason: 'unknown_communication' };
    const e164 = phoneKey(current.state.leadNumber, settings.defaultRegion);
    const lock = e164 ? phoneLockName(e164) : `comm-write-${communicationId}`;
    return withLockNoSlotWaits(this.deps.store.locks, lock, async () => {
      const record = await this.deps.communications.get(communicationId);
      // Read under the lock, after the communication's current state (not before waiting for the lock): what
      // the state holds is judged by the settings saved before it was read.
      const config = await this.deps.store.config.get();
      const state = record!.state;
      const policy = config.policy?.activity ?? DEFAULT_REP_POLICY.activity;
      const skip = record!.taskId ? null : notLoggedReason(state, policy);
      if (skip) return this.skip(state, e164, skip);
      const target = e164 ? await this.resolveTarget(config, state, e164) : null;
      if (!target) {
        const reason = e164 ? 'no_linked_record' : 'no_phone_number';
        await this.deps.parked.park({ communicationId, channel: state.channel, phone: e164, reason });
        this.deps.logger.info({ communicationId, phone: maskPhone(e164), reason }, 'activity parked');
        return { outcome: 'parked', reason } as const;
      }
      return this.upsertTask(state, record!, target, policy);
    });
  }

  /** Not logged per the settings: said once per communication in the sync log (not while the outcome is pending). */
  async skip(state: CommunicationState, e164: string | null, reason: string): Promise<ActivityOutcome> {
    await this.deps.parked.remove(state.communicationId);
    if (
      reason !== 'outcome_pending' &&
      (await this.deps.communications.markSkipped(state.communicationId, reason))
    ) {
      const link = e164 ? await this.deps.store.links.byPhone(e164) : null;
      await this.deps.store.syncLog.record(
        link?.salesforceId ?? `communication-${state.communicationId}`,
        [{ field: 'Task', winner: 'none', reason, direction: 'none' }],
        new Date().toISOString(),
        { object: link?.object, phone: e164 ?? undefined, outcome: 'activity_not_logged' },
      );
      this.deps.logger.info(
        { communicationId: state.communicationId, reason },
        'activity not logged (settings)',
      );
    }
    return { outcome: 'skipped', reason };
  }

  private async resolveTarget(
    config: ActiveConfig,
    state: CommunicationState,
    e164: string,
  ): Promise<LinkTarget | null> {
    const found = await findRecord(this.deps, config, e164, state.alowareContactId);
    if (found) {
      if (state.alowareContactId) await linkRecord(this.deps, found, state.alowareContactId, e164);
      return found;
    }
    if (!state.alowareContactId || !createTargetObject(config.settings)) return null;
    const contact = await this.deps.aloware.findByPhone(e164);
    const values = contact ? contact.values : {};
    const contactId = contact?.id ?? state.alowareContactId;
    const created = await createRecordFromAloware(this.deps, config, contactId, e164, values);
    if (created && this.deps.onRecord) await this.deps.onRecord(e164);
    return created;
  }

  private async upsertTask(
    state: CommunicationState,
    record: CommunicationRecord,
    target: LinkTarget,
    policy: ActivityPolicy,
  ): Promise<ActivityOutcome> {
    const knownTaskId = record.taskId;
    const ownerId = await salesforceUserOf(this.deps, state.agentUserId);
    const hash = digest(buildTaskFields(state, { whoId: target.id, ownerId, forCreate: false }, policy));
    if (knownTaskId && record.writtenHash === hash) {
      await this.deps.parked.remove(state.communicationId);
      return { outcome: 'logged', taskId: knownTaskId, whoId: target.id, created: false };
    }
    let who = target;
    let write = await this.writeTask(state, policy, knownTaskId, who.id, ownerId);
    if (failedWith(write.result, CONVERTED_LEAD) && who.object === 'Lead') {
      // The Lead was converted after its link was last verified: the Task goes to the converted Contact.
      const contact = await followConversion(this.deps, who.id);
      if (contact) {
        who = contact;
        write = await this.writeTask(state, policy, knownTaskId, who.id, ownerId);
      }
    }
    const { result, ownerDropped } = write;
    if (!result.success || !result.id) {
      const codes = result.errors.map((e) => e.code);
      const message = result.errors.map((e) => e.message).join('; ');
      throw new SalesforceWriteError(
        `Task upsert for communication ${state.communicationId}: ${message}`,
        codes,
      );
    }
    await this.deps.communications.setTask(state.communicationId, result.id, hash);
    await this.deps.parked.remove(state.communicationId);
    // A delivery folded while this write was on its way: the batched writer writes the newer state.
    const now = await this.deps.communications.get(state.communicationId);
    const fields = now && buildTaskFields(now.state, { whoId: target.id, ownerId, forCreate: false }, policy);
    if (fields && digest(fields) !== hash) await this.deps.pending(state.communicationId);
    if (ownerDropped) {
      await this.deps.store.syncLog.record(who.id, [DEFAULT_OWNER_DECISION], undefined, {
        object: who.object,
        outcome: 'activity_default_owner',
      });
    }
    this.deps.logger.info(
      { communicationId: state.communicationId, taskId: result.id, whoId: who.id, created: result.created },
      'activity logged',
    );
    return { outcome: 'logged', taskId: result.id, whoId: who.id, created: result.created };
  }

  /**
   * One upsert of the Task by its external id, with the owner fallback; a Task that already existed (lost
   * state) refuses `TaskSubtype`, which may only be set on create, so it is written again without it.
   */
  private async writeTask(
    state: CommunicationState,
    policy: ActivityPolicy,
    knownTaskId: string | null,
    whoId: string,
    ownerId: string | null,
  ): Promise<{ result: UpsertResult; ownerDropped: boolean }> {
    const upsert = (forCreate: boolean) =>
      writeWithOwnerFallback(
        this.deps,
        buildTaskFields(state, { whoId, ownerId, forCreate }, policy),
        (fields) =>
          settled(
            this.deps.gateway.upsertByExternalId('Task', TASK_EXTERNAL_ID, state.communicationId, fields),
            { created: false },
          ),
      );
    const first = await upsert(knownTaskId === null);
    if (first.result.success || knownTaskId !== null || !rejectsCreateOnlyField(first.result)) return first;
    return upsert(false);
  }
}

/** Order-independent digest of Task fields (a repeated event that changes nothing is not written again). */
export function digest(fields: Record<string, unknown>): string {
  const sorted = Object.keys(fields)
    .sort()
    .map((k) => [k, fields[k]]);
  return createHash('sha256').update(JSON.stringify(sorted)).digest('hex').slice(0, 24);
}

/** The Task already existed (lost state): `TaskSubtype` may only be set on create. */
export function rejectsCreateOnlyField(result: UpsertResult): boolean {
  return result.errors.some(
    (e) =>
      e.fields?.includes('TaskSubtype') ||
      /TaskSubtype/.test(e.message) ||
      e.code === 'INVALID_FIELD_FOR_INSERT_UPDATE',
  );
}
