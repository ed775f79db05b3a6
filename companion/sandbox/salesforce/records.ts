// Record lookup and REST record shape shared by the sObject and collection routes.
import { toId18 } from './ids.js';
import { ApiError } from './http.js';
import type { ObjectDef, Schema } from './schema/index.js';
import type { StoredRecord, Store } from './store.js';

export function objectOr404(schema: Schema, type: string): ObjectDef {
  const def = schema.object(type);
  if (!def) throw new ApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
  return def;
}

/** The record with this 15/18-char id and type, live or deleted; 404 otherwise. */
export function recordOr404(store: Store, def: ObjectDef, rawId: string): StoredRecord {
  const id = toId18(rawId);
  if (!id || !id.startsWith(def.keyPrefix)) {
    throw new ApiError(
      404,
      'NOT_FOUND',
      `Provided external ID field does not exist or is not accessible: ${rawId}`,
    );
  }
  const record = store.get(id);
  if (!record || record.type !== def.name)
    throw new ApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
  return record;
}

export function liveRecordOr404(store: Store, def: ObjectDef, rawId: string): StoredRecord {
  const record = recordOr404(store, def, rawId);
  if (record.values.IsDeleted === true) throw new ApiError(404, 'ENTITY_IS_DELETED', 'entity is deleted');
  return record;
}

/** Canonical field names for a `fields=A,B` list (400 INVALID_FIELD for unknown names); all fields when absent. */
export function fieldList(def: ObjectDef, fields: string | string[] | undefined): string[] {
  const names = (Array.isArray(fields) ? fields : (fields ?? '').split(','))
    .map((f) => f.trim())
    .filter(Boolean);
  if (names.length === 0) return [...def.fields.values()].map((f) => f.name);
  return names.map((n) => {
    const f = def.fields.get(n.toLowerCase());
    if (!f) throw new ApiError(400, 'INVALID_FIELD', `No such column '${n}' on sobject of type ${def.name}`);
    return f.name;
  });
}

export function apiRecord(record: StoredRecord, base: string, fields: string[]): Record<string, unknown> {
  const id = record.values.Id as string;
  const out: Record<string, unknown> = {
    attributes: { type: record.type, url: `${base}/sobjects/${record.type}/${id}` },
  };
  for (const f of fields) out[f] = record.values[f] ?? null;
  return out;
}

/** Numeric API version from `v64.0`. */
export function apiVersion(version: string): number {
  return Number(version.replace(/^v/, ''));
}
