import { emptyPlan } from './plan.js';
import type {
  AlowareContactSnapshot,
  IdentityCandidate,
  IndexedLink,
  Plan,
  PlanIndex,
  PlanSummary,
} from './types.js';

/** The counts the contract's `Operation.plan` carries. */
export function summarizePlan(plan: Plan): PlanSummary {
  return {
    creates: plan.creates.length,
    updates: plan.updates.length,
    skips: plan.skips.length,
    conflicts: plan.conflicts.length,
    invalidPhones: plan.invalidPhones.length,
    ambiguousGroups: plan.ambiguousGroups.length,
    apiCalls: { ...plan.apiCalls },
  };
}

export function emptySummary(): PlanSummary {
  return summarizePlan(emptyPlan());
}

/** Summaries of pages add up to the summary of the whole run. */
export function addSummaries(a: PlanSummary, b: PlanSummary): PlanSummary {
  return {
    creates: a.creates + b.creates,
    updates: a.updates + b.updates,
    skips: a.skips + b.skips,
    conflicts: a.conflicts + b.conflicts,
    invalidPhones: a.invalidPhones + b.invalidPhones,
    ambiguousGroups: a.ambiguousGroups + b.ambiguousGroups,
    apiCalls: {
      salesforce: a.apiCalls.salesforce + b.apiCalls.salesforce,
      aloware: a.apiCalls.aloware + b.apiCalls.aloware,
    },
  };
}

/** A Map-backed `PlanIndex` (tests, the benchmark, and a companion page cache). */
export function mapPlanIndex(
  links: ReadonlyMap<string, IndexedLink>,
  contacts: ReadonlyMap<string, AlowareContactSnapshot>,
  recordsByPhone?: ReadonlyMap<string, readonly IdentityCandidate[]>,
): PlanIndex {
  return {
    linkOf: (id) => links.get(id),
    contactByPhone: (phone) => contacts.get(phone),
    recordsForPhone: recordsByPhone ? (phone) => recordsByPhone.get(phone) ?? [] : undefined,
  };
}
