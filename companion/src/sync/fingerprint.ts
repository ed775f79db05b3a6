import { canonicalFromAloware, canonicalFromSalesforce } from './values.js';
import type { AlowareValues, ConversionContext, Fingerprint, MappingRow } from './types.js';

/** The fingerprint key of a mapping row: a mapping change (other Aloware field) starts from scratch. */
export function fieldKey(row: Pick<MappingRow, 'salesforceField' | 'alowareField'>): string {
  return `${row.salesforceField}/${row.alowareField}`;
}

/** Stable, normalised mapped values of a Salesforce record (keys sorted, values canonical). */
export function fingerprintOf(
  record: Record<string, unknown>,
  rows: readonly MappingRow[],
  ctx: ConversionContext,
): Fingerprint {
  const entries = rows.map((row) => [
    fieldKey(row),
    canonicalFromSalesforce(row, record[row.salesforceField], ctx),
  ]);
  return Object.fromEntries(entries.sort(([a], [b]) => ((a as string) < (b as string) ? -1 : 1)));
}

/** The same, from the Aloware side's values. Equal to `fingerprintOf` when both sides agree. */
export function fingerprintOfAloware(
  values: AlowareValues,
  rows: readonly MappingRow[],
  ctx: ConversionContext,
): Fingerprint {
  const entries = rows.map((row) => [
    fieldKey(row),
    canonicalFromAloware(row, values[row.alowareField], ctx),
  ]);
  return Object.fromEntries(entries.sort(([a], [b]) => ((a as string) < (b as string) ? -1 : 1)));
}

/** The same fields with the same canonical values, whatever the key order (no JSON round trip). */
export function sameFingerprint(a: Fingerprint, b: Fingerprint): boolean {
  let n = 0;
  for (const key in a) {
    if (!Object.prototype.hasOwnProperty.call(a, key)) continue;
    n++;
    if (!Object.prototype.hasOwnProperty.call(b, key) || a[key] !== b[key]) return false;
  }
  return n === Object.keys(b).length;
}

/** A cheap 64-bit (two FNV-1a lanes) hex hash of a fingerprint, independent of key order. */
export function fingerprintHash(fingerprint: Fingerprint): string {
  const keys = Object.keys(fingerprint).sort();
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x9e3779b9;
  const feed = (text: string): void => {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    }
  };
  for (const key of keys) {
    const value = fingerprint[key];
    feed(key);
    feed(value === null || value === undefined ? '\u0000' : `\u0001${value}`);
    feed('\u0002');
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}
