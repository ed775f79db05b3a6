import { redisReachable } from '../../health/health.js';
import type { Store } from '../../store/index.js';
import type { RouteDef } from '../route.js';

/**
 * Readiness: this process can accept and store work, i.e. Redis answers and no stop has begun. Salesforce and
 * Aloware are deliberately not part of it: webhooks are stored while they are down (Aloware does not retry),
 * so taking the receiver out of rotation then would lose deliveries. Their reachability is in
 * `/api/v1/health` and the metrics.
 */
export const readyz: RouteDef<{ store: Pick<Store, 'redis'>; state: { stopping: boolean } }> = {
  method: 'get',
  path: '/readyz',
  auth: 'none',
  handler: (deps) => async (_req, res) => {
    if (deps.state.stopping) {
      res.status(503).json({ status: 'stopping' });
      return;
    }
    const redis = await redisReachable(deps.store);
    res.status(redis ? 200 : 503).json({ status: redis ? 'ready' : 'not_ready', redis });
  },
};
