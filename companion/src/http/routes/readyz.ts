import { redisReachable, type HealthDeps, type Reachability } from '../../ops/health.js';
import type { RouteDef } from '../route.js';

/** Readiness: Redis, Salesforce and Aloware reachable (external checks cached briefly). 503 otherwise. */
export const readyz: RouteDef<Pick<HealthDeps, 'store' | 'gateway' | 'aloware'> & { reach: Reachability }> = {
  method: 'get',
  path: '/readyz',
  auth: 'none',
  handler: (deps) => async (_req, res) => {
    const redis = await redisReachable(deps.store);
    const [salesforce, aloware] = await Promise.all([
      deps.reach.check('salesforce', () => deps.gateway.ping()),
      deps.reach.check('aloware', () => deps.aloware.ping()),
    ]);
    const ready = redis && salesforce && aloware;
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', redis, salesforce, aloware });
  },
};
