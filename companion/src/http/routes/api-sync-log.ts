import { z } from 'zod';
import type { Store } from '../../store/index.js';
import type { RouteDef } from '../route.js';

export interface SyncLogDeps {
  store: Store;
}

const query = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

/**
 * `GET /api/v1/sync-log?limit=`: the most recent sync entries across records, newest first (record id, object,
 * direction, time, decisions by field name, outcome, masked phone; never field values).
 */
export const syncLogRoute: RouteDef<SyncLogDeps> = {
  method: 'get',
  path: '/api/v1/sync-log',
  auth: 'sync-key',
  query,
  handler: (deps) => async (req, res) => {
    const { limit } = req.query as unknown as z.infer<typeof query>;
    res.json({ entries: await deps.store.syncLog.recent(limit) });
  },
};
