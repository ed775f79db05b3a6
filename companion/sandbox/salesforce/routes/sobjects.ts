// sObject resources: describeGlobal, describe, create, retrieve, update, delete, upsert/retrieve by external id.
import express, { type Request, type Response, type Router } from 'express';
import { ApiError, param, queryString, sendJson, sendNoContent } from '../http.js';
import { apiRecord, apiVersion, fieldList, liveRecordOr404, objectOr404, recordOr404 } from '../records.js';
import { describeGlobalEntry, describeObject, type ObjectDef } from '../schema/index.js';
import { EmulatorState } from '../state.js';
import type { WriteResult } from '../dml.js';
import type { Values } from '../store.js';

const baseOf = (req: Request) => EmulatorState.base(param(req, 'version'));
const bodyOf = (req: Request): Values => {
  const body = req.body as unknown;
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw new ApiError(400, 'JSON_PARSER_ERROR', 'The request body must be a JSON object');
  return body as Values;
};

function orThrow(result: WriteResult): string {
  if (!result.ok) {
    const [first, ...more] = result.errors;
    throw first
      ? ApiError.fromDml(first.statusCode === 'ENTITY_IS_DELETED' ? 404 : 400, first, ...more)
      : new ApiError(400, 'UNKNOWN_EXCEPTION', 'failed');
  }
  return result.id;
}

function upsert(state: EmulatorState, req: Request, res: Response, def: ObjectDef): void {
  const fieldName = param(req, 'field');
  const value = param(req, 'value');
  const userId = res.locals.userId as string;
  const body = { ...bodyOf(req) };
  const f = def.fields.get(fieldName.toLowerCase());
  if (!f || !(f.externalId || f.type === 'id')) {
    throw new ApiError(
      404,
      'NOT_FOUND',
      `Provided external ID field does not exist or is not accessible: ${fieldName}`,
    );
  }
  for (const k of Object.keys(body)) if (k.toLowerCase() === f.name.toLowerCase()) delete body[k];
  const matches =
    f.type === 'id'
      ? [liveRecordOr404(state.store, def, value).values.Id as string]
      : state.store.lookup(def.name, f.name, value);
  const base = baseOf(req);
  if (matches.length > 1)
    return sendJson(
      res,
      300,
      matches.map((id) => `${base}/sobjects/${def.name}/${id}`),
    );
  if (matches.length === 0) {
    if (queryString(req, 'updateOnly') === 'true')
      throw new ApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
    const id = orThrow(
      state.write(userId, (ctx) => state.dml.create(def, { ...body, [f.name]: value }, ctx)),
    );
    return sendJson(res, 201, { id, success: true, errors: [], created: true });
  }
  const id = orThrow(state.write(userId, (ctx) => state.dml.update(def, matches[0] as string, body, ctx)));
  if (apiVersion(param(req, 'version')) < 46) return sendNoContent(res);
  sendJson(res, 200, { id, success: true, errors: [], created: false });
}

export function sobjectRouter(state: EmulatorState): Router {
  const router = express.Router({ mergeParams: true });
  const def = (req: Request) => objectOr404(state.schema, param(req, 'type'));
  const userId = (res: Response) => res.locals.userId as string;

  router.get('/sobjects', (req, res) => {
    const base = baseOf(req);
    sendJson(res, 200, {
      encoding: 'UTF-8',
      maxBatchSize: 200,
      sobjects: state.schema.all().map((o) => describeGlobalEntry(base, o)),
    });
  });
  router.get('/sobjects/:type/describe', (req, res) =>
    sendJson(res, 200, describeObject(baseOf(req), def(req))),
  );
  router.get('/sobjects/:type', (req, res) =>
    sendJson(res, 200, { objectDescribe: describeGlobalEntry(baseOf(req), def(req)), recentItems: [] }),
  );
  const create = (req: Request, res: Response) => {
    const id = orThrow(state.write(userId(res), (ctx) => state.dml.create(def(req), bodyOf(req), ctx)));
    sendJson(res, 201, { id, success: true, errors: [] });
  };
  router.post('/sobjects/:type', create);
  router.post('/sobjects/:type/Id', create);
  router.get('/sobjects/:type/:id', (req, res) => {
    const d = def(req);
    const record = liveRecordOr404(state.store, d, param(req, 'id'));
    sendJson(res, 200, apiRecord(record, baseOf(req), fieldList(d, queryString(req, 'fields'))));
  });
  router.patch('/sobjects/:type/:id', (req, res) => {
    const d = def(req);
    const record = recordOr404(state.store, d, param(req, 'id'));
    orThrow(
      state.write(userId(res), (ctx) => state.dml.update(d, record.values.Id as string, bodyOf(req), ctx)),
    );
    sendNoContent(res);
  });
  router.delete('/sobjects/:type/:id', (req, res) => {
    const d = def(req);
    const record = recordOr404(state.store, d, param(req, 'id'));
    orThrow(state.write(userId(res), (ctx) => state.dml.delete(d, record.values.Id as string, ctx)));
    sendNoContent(res);
  });
  router.get('/sobjects/:type/:field/:value', (req, res) => {
    const d = def(req);
    const f = d.fields.get(param(req, 'field').toLowerCase());
    if (!f?.externalId)
      throw new ApiError(
        404,
        'NOT_FOUND',
        `Provided external ID field does not exist or is not accessible: ${param(req, 'field')}`,
      );
    const ids = state.store.lookup(d.name, f.name, param(req, 'value'));
    const base = baseOf(req);
    if (ids.length > 1)
      return sendJson(
        res,
        300,
        ids.map((id) => `${base}/sobjects/${d.name}/${id}`),
      );
    const record = ids[0] ? state.store.get(ids[0]) : undefined;
    if (!record) throw new ApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
    sendJson(res, 200, apiRecord(record, base, fieldList(d, queryString(req, 'fields'))));
  });
  router.patch('/sobjects/:type/:field/:value', (req, res) => upsert(state, req, res, def(req)));
  return router;
}
