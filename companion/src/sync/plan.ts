import { canWrite, enabledObjects, objectEnabled } from './direction.js';
import { candidateOf, resolveLink } from './identity.js';
import { mergeChanges } from './merge.js';
import { payloadDiffs } from './plan-diff.js';
import { alowarePayload } from './payload.js';
import { memoizedPhone } from './phone.js';
import { identityPhoneFields, primaryPhoneField, viewWithSource } from './primary-phone.js';
import { ambiguousIn } from './phone-index.js';
import type {
  AlowareValues,
  Fingerprint,
  MergeResult,
  IdentityCandidate,
  Plan,
  PlanContext,
  SfRecord,
} from './types.js';

/** Records per Salesforce composite write (`PATCH /composite/sobjects`). */
const SALESFORCE_BATCH = 200;

export function emptyPlan(): Plan {
  return {
    creates: [],
    updates: [],
    skips: [],
    conflicts: [],
    invalidPhones: [],
    ambiguousGroups: [],
    apiCalls: { salesforce: 0, aloware: 0 },
  };
}

/**
 * Plan one page of Salesforce records of `ctx.object` against the identity index: what a one-time pull (or
 * a mapping change) would create, update or skip. Pure and page-local, so the companion can plan any
 * number of pages with flat memory and sum their summaries. A plan applied and planned again is empty.
 */
export function planPage(records: readonly SfRecord[], ctx: PlanContext): Plan {
  const plan = emptyPlan();
  const object = ctx.object;
  if (!objectEnabled(ctx.settings, object)) {
    for (const r of records) plan.skips.push({ recordId: r.Id, object, reason: 'sync_disabled' });
    return plan;
  }
  const groups = groupByPhone(records, ctx, plan);
  for (const phone of [...groups.keys()].sort()) planPhone(phone, groups.get(phone) ?? [], ctx, plan);
  plan.apiCalls = estimateCalls(plan);
  return plan;
}

function groupByPhone(records: readonly SfRecord[], ctx: PlanContext, plan: Plan): Map<string, SfRecord[]> {
  const object = ctx.object;
  const fields = identityPhoneFields(ctx.rows, object, ctx.context);
  const primary = primaryPhoneField(ctx.rows, object);
  const groups = new Map<string, SfRecord[]>();
  for (const record of records) {
    if (object === 'Lead' && record.IsConverted === true) {
      plan.skips.push({ recordId: record.Id, object, reason: 'converted_lead' });
      continue;
    }
    // Identity (see primary-phone.ts): the first mapped phone field, primary first, holding a valid number.
    let identity: { field: string; e164: string } | null = null;
    let typed = false;
    for (const field of fields) {
      const result = memoizedPhone(record[field], ctx.settings.defaultRegion);
      if (result.ok) identity ??= { field, e164: result.e164 };
      else if (result.reason !== 'empty') {
        typed = true;
        plan.invalidPhones.push({ recordId: record.Id, object, field, reason: result.reason });
      }
    }
    if (!identity) {
      plan.skips.push({ recordId: record.Id, object, reason: typed ? 'invalid_phone' : 'no_phone' });
      continue;
    }
    const viewed = viewWithSource(record, identity.field, primary);
    const group = groups.get(identity.e164);
    if (group) group.push(viewed);
    else groups.set(identity.e164, [viewed]);
  }
  return groups;
}

function planPhone(phone: string, records: readonly SfRecord[], ctx: PlanContext, plan: Plan): void {
  const candidates: IdentityCandidate[] = [
    ...records.map((r) => candidateOf(ctx.object, r)),
    ...(ctx.index.recordsForPhone?.(phone) ?? []),
  ];
  const resolution = resolveLink(
    candidates,
    ctx.settings.priorityObject,
    enabledObjects(ctx.settings),
    phone,
  );
  if (resolution.ambiguous) {
    const lowestId = candidates.map((c) => c.id).sort()[0];
    if (lowestId !== undefined && records.some((r) => r.Id === lowestId)) {
      plan.ambiguousGroups.push(...ambiguousIn(phone, candidates));
    }
  }
  for (const record of records) {
    if (resolution.linked?.id === record.Id) planRecord(phone, record, ctx, plan);
    else
      plan.skips.push({
        recordId: record.Id,
        object: ctx.object,
        reason: 'not_priority',
        linkedTo: resolution.linked?.id,
        phone,
      });
  }
}

function planRecord(phone: string, record: SfRecord, ctx: PlanContext, plan: Plan): void {
  const object = ctx.object;
  const link = ctx.index.linkOf(record.Id);
  const contact = ctx.index.contactByPhone(phone);
  if (!contact) {
    if (!canWrite(ctx.settings, 'aloware', object, 'create')) {
      plan.skips.push({ recordId: record.Id, object, reason: 'create_not_allowed' });
      return;
    }
    const toAloware = alowarePayload(object, record, ctx.rows, ctx.context).values;
    const fingerprint = mergeWith(record, toAloware, undefined, null, ctx).fingerprint;
    plan.creates.push({ recordId: record.Id, object, phone, toAloware, fingerprint });
    return;
  }
  // A record whose phone moved to a number that already has a contact links to that contact (its old link is
  // released); the merge then starts afresh, as the baseline belongs to the old pair.
  const same = link !== undefined && link.alowareContactId === contact.id ? link : undefined;
  const result = mergeWith(
    record,
    contact.values,
    same?.fingerprint ?? undefined,
    contact.updatedAt ?? null,
    ctx,
  );
  const diffs = payloadDiffs(object, record, contact.values, result, ctx);
  if (diffs.length === 0 && same) {
    plan.skips.push({ recordId: record.Id, object, reason: 'in_sync', linkedTo: contact.id });
    return;
  }
  plan.updates.push({
    recordId: record.Id,
    object,
    alowareContactId: contact.id,
    phone,
    newLink: !same,
    diffs,
    toAloware: result.toAloware,
    toSalesforce: result.toSalesforce,
    fingerprint: result.fingerprint,
    decisions: result.decisions, // no `equal` decisions (mergeChanges)
  });
  if (result.conflict) {
    const decided = result.decisions.filter((d) => d.winner !== 'none' && /^(both_|fill_)/.test(d.reason));
    plan.conflicts.push({ recordId: record.Id, object, decisions: decided });
  }
}

function mergeWith(
  record: SfRecord,
  aloware: AlowareValues,
  fingerprint: Fingerprint | undefined,
  alowareModstamp: string | null,
  ctx: PlanContext,
): MergeResult {
  return mergeChanges({
    object: ctx.object,
    salesforce: record,
    aloware,
    fingerprint,
    salesforceModstamp: (record.SystemModstamp as string | undefined) ?? null,
    alowareModstamp,
    rows: ctx.rows,
    settings: ctx.settings,
    context: ctx.context,
  });
}

function estimateCalls(plan: Plan): Plan['apiCalls'] {
  const alowareUpdates = plan.updates.filter((u) => Object.keys(u.toAloware).length > 0).length;
  const sfWrites =
    plan.creates.length +
    plan.updates.filter((u) => u.newLink || Object.keys(u.toSalesforce).length > 0).length;
  return {
    aloware: plan.creates.length * 2 + alowareUpdates,
    salesforce: Math.ceil(sfWrites / SALESFORCE_BATCH),
  };
}
