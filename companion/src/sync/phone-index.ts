import { candidateOf, resolveLink } from './identity.js';
import { maskPhone, normalizePhone } from './phone.js';
import { isPhoneAlowareField } from './values.js';
import type {
  AmbiguousGroup,
  ConversionContext,
  IdentityCandidate,
  LinkResolution,
  MappingRow,
  SfObject,
  UnparseablePhone,
} from './types.js';

/** Salesforce fields indexed for identity: every mapped phone field (by Aloware field or describe type). */
export function phoneFields(
  rows: readonly MappingRow[],
  object: SfObject,
  ctx?: Pick<ConversionContext, 'describe'>,
): string[] {
  const fields = rows
    .filter((r) => r.object === object)
    .filter(
      (r) =>
        isPhoneAlowareField(r.alowareField) ||
        ctx?.describe?.find((f) => f.name === r.salesforceField)?.type === 'phone',
    )
    .map((r) => r.salesforceField);
  return [...new Set(fields)];
}

export interface SharedPhone {
  phoneMasked: string;
  records: { id: string; object: SfObject; name: string | null }[];
  linkedId: string | null;
}

/**
 * Phone → Salesforce records, built page by page. Memory is one entry per distinct phone plus the
 * candidates sharing it; unparseable phones are collected for the identity report.
 */
export class PhoneIndex {
  private readonly byPhone = new Map<string, IdentityCandidate[]>();
  readonly unparseable: UnparseablePhone[] = [];

  constructor(private readonly region: string) {}

  add(object: SfObject, records: readonly Record<string, unknown>[], fields: readonly string[]): void {
    for (const record of records) {
      const candidate = candidateOf(object, record);
      const seen = new Set<string>();
      for (const field of fields) {
        const result = normalizePhone(record[field], this.region);
        if (!result.ok) {
          if (result.reason !== 'empty')
            this.unparseable.push({ recordId: candidate.id, object, field, reason: result.reason });
          continue;
        }
        if (seen.has(result.e164)) continue;
        seen.add(result.e164);
        const list = this.byPhone.get(result.e164);
        if (list) list.push(candidate);
        else this.byPhone.set(result.e164, [candidate]);
      }
    }
  }

  get size(): number {
    return this.byPhone.size;
  }

  candidates(e164: string): readonly IdentityCandidate[] {
    return this.byPhone.get(e164) ?? [];
  }

  resolve(e164: string, priority: SfObject): LinkResolution {
    return resolveLink(this.candidates(e164), priority, undefined, e164);
  }

  /** Phones held by several live records of the same object. */
  ambiguousGroups(): AmbiguousGroup[] {
    const groups: AmbiguousGroup[] = [];
    for (const [phone, list] of this.byPhone) groups.push(...ambiguousIn(phone, list));
    return groups.sort((a, b) => (a.phone + a.object < b.phone + b.object ? -1 : 1));
  }

  /** `GET /api/v1/identity-report` (docs/contracts.md §3) for the records added so far. */
  report(priority: SfObject): { sharedPhones: SharedPhone[]; unparseable: UnparseablePhone[] } {
    return { sharedPhones: this.sharedPhones(priority), unparseable: [...this.unparseable] };
  }

  /** The identity report's `sharedPhones` (docs/contracts.md §3): phones shared by more than one record. */
  sharedPhones(priority: SfObject): SharedPhone[] {
    const out: SharedPhone[] = [];
    for (const [phone, list] of [...this.byPhone].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (list.length < 2) continue;
      const records = list.map((c) => ({ id: c.id, object: c.object, name: c.name ?? null }));
      out.push({
        phoneMasked: maskPhone(phone),
        records,
        linkedId: resolveLink(list, priority, undefined, phone).linked?.id ?? null,
      });
    }
    return out;
  }
}

/** Same-object groups of live (not converted) records within one phone's candidates. */
export function ambiguousIn(phone: string, candidates: readonly IdentityCandidate[]): AmbiguousGroup[] {
  const byObject = new Map<SfObject, Set<string>>();
  for (const c of candidates) {
    if (c.object === 'Lead' && c.isConverted) continue;
    const ids = byObject.get(c.object) ?? new Set<string>();
    ids.add(c.id);
    byObject.set(c.object, ids);
  }
  const groups: AmbiguousGroup[] = [];
  for (const object of ['Contact', 'Lead'] as const) {
    const ids = byObject.get(object);
    if (ids && ids.size > 1) groups.push({ phone, object, recordIds: [...ids].sort() });
  }
  return groups;
}
