// sObject Collections: create/update/upsert/delete/retrieve up to 200 records with per-record results and allOrNone.
import express, { type Request, type Response, type Router } from 'express';
import type { Change, WriteContext, WriteResult } from '../dml.js';
import { toId18 } from '../ids.js';
import { ApiError, param, queryString, sendJson } from '../http.js';
import { apiRecord, fieldList, objectOr404 } from '../records.js';
import { EmulatorState } from '../state.js';
import type { Values } from '../store.js';
import { dmlError, type DmlError } from '../validate.js';

const LIMIT = 200;
type Op = (ctx: WriteContext) => WriteResult & { created?: boolean };
interface Outcome {
  id?: string;
  success: boolean;
  errors: DmlError[];
  created?: boolean;
}

function checkSize(n: number): void {
  if (n > LIMIT)
    throw new ApiError(
      400,
      'EXCEEDED_ID_LIMIT',
      `record limit reached. cannot submit more than ${LIMIT} records into this call`,
    );
}

/** Runs each op in its own savepoint; with allOrNone one failure rolls back all and marks the others. */
function runAll(
  state: EmulatorState,
  userId: string,
  allOrNone: boolean,
  ops: Op[],
  withCreated: boolean,
): Outcome[] {
  const committed: Change[] = [];
  const outcomes = state.store.transaction(
    () =>
      ops.map((op): Outcome => {
        const ctx: WriteContext = { userId, changes: [] };
        const result = state.store.transaction(
          () => op(ctx),
          (r) => r.ok,
        );
        if (!result.ok) return { success: false, errors: result.errors };
        committed.push(...ctx.changes);
        return {
          id: result.id,
          success: true,
          errors: [],
          ...(withCreated ? { created: result.created ?? false } : {}),
        };
      }),
    (all) => !allOrNone || all.every((o) => o.success),
  );
  if (allOrNone && outcomes.some((o) => !o.success)) {
    const rolledBack = dmlError(
      'ALL_OR_NONE_OPERATION_ROLLED_BACK',
      'Record rolled back because not all records were valid and the request was using AllOrNone header',
    );
    // Rolled-back rows keep their id (an insert reports the id it had been given), as Salesforce answers.
    return outcomes.map((o) => (o.success ? { ...o, success: false, errors: [rolledBack] } : o));
  }
  state.write(userId, (ctx) => ctx.changes.push(...committed));
  return outcomes;
}

function shape(o: Outcome): Record<string, unknown> {
  const out: Record<string, unknown> = o.id
    ? { id: o.id, success: o.success, errors: o.errors }
    : { success: o.success, errors: o.errors };
  if (o.created !== undefined) out.created = o.created;
  return out;
}

function recordsOf(req: Request): { allOrNone: boolean; records: Values[] } {
  const body = (req.body ?? {}) as { allOrNone?: boolean; records?: Values[] };
  if (!Array.isArray(body.records)) throw new ApiError(400, 'JSON_PARSER_ERROR', 'records is required');
  checkSize(body.records.length);
  return { allOrNone: body.allOrNone === true, records: body.records };
}

function typeOf(state: EmulatorState, r: Values) {
  const type = (r.attributes as { type?: string } | undefined)?.type;
  return type ? state.schema.object(type) : undefined;
}

const missingType = (): WriteResult => ({
  ok: false,
  errors: [dmlError('INVALID_TYPE', 'Must send a concrete entity type.')],
});
const badId = (): WriteResult => ({ ok: false, errors: [dmlError('MALFORMED_ID', 'invalid record id')] });

export function collectionsRouter(state: EmulatorState): Router {
  const router = express.Router({ mergeParams: true });
  const userId = (res: Response) => res.locals.userId as string;

  router.post('/composite/sobjects', (req, res) => {
    const { allOrNone, records } = recordsOf(req);
    const ops = records.map((r): Op => (ctx) => {
      const def = typeOf(state, r);
      return def ? state.dml.create(def, r, ctx) : missingType();
    });
    sendJson(res, 200, runAll(state, userId(res), allOrNone, ops, false).map(shape));
  });

  router.patch('/composite/sobjects', (req, res) => {
    const { allOrNone, records } = recordsOf(req);
    const ops = records.map((r): Op => (ctx) => {
      const def = typeOf(state, r);
      const { id: rawId, Id: rawId2, ...fields } = r;
      const id = toId18(String(rawId ?? rawId2 ?? ''));
      if (!def) return missingType();
      return id ? state.dml.update(def, id, fields, ctx) : badId();
    });
    sendJson(res, 200, runAll(state, userId(res), allOrNone, ops, false).map(shape));
  });

  router.delete('/composite/sobjects', (req, res) => {
    const ids = (queryString(req, 'ids') ?? '').split(',').filter(Boolean);
    checkSize(ids.length);
    const ops = ids.map((raw): Op => (ctx) => {
      const id = toId18(raw);
      const def = id ? state.schema.objectForId(id) : undefined;
      if (!id || !def) return badId();
      const r = state.dml.delete(def, id, ctx);
      return !r.ok && r.errors[0]?.statusCode === 'INVALID_CROSS_REFERENCE_KEY'
        ? { ok: false, errors: [dmlError('ENTITY_IS_DELETED', 'entity is deleted')] }
        : r;
    });
    sendJson(
      res,
      200,
      runAll(state, userId(res), queryString(req, 'allOrNone') === 'true', ops, false).map(shape),
    );
  });

  const retrieve = (req: Request, res: Response, ids: string[], fields: string | string[] | undefined) => {
    const def = objectOr404(state.schema, param(req, 'type'));
    checkSize(ids.length);
    const names = fieldList(def, fields);
    const base = EmulatorState.base(param(req, 'version'));
    sendJson(
      res,
      200,
      ids.map((raw) => {
        const r = state.store.get(toId18(raw) ?? '');
        return r && r.type === def.name && r.values.IsDeleted !== true ? apiRecord(r, base, names) : null;
      }),
    );
  };
  router.post('/composite/sobjects/:type', (req, res) => {
    const body = (req.body ?? {}) as { ids?: string[]; fields?: string[] };
    retrieve(req, res, body.ids ?? [], body.fields);
  });
  router.get('/composite/sobjects/:type', (req, res) =>
    retrieve(
      req,
      res,
      (queryString(req, 'ids') ?? '').split(',').filter(Boolean),
      queryString(req, 'fields'),
    ),
  );

  router.patch('/composite/sobjects/:type/:field', (req, res) => {
    const def = objectOr404(state.schema, param(req, 'type'));
    const f = def.fields.get(param(req, 'field').toLowerCase());
    if (!f?.externalId)
      throw new ApiError(400, 'INVALID_FIELD', `Field ${param(req, 'field')} is not an external id field`);
    const { allOrNone, records } = recordsOf(req);
    const ops = records.map((r): Op => (ctx) => {
      const value = r[f.name];
      if (value === undefined || value === null || value === '') {
        return { ok: false, errors: [dmlError('MISSING_ARGUMENT', `${f.name} not specified`, [f.name])] };
      }
      const matches = state.store.lookup(def.name, f.name, value);
      if (matches.length > 1)
        return {
          ok: false,
          errors: [
            dmlError(
              'DUPLICATE_EXTERNAL_ID',
              `${f.name}: more than one record found for external id field: ${matches.join(',')}`,
              [f.name],
            ),
          ],
        };
      if (matches.length === 0) return { ...state.dml.create(def, r, ctx), created: true };
      const { [f.name]: _ext, ...rest } = r;
      return { ...state.dml.update(def, matches[0] as string, rest, ctx), created: false };
    });
    sendJson(res, 200, runAll(state, userId(res), allOrNone, ops, true).map(shape));
  });
  return router;
}
