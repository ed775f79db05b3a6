import type { Plan, SfObject, SfRecord } from './types.js';

/** What a one-time pull would do with a record (docs/contracts.md §3 `PlanSample.outcome`). */
export type PlanOutcome =
  | 'create'
  | 'update'
  | 'skip'
  | 'conflict'
  | 'invalid_phone'
  | 'ambiguous'
  /** The one-time push from Aloware only: a row whose write failed (the real run). */
  | 'failed';

/**
 * One record of a dry run's plan and why (docs/contracts.md §3 `PlanSample`). `reason` is a code the panels
 * put in words (`c/alowareUtils` planReasonText); `fields` are Salesforce field API names (never values).
 */
export interface PlanSample {
  outcome: PlanOutcome;
  recordId: string;
  object: SfObject;
  /** The record's name when the pull read one (FirstName LastName, or Name). */
  name?: string;
  reason: string;
  fields: string[];
  /** ambiguous: the other records that share the phone. */
  sharedWith?: string[];
  /** The one-time push from Aloware: the row of the uploaded file (1 = the first after the header). */
  row?: number;
}

/** Samples kept per outcome over the whole run (the first ones seen). */
export const SAMPLES_PER_OUTCOME = 5;

function nameOf(record: SfRecord | undefined): string | undefined {
  if (!record) return undefined;
  const parts = [record.FirstName, record.LastName].filter(
    (p): p is string => typeof p === 'string' && p !== '',
  );
  const name = parts.length ? parts.join(' ') : typeof record.Name === 'string' ? record.Name : '';
  return name || undefined;
}

/** The samples of one page's plan, in outcome order. */
export function planSamples(plan: Plan, records: readonly SfRecord[]): PlanSample[] {
  const byId = new Map(records.map((r) => [r.Id, r]));
  const sample = (
    outcome: PlanOutcome,
    recordId: string,
    object: SfObject,
    reason: string,
    fields: string[] = [],
  ): PlanSample => {
    const name = nameOf(byId.get(recordId));
    return { outcome, recordId, object, ...(name ? { name } : {}), reason, fields };
  };
  return [
    ...plan.creates.map((c) => sample('create', c.recordId, c.object, 'no_aloware_contact')),
    ...plan.updates.map((u) =>
      sample('update', u.recordId, u.object, u.newLink ? 'matched_by_phone' : 'linked', [
        ...new Set(u.diffs.map((d) => d.field)),
      ]),
    ),
    ...plan.skips.map((s) => sample('skip', s.recordId, s.object, s.reason)),
    ...plan.conflicts.map((c) =>
      sample(
        'conflict',
        c.recordId,
        c.object,
        [...new Set(c.decisions.map((d) => d.reason))].join('; ') || 'both_changed',
        [...new Set(c.decisions.map((d) => d.field))],
      ),
    ),
    ...plan.invalidPhones.map((p) => sample('invalid_phone', p.recordId, p.object, p.reason, [p.field])),
    ...plan.ambiguousGroups.map((g) => ({
      ...sample('ambiguous', g.recordIds[0] ?? '', g.object, 'shared_phone'),
      sharedWith: g.recordIds.slice(1),
    })),
  ];
}

/** Adds a page's samples to a run's, keeping at most SAMPLES_PER_OUTCOME per outcome. */
export function addSamples(kept: readonly PlanSample[], page: readonly PlanSample[]): PlanSample[] {
  const out = [...kept];
  const count = new Map<PlanOutcome, number>();
  for (const s of out) count.set(s.outcome, (count.get(s.outcome) ?? 0) + 1);
  for (const s of page) {
    const n = count.get(s.outcome) ?? 0;
    if (n >= SAMPLES_PER_OUTCOME) continue;
    count.set(s.outcome, n + 1);
    out.push(s);
  }
  return out;
}
