import { UnrecoverableError, type Job, type Queue, type Worker } from 'bullmq';
import type { Logger } from '../logging/index.js';
import { recordFailure, type FailurePolicy } from '../queue/failures.js';
import { JOBS, QUEUES } from '../queue/names.js';
import type { FlushMode } from '../queue/sf-changes.js';
import { createWorker, type WorkerOptions } from '../queue/worker-factory.js';
import { isPermanentFailure } from '../salesforce/errors.js';
import type { Store } from '../store/index.js';

export interface ToSalesforceHandlers {
  contact(inboxId: string): Promise<unknown>;
  delivery(inboxId: string): Promise<unknown>;
  write(communicationId: string): Promise<unknown>;
  /** The batched Task writer's flush (a `flush` job of the activities queue, see activity/task-flush.ts). */
  flush(job: string, mode?: FlushMode): Promise<unknown>;
  /** The communications a flush job claimed, and their release after a final failure. */
  claimed(job: string): Promise<string[]>;
  release(job: string): Promise<void>;
  sweep(): Promise<unknown>;
}

/** Runs a job; a permanent rejection goes straight to the failed list instead of burning the retry budget. */
async function runOnce(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    return await fn();
  } catch (err) {
    if (isPermanentFailure(err)) throw new UnrecoverableError((err as Error).message);
    throw err;
  }
}

/** After the retry budget every item lands in the failed list with a retry recipe (nothing dropped silently). */
function failures(handlers: ToSalesforceHandlers, queue: string): FailurePolicy {
  return {
    syncLogArea: 'to_salesforce',
    // Each communication the flush had claimed, retryable on its own.
    batch: {
      claimed: (job) => handlers.claimed(job),
      release: (job) => handlers.release(job),
      item: (_job, communicationId) => ({
        kind: 'activity',
        recordId: communicationId,
        retry: { queue, name: JOBS.write, data: { communicationId } },
      }),
    },
    item(job) {
      const data = job.data as { inboxId?: string; communicationId?: string };
      return {
        kind: queue === QUEUES.activities ? 'activity' : 'to_salesforce',
        recordId: data.communicationId ?? data.inboxId,
        retry: { queue, name: job.name, data: { ...data } },
      };
    },
  };
}

/** The failure-metric area of each to-Salesforce queue. */
const AREAS: Record<string, string> = {
  [QUEUES.alowareEvents]: 'to_salesforce',
  [QUEUES.activities]: 'activity',
  [QUEUES.parked]: 'parked',
};

function worker(
  queue: string,
  run: (job: Job) => Promise<unknown>,
  opts: WorkerOptions,
  store: Store,
  handlers: ToSalesforceHandlers,
  logger: Logger,
): Worker {
  const policy = failures(handlers, queue);
  return createWorker(queue, (job) => runOnce(() => run(job)), opts, logger, {
    area: AREAS[queue] ?? queue,
    onFailed: (job, err) => recordFailure(store, policy, job, err),
  });
}

/** The three to-Salesforce workers; the sweep is scheduled once (BullMQ job scheduler). */
export async function startToSalesforceWorkers(
  handlers: ToSalesforceHandlers,
  parkedQueue: Queue,
  opts: WorkerOptions & { sweepEveryMs?: number },
  store: Store,
  logger: Logger,
): Promise<Worker[]> {
  const workers = [
    worker(
      QUEUES.alowareEvents,
      (job) => handlers.contact((job.data as { inboxId: string }).inboxId),
      opts,
      store,
      handlers,
      logger,
    ),
    worker(
      QUEUES.activities,
      (job) => {
        if (job.name === JOBS.flush)
          return handlers.flush(String(job.id), (job.data as { mode?: FlushMode }).mode);
        const data = job.data as { inboxId?: string; communicationId: string };
        return job.name === JOBS.write || !data.inboxId
          ? handlers.write(data.communicationId)
          : handlers.delivery(data.inboxId);
      },
      opts,
      store,
      handlers,
      logger,
    ),
    worker(QUEUES.parked, () => handlers.sweep(), { ...opts, concurrency: 1 }, store, handlers, logger),
  ];
  await parkedQueue.upsertJobScheduler(
    JOBS.sweep,
    { every: opts.sweepEveryMs ?? 30_000 },
    { name: JOBS.sweep, opts: { removeOnComplete: 10, removeOnFail: 10 } },
  );
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  return workers;
}
