import type { OrgMetadata } from '../../salesforce/gateway.js';
import type { Store } from '../../store/index.js';
import type { RouteDef } from '../route.js';

/** `POST /api/v1/config/refresh`: re-read settings and mappings from Salesforce now. */
export const configRefresh: RouteDef<{ store: Store; gateway: Pick<OrgMetadata, 'clearCaches'> }> = {
  method: 'post',
  path: '/api/v1/config/refresh',
  auth: 'sync-key',
  handler: (deps) => async (_req, res) => {
    deps.gateway.clearCaches();
    const config = await deps.store.config.refresh();
    res.json({ version: config.version });
  },
};
