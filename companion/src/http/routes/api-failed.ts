import type { Queue } from 'bullmq';
import { z } from 'zod';
import type { Queues } from '../../queue/queues.js';
import type { Store } from '../../store/index.js';
import { HttpError } from '../errors.js';
import type { RouteDef } from '../route.js';

interface FailedDeps {
  store: Store;
  queues: Queues;
}

const params = z.object({ id: z.string().min(1).max(200) });

/** `GET /api/v1/failed`: items that exhausted their retries (docs/contracts.md §3 FailedItem). */
const listFailed: RouteDef<FailedDeps> = {
  method: 'get',
  path: '/api/v1/failed',
  auth: 'sync-key',
  handler: (deps) => async (_req, res) => {
    const items = await deps.store.failed.list();
    res.json({ items: items.map(({ retry: _retry, ...item }) => item) });
  },
};

/** `POST /api/v1/failed/:id/retry`: queues the item's job again and removes it from the list. */
const retryFailed: RouteDef<FailedDeps> = {
  method: 'post',
  path: '/api/v1/failed/:id/retry',
  auth: 'sync-key',
  params,
  handler: (deps) => async (req, res) => {
    const item = await deps.store.failed.get(String(req.params.id));
    if (!item) throw new HttpError(404, 'not_found', 'No such failed item');
    const queue = Object.values(deps.queues).find((q: Queue) => q.name === item.retry?.queue);
    if (!item.retry || !queue)
      throw new HttpError(409, 'not_retryable', 'This item cannot be retried automatically');
    await queue.add(item.retry.name, item.retry.data);
    await deps.store.failed.remove(item.id);
    res.json({ retried: true });
  },
};

const dismissFailed: RouteDef<FailedDeps> = {
  method: 'delete',
  path: '/api/v1/failed/:id',
  auth: 'sync-key',
  params,
  handler: (deps) => async (req, res) => {
    if (!(await deps.store.failed.remove(String(req.params.id)))) {
      throw new HttpError(404, 'not_found', 'No such failed item');
    }
    res.json({ dismissed: true });
  },
};

export const failedRoutes = [listFailed, retryFailed, dismissFailed];
