import { Worker, type Job } from 'bullmq';
import type { Logger } from '../logging/index.js';
import { runOperation } from '../ops/operations.js';
import type { OperationStore } from '../ops/operation-store.js';
import { reconcile } from '../ops/reconcile.js';
import type { OutboundDeps } from '../outbound/flush.js';
import { JOBS, QUEUES } from './names.js';
import type { WorkerOptions } from './workers.js';

/** `operations` (one-time pulls, one at a time per process) and `reconcile` (repeatable) workers. */
export function opsWorkers(
  deps: OutboundDeps,
  store: OperationStore,
  opts: WorkerOptions & { reconcileLookbackMs?: number; bulkThreshold?: number },
  logger: Logger,
): Worker[] {
  const common = {
    prefix: opts.prefix,
    lockDuration: opts.lockDurationMs ?? 30_000,
    stalledInterval: opts.stalledIntervalMs ?? 30_000,
    maxStalledCount: 5,
  };
  const operations = new Worker(
    QUEUES.operations,
    async (job: Job) => {
      if (job.name !== JOBS.operation) throw new Error(`Unknown job ${job.name}`);
      const { operationId } = job.data as { operationId: string };
      const op = await runOperation(deps, store, operationId, { bulkThreshold: opts.bulkThreshold });
      return op ? { status: op.status } : null;
    },
    { ...common, connection: opts.connection(), concurrency: 1 },
  );
  const reconciler = new Worker(
    QUEUES.reconcile,
    async () => {
      const report = await reconcile(deps, opts.reconcileLookbackMs);
      return { driftFound: report.driftFound, driftFixed: report.driftFixed };
    },
    { ...common, connection: opts.connection(), concurrency: 1 },
  );
  for (const w of [operations, reconciler]) {
    w.on('failed', (job, err) =>
      logger.warn({ queue: w.name, jobId: job?.id, message: err.message }, 'job failed'),
    );
    w.on('error', (err) => logger.error({ queue: w.name, message: err.message }, 'worker error'));
  }
  return [operations, reconciler];
}
