// query / queryAll / query/{locator}: results are an id list held by a cursor; each page slices it (constant cost).
import { randomBytes } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { ApiError, param, queryString, sendJson } from '../http.js';
import { compileSoql, type Plan } from '../soql/compile.js';
import { SoqlError } from '../soql/errors.js';
import { execute } from '../soql/execute.js';
import { projectRow } from '../soql/project.js';
import { EmulatorState } from '../state.js';

const MAX_BATCH = 2000;
const MIN_BATCH = 200;
const MAX_CURSORS = 500;
const CURSOR_TTL_MS = 15 * 60_000;

interface Cursor {
  plan: Plan;
  ids: string[];
  batchSize: number;
  createdAt: number;
}

export function soqlOr400<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof SoqlError) throw new ApiError(400, e.errorCode, e.message);
    throw e;
  }
}

function batchSizeOf(req: Request): number {
  const match = /batchSize=(\d+)/i.exec(req.get('sforce-query-options') ?? '');
  if (!match) return MAX_BATCH;
  return Math.min(MAX_BATCH, Math.max(MIN_BATCH, Number(match[1])));
}

export function queryRouter(state: EmulatorState): Router {
  const router = express.Router({ mergeParams: true });
  const cursors = new Map<string, Cursor>();

  const remember = (cursor: Cursor): string => {
    const now = Date.now();
    for (const [key, c] of cursors)
      if (now - c.createdAt > CURSOR_TTL_MS || cursors.size >= MAX_CURSORS) cursors.delete(key);
    const key = `01g${randomBytes(9).toString('base64url').replace(/[-_]/g, 'x')}`;
    cursors.set(key, cursor);
    return key;
  };

  const page = (req: Request, res: Response, key: string, cursor: Cursor, offset: number) => {
    const base = EmulatorState.base(param(req, 'version'));
    const end = Math.min(cursor.ids.length, offset + cursor.batchSize);
    const records = cursor.ids.slice(offset, end).map((id) => projectRow(state.store, cursor.plan, base, id));
    const body: Record<string, unknown> = { totalSize: cursor.ids.length, done: end >= cursor.ids.length };
    if (end < cursor.ids.length) body.nextRecordsUrl = `${base}/query/${key}-${end}`;
    body.records = records;
    sendJson(res, 200, body);
  };

  const run = (includeDeleted: boolean) => (req: Request, res: Response) => {
    const soql = queryString(req, 'q');
    if (!soql) throw new ApiError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
    const plan = soqlOr400(() => compileSoql(state.schema, soql));
    const result = execute(state.store, plan, includeDeleted);
    if (plan.count === 'count')
      return sendJson(res, 200, { totalSize: result.totalSize, done: true, records: [] });
    if (plan.count === 'aggregate') {
      const row = { attributes: { type: 'AggregateResult' }, expr0: result.totalSize };
      return sendJson(res, 200, { totalSize: 1, done: true, records: [row] });
    }
    const cursor: Cursor = { plan, ids: result.ids, batchSize: batchSizeOf(req), createdAt: Date.now() };
    const key = result.ids.length > cursor.batchSize ? remember(cursor) : '';
    page(req, res, key, cursor, 0);
  };

  router.get('/query', run(false));
  router.get('/queryAll', run(true));
  const more = (req: Request, res: Response) => {
    const match = /^(.+)-(\d+)$/.exec(param(req, 'locator'));
    const cursor = match ? cursors.get(match[1] as string) : undefined;
    if (!match || !cursor) throw new ApiError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    // The batch size chosen when the query was opened applies to every page unless this request names another.
    const batchSize = req.get('sforce-query-options') ? batchSizeOf(req) : cursor.batchSize;
    page(req, res, match[1] as string, { ...cursor, batchSize }, Number(match[2]));
  };
  router.get('/query/:locator', more);
  router.get('/queryAll/:locator', more);
  return router;
}
