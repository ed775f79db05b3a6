import type { RouteDef } from '../route.js';

/** Liveness: the process is up and serving HTTP. Readiness (dependencies reachable) is /readyz. */
export const healthz: RouteDef = {
  method: 'get',
  path: '/healthz',
  auth: 'none',
  handler: () => (_req, res) => {
    res.json({ status: 'ok', uptimeSeconds: Math.round(process.uptime()) });
  },
};
