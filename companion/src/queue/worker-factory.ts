import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../logging/index.js';
import type { Metrics } from '../metrics/index.js';
import { isConnectionError } from './redis-outage.js';

export interface WorkerOptions {
  connection: () => Redis;
  prefix: string;
  concurrency?: number;
  /** BullMQ lock duration / stalled check (ms): a killed worker's job is retried after about this long. */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  /** Counts jobs that spent their retries (`aloware_sync_failures_total`) and worker errors. */
  metrics?: Metrics;
}

export interface CreateWorkerOptions {
  /** Jobs run at once by this worker (default: opts.concurrency, else 4). */
  concurrency?: number;
  /** Called on every failed attempt; decides itself whether the retry budget is spent. */
  onFailed?: (job: Job, err: Error) => Promise<void>;
  /** The `area` label of `aloware_sync_failures_total` for jobs that spent their retries (default: the queue). */
  area?: string;
}

/** Jobs each worker is running, with the lock token that lets shutdown hand them back (see returnActiveJobs). */
const running = new WeakMap<Worker, Map<string, { job: Job; token: string }>>();

/** True when BullMQ will not try the job again (retry budget spent, or a permanent error). */
export const isFinalFailure = (job: Job, err: Error) =>
  err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);

/**
 * Every companion worker: the same lock/stall settings (a killed worker's job is taken over once its lock
 * expires, lockDurationMs, at the next stalled check, within stalledIntervalMs: JOB_LOCK_SECONDS), a log line per failed attempt, worker errors logged, failures counted per area, and the
 * caller's failure recorder.
 */
export function createWorker(
  queue: string,
  processor: (job: Job) => Promise<unknown>,
  opts: WorkerOptions,
  logger: Logger,
  extra: CreateWorkerOptions = {},
): Worker {
  const active = new Map<string, { job: Job; token: string }>();
  const worker = new Worker(
    queue,
    async (job: Job, token?: string) => {
      const key = String(job.id);
      if (token) active.set(key, { job, token });
      try {
        logger.debug({ queue, job: job.name, jobId: job.id, attempt: job.attemptsMade + 1 }, 'job started');
        return await processor(job);
      } finally {
        active.delete(key);
      }
    },
    {
      connection: opts.connection(),
      prefix: opts.prefix,
      concurrency: extra.concurrency ?? opts.concurrency ?? 4,
      lockDuration: opts.lockDurationMs ?? 30_000,
      stalledInterval: opts.stalledIntervalMs ?? 30_000,
      maxStalledCount: 5,
    },
  );
  running.set(worker, active);
  worker.on('completed', (job) => logger.debug({ queue, job: job.name, jobId: job.id }, 'job completed'));
  worker.on('failed', (job, err) => {
    logger.warn(
      { queue, job: job?.name, jobId: job?.id, attempts: job?.attemptsMade, message: err.message },
      'job failed',
    );
    if (job && isFinalFailure(job, err)) opts.metrics?.failures.inc({ area: extra.area ?? queue });
    if (job && extra.onFailed) {
      extra
        .onFailed(job, err)
        .catch((e: unknown) => logger.error({ err: e, queue }, 'could not record failed job'));
    }
  });
  worker.on('error', (err) => {
    opts.metrics?.failures.inc({ area: 'worker' });
    // Its connection's outage is logged once by RedisOutageLog (app/runtime.ts); other errors are the worker's own.
    if (!isConnectionError(err)) logger.error({ queue, message: err.message }, 'worker error');
  });
  return worker;
}

/**
 * Hands the jobs this worker is still running back to their queue (waiting, lock released), so another
 * worker — or this one after a restart — takes them at once instead of after the lock expires. For a stop
 * whose grace period ran out; the processors' late results are then discarded by BullMQ (lock gone).
 */
async function returnActiveJobs(worker: Worker, logger: Logger): Promise<number> {
  const active = running.get(worker);
  if (!active) return 0;
  let returned = 0;
  for (const { job, token } of [...active.values()]) {
    try {
      await job.moveToWait(token);
      returned++;
    } catch (err) {
      logger.warn(
        { queue: worker.name, jobId: job.id, message: (err as Error).message },
        'could not return job',
      );
    }
  }
  worker.cancelAllJobs('shutting down');
  return returned;
}

/**
 * Stops workers within `graceMs`: they stop taking jobs at once and finish what they run; what is still
 * running when the grace period ends is returned to its queue. Resolves with the number of returned jobs.
 */
export async function stopWorkers(workers: Worker[], graceMs: number, logger: Logger): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const closed = Promise.all(workers.map((w) => w.close())).then(() => true);
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), graceMs)));
  const finished = await Promise.race([closed, late]);
  clearTimeout(timer);
  if (finished) return 0;
  let returned = 0;
  for (const w of workers) returned += await returnActiveJobs(w, logger);
  logger.warn({ returned, graceMs }, 'jobs still running at the end of the grace period were returned');
  return returned;
}
