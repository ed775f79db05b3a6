import type { FieldDescribe } from '../sync/index.js';
import type { Filter } from './gateway.js';
import { checkOperator, literal, SoqlError } from './soql.js';

const NUMBER_TYPES = new Set(['double', 'currency', 'percent', 'int', 'long']);
const TEXT_TYPES = new Set([
  'string',
  'textarea',
  'phone',
  'email',
  'url',
  'picklist',
  'multipicklist',
  'combobox',
  'id',
  'reference',
  'encryptedstring',
]);
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,3})?(Z|[+-](\d{2}):?(\d{2}))$/;

/** A number as SOQL writes it: plain decimal digits, never `1e+21` or `1e-7` (SOQL has no exponent form). */
export function plainNumber(value: number): string {
  if (!Number.isFinite(value)) throw new SoqlError('Numbers in filters must be finite');
  if (value !== 0 && Math.abs(value) < 1e-18) throw new SoqlError('must not be smaller than 1e-18');
  return value.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
}

/** A real calendar day (2026-02-30 is not). */
function validDay(y: string, m: string, d: string): boolean {
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return (
    date.getUTCFullYear() === Number(y) &&
    date.getUTCMonth() === Number(m) - 1 &&
    date.getUTCDate() === Number(d)
  );
}

function dateValue(value: unknown): string {
  const m = typeof value === 'string' ? DATE.exec(value) : null;
  if (!m || !validDay(m[1]!, m[2]!, m[3]!)) throw new SoqlError('must be a date YYYY-MM-DD that exists');
  return value as string;
}

function dateTimeValue(value: unknown): string {
  const m = typeof value === 'string' ? DATETIME.exec(value) : null;
  const timeOk = m && Number(m[4]) < 24 && Number(m[5]) < 60 && Number(m[6]) < 60;
  const zoneOk = m && (m[7] === 'Z' || (Number(m[8]) < 24 && Number(m[9]) < 60));
  if (!m || !timeOk || !zoneOk || !validDay(m[1]!, m[2]!, m[3]!)) {
    throw new SoqlError('must be an ISO-8601 datetime that exists, e.g. 2026-01-31T09:00:00Z');
  }
  return new Date(value as string).toISOString();
}

function numberValue(value: unknown): string {
  if (typeof value !== 'number') throw new SoqlError('must be a number');
  return plainNumber(value);
}

/** The SOQL literal of one filter value for a field of this describe type; SoqlError says why not. */
function valueFor(type: string, value: unknown, op: Filter['op']): string {
  if (value === null) return 'null';
  if (op === 'LIKE' && !TEXT_TYPES.has(type)) throw new SoqlError(`LIKE is not allowed on a ${type} field`);
  if (NUMBER_TYPES.has(type)) return numberValue(value);
  if (type === 'date') return dateValue(value);
  if (type === 'datetime') return dateTimeValue(value);
  if (type === 'boolean') {
    if (typeof value !== 'boolean') throw new SoqlError('must be true or false');
    if (op !== '=' && op !== '!=') throw new SoqlError('booleans compare with = or != only');
    return literal(value);
  }
  if (TEXT_TYPES.has(type)) {
    if (typeof value !== 'string') throw new SoqlError('must be a string');
    return literal(value);
  }
  throw new SoqlError(`fields of type ${type} cannot be filtered`);
}

/**
 * One filter as a SOQL condition, its value checked and formatted for the field's type (from describe).
 * `field` must already be the describe's spelling. Throws SoqlError naming the field and the reason.
 */
export function typedCondition(filter: Filter, field: Pick<FieldDescribe, 'name' | 'type'>): string {
  try {
    checkOperator(filter);
    return `${field.name} ${filter.op} ${valueFor(field.type, filter.value, filter.op)}`;
  } catch (err) {
    if (err instanceof SoqlError) throw new SoqlError(`filter on ${field.name}: ${err.message}`);
    throw err;
  }
}

/** Every problem of a filter list against an object's describe (empty when all of them are valid). */
export function filterProblems(filters: readonly Filter[], fields: readonly FieldDescribe[]): string[] {
  const byLower = new Map(fields.map((f) => [f.name.toLowerCase(), f]));
  const problems: string[] = [];
  for (const filter of filters) {
    const field = byLower.get(filter.field.toLowerCase());
    if (!field) {
      problems.push(`filter on ${filter.field.slice(0, 80)}: no such field`);
      continue;
    }
    try {
      typedCondition(filter, field);
    } catch (err) {
      if (!(err instanceof SoqlError)) throw err;
      problems.push(err.message);
    }
  }
  return problems;
}
