import { toAlowareValue, toSalesforceValue } from './convert.js';
import { canWrite } from './direction.js';
import { fieldKey } from './fingerprint.js';
import { expandAlowareName, withConsistentName } from './name.js';
import { canonicalFromAloware, canonicalFromSalesforce, isQueueId, kindOf } from './values.js';
import type { ConflictPolicy, Decision, MappingRow, MergeInput, MergeResult } from './types.js';

type Target = 'to_aloware' | 'to_salesforce' | 'none';

interface FieldOutcome {
  target: Target;
  reason: string;
  conflict: boolean;
}

function millis(stamp: string | null | undefined): number {
  const t = stamp ? Date.parse(stamp) : NaN;
  return Number.isNaN(t) ? -Infinity : t;
}

function byPolicy(
  policy: ConflictPolicy,
  s: string | null,
  a: string | null,
  input: MergeInput,
): FieldOutcome {
  switch (policy) {
    case 'aloware_wins':
      return { target: 'to_salesforce', reason: 'both_changed_aloware_wins', conflict: true };
    case 'newest_wins': {
      const alowareNewer = millis(input.alowareModstamp) > millis(input.salesforceModstamp);
      return alowareNewer
        ? { target: 'to_salesforce', reason: 'both_changed_aloware_newer', conflict: true }
        : { target: 'to_aloware', reason: 'both_changed_salesforce_newer', conflict: true };
    }
    case 'fill_if_blank':
      if (a === null) return { target: 'to_aloware', reason: 'fill_blank_aloware', conflict: true };
      if (s === null) return { target: 'to_salesforce', reason: 'fill_blank_salesforce', conflict: true };
      return { target: 'none', reason: 'both_set_fill_if_blank', conflict: true };
    default:
      return { target: 'to_aloware', reason: 'both_changed_salesforce_wins', conflict: true };
  }
}

/** Three-way decision for one field from canonical values; `f` undefined means no previous sync. */
function decideField(
  row: MappingRow,
  s: string | null,
  a: string | null,
  f: string | null | undefined,
  input: MergeInput,
): FieldOutcome {
  if (s === a) return { target: 'none', reason: 'equal', conflict: false };
  if (f === undefined) {
    if (a === null) return { target: 'to_aloware', reason: 'first_sync_aloware_blank', conflict: false };
    if (s === null)
      return { target: 'to_salesforce', reason: 'first_sync_salesforce_blank', conflict: false };
    return byPolicy(row.conflictPolicy, s, a, input);
  }
  const sChanged = s !== f;
  const aChanged = a !== f;
  if (sChanged && !aChanged) return { target: 'to_aloware', reason: 'salesforce_changed', conflict: false };
  if (aChanged && !sChanged) return { target: 'to_salesforce', reason: 'aloware_changed', conflict: false };
  return byPolicy(row.conflictPolicy, s, a, input);
}

/**
 * A field Salesforce may not be written for (the object's update direction is `inbound`, or the row is
 * `to_aloware`) has Salesforce as its source of truth: whenever Aloware holds another value, Aloware is
 * brought back to Salesforce's value, and the baseline becomes that value, so the Aloware edit is never
 * applied later (not even when the direction opens up again). On a first sync a blank Salesforce value does
 * not erase what Aloware holds.
 */
function salesforceOnly(s: string | null, a: string | null, f: string | null | undefined): FieldOutcome {
  if (s === a) return { target: 'none', reason: 'equal', conflict: false };
  if (f === undefined && s === null)
    return { target: 'none', reason: 'first_sync_salesforce_blank; blocked_by_direction', conflict: false };
  if (f !== undefined && s === f)
    return { target: 'to_aloware', reason: 'aloware_edit_reverted', conflict: false };
  if (f !== undefined && a === f)
    return { target: 'to_aloware', reason: 'salesforce_changed', conflict: false };
  return { target: 'to_aloware', reason: 'salesforce_source_of_truth', conflict: false };
}

/** Whether the merge may update each side, for the object (the row's direction narrows it: `rowWrites`). */
interface Writable {
  salesforce: boolean;
  aloware: boolean;
}

/** `canWrite(settings, side, object, 'update', row)`, from the object's part decided once per merge. */
function rowWrites(writable: Writable, side: 'salesforce' | 'aloware', row: MappingRow): boolean {
  return side === 'salesforce'
    ? writable.salesforce && row.direction !== 'to_aloware'
    : writable.aloware && row.direction !== 'to_salesforce';
}

/** The outcome for one row, by the directions it may flow in (see `salesforceOnly`). */
function decideRow(
  row: MappingRow,
  s: string | null,
  a: string | null,
  f: string | null | undefined,
  input: MergeInput,
  writable: Writable,
): FieldOutcome {
  const toSalesforce = rowWrites(writable, 'salesforce', row);
  const toAloware = rowWrites(writable, 'aloware', row);
  if (toAloware && !toSalesforce) return salesforceOnly(s, a, f);
  return decideField(row, s, a, f, input);
}

/** Fingerprint keys by row (the key string is built once, not per record; a changed row gets a new one). */
const keys = new WeakMap<MappingRow, { salesforceField: string; alowareField: string; key: string }>();

function keyOf(row: MappingRow): string {
  const cached = keys.get(row);
  if (cached && cached.salesforceField === row.salesforceField && cached.alowareField === row.alowareField) {
    return cached.key;
  }
  const key = fieldKey(row);
  keys.set(row, { salesforceField: row.salesforceField, alowareField: row.alowareField, key });
  return key;
}

function decision(row: MappingRow, target: Target, reason: string, written: boolean): Decision {
  const winner = !written ? 'none' : target === 'to_aloware' ? 'salesforce' : 'aloware';
  return { field: row.salesforceField, winner, reason, direction: written ? target : 'none' };
}

/**
 * Three-way merge of a linked pair. Writes flow only where direction allows; values Salesforce would reject
 * are not written and reported as issues. The returned fingerprint keeps the old baseline for a field
 * that could not be written, so the pending change is neither lost nor re-decided as a conflict.
 */
export function merge(input: MergeInput): MergeResult {
  return mergeRows(input, true);
}

/**
 * `merge` without the decisions of equal rows (a plan keeps only the others; an in-sync record, the common
 * case, then allocates no decision at all).
 */
export function mergeChanges(input: MergeInput): MergeResult {
  return mergeRows(input, false);
}

function mergeRows(input: MergeInput, keepEqual: boolean): MergeResult {
  const result: MergeResult = {
    toSalesforce: {},
    toAloware: {},
    decisions: [],
    issues: [],
    fingerprint: {},
    conflict: false,
  };
  const aloware = expandAlowareName(input.aloware);
  const ctx = input.context;
  const writable: Writable = {
    salesforce: canWrite(input.settings, 'salesforce', input.object, 'update'),
    aloware: canWrite(input.settings, 'aloware', input.object, 'update'),
  };
  let mapsName = false;
  for (const row of input.rows) {
    if (row.object !== input.object) continue;
    if (row.alowareField === 'name') mapsName = true;
    const key = keyOf(row);
    const s = canonicalFromSalesforce(row, input.salesforce[row.salesforceField], ctx);
    const a = canonicalFromAloware(row, aloware[row.alowareField], ctx);
    if (s === a) {
      // Equal (the common case): nothing to write whatever the direction, and the baseline is the value.
      result.fingerprint[key] = s;
      if (keepEqual) {
        result.decisions.push({
          field: row.salesforceField,
          winner: 'none',
          reason: 'equal',
          direction: 'none',
        });
      }
      continue;
    }
    const previous = input.fingerprint ? input.fingerprint[key] : undefined;
    const outcome = decideRow(row, s, a, previous, input, writable);
    const written =
      outcome.target === 'none' ? false : applyOutcome(row, outcome, input, aloware, result, writable);
    if (written) result.fingerprint[key] = outcome.target === 'to_aloware' ? s : a;
    else if (previous !== undefined) result.fingerprint[key] = previous;
    if (written && outcome.conflict) result.conflict = true;
    result.decisions.push(decision(row, outcome.target, outcome.reason, written));
  }
  if (!mapsName) result.toAloware = withConsistentName(input.aloware, result.toAloware);
  return result;
}

function applyOutcome(
  row: MappingRow,
  outcome: FieldOutcome,
  input: MergeInput,
  aloware: Record<string, string | null | undefined>,
  result: MergeResult,
  writable: Writable,
): boolean {
  const side = outcome.target === 'to_aloware' ? 'aloware' : 'salesforce';
  if (!rowWrites(writable, side, row)) {
    outcome.reason = `${outcome.reason}; blocked_by_direction`;
    return false;
  }
  if (side === 'salesforce' && kindOf(row) === 'owner' && isQueueId(input.salesforce[row.salesforceField])) {
    result.issues.push({
      field: row.salesforceField,
      code: 'queue_owned',
      message: 'A queue-owned record keeps its owner',
    });
    outcome.reason = `${outcome.reason}; queue_owned`;
    return false;
  }
  const converted =
    side === 'aloware'
      ? toAlowareValue(row, input.salesforce[row.salesforceField], input.context)
      : toSalesforceValue(row, aloware[row.alowareField], input.context, 'update');
  if (converted.issue) result.issues.push(converted.issue);
  if (converted.value === undefined) {
    outcome.reason = `${outcome.reason}; ${converted.issue?.code ?? 'rejected'}`;
    return false;
  }
  if (side === 'aloware') result.toAloware[row.alowareField] = converted.value as string | null;
  else result.toSalesforce[row.salesforceField] = converted.value;
  return true;
}
