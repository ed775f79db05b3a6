import { health, type HealthDeps, type Reachability } from '../../health/health.js';
import type { RouteDef } from '../route.js';

/** `GET /api/v1/health` (docs/contracts.md §3 Health) for the admin panel. */
export const apiHealth: RouteDef<HealthDeps & { reach: Reachability }> = {
  method: 'get',
  path: '/api/v1/health',
  auth: 'sync-key',
  handler: (deps) => async (_req, res) => {
    res.json(await health(deps, deps.reach));
  },
};
