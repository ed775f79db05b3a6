// Record writes with Salesforce's platform rules; every successful write is reported as a Change for triggers.
import type { IdFactory } from './ids.js';
import type { ObjectDef, Schema } from './schema/index.js';
import type { Store, StoredRecord, Values } from './store.js';
import { sfDateTime } from './time.js';
import { coerceInput, dmlError, missingRequired, type DmlError, type RefContext } from './validate.js';

export type ChangeKind = 'created' | 'updated' | 'deleted' | 'undeleted' | 'converted' | 'merged';
export interface Change {
  object: string;
  id: string;
  kind: ChangeKind;
  fields: string[];
  modstamp: string;
  convertedContactId?: string;
  masterRecordId?: string;
}
export interface WriteContext {
  userId: string;
  changes: Change[];
}
export type WriteResult = { ok: true; id: string } | { ok: false; errors: DmlError[] };

const AUDIT = new Set(['LastModifiedDate', 'LastModifiedById', 'SystemModstamp']);
const fail = (...errors: DmlError[]): WriteResult => ({ ok: false, errors });

export class Dml {
  constructor(
    readonly ids: IdFactory,
    private readonly schema: Schema,
    private readonly store: Store,
    private readonly orgId: string,
  ) {}

  private refs(def: ObjectDef): RefContext {
    return { schema: this.schema, store: this.store, orgId: this.orgId, object: def.name };
  }

  create(def: ObjectDef, input: Values, ctx: WriteContext): WriteResult {
    const coerced = coerceInput(def, input, 'create', this.refs(def));
    if ('errors' in coerced) return fail(...coerced.errors);
    const now = sfDateTime(Date.now());
    const id = this.ids.next(def.keyPrefix);
    const values: Values = { ...this.defaults(def, ctx.userId), ...coerced.values };
    Object.assign(values, { Id: id, IsDeleted: false, CreatedDate: now, CreatedById: ctx.userId });
    const error = this.finish(def, values, ctx.userId, now);
    if (error) return fail(error);
    this.store.put({ type: def.name, values });
    ctx.changes.push({ object: def.name, id, kind: 'created', fields: [], modstamp: now });
    return { ok: true, id };
  }

  update(def: ObjectDef, id: string, input: Values, ctx: WriteContext): WriteResult {
    const existing = this.live(def, id);
    if ('errors' in existing) return existing;
    if (def.name === 'Lead' && existing.values.IsConverted === true) {
      return fail(dmlError('CANNOT_UPDATE_CONVERTED_LEAD', 'cannot reference converted lead', []));
    }
    const coerced = coerceInput(def, input, 'update', this.refs(def));
    if ('errors' in coerced) return fail(...coerced.errors);
    return this.write(def, existing, coerced.values, ctx, 'updated');
  }

  /** Writes values without field-level checks (lead conversion, merge, seeding of read-only fields). */
  systemUpdate(
    def: ObjectDef,
    id: string,
    values: Values,
    ctx: WriteContext,
    kind: ChangeKind = 'updated',
  ): WriteResult {
    const existing = this.live(def, id);
    if ('errors' in existing) return existing;
    return this.write(def, existing, values, ctx, kind);
  }

  private write(
    def: ObjectDef,
    existing: StoredRecord,
    changes: Values,
    ctx: WriteContext,
    kind: ChangeKind,
  ): WriteResult {
    const now = sfDateTime(Date.now());
    const values: Values = { ...existing.values, ...changes };
    const error = this.finish(def, values, ctx.userId, now);
    if (error) return fail(error);
    const fields = Object.keys(values).filter(
      (k) => !AUDIT.has(k) && !sameValue(values[k], existing.values[k]),
    );
    this.store.put({ type: def.name, values });
    const change: Change = { object: def.name, id: values.Id as string, kind, fields, modstamp: now };
    if (kind === 'converted') change.convertedContactId = values.ConvertedContactId as string;
    ctx.changes.push(change);
    return { ok: true, id: values.Id as string };
  }

  delete(def: ObjectDef, id: string, ctx: WriteContext, masterRecordId?: string): WriteResult {
    const existing = this.live(def, id);
    if ('errors' in existing) return existing;
    const now = sfDateTime(Date.now());
    const values: Values = {
      ...existing.values,
      IsDeleted: true,
      SystemModstamp: now,
      LastModifiedDate: now,
      LastModifiedById: ctx.userId,
    };
    if (masterRecordId) values.MasterRecordId = masterRecordId;
    this.store.put({ type: def.name, values });
    const change: Change = {
      object: def.name,
      id,
      kind: masterRecordId ? 'merged' : 'deleted',
      fields: [],
      modstamp: now,
    };
    if (masterRecordId) change.masterRecordId = masterRecordId;
    ctx.changes.push(change);
    return { ok: true, id };
  }

  undelete(def: ObjectDef, id: string, ctx: WriteContext): WriteResult {
    const existing = this.store.get(id);
    if (!existing || existing.type !== def.name)
      return fail(dmlError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id'));
    if (existing.values.IsDeleted !== true)
      return fail(dmlError('UNDELETE_FAILED', 'Entity is not in the recycle bin', []));
    const now = sfDateTime(Date.now());
    const values: Values = {
      ...existing.values,
      IsDeleted: false,
      SystemModstamp: now,
      LastModifiedDate: now,
      LastModifiedById: ctx.userId,
    };
    const duplicate = this.duplicate(def, values);
    if (duplicate) return fail(duplicate);
    this.store.put({ type: def.name, values });
    ctx.changes.push({ object: def.name, id, kind: 'undeleted', fields: [], modstamp: now });
    return { ok: true, id };
  }

  /** The live record of type def with this id, or the error Salesforce reports. */
  live(def: ObjectDef, id: string): StoredRecord | { ok: false; errors: DmlError[] } {
    const existing = this.store.get(id);
    if (!existing || existing.type !== def.name) {
      return { ok: false, errors: [dmlError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id')] };
    }
    if (existing.values.IsDeleted === true)
      return { ok: false, errors: [dmlError('ENTITY_IS_DELETED', 'entity is deleted')] };
    return existing;
  }

  private defaults(def: ObjectDef, userId: string): Values {
    const values: Values = {};
    for (const f of def.fields.values()) {
      if (f.defaultValue !== undefined && f.defaultValue !== null) values[f.name] = f.defaultValue;
      else if (f.type === 'boolean') values[f.name] = false;
    }
    if (def.fields.has('ownerid')) values.OwnerId = userId;
    return values;
  }

  /** Derived fields, audit fields and the record-level rules; returns the first violation. */
  private finish(def: ObjectDef, values: Values, userId: string, now: string): DmlError | undefined {
    if (['Lead', 'Contact', 'User'].includes(def.name)) {
      values.Name = [values.FirstName, values.LastName]
        .filter((v) => typeof v === 'string' && v !== '')
        .join(' ');
    }
    if (def.name === 'Task') values.IsClosed = values.Status === 'Completed';
    Object.assign(values, { LastModifiedDate: now, LastModifiedById: userId, SystemModstamp: now });
    const missing = missingRequired(def, values);
    if (missing) return missing;
    if (
      def.name === 'Task' &&
      typeof values.WhoId === 'string' &&
      values.WhoId.startsWith('00Q') &&
      values.WhatId
    ) {
      return dmlError(
        'FIELD_INTEGRITY_EXCEPTION',
        'Related To ID: id value of incorrect type: a Lead cannot be combined with a Related To record',
        ['WhatId'],
      );
    }
    return this.duplicate(def, values);
  }

  private duplicate(def: ObjectDef, values: Values): DmlError | undefined {
    for (const f of def.fields.values()) {
      if (!f.unique || values[f.name] === null || values[f.name] === undefined) continue;
      const other = this.store.lookup(def.name, f.name, values[f.name]).find((id) => id !== values.Id);
      if (other)
        return dmlError(
          'DUPLICATE_VALUE',
          `duplicate value found: ${f.name} duplicates value on record with id: ${other}`,
          [f.name],
        );
    }
    return undefined;
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  return (a ?? null) === (b ?? null);
}
