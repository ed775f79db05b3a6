import type { Filter } from './gateway.js';

/** A field name (or describe-checked relationship path) SOQL may carry; anything else is refused. */
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const OBJECT_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const SF_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;
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
  return `'${escapeString(value)}'`;
}

export function dateTimeLiteral(value: string): string {
  if (!DATETIME.test(value)) throw new SoqlError(`Not an ISO-8601 datetime: ${value.slice(0, 40)}`);
  return new Date(value).toISOString();
}

export function idLiteral(id: string): string {
  if (!SF_ID.test(id)) throw new SoqlError(`Not a Salesforce id: ${id.slice(0, 30)}`);
  return `'${id}'`;
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

/** Assembles a SELECT from parts that were each built by the functions above. */
export function select(spec: SelectSpec): string {
  const parts = [`SELECT ${spec.fields.join(', ')} FROM ${spec.object}`];
  if (spec.where && spec.where.length > 0)
    parts.push(`WHERE ${spec.where.map((w) => `(${w})`).join(' AND ')}`);
  if (spec.orderBy) parts.push(`ORDER BY ${spec.orderBy}`);
  if (spec.limit !== undefined) parts.push(`LIMIT ${Math.max(1, Math.floor(spec.limit))}`);
  return parts.join(' ');
}
