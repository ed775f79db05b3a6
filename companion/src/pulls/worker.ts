import type { Job, Worker } from 'bullmq';
import type { Logger } from '../logging/index.js';
import { JOBS, QUEUES } from '../queue/names.js';
import { createWorker, type WorkerOptions } from '../queue/worker-factory.js';
import type { OperationStore } from './operation-store.js';
import { runOperation, type PullDeps } from './operations.js';

/** The `operations` worker: one-time pulls and pushes, one at a time per process. */
export function operationsWorker(
  deps: PullDeps,
  store: OperationStore,
  opts: WorkerOptions & { bulkThreshold?: number },
  logger: Logger,
): Worker {
  return createWorker(
    QUEUES.operations,
    async (job: Job) => {
      if (job.name !== JOBS.operation) throw new Error(`Unknown job ${job.name}`);
      const { operationId } = job.data as { operationId: string };
      const op = await runOperation(deps, store, operationId, {
        bulkThreshold: opts.bulkThreshold,
        finalAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
      });
      return op ? { status: op.status } : null;
    },
    opts,
    logger,
    { concurrency: 1, area: 'operations' },
  );
}
