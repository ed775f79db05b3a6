// /__sandbox control routes used by tests, the demo and benchmarks (never part of the emulated Salesforce API).
import express, { type Request, type Router } from 'express';
import { toId18 } from '../ids.js';
import { ApiError, param, queryString, sendJson } from '../http.js';
import { convertLead, mergeRecords } from '../lifecycle.js';
import { objectOr404 } from '../records.js';
import { INTEGRATION_USER, REP_USER, SALES_QUEUE_ID, type EmulatorState, type Fault } from '../state.js';
import type { Values } from '../store.js';
import type { TriggerDispatcher } from '../triggers.js';
import { expireTokens } from './auth.js';

const FAULT_ERRORS = ['503', 'UNABLE_TO_LOCK_ROW', 'REQUEST_LIMIT_EXCEEDED', 'INVALID_SESSION_ID'];
const body = (req: Request) => (req.body ?? {}) as Record<string, unknown>;
const asUser = (req: Request, fallback: string) =>
  typeof body(req).asUserId === 'string' ? (body(req).asUserId as string) : fallback;

function expand(template: Values, count: number): Values[] {
  return Array.from({ length: count }, (_, i) =>
    Object.fromEntries(
      Object.entries(template).map(([k, v]) => [
        k,
        typeof v === 'string' ? v.replace(/\{n\}/g, String(i + 1)) : v,
      ]),
    ),
  );
}

interface SeedBody {
  object?: string;
  records?: Values[];
  generate?: { count: number; template: Values };
  notify?: boolean;
  asUserId?: string;
}

/** One object per call (`object` + `records`/`generate`), or several: `{ objects: { Lead: [...], Contact: [...] } }`. */
function seedMany(state: EmulatorState, req: Request) {
  const b = body(req) as SeedBody & { objects?: Record<string, Values[]> };
  if (!b.objects) return seed(state, b);
  return {
    results: Object.entries(b.objects).map(([object, records]) => seed(state, { ...b, object, records })),
  };
}

function seed(state: EmulatorState, b: SeedBody) {
  const def = objectOr404(state.schema, b.object ?? '');
  const rows = b.records ?? (b.generate ? expand(b.generate.template, b.generate.count) : []);
  const ids: string[] = [];
  const errors: { index: number; errors: unknown }[] = [];
  state.write(
    b.asUserId ?? REP_USER.id,
    (ctx) =>
      rows.forEach((row, index) => {
        const r = state.dml.create(def, row, ctx);
        if (r.ok) ids.push(r.id);
        else errors.push({ index, errors: r.errors });
      }),
    b.notify !== false,
  );
  return { object: def.name, created: ids.length, ids, errors };
}

export function controlRouter(state: EmulatorState, triggers: TriggerDispatcher): Router {
  const router = express.Router();
  router.use(express.json({ limit: '500mb' }));

  router.get('/info', (_req, res) =>
    sendJson(res, 200, {
      url: state.url,
      orgId: state.orgId,
      integrationUserId: INTEGRATION_USER.id,
      repUserId: REP_USER.id,
      queueId: SALES_QUEUE_ID,
    }),
  );
  router.post('/reset', (_req, res) => {
    state.reset();
    triggers.clear();
    sendJson(res, 200, { reset: true });
  });
  router.get('/requests', (req, res) => {
    const since = queryString(req, 'since');
    const sinceMs = since ? (/^\d+$/.test(since) ? Number(since) : Date.parse(since)) : 0;
    const requests = state.requests.filter((r) => Date.parse(r.at) >= sinceMs);
    const byRoute: Record<string, number> = {};
    const byUser: Record<string, number> = {};
    for (const r of requests) {
      byRoute[r.route] = (byRoute[r.route] ?? 0) + 1;
      byUser[r.userId ?? 'anonymous'] = (byUser[r.userId ?? 'anonymous'] ?? 0) + 1;
    }
    sendJson(res, 200, {
      count: requests.length,
      total: state.requestCount,
      apiUsage: state.api,
      byRoute,
      byUser,
      requests,
    });
  });
  router.post('/faults', (req, res) => {
    const b = body(req) as Partial<Fault>;
    if (b.error !== undefined && !FAULT_ERRORS.includes(String(b.error)))
      throw new ApiError(400, 'INVALID_FAULT', `error must be one of ${FAULT_ERRORS.join(', ')}`);
    const fault: Fault = {
      id: state.nextFaultId++,
      route: b.route,
      latencyMs: b.latencyMs,
      errorRate: b.errorRate,
      error: b.error,
      count: b.count,
    };
    state.faults.push(fault);
    sendJson(res, 201, fault);
  });
  router.get('/faults', (_req, res) => sendJson(res, 200, { faults: state.faults }));
  router.delete('/faults', (_req, res) => {
    state.faults = [];
    sendJson(res, 200, { cleared: true });
  });
  router.post('/seed', (req, res) => sendJson(res, 201, seedMany(state, req)));
  router.post('/limits', (req, res) => {
    const b = body(req) as { daily?: number; used?: number };
    if (typeof b.daily === 'number') state.api.limit = b.daily;
    if (typeof b.used === 'number') state.api.used = b.used;
    sendJson(res, 200, state.api);
  });
  router.post('/bulk', (req, res) => {
    const { pageSize, orderByMaxRows } = body(req);
    const positive = (v: unknown) => Number.isInteger(v) && Number(v) >= 1;
    if (
      (pageSize !== undefined && !positive(pageSize)) ||
      (orderByMaxRows !== undefined && !positive(orderByMaxRows))
    )
      throw new ApiError(
        400,
        'INVALID_BULK_SETTING',
        'pageSize and orderByMaxRows must be positive integers',
      );
    if (pageSize !== undefined) state.bulkPageSize = Number(pageSize);
    if (orderByMaxRows !== undefined) state.bulkOrderByMaxRows = Number(orderByMaxRows);
    sendJson(res, 200, { pageSize: state.bulkPageSize, orderByMaxRows: state.bulkOrderByMaxRows });
  });
  router.post('/notify', (req, res) => {
    const b = body(req) as { url?: string; key?: string };
    state.notify = { url: b.url, key: b.key };
    sendJson(res, 200, { url: b.url ?? null });
  });
  router.get('/notifications', (_req, res) => sendJson(res, 200, { notifications: triggers.log }));
  router.post('/expire-tokens', (req, res) =>
    sendJson(res, 200, { expired: expireTokens(state, body(req).userId as string | undefined) }),
  );
  router.post('/undelete/:id', (req, res) => {
    const id = toId18(param(req, 'id')) ?? '';
    const def = state.schema.objectForId(id);
    if (!def) throw new ApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
    const r = state.write(asUser(req, REP_USER.id), (ctx) => state.dml.undelete(def, id, ctx));
    if (!r.ok)
      throw ApiError.fromDml(
        400,
        r.errors[0] ?? { statusCode: 'UNKNOWN_EXCEPTION', message: 'failed', fields: [] },
      );
    sendJson(res, 200, { id, success: true });
  });
  router.post('/users/:id', (req, res) => {
    const user = state.schema.object('User');
    const id = toId18(param(req, 'id')) ?? '';
    const isActive = body(req).isActive;
    if (!user || typeof isActive !== 'boolean')
      throw new ApiError(400, 'INVALID_USER_CHANGE', 'body must be {"isActive": true|false}');
    const r = state.write(INTEGRATION_USER.id, (ctx) =>
      state.dml.systemUpdate(user, id, { IsActive: isActive }, ctx),
    );
    if (!r.ok) throw new ApiError(404, 'NOT_FOUND', `No User with id ${param(req, 'id')}`);
    sendJson(res, 200, { id, isActive });
  });
  router.post('/leads/:id/convert', (req, res) =>
    sendJson(res, 200, convertLead(state, param(req, 'id'), body(req), asUser(req, REP_USER.id))),
  );
  router.post('/merge', (req, res) =>
    sendJson(res, 200, mergeRecords(state, body(req), asUser(req, REP_USER.id))),
  );
  router.get('/records/:object', (req, res) => {
    const def = objectOr404(state.schema, param(req, 'object'));
    const includeDeleted = queryString(req, 'includeDeleted') === 'true';
    const records: Values[] = [];
    for (const id of state.store.idsOf(def.name)) {
      const r = state.store.get(id);
      if (r && (includeDeleted || r.values.IsDeleted !== true)) records.push(r.values);
    }
    sendJson(res, 200, { totalSize: records.length, records });
  });
  return router;
}
