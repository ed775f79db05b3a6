import type { AlowareValues } from '../sync/index.js';
import type { AlowareContactBody } from './webhooks.js';

const OTHER_PHONE_LABELS = new Set(['mobile', 'home', 'other']);

/**
 * A webhook contact object as Aloware field values (docs/contracts.md §6): plain fields as text, `user_id` as
 * text, `other_phone_numbers` entries as `other_phone_numbers.<label>` (first entry per known label). Keys
 * the payload does not carry are left out (unknown, not blank).
 */
export function contactValues(contact: AlowareContactBody, fieldNames: readonly string[]): AlowareValues {
  const values: AlowareValues = {};
  const raw = contact as Record<string, unknown>;
  for (const name of fieldNames) {
    if (name.includes('.')) continue;
    const v = raw[name];
    if (v === null) values[name] = null;
    else if (typeof v === 'string' || typeof v === 'number') values[name] = String(v);
  }
  if (!Array.isArray(contact.other_phone_numbers)) return values;
  for (const entry of contact.other_phone_numbers) {
    const label = entry.label?.toLowerCase();
    const key = `other_phone_numbers.${label}`;
    if (label && OTHER_PHONE_LABELS.has(label) && !values[key]) values[key] = entry.phone_number;
  }
  for (const label of OTHER_PHONE_LABELS) values[`other_phone_numbers.${label}`] ??= null;
  return values;
}

/** `2026-11-28 13:23:50` (UTC, no zone) → `2026-11-28T13:23:50.000Z`; null when unreadable. */
export function alowareTimeToIso(value: string | null | undefined): string | null {
  const m = value ? /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})/.exec(value) : null;
  return m ? `${m[1]}T${m[2]}.000Z` : null;
}
