import { z } from 'zod';
import type { SalesforceIngest } from '../../to-aloware/ingest.js';
import type { RouteDef } from '../route.js';

const sfId = z.string().regex(/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/, { error: 'must be a Salesforce id' });
const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), { error: 'must be an ISO-8601 date' });

/** docs/contracts.md §1: `aloware-sync.salesforce-change/1`. */
const changeEventSchema = z.object({
  schema: z.literal('aloware-sync.salesforce-change/1'),
  orgId: sfId,
  deliveryId: z.string().min(1).max(64),
  sentAt: isoDate,
  changes: z
    .array(
      z.object({
        object: z.enum(['Lead', 'Contact']),
        id: sfId,
        kind: z.enum(['created', 'updated', 'deleted', 'undeleted', 'converted', 'merged']),
        fields: z.array(z.string().max(80)).max(500),
        modstamp: isoDate,
        convertedContactId: sfId.optional(),
        masterRecordId: sfId.optional(),
      }),
    )
    .min(1)
    .max(200),
});

export interface SalesforceWebhookDeps {
  salesforceIngest: Pick<SalesforceIngest, 'receive'>;
}

/** `POST /webhooks/salesforce`: key checked (constant time), body validated, stored before 202. */
export const salesforceWebhook: RouteDef<SalesforceWebhookDeps> = {
  method: 'post',
  path: '/webhooks/salesforce',
  auth: 'sync-key',
  bodyLimit: '512kb',
  body: changeEventSchema,
  handler: (deps) => async (req, res) => {
    const result = await deps.salesforceIngest.receive(req.body as z.infer<typeof changeEventSchema>);
    res.status(202).json(result);
  },
};
