import { z } from 'zod';
import { InvalidCsvError } from '../../pulls/aloware-push.js';
import { InvalidFilterError, type Operations } from '../../pulls/operations.js';
import { publicOperation } from '../../pulls/operation-store.js';
import { HttpError } from '../errors.js';
import type { RouteDef } from '../route.js';

interface OperationsDeps {
  operations: Operations;
}

const FIELD = /^[A-Za-z][A-Za-z0-9_]{0,79}$/;
const idParams = z.object({ id: z.uuid() });

const startOperationBody = z.object({
  object: z.enum(['Lead', 'Contact']),
  dryRun: z.boolean(),
  filter: z
    .array(
      z.object({
        field: z.string().regex(FIELD, { error: 'must be a field API name' }),
        op: z.enum(['=', '!=', '<', '>', '<=', '>=', 'LIKE']),
        value: z.union([z.string().max(255), z.number(), z.boolean(), z.null()]),
      }),
    )
    .max(10)
    .optional(),
});

/** Under the 5 MB body limit (JSON escaping adds a little); Apex callouts carry at most 6 MB. */
const MAX_PUSH_CSV_CHARS = 4_500_000;

const startPushBody = z.strictObject({
  csv: z.string().min(1).max(MAX_PUSH_CSV_CHARS, { error: 'the file is larger than 4.5 MB' }),
  dryRun: z.boolean(),
});

const notFound = () => new HttpError(404, 'not_found', 'No such operation');

/** `POST /api/v1/operations`: 202 with the queued Operation (docs/contracts.md §3). */
const startOperation: RouteDef<OperationsDeps> = {
  method: 'post',
  path: '/api/v1/operations',
  auth: 'sync-key',
  body: startOperationBody,
  handler: (deps) => async (req, res) => {
    const body = req.body as z.infer<typeof startOperationBody>;
    const op = await deps.operations.start(body.object, body.dryRun, body.filter).catch((err: unknown) => {
      if (err instanceof InvalidFilterError) throw new HttpError(400, 'invalid_filter', err.message);
      throw err;
    });
    res.status(202).json(publicOperation(op));
  },
};

/**
 * `POST /api/v1/operations/push`: 202 with the queued push from Aloware (docs/contracts.md §3): the CSV of
 * contacts exported from Aloware's web app, each row synced to Salesforce as a `Contact-Created` webhook
 * would be.
 */
const startPush: RouteDef<OperationsDeps> = {
  method: 'post',
  path: '/api/v1/operations/push',
  auth: 'sync-key',
  body: startPushBody,
  bodyLimit: '5mb',
  handler: (deps) => async (req, res) => {
    const body = req.body as z.infer<typeof startPushBody>;
    const op = await deps.operations.startPush(body.csv, body.dryRun).catch((err: unknown) => {
      if (err instanceof InvalidCsvError) throw new HttpError(400, 'invalid_csv', err.message);
      throw err;
    });
    res.status(202).json(publicOperation(op));
  },
};

const listOperations: RouteDef<OperationsDeps> = {
  method: 'get',
  path: '/api/v1/operations',
  auth: 'sync-key',
  handler: (deps) => async (_req, res) => {
    res.json({ operations: (await deps.operations.ops.recent(20)).map(publicOperation) });
  },
};

const getOperation: RouteDef<OperationsDeps> = {
  method: 'get',
  path: '/api/v1/operations/:id',
  auth: 'sync-key',
  params: idParams,
  handler: (deps) => async (req, res) => {
    const op = await deps.operations.ops.get(String(req.params.id));
    if (!op) throw notFound();
    res.json(publicOperation(op));
  },
};

const cancelOperation: RouteDef<OperationsDeps> = {
  method: 'post',
  path: '/api/v1/operations/:id/cancel',
  auth: 'sync-key',
  params: idParams,
  handler: (deps) => async (req, res) => {
    const op = await deps.operations.cancel(String(req.params.id));
    if (!op) throw notFound();
    res.json(publicOperation(op));
  },
};

const resumeOperation: RouteDef<OperationsDeps> = {
  method: 'post',
  path: '/api/v1/operations/:id/resume',
  auth: 'sync-key',
  params: idParams,
  handler: (deps) => async (req, res) => {
    const op = await deps.operations.resume(String(req.params.id));
    if (!op) throw notFound();
    res.json(publicOperation(op));
  },
};

export const operationRoutes = [
  startOperation,
  startPush,
  listOperations,
  getOperation,
  cancelOperation,
  resumeOperation,
];
