import type { Metrics } from '../../metrics/index.js';
import { queueDepths, type Queues } from '../../queue/queues.js';
import type { RouteDef } from '../route.js';

/** `GET /metrics`: Prometheus text format, behind the operator token. Queue depth is sampled per scrape. */
export const metricsRoute: RouteDef<{ metrics: Metrics; queues: Queues }> = {
  method: 'get',
  path: '/metrics',
  auth: 'operator',
  handler: (deps) => async (_req, res) => {
    const depths = await queueDepths(deps.queues).catch(() => null);
    for (const [queue, depth] of Object.entries(depths?.perQueue ?? {}))
      deps.metrics.queueDepth.set({ queue }, depth);
    res.set('Content-Type', deps.metrics.registry.contentType);
    res.send(await deps.metrics.registry.metrics());
  },
};
