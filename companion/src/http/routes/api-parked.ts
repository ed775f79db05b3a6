import { z } from 'zod';
import type { ParkedActivity } from '../../activity/parked.js';
import { HttpError } from '../errors.js';
import type { RouteDef } from '../route.js';

/** What the parked routes need: the parked list and a way to write one communication's Task again. */
export interface ParkedApi {
  list(): Promise<ParkedActivity[]>;
  exists(id: string): Promise<boolean>;
  retry(id: string): Promise<void>;
}

const idParams = z.object({ id: z.string().regex(/^\d{1,20}$/, { error: 'id must be a communication id' }) });

/** docs/contracts.md §3: `GET /api/v1/parked` and `POST /api/v1/parked/:id/retry` (sync key). */
export function parkedRoutes(api: ParkedApi): RouteDef<unknown>[] {
  return [
    {
      method: 'get',
      path: '/api/v1/parked',
      auth: 'sync-key',
      handler: () => async (_req, res) => {
        res.json({ items: await api.list() });
      },
    },
    {
      method: 'post',
      path: '/api/v1/parked/:id/retry',
      auth: 'sync-key',
      bodyLimit: '1kb',
      params: idParams,
      handler: () => async (req, res) => {
        const id = String(req.params.id);
        if (!(await api.exists(id))) throw new HttpError(404, 'not_found', `No parked activity ${id}`);
        await api.retry(id);
        res.json({ retried: true });
      },
    },
  ];
}
