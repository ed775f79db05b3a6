import { z } from 'zod';
import { InvalidFilterError, type Operations } from '../../ops/operations.js';
import { publicOperation } from '../../ops/operation-store.js';
import { HttpError } from '../errors.js';
import type { RouteDef } from '../route.js';

export interface OperationsDeps {
  operations: Operations;
}

const FIELD = /^[A-Za-z][A-Za-z0-9_]{0,79}$/;
const idParams = z.object({ id: z.uuid() });

export const startOperationBody = z.object({
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

const notFound = () => new HttpError(404, 'not_found', 'No such operation');

/** `POST /api/v1/operations`: 202 with the queued Operation (contracts §3). */
export const startOperation: RouteDef<OperationsDeps> = {
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

export const listOperations: RouteDef<OperationsDeps> = {
  method: 'get',
  path: '/api/v1/operations',
  auth: 'sync-key',
  handler: (deps) => async (_req, res) => {
    res.json({ operations: (await deps.operations.ops.recent(20)).map(publicOperation) });
  },
};

export const getOperation: RouteDef<OperationsDeps> = {
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

export const cancelOperation: RouteDef<OperationsDeps> = {
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

export const resumeOperation: RouteDef<OperationsDeps> = {
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
  listOperations,
  getOperation,
  cancelOperation,
  resumeOperation,
];
