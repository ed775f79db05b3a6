import type { Job, Worker } from 'bullmq';
import type { Logger } from '../logging/index.js';
import { runOperation } from '../pulls/operations.js';
import type { OperationStore } from '../pulls/operation-store.js';
import { reconcile } from '../reconcile/reconcile.js';
import type { OutboundDeps } from '../to-aloware/flush.js';
import { JOBS, QUEUES } from './names.js';
import { createWorker } from './worker-factory.js';
import type { WorkerOptions } from './workers.js';

/** `operations` (one-time pulls, one at a time per process) and `reconcile` (repeatable) workers. */
export function opsWorkers(
  deps: OutboundDeps,
  store: OperationStore,
  opts: WorkerOptions & { reconcileLookbackMs?: number; bulkThreshold?: number },
  logger: Logger,
): Worker[] {
  const operations = createWorker(
    QUEUES.operations,
    async (job: Job) => {
      if (job.name !== JOBS.operation) throw new Error(`Unknown job ${job.name}`);
      const { operationId } = job.data as { operationId: string };
      const op = await runOperation(deps, store, operationId, { bulkThreshold: opts.bulkThreshold });
      return op ? { status: op.status } : null;
    },
    opts,
    logger,
    { concurrency: 1, area: 'operations' },
  );
  const reconciler = createWorker(
    QUEUES.reconcile,
    async () => {
      const report = await reconcile(deps, opts.reconcileLookbackMs);
      return { driftFound: report.driftFound, driftFixed: report.driftFixed };
    },
    opts,
    logger,
    { concurrency: 1, area: 'reconcile' },
  );
  return [operations, reconciler];
}
