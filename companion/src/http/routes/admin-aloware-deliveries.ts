import { z } from 'zod';
import type { UnhandledDelivery } from '../../to-salesforce/ingest.js';
import { HttpError } from '../errors.js';
import type { RouteDef } from '../route.js';

/** What the inspection routes read: the unhandled list and the inbox. */
export interface DeliveryInspection {
  unhandled(limit: number): Promise<UnhandledDelivery[]>;
  delivery(inboxId: string): Promise<{ id: string; receivedAt: string; payload: unknown } | null>;
}

const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });
const idParams = z.object({ id: z.uuid({ error: 'id must be an inbox id' }) });

/**
 * Operator-only inspection of Aloware deliveries the companion kept but did not act on (unknown events,
 * malformed bodies): `GET /admin/aloware/unhandled` lists them, `GET /admin/aloware/deliveries/:id` shows one
 * stored delivery as received (it may hold personal data, hence the operator token).
 */
export function deliveryInspectionRoutes(api: DeliveryInspection): RouteDef<unknown>[] {
  return [
    {
      method: 'get',
      path: '/admin/aloware/unhandled',
      auth: 'operator',
      query: listQuery,
      handler: () => async (req, res) => {
        const { limit } = req.query as unknown as z.infer<typeof listQuery>;
        res.json({ items: await api.unhandled(limit) });
      },
    },
    {
      method: 'get',
      path: '/admin/aloware/deliveries/:id',
      auth: 'operator',
      params: idParams,
      handler: () => async (req, res) => {
        const entry = await api.delivery(String(req.params.id));
        if (!entry) throw new HttpError(404, 'not_found', 'No such delivery (or it expired)');
        res.json(entry);
      },
    },
  ];
}
