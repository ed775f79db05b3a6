import {
  fieldKey,
  kindOf,
  type AlowareValues,
  type Fingerprint,
  type MappingRow,
  type UserTable,
} from '../sync/index.js';

/**
 * What the companion believes the Aloware contact holds: the values of the last sync (its fingerprint), as
 * Aloware values. Aloware-side edits reach the companion through webhooks, which update the fingerprint, so
 * the real-time path never has to read the contact back (no Aloware request when nothing changed).
 */
export function snapshotFromFingerprint(
  fingerprint: Fingerprint,
  rows: readonly MappingRow[],
  users: UserTable,
): AlowareValues {
  const values: AlowareValues = {};
  for (const row of rows) {
    const key = fieldKey(row);
    if (!(key in fingerprint)) continue;
    const value = fingerprint[key] ?? null;
    if (kindOf(row) === 'owner' && value !== null) {
      values[row.alowareField] = value.startsWith('queue:')
        ? null
        : (users.salesforceToAloware.get(value) ?? null);
    } else {
      values[row.alowareField] = value;
    }
  }
  return values;
}
