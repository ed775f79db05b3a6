import express, { Router } from 'express';
import type { AlowareIngest } from '../../to-salesforce/ingest.js';
import type { RouteAuth } from '../route.js';

const ALOWARE_WEBHOOK_PATH = '/webhooks/aloware';
const ALOWARE_WEBHOOK_BODY_LIMIT = '512kb';

/**
 * `POST /webhooks/aloware` (docs/contracts.md). Mounted behind the
 * 'aloware-webhook' auth (Bearer or Basic, constant time). Aloware never retries, so once the caller is
 * authentic every delivery is stored before the answer and acknowledged with 202 — unknown events and bodies
 * that are not even JSON included (kept for inspection). A repeat is acknowledged with `duplicate: true`.
 *
 * A mount rather than a RouteDef because the body is read raw: the shared JSON parser would answer 400 to a
 * non-JSON body and that delivery would be lost.
 */
export function alowareWebhookMount(ingest: Pick<AlowareIngest, 'receive'>): {
  path: string;
  auth: RouteAuth;
  router: Router;
} {
  const router = Router();
  router.post('/', express.raw({ type: () => true, limit: ALOWARE_WEBHOOK_BODY_LIMIT }), async (req, res) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const result = await ingest.receive(raw);
    res.status(202).json({
      accepted: result.duplicate ? 0 : 1,
      ...(result.duplicate ? { duplicate: true } : {}),
      id: result.inboxId,
    });
  });
  return { path: ALOWARE_WEBHOOK_PATH, auth: 'aloware-webhook', router };
}
