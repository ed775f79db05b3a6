import { UnrecoverableError, type Job, type Queue, type Worker } from 'bullmq';
import type { Logger } from '../logging/index.js';
import { apiErrorsOf, isPermanent } from '../salesforce/errors.js';
import type { Store } from '../store/index.js';
import { BulkAdder } from './bulk-add.js';
import { JOBS, jobId, QUEUES } from './names.js';
import type { FlushMode } from './sf-changes.js';
import { createWorker, isFinalFailure } from './worker-factory.js';
import type { WorkerOptions } from './workers.js';

/** Job names of the Aloware → Salesforce queues (G). */
export const INBOUND_JOBS = {
  /** aloware-events: one stored contact delivery (inbox id). */
  contact: 'contact',
  /** activities: one stored communication delivery (inbox id + communication id). */
  delivery: 'delivery',
  /** activities: write the Task from the folded state again (parked retry, record appeared). */
  write: 'write',
  /** parked: repeatable sweep (parked items whose record appeared; inbox entries never queued). */
  sweep: 'sweep',
} as const;

/** Salesforce outages are retried for ~30 minutes before an item lands in the failed list. */
export const INBOUND_JOB_OPTIONS = {
  attempts: 12,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: { count: 1_000, age: 24 * 3600 },
  removeOnFail: { count: 5_000, age: 7 * 24 * 3600 },
} as const;

/** Producers: job data carries ids only. */
export class InboundProducer {
  /** Deliveries acknowledged together are queued with one `addBulk` (bulk-add.ts). */
  private readonly contacts: BulkAdder;
  private readonly deliveries: BulkAdder;

  constructor(
    alowareEvents: Queue,
    private readonly activities: Queue,
  ) {
    this.contacts = new BulkAdder(alowareEvents);
    this.deliveries = new BulkAdder(activities);
  }

  async contact(inboxId: string): Promise<void> {
    await this.contacts.add(
      INBOUND_JOBS.contact,
      { inboxId },
      { ...INBOUND_JOB_OPTIONS, jobId: jobId(inboxId) },
    );
  }

  async activity(inboxId: string, communicationId: string): Promise<void> {
    await this.deliveries.add(
      INBOUND_JOBS.delivery,
      { inboxId, communicationId },
      { ...INBOUND_JOB_OPTIONS, jobId: jobId(inboxId) },
    );
  }

  /** Re-writes a communication's Task (deduplicated while one is waiting). */
  async write(communicationId: string): Promise<void> {
    await this.activities.add(
      INBOUND_JOBS.write,
      { communicationId },
      { ...INBOUND_JOB_OPTIONS, deduplication: { id: jobId('write', communicationId) } },
    );
  }
}

export interface InboundHandlers {
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

/**
 * The Salesforce error codes an error carries (`codes` of a failed save, or the errors jsforce keeps under
 * `err.data`), classified by the most severe: a permanent one wins over transient ones.
 */
export function isPermanentFailure(err: unknown): boolean {
  const e = err as { codes?: unknown } | null;
  const codes = Array.isArray(e?.codes) ? e.codes.map(String) : (apiErrorsOf(err)?.map((x) => x.code) ?? []);
  return isPermanent(codes);
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
async function recordFailure(
  store: Store,
  handlers: InboundHandlers,
  queue: string,
  job: Job,
  err: Error,
): Promise<void> {
  if (!isFinalFailure(job, err)) return;
  const data = job.data as { inboxId?: string; communicationId?: string };
  await store.syncLog.error('to_salesforce', err.message);
  if (job.name === JOBS.flush && job.id) {
    // Each communication the flush had claimed, retryable on its own.
    for (const communicationId of await handlers.claimed(job.id)) {
      await store.failed.add({
        kind: 'activity',
        recordId: communicationId,
        reason: err.message,
        attempts: job.attemptsMade,
        retry: { queue, name: INBOUND_JOBS.write, data: { communicationId } },
      });
    }
    await handlers.release(job.id);
    return;
  }
  await store.failed.add({
    kind: queue === QUEUES.activities ? 'activity' : 'to_salesforce',
    recordId: data.communicationId ?? data.inboxId,
    reason: err.message,
    attempts: job.attemptsMade,
    retry: { queue, name: job.name, data: { ...data } },
  });
}

/** The failure-metric area of each Aloware → Salesforce queue. */
const INBOUND_AREAS: Record<string, string> = {
  [QUEUES.alowareEvents]: 'to_salesforce',
  [QUEUES.activities]: 'activity',
  [QUEUES.parked]: 'parked',
};

function worker(
  queue: string,
  run: (job: Job) => Promise<unknown>,
  opts: WorkerOptions,
  store: Store,
  handlers: InboundHandlers,
  logger: Logger,
): Worker {
  return createWorker(queue, (job) => runOnce(() => run(job)), opts, logger, {
    area: INBOUND_AREAS[queue] ?? queue,
    onFailed: (job, err) => recordFailure(store, handlers, queue, job, err),
  });
}

/** The three Aloware → Salesforce workers; the sweep is scheduled once (BullMQ job scheduler). */
export async function startInboundWorkers(
  handlers: InboundHandlers,
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
        return job.name === INBOUND_JOBS.write || !data.inboxId
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
    INBOUND_JOBS.sweep,
    { every: opts.sweepEveryMs ?? 30_000 },
    { name: INBOUND_JOBS.sweep, opts: { removeOnComplete: 10, removeOnFail: 10 } },
  );
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  return workers;
}
