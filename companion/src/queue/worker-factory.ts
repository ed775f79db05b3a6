import { Worker, type Job } from 'bullmq';
import type { Logger } from '../logging/index.js';
import type { WorkerOptions } from './workers.js';

export interface CreateWorkerOptions {
  /** Jobs run at once by this worker (default: opts.concurrency, else 4). */
  concurrency?: number;
  /** Called on every failed attempt; decides itself whether the retry budget is spent. */
  onFailed?: (job: Job, err: Error) => Promise<void>;
}

/**
 * Every companion worker: the same lock/stall settings (a killed worker's job is retried after about
 * lockDurationMs), a log line per failed attempt, worker errors logged, and the caller's failure recorder.
 */
export function createWorker(
  queue: string,
  processor: (job: Job) => Promise<unknown>,
  opts: WorkerOptions,
  logger: Logger,
  extra: CreateWorkerOptions = {},
): Worker {
  const worker = new Worker(queue, processor, {
    connection: opts.connection(),
    prefix: opts.prefix,
    concurrency: extra.concurrency ?? opts.concurrency ?? 4,
    lockDuration: opts.lockDurationMs ?? 30_000,
    stalledInterval: opts.stalledIntervalMs ?? 30_000,
    maxStalledCount: 5,
  });
  worker.on('failed', (job, err) => {
    logger.warn(
      { queue, job: job?.name, jobId: job?.id, attempts: job?.attemptsMade, message: err.message },
      'job failed',
    );
    if (job && extra.onFailed) {
      extra
        .onFailed(job, err)
        .catch((e: unknown) => logger.error({ err: e, queue }, 'could not record failed job'));
    }
  });
  worker.on('error', (err) => logger.error({ queue, message: err.message }, 'worker error'));
  return worker;
}
