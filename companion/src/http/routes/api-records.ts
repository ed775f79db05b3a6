import { z } from 'zod';
import type { ChangeBuffer } from '../../queue/sf-changes.js';
import type { Config } from '../../config/index.js';
import type { Store } from '../../store/index.js';
import { maskPhone } from '../../sync/index.js';
import { HttpError } from '../errors.js';
import type { RouteDef } from '../route.js';

interface RecordsDeps {
  store: Store;
  buffer: ChangeBuffer;
  config: Pick<Config, 'aloware'>;
}

const params = z.object({ salesforceId: z.string().regex(/^(00Q|003)[a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?$/) });
const objectOf = (id: string) => (id.startsWith('00Q') ? 'Lead' : 'Contact');

/**
 * `GET /api/v1/records/:salesforceId`: link, last sync and last decisions of one record, and the Aloware app's
 * base URL (ALOWARE_BASE_URL, the host the companion calls), where the record card links the contact's page.
 */
const getRecord: RouteDef<RecordsDeps> = {
  method: 'get',
  path: '/api/v1/records/:salesforceId',
  auth: 'sync-key',
  params,
  handler: (deps) => async (req, res) => {
    const id = String(req.params.salesforceId);
    const link = await deps.store.links.get(id);
    const decisions = await deps.store.syncLog.decisions(id);
    if (!link && decisions.length === 0)
      throw new HttpError(404, 'not_found', 'The companion knows nothing of this record yet');
    res.json({
      salesforceId: id,
      object: link?.object ?? objectOf(id),
      alowareContactId: link?.alowareContactId ?? null,
      alowareAppUrl: deps.config.aloware.baseUrl,
      phoneMasked: link ? maskPhone(link.phone) : null,
      lastSyncedAt: link?.lastSyncedAt ?? null,
      lastOutcome: link?.lastOutcome ?? null,
      decisions,
    });
  },
};

/** `POST /api/v1/records/:salesforceId/sync`: pull and push this record now. */
const syncRecord: RouteDef<RecordsDeps> = {
  method: 'post',
  path: '/api/v1/records/:salesforceId/sync',
  auth: 'sync-key',
  params,
  handler: (deps) => async (req, res) => {
    const id = String(req.params.salesforceId);
    await deps.buffer.add(objectOf(id), [id], { now: true });
    res.status(202).json({ queued: true });
  },
};

export const recordRoutes = [getRecord, syncRecord];
