import type { Filter } from './gateway.js';
import { toId18 } from './ids.js';

/** "Strings in WHERE clauses can't exceed 4,000 characters" (SOQL reference, WHERE). */
const MAX_WHERE_STRING = 4_000;
/** "By default, SOQL statements cannot exceed 100,000 characters" (SOQL and SOSL limits). */
const MAX_SOQL_LENGTH = 100_000;
/**
 * A REST query is a GET whose `q=` carries the URL-encoded SOQL; Salesforce answers 414 past 16,384 bytes of
 * URI. The companion keeps the encoded SOQL under this, leaving room for the instance URL and path.
 */
export const MAX_ENCODED_QUERY = 15_000;

/** A field name (or describe-checked relationship path) SOQL may carry; anything else is refused. */
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const OBJECT_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:?\d{2})$/;

export class SoqlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SoqlError';
  }
}

/** Escapes a string literal for SOQL (backslash, quotes, and control characters). */
export function escapeString(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
}

export function literal(value: string | number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new SoqlError('Numbers in filters must be finite');
    return String(value);
  }
  if (value.length > MAX_WHERE_STRING)
    throw new SoqlError(`A SOQL string may not exceed ${MAX_WHERE_STRING} characters (${value.length})`);
  return `'${escapeString(value)}'`;
}

export function dateTimeLiteral(value: string): string {
  if (!DATETIME.test(value)) throw new SoqlError(`Not an ISO-8601 datetime: ${value.slice(0, 40)}`);
  return new Date(value).toISOString();
}

/** A quoted 18-character id; a malformed id (shape or checksum) is refused, never sent. */
export function idLiteral(id: string): string {
  const full = toId18(id);
  if (!full) throw new SoqlError(`Not a Salesforce id: ${id.slice(0, 30)}`);
  return `'${full}'`;
}

/**
 * Field names checked two ways: the shape of an identifier, and (when `known` is given) membership in the
 * object's describe. Case-insensitive like Salesforce, returned with the describe's spelling.
 */
export function checkFields(object: string, fields: readonly string[], known?: readonly string[]): string[] {
  if (!OBJECT_NAME.test(object)) throw new SoqlError(`Invalid object name: ${object.slice(0, 40)}`);
  const byLower = known ? new Map(known.map((k) => [k.toLowerCase(), k])) : null;
  return [...new Set(fields)].map((f) => {
    if (!FIELD_NAME.test(f)) throw new SoqlError(`Invalid field name: ${f.slice(0, 40)}`);
    if (!byLower) return f;
    const real = byLower.get(f.toLowerCase());
    if (!real) throw new SoqlError(`No such field ${f} on ${object}`);
    return real;
  });
}

export function inList(
  values: readonly string[],
  asLiteral: (v: string) => string = (v) => literal(v),
): string {
  if (values.length === 0) throw new SoqlError('IN list must not be empty');
  return `(${values.map(asLiteral).join(', ')})`;
}

const OPS = new Set(['=', '!=', '<', '>', '<=', '>=', 'LIKE']);

/** One filter (field already checked by the caller) as a SOQL condition. */
/** The operator rules every filter obeys whatever its field: a known operator, LIKE on strings, null with =/!=. */
export function checkOperator(filter: Filter): void {
  if (!OPS.has(filter.op)) throw new SoqlError(`Invalid operator ${String(filter.op).slice(0, 10)}`);
  if (filter.op === 'LIKE' && typeof filter.value !== 'string') throw new SoqlError('LIKE needs a string');
  if (filter.value === null && filter.op !== '=' && filter.op !== '!=') {
    throw new SoqlError('null can only be compared with = or !=');
  }
}

export function condition(filter: Filter): string {
  checkOperator(filter);
  const value =
    typeof filter.value === 'string' && DATETIME.test(filter.value)
      ? dateTimeLiteral(filter.value)
      : literal(filter.value);
  return `${filter.field} ${filter.op} ${value}`;
}

export interface SelectSpec {
  object: string;
  fields: readonly string[];
  where?: readonly string[];
  orderBy?: string;
  limit?: number;
}

/** Assembles a SELECT from parts that were each built by the functions above (≤ 100,000 characters). */
export function select(spec: SelectSpec): string {
  const parts = [`SELECT ${spec.fields.join(', ')} FROM ${spec.object}`];
  if (spec.where && spec.where.length > 0)
    parts.push(`WHERE ${spec.where.map((w) => `(${w})`).join(' AND ')}`);
  if (spec.orderBy) parts.push(`ORDER BY ${spec.orderBy}`);
  if (spec.limit !== undefined) parts.push(`LIMIT ${Math.max(1, Math.floor(spec.limit))}`);
  const soql = parts.join(' ');
  if (soql.length > MAX_SOQL_LENGTH)
    throw new SoqlError(`SOQL would exceed ${MAX_SOQL_LENGTH} characters (${soql.length})`);
  return soql;
}

/**
 * Length of the SOQL as it travels in `?q=`: URL-encoded, and with `'()*!` percent-encoded too (the WHATWG
 * URL parser encodes `'` in queries, so every quote of a string literal costs three bytes).
 */
export function encodedLength(soql: string): number {
  return encodeURIComponent(soql).replace(/['()*!]/g, '%XX').length;
}

/**
 * Splits `values` into groups of at most `maxItems` whose query, `build(group)`, stays within
 * `maxEncoded` characters once URL-encoded (REST GET `?q=`). One value too large on its own is refused.
 */
export function splitForQuery<T>(
  values: readonly T[],
  build: (group: readonly T[]) => string,
  maxItems: number,
  maxEncoded = MAX_ENCODED_QUERY,
): T[][] {
  const fits = (group: readonly T[]) => encodedLength(build(group)) <= maxEncoded;
  const groups: T[][] = [];
  let current: T[] = [];
  for (const value of values) {
    const next = [...current, value];
    if (next.length <= maxItems && fits(next)) {
      current = next;
      continue;
    }
    if (current.length === 0 || !fits([value]))
      throw new SoqlError('One value makes the query longer than Salesforce accepts');
    groups.push(current);
    current = [value];
  }
  if (current.length > 0) groups.push(current);
  return groups;
}
