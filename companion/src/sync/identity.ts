import type { IdentityCandidate, LinkResolution, SfObject } from './types.js';

const BOTH_OBJECTS: ReadonlySet<SfObject> = new Set<SfObject>(['Lead', 'Contact']);

function modifiedAt(c: IdentityCandidate): number {
  const stamp = c.lastModifiedDate ?? c.systemModstamp;
  const t = stamp ? Date.parse(stamp) : NaN;
  return Number.isNaN(t) ? -Infinity : t;
}

/** Priority object first, then the most recently modified, then the lowest Id: a total order. */
function compareCandidates(priority: SfObject): (x: IdentityCandidate, y: IdentityCandidate) => number {
  return (x, y) => {
    if (x.object !== y.object) return x.object === priority ? -1 : 1;
    const dt = modifiedAt(y) - modifiedAt(x);
    if (dt !== 0 && !Number.isNaN(dt)) return dt;
    return x.id < y.id ? -1 : x.id > y.id ? 1 : 0;
  };
}

function isConvertedLead(c: IdentityCandidate): boolean {
  return c.object === 'Lead' && c.isConverted === true;
}

/** One candidate per Id (the most recently modified copy), independent of input order. */
function uniqueById(candidates: readonly IdentityCandidate[]): IdentityCandidate[] {
  const byId = new Map<string, IdentityCandidate>();
  for (const c of candidates) {
    const seen = byId.get(c.id);
    const newer =
      seen &&
      (modifiedAt(c) > modifiedAt(seen) || (modifiedAt(c) === modifiedAt(seen) && isConvertedLead(c)));
    if (!seen || newer) byId.set(c.id, c);
  }
  return [...byId.values()];
}

function hasSameObjectPair(candidates: readonly IdentityCandidate[]): boolean {
  const objects = new Set<SfObject>();
  for (const c of candidates) {
    if (objects.has(c.object)) return true;
    objects.add(c.object);
  }
  return false;
}

function reasonBetween(first: IdentityCandidate, second: IdentityCandidate): LinkResolution['reason'] {
  if (first.object !== second.object) return 'priority_object';
  return modifiedAt(first) !== modifiedAt(second) ? 'most_recent' : 'lowest_id';
}

/**
 * Whether a record holding `phone` competes for it: only the records whose identity (primary phone, R1) it is
 * do. A record that holds it as another number (a mobile next to its own valid `Phone`) has its own contact,
 * for its identity, and never outranks the record whose identity the number is; Aloware keeps the number on
 * the contact that has it (a number is on one contact only). A candidate whose identity is not known competes.
 */
function competesFor(phone: string, candidate: IdentityCandidate): boolean {
  return candidate.identityPhone === undefined || candidate.identityPhone === phone;
}

/**
 * Which Salesforce record the Aloware contact for one phone is linked to. Only records of the `enabled`
 * objects compete (default: both): a record whose object's sync is off never keeps a record of an enabled
 * object from syncing; with `phone`, only the records whose identity it is (`competesFor`). Converted Leads
 * never win; when only converted Leads remain, the link goes to the Contact the (best) converted Lead became
 * (when Contact sync is on).
 */
export function resolveLink(
  candidates: readonly IdentityCandidate[],
  priority: SfObject,
  enabled: ReadonlySet<SfObject> = BOTH_OBJECTS,
  phone?: string,
): LinkResolution {
  const only = candidates.length === 1 ? candidates[0] : undefined;
  if (
    only &&
    enabled.has(only.object) &&
    !isConvertedLead(only) &&
    (phone === undefined || competesFor(phone, only))
  ) {
    // One live candidate (the common case): what the general path below decides, without its copies.
    return { linked: { id: only.id, object: only.object }, reason: 'only_candidate', ambiguous: false };
  }
  const all = uniqueById(candidates).filter(
    (c) => enabled.has(c.object) && (phone === undefined || competesFor(phone, c)),
  );
  const live = all.filter((c) => !isConvertedLead(c)).sort(compareCandidates(priority));
  const ambiguous = hasSameObjectPair(live);
  const [first, second] = live;
  if (first) {
    return {
      linked: { id: first.id, object: first.object },
      reason: second ? reasonBetween(first, second) : 'only_candidate',
      ambiguous,
    };
  }
  const converted = all
    .filter((c) => isConvertedLead(c) && c.convertedContactId)
    .sort(compareCandidates(priority))[0];
  if (converted?.convertedContactId && enabled.has('Contact')) {
    return {
      linked: { id: converted.convertedContactId, object: 'Contact' },
      reason: 'converted_lead_contact',
      ambiguous,
    };
  }
  return { linked: null, reason: 'none', ambiguous };
}

/** The record activities land on: a converted Lead resolves to its Contact. */
export function resolveWho(candidate: IdentityCandidate): { id: string; object: SfObject } {
  if (isConvertedLead(candidate) && candidate.convertedContactId) {
    return { id: candidate.convertedContactId, object: 'Contact' };
  }
  return { id: candidate.id, object: candidate.object };
}

/** A non-empty string, else null. */
function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

/** "First Last", either alone, or null (the parts as `str` gives them). */
function joinedName(first: string | null, last: string | null): string | null {
  return first !== null && last !== null ? `${first} ${last}` : (first ?? last);
}

/** Read the identity fields of a queried Lead/Contact. */
export function candidateOf(object: SfObject, record: Record<string, unknown>): IdentityCandidate {
  return {
    id: String(record.Id),
    object,
    lastModifiedDate: str(record.LastModifiedDate),
    systemModstamp: str(record.SystemModstamp),
    isConverted: record.IsConverted === true,
    convertedContactId: str(record.ConvertedContactId),
    name: str(record.Name) ?? joinedName(str(record.FirstName), str(record.LastName)),
  };
}
