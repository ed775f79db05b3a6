import { candidateOf } from './identity.js';
import { memoizedPhone } from './phone.js';
import { phoneFields } from './phone-index.js';
import type { ConversionContext, IdentityCandidate, MappingRow, SfObject, SfRecord } from './types.js';

/** The Salesforce field mapped to Aloware's primary `phone_number` (the locked `Phone` row). */
export function primaryPhoneField(rows: readonly MappingRow[], object: SfObject): string {
  return (
    rows.find((r) => r.object === object && r.alowareField === 'phone_number')?.salesforceField ?? 'Phone'
  );
}

/**
 * Which phone of a record is its identity and Aloware's primary `phone_number`: the field mapped to
 * `phone_number` (`Phone`) when it holds a valid number, otherwise the first other mapped phone field, in
 * mapping order, that does (default mapping: `MobilePhone`, then a Contact's `HomePhone`, `OtherPhone`).
 * Null when no mapped phone field holds a valid number.
 */
function primaryPhoneSource(
  record: Record<string, unknown>,
  rows: readonly MappingRow[],
  object: SfObject,
  ctx: Pick<ConversionContext, 'region' | 'describe'>,
): { field: string; e164: string } | null {
  for (const field of identityPhoneFields(rows, object, ctx)) {
    const result = memoizedPhone(record[field], ctx.region);
    if (result.ok) return { field, e164: result.e164 };
  }
  return null;
}

/** A record read with its phone fields as an identity candidate, with the one phone it competes for (R1). */
export function identityCandidateOf(
  object: SfObject,
  record: Record<string, unknown>,
  rows: readonly MappingRow[],
  ctx: Pick<ConversionContext, 'region' | 'describe'>,
): IdentityCandidate {
  const identityPhone = primaryPhoneSource(record, rows, object, ctx)?.e164 ?? null;
  return { ...candidateOf(object, record), identityPhone };
}

/** The mapped phone fields in the order they are tried for the identity: the primary field first. */
export function identityPhoneFields(
  rows: readonly MappingRow[],
  object: SfObject,
  ctx?: Pick<ConversionContext, 'describe'>,
): string[] {
  const primary = primaryPhoneField(rows, object);
  return [primary, ...phoneFields(rows, object, ctx).filter((f) => f !== primary)];
}

/** `primaryPhoneView` for an identity already found (no phone parsed again). */
export function viewWithSource<T extends SfRecord>(record: T, sourceField: string, primary: string): T {
  if (sourceField === primary) return record;
  return { ...record, [primary]: record[sourceField], [sourceField]: null };
}

/**
 * The record as its Aloware contact sees it: when the identity comes from another phone field (a Contact
 * with only a `MobilePhone`), that number is Aloware's primary `phone_number`, not one of its other numbers
 * (Aloware keeps a number once per contact). So the view moves it into the primary field and blanks the
 * field it came from; mapping, fingerprints and merges then compare like with like. Idempotent; the record
 * itself is not changed.
 */
export function primaryPhoneView<T extends SfRecord>(
  record: T,
  rows: readonly MappingRow[],
  object: SfObject,
  ctx: Pick<ConversionContext, 'region' | 'describe'>,
): T {
  const source = primaryPhoneSource(record, rows, object, ctx);
  return source ? viewWithSource(record, source.field, primaryPhoneField(rows, object)) : record;
}
