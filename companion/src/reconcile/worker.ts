import type { Worker } from 'bullmq';
import type { Logger } from '../logging/index.js';
import { QUEUES } from '../queue/names.js';
import { createWorker, type WorkerOptions } from '../queue/worker-factory.js';
import { reconcile, type ReconcileDeps } from './reconcile.js';

/** The `reconcile` worker (its repeatable job is scheduled by the composition root). */
export function reconcileWorker(
  deps: ReconcileDeps,
  opts: WorkerOptions & { reconcileLookbackMs?: number },
  logger: Logger,
): Worker {
  return createWorker(
    QUEUES.reconcile,
    async () => {
      const report = await reconcile(deps, opts.reconcileLookbackMs);
      return { driftFound: report.driftFound, driftFixed: report.driftFixed };
    },
    opts,
    logger,
    { concurrency: 1, area: 'reconcile' },
  );
}
