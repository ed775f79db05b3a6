import { phoneKey } from './phone.js';
import type { ConversionContext, FieldDescribe, MappingRow } from './types.js';

/** How a mapped value is compared and converted. */
export type ValueKind =
  | 'phone'
  | 'email'
  | 'owner'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'number'
  | 'multipicklist'
  | 'textarea'
  | 'text';

const NUMBER_TYPES = new Set(['int', 'double', 'currency', 'percent', 'long']);
const QUEUE_PREFIX = '00G';

export function isPhoneAlowareField(name: string): boolean {
  return name === 'phone_number' || name.startsWith('other_phone_numbers.');
}

/** Field describes by name, built once per describe array (a merge looks fields up per row per record). */
const describeIndex = new WeakMap<readonly FieldDescribe[], Map<string, FieldDescribe>>();

export function describeField(ctx: ConversionContext, name: string): FieldDescribe | undefined {
  const describe = ctx.describe;
  if (!describe) return undefined;
  let byName = describeIndex.get(describe);
  if (!byName) {
    byName = new Map();
    // The first describe of a name wins, as `find` did.
    for (const f of describe) if (!byName.has(f.name)) byName.set(f.name, f);
    describeIndex.set(describe, byName);
  }
  return byName.get(name);
}

export function kindOf(row: MappingRow, field?: FieldDescribe): ValueKind {
  if (row.salesforceField === 'OwnerId' || row.alowareField === 'user_id') return 'owner';
  if (field?.type === 'phone' || isPhoneAlowareField(row.alowareField)) return 'phone';
  if (field?.type === 'email' || row.alowareField === 'email') return 'email';
  if (field?.type === 'boolean') return 'boolean';
  if (field?.type === 'date' || row.alowareField === 'date_of_birth') return 'date';
  if (field?.type === 'datetime') return 'datetime';
  if (field && NUMBER_TYPES.has(field.type)) return 'number';
  if (field?.type === 'multipicklist') return 'multipicklist';
  if (field?.type === 'textarea') return 'textarea';
  return 'text';
}

const CANONICAL_TEXT = /^\S+(?: \S+)*$/;

/**
 * `CANONICAL_TEXT.test(text)` (words separated by single spaces) by a scan of char codes: the check runs for
 * every mapped value of every record. Text with a non-ASCII character is left to the regex (Unicode spaces).
 */
function isCanonicalText(text: string): boolean {
  const n = text.length;
  if (n === 0) return false;
  let previous = 32;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) {
      if (previous === 32) return false;
    } else if (c >= 9 && c <= 13) return false;
    else if (c >= 128) return CANONICAL_TEXT.test(text);
    previous = c;
  }
  return previous !== 32;
}

/** Trimmed, inner whitespace collapsed; blank → null. */
export function canonicalText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  // Most values already are canonical: words separated by single spaces (no allocation then).
  if (typeof value === 'string' && isCanonicalText(value)) return value;
  const text = String(value).trim().replace(/\s+/g, ' ');
  return text === '' ? null : text;
}

/**
 * Multi-line text (a textarea): line breaks kept (CRLF → LF), spaces within each line collapsed and trimmed,
 * blank lines at either end dropped; blank → null.
 */
function canonicalMultiline(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value)
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .join('\n')
    .trim();
  return text === '' ? null : text;
}

/** The text of a value for its kind: multi-line for a textarea, one line otherwise. */
export function kindText(kind: ValueKind, value: unknown): string | null {
  return kind === 'textarea' ? canonicalMultiline(value) : canonicalText(value);
}

export function isQueueId(id: unknown): boolean {
  return typeof id === 'string' && id.startsWith(QUEUE_PREFIX);
}

export function parseBoolean(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  const text = canonicalText(value)?.toLowerCase();
  if (text === undefined || text === null) return null;
  if (['true', '1', 'yes', 'y', 'on'].includes(text)) return true;
  if (['false', '0', 'no', 'n', 'off'].includes(text)) return false;
  return null;
}

/** `YYYY-MM-DD` (a datetime's date part is accepted) when it is a real calendar date. */
export function parseDate(value: unknown): string | null {
  const text = canonicalText(value);
  const match = text ? /^(\d{4})-(\d{2})-(\d{2})(?:$|T)/.exec(text) : null;
  if (!match) return null;
  const [, y, m, d] = match;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  const iso = date.toISOString().slice(0, 10);
  return iso === `${y}-${m}-${d}` ? iso : null;
}

const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * An ISO-8601 date-time with a zone (`Z`, `+02:00` or Salesforce's `+0000`) as `YYYY-MM-DDTHH:mm:ss.sssZ` in UTC,
 * the form the companion sends either way; null when the text is not one (no zone = ambiguous, refused).
 */
export function parseDateTime(value: unknown): string | null {
  const text = canonicalText(value);
  if (!text || !ISO_DATETIME.test(text) || parseDate(text) === null) return null;
  const ms = Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/**
 * The values of a multi-select picklist (`;`-separated, Salesforce's wire form): trimmed, blanks and repeats
 * dropped, each in the picklist's own spelling, in the picklist's order (values it does not list last, as given).
 */
export function multipicklistValues(text: string, field?: FieldDescribe): string[] {
  const allowed = (field?.picklistValues ?? []).filter((p) => p.active).map((p) => p.value);
  const chosen: string[] = [];
  for (const part of text.split(';')) {
    const value = canonicalText(part);
    if (value === null) continue;
    const spelled = allowed.find((a) => a.toLowerCase() === value.toLowerCase()) ?? value;
    if (!chosen.some((c) => c.toLowerCase() === spelled.toLowerCase())) chosen.push(spelled);
  }
  const rank = (v: string) => (allowed.includes(v) ? allowed.indexOf(v) : allowed.length);
  return chosen
    .map((value, i) => ({ value, i }))
    .sort((a, b) => rank(a.value) - rank(b.value) || a.i - b.i)
    .map((c) => c.value);
}

function canonicalTyped(kind: ValueKind, value: unknown, region: string): string | null {
  const text = kindText(kind, value);
  if (text === null) return null;
  switch (kind) {
    case 'phone':
      return phoneKey(text, region) ?? text;
    case 'email':
      return text.toLowerCase();
    case 'boolean': {
      const b = parseBoolean(text);
      return b === null ? text : String(b);
    }
    case 'date':
      return parseDate(text) ?? text;
    case 'datetime':
      return parseDateTime(text) ?? text;
    case 'number':
      return Number.isFinite(Number(text)) ? String(Number(text)) : text;
    default:
      return text;
  }
}

function truncateText(text: string, field?: FieldDescribe): string {
  const max = field?.length;
  return max && max > 0 && text.length > max ? text.slice(0, max).trimEnd() : text;
}

/** Salesforce's own placeholder for required text that the source did not provide (Web-to-Lead uses it). */
export const NOT_PROVIDED = '[not provided]';
const PLACEHOLDER_FIELDS = new Set(['lastname', 'company']);

/**
 * A required LastName/Company holding only the placeholder means "no value": it is what the companion (or
 * Web-to-Lead) writes when the source has none, so it equals an empty Aloware value and is never sent there.
 */
export function isPlaceholder(row: MappingRow, value: unknown): boolean {
  // The canonical text can only be the placeholder when the raw text holds its last word (no whitespace).
  if (value === null || value === undefined) return false;
  const text = typeof value === 'string' ? value : String(value);
  // Collapsing whitespace only shortens a text: a shorter one cannot be the placeholder.
  if (text.length < NOT_PROVIDED.length || !text.includes('provided]')) return false;
  return PLACEHOLDER_FIELDS.has(row.salesforceField.toLowerCase()) && canonicalText(value) === NOT_PROVIDED;
}

/** The comparable form of a Salesforce value for this row. */
export function canonicalFromSalesforce(
  row: MappingRow,
  value: unknown,
  ctx: ConversionContext,
): string | null {
  if (isPlaceholder(row, value)) return null;
  const field = describeField(ctx, row.salesforceField);
  const kind = kindOf(row, field);
  if (kind === 'owner') {
    const id = canonicalText(value);
    if (id === null) return null;
    return isQueueId(id) ? `queue:${id}` : id;
  }
  return canonicalStored(kind, typeof value === 'boolean' ? String(value) : value, ctx.region, field);
}

/** The comparable form of an Aloware value for this row (owner ids through the users table). */
export function canonicalFromAloware(row: MappingRow, value: unknown, ctx: ConversionContext): string | null {
  const field = describeField(ctx, row.salesforceField);
  const kind = kindOf(row, field);
  if (kind === 'owner') {
    const id = canonicalText(value);
    if (id === null) return null;
    return ctx.users.alowareToSalesforce.get(id) ?? `aloware:${id}`;
  }
  return canonicalStored(kind, value, ctx.region, field);
}

/**
 * A value as Salesforce would store it, for comparison: text is truncated to the field length and a
 * picklist value takes the picklist's spelling, so an Aloware value and its Salesforce copy compare equal
 * and never ping-pong.
 */
function canonicalStored(
  kind: ValueKind,
  value: unknown,
  region: string,
  field?: FieldDescribe,
): string | null {
  const canonical = canonicalTyped(kind, value, region);
  if (kind === 'multipicklist' && canonical !== null)
    return multipicklistValues(canonical, field).join(';') || null;
  if (kind === 'textarea' && canonical !== null) return canonicalMultiline(truncateText(canonical, field));
  if (kind !== 'text' || canonical === null) return canonical;
  if (field?.picklistValues) {
    const lower = canonical.toLowerCase();
    const picklistMatch = field.picklistValues.find((p) => p.active && p.value.toLowerCase() === lower);
    if (picklistMatch) return picklistMatch.value;
  }
  // `canonical` is canonical text already: only a truncation can change it.
  const truncated = truncateText(canonical, field);
  return truncated === canonical ? canonical : canonicalText(truncated);
}

export function truncateForField(text: string, field?: FieldDescribe): string {
  return truncateText(text, field);
}
