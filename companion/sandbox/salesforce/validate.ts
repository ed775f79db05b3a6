// Turns a REST body into typed field values for one object, with Salesforce's error codes and messages.
import { toId18 } from './ids.js';
import type { FieldDef, ObjectDef, Schema } from './schema/index.js';
import type { Store } from './store.js';
import { parseSfDate, sfDate, sfDateTime } from './time.js';

export interface DmlError {
  statusCode: string;
  message: string;
  fields: string[];
}

export const dmlError = (statusCode: string, message: string, fields: string[] = []): DmlError => ({
  statusCode,
  message,
  fields,
});

export interface RefContext {
  schema: Schema;
  store: Store;
  orgId: string;
  /** The object being written (for the inactive-owner message). */
  object?: string;
}

type Coerced = { value: unknown } | { error: DmlError };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})$/;
const TEXT_TYPES = new Set([
  'string',
  'textarea',
  'phone',
  'email',
  'url',
  'picklist',
  'multipicklist',
  'combobox',
]);

function typeError(f: FieldDef, raw: unknown): DmlError {
  return dmlError(
    'INVALID_TYPE_ON_FIELD_IN_RECORD',
    `${f.label}: value not of required type: ${String(raw)}`,
    [f.name],
  );
}

function coerceText(f: FieldDef, raw: unknown): Coerced {
  if (typeof raw === 'object') return { error: typeError(f, JSON.stringify(raw)) };
  const s = String(raw);
  if (s === '') return { value: null };
  if (s.length > f.length) {
    return {
      error: dmlError(
        'STRING_TOO_LONG',
        `${f.label}: data value too large: ${s.slice(0, 40)} (max length=${f.length})`,
        [f.name],
      ),
    };
  }
  if (f.type === 'email' && !EMAIL.test(s)) {
    return { error: dmlError('INVALID_EMAIL_ADDRESS', `${f.label}: invalid email address: ${s}`, [f.name]) };
  }
  const chosen = f.type === 'multipicklist' ? s.split(';') : [s];
  if (f.restrictedPicklist && chosen.some((v) => !(f.picklistValues ?? []).includes(v))) {
    return {
      error: dmlError(
        'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
        `${f.label}: bad value for restricted picklist field: ${s}`,
        [f.name],
      ),
    };
  }
  return { value: s };
}

function coerceReference(f: FieldDef, raw: unknown, ctx: RefContext): Coerced {
  if (raw === '') return { value: null };
  const id = typeof raw === 'string' ? toId18(raw) : undefined;
  if (!id)
    return {
      error: dmlError('MALFORMED_ID', `${f.label}: id value of incorrect type: ${String(raw)}`, [f.name]),
    };
  if (id === ctx.orgId && f.referenceTo?.includes('Organization')) return { value: id };
  const target = ctx.schema.objectForId(id);
  if (!target || !(f.referenceTo ?? []).includes(target.name)) {
    return {
      error: dmlError('FIELD_INTEGRITY_EXCEPTION', `${f.label}: id value of incorrect type: ${id}`, [f.name]),
    };
  }
  const record = ctx.store.get(id);
  if (!record || record.values.IsDeleted === true) {
    return { error: dmlError('INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id`, [f.name]) };
  }
  // A converted Lead can no longer be referenced (a Task's WhoId, a lookup): README "Assumptions".
  if (record.type === 'Lead' && record.values.IsConverted === true) {
    return { error: dmlError('CANNOT_UPDATE_CONVERTED_LEAD', 'cannot reference converted lead', []) };
  }
  if (f.name === 'OwnerId' && record.type === 'User' && record.values.IsActive === false) {
    const owner = (ctx.object ?? 'record').toLowerCase();
    const message = `operation performed with inactive user [${id}] as owner of ${owner}`;
    return { error: dmlError('INACTIVE_OWNER_OR_USER', message, []) };
  }
  return { value: id };
}

/**
 * A date or datetime in the REST guide's formats only (README "Assumptions"): `yyyy-MM-dd`, or
 * `yyyy-MM-ddTHH:mm:ss[.SSS]` with `Z` or an offset; not `03/04/2026`, not a datetime without a zone, not an
 * impossible calendar date (which `Date.parse` would roll over). Epoch ms, or NaN.
 */
function parseRestDate(text: string): number {
  if (!DATE_ONLY.test(text) && !ISO_DATETIME.test(text)) return NaN;
  const day = text.slice(0, 10);
  const midnight = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(midnight) || sfDate(midnight) !== day) return NaN;
  return text.length === 10 ? midnight : parseSfDate(text);
}

/** Converts one input value to the stored representation of field f. */
function coerceValue(f: FieldDef, raw: unknown, ctx: RefContext): Coerced {
  if (raw === null || raw === undefined) return { value: f.type === 'boolean' ? false : null };
  if (TEXT_TYPES.has(f.type)) return coerceText(f, raw);
  switch (f.type) {
    case 'boolean':
      if (typeof raw === 'boolean') return { value: raw };
      if (raw === 'true' || raw === 'false') return { value: raw === 'true' };
      return { error: typeError(f, raw) };
    case 'int':
    case 'double':
    case 'currency':
    case 'percent': {
      const n =
        typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      if (!Number.isFinite(n)) return { error: typeError(f, raw) };
      return { value: f.type === 'int' ? Math.trunc(n) : n };
    }
    case 'date':
    case 'datetime': {
      const ms = typeof raw === 'string' ? parseRestDate(raw) : NaN;
      if (Number.isNaN(ms)) return { error: typeError(f, raw) };
      return { value: f.type === 'date' ? sfDate(ms) : sfDateTime(ms) };
    }
    case 'reference':
    case 'id':
      return coerceReference(f, raw, ctx);
    default:
      return { error: typeError(f, raw) };
  }
}

/**
 * Validates and coerces the fields of a create/update body. `attributes` is ignored; `Id` is ignored on update.
 * Returns the coerced values or the errors Salesforce would report.
 */
export function coerceInput(
  def: ObjectDef,
  input: Record<string, unknown>,
  mode: 'create' | 'update',
  ctx: RefContext,
): { values: Record<string, unknown> } | { errors: DmlError[] } {
  const values: Record<string, unknown> = {};
  const readOnly: string[] = [];
  const errors: DmlError[] = [];
  for (const [key, raw] of Object.entries(input)) {
    if (key === 'attributes' || (mode === 'update' && key.toLowerCase() === 'id')) continue;
    const f = def.fields.get(key.toLowerCase());
    // An unknown field fails the body as a whole (deserialisation), before any field is checked.
    if (!f)
      return {
        errors: [dmlError('INVALID_FIELD', `No such column '${key}' on sobject of type ${def.name}`, [])],
      };
    if (mode === 'create' ? !f.createable : !f.updateable) {
      readOnly.push(f.name);
      continue;
    }
    const coerced = coerceValue(f, raw, ctx);
    if ('error' in coerced) errors.push(coerced.error);
    else values[f.name] = coerced.value;
  }
  if (readOnly.length > 0) {
    const message = `Unable to create/update fields: ${readOnly.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`;
    errors.unshift(dmlError('INVALID_FIELD_FOR_INSERT_UPDATE', message, readOnly));
  }
  // Every field error of the record is reported, as Salesforce does (README "Assumptions").
  return errors.length > 0 ? { errors } : { values };
}

/** Required fields (not nillable, createable, not defaulted) that are empty on the merged record. */
const requiredCache = new WeakMap<ObjectDef, string[]>();

export function missingRequired(def: ObjectDef, record: Record<string, unknown>): DmlError | undefined {
  let required = requiredCache.get(def);
  if (!required) {
    required = [...def.fields.values()]
      .filter((f) => !f.nillable && f.createable && !f.defaultedOnCreate && f.type !== 'boolean')
      .map((f) => f.name);
    requiredCache.set(def, required);
  }
  const missing = required.filter((name) => record[name] === null || record[name] === undefined);
  if (missing.length === 0) return undefined;
  return dmlError('REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, missing);
}
