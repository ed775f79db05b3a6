import type { Store } from '../../store/index.js';
import { enabledObjects, maskPhone, resolveLink } from '../../sync/index.js';
import type { RouteDef } from '../route.js';

/** `GET /api/v1/identity-report`: phones shared by several records, and phones that do not parse. */
export const identityReport: RouteDef<{ store: Store }> = {
  method: 'get',
  path: '/api/v1/identity-report',
  auth: 'sync-key',
  handler: (deps) => async (_req, res) => {
    const { store } = deps;
    const { settings } = await store.config.get();
    const sharedPhones = [];
    for (const phone of await store.identity.sharedPhones(200)) {
      const candidates = await store.identity.candidates(phone);
      if (candidates.length < 2) continue;
      const linked =
        (await store.links.byPhone(phone))?.salesforceId ??
        resolveLink(candidates, settings.priorityObject, enabledObjects(settings), phone).linked?.id ??
        null;
      sharedPhones.push({
        phoneMasked: maskPhone(phone),
        records: candidates.map((c) => ({ id: c.id, object: c.object, name: c.name ?? null })),
        linkedId: linked,
      });
    }
    res.json({ sharedPhones, unparseable: await store.identity.unparseable(500) });
  },
};
