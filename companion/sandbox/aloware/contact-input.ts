import { normalisePhone } from './phone.js';
import { CONTACT_STRING_FIELDS, type ContactPatch, type OtherPhone } from './store/contacts.js';

export type ParsedContactInput = { phone: string | undefined; phoneGiven: boolean; patch: ContactPatch };

/** Aloware clients send booleans as `1`/`0` (n8n) as well as JSON booleans and strings. */
export function truthy(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 'true' || value === 'on';
}

/**
 * Reads the contact fields of a `/forms` body (or an agent edit) into a patch. Unknown keys are ignored, as
 * the real endpoint ignores fields it does not know. `phone` is the normalised primary number (undefined when
 * missing or invalid).
 */
export function parseContactInput(body: Record<string, unknown>): ParsedContactInput {
  const patch: ContactPatch = {};
  for (const field of CONTACT_STRING_FIELDS) {
    const value = body[field];
    if (value === undefined) continue;
    patch[field] = value === null || value === '' ? null : String(value).trim();
  }
  if (typeof patch.date_of_birth === 'string') patch.date_of_birth = normaliseDate(patch.date_of_birth);
  if (body.other_phone_numbers !== undefined)
    patch.other_phone_numbers = parseOtherPhones(body.other_phone_numbers);
  if (body.user_id !== undefined) patch.user_id = parseUserId(body.user_id);
  if (body.is_dnc !== undefined) patch.is_dnc = truthy(body.is_dnc);
  const phoneGiven =
    body.phone_number !== undefined && body.phone_number !== null && body.phone_number !== '';
  const phone = normalisePhone(body.phone_number);
  if (phone) patch.phone_number = phone;
  return { phone, phoneGiven, patch };
}

/**
 * `other_phone_numbers` is documented as an array of `{label, phone_number}`; Aloware's n8n node sends a
 * comma-separated string. Both are accepted; numbers that do not parse are dropped (real behaviour unverified).
 */
function parseOtherPhones(value: unknown): OtherPhone[] {
  const entries: { label: unknown; phone_number: unknown }[] = Array.isArray(value)
    ? value.map((v) =>
        typeof v === 'object' && v !== null
          ? (v as { label: unknown; phone_number: unknown })
          : { label: 'other', phone_number: v },
      )
    : typeof value === 'string'
      ? value.split(',').map((n) => ({ label: 'other', phone_number: n }))
      : [];
  const seen = new Set<string>();
  const result: OtherPhone[] = [];
  for (const entry of entries) {
    const phone = normalisePhone(entry.phone_number);
    if (!phone || seen.has(phone)) continue;
    seen.add(phone);
    const label =
      typeof entry.label === 'string' && entry.label.trim() ? entry.label.trim().toLowerCase() : 'other';
    result.push({ label, phone_number: phone });
  }
  return result;
}

function parseUserId(value: unknown): number | null {
  const n = Number(value);
  return value === null || value === '' || !Number.isInteger(n) || n <= 0 ? null : n;
}

/** The doc shows `MM/DD/YYYY`, the n8n node sends `YYYY-MM-DD`; both are stored as `YYYY-MM-DD` (unverified). */
function normaliseDate(value: string): string {
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  if (!us) return value;
  return `${us[3]}-${us[1]!.padStart(2, '0')}-${us[2]!.padStart(2, '0')}`;
}
