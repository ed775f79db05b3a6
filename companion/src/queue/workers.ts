import type { Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../logging/index.js';
import type { Metrics } from '../metrics/index.js';
import { applyLifecycle, flushObject, type OutboundDeps } from '../to-aloware/flush.js';
import type { SfObject } from '../sync/index.js';
import { JOBS, QUEUES } from './names.js';
import { createWorker } from './worker-factory.js';
import type { FlushMode, LifecycleJob } from './sf-changes.js';

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

const lastAttempt = (job: Job) => job.attemptsMade >= (job.opts.attempts ?? 1);

/** After the retry budget, every claimed record lands in the failed list (nothing is dropped silently). */
async function onFailed(deps: OutboundDeps, job: Job | undefined, err: Error): Promise<void> {
  if (!job || !lastAttempt(job)) return;
  await deps.store.syncLog.error('to_aloware', err.message);
  if (job.name === JOBS.flush && job.id) {
    const object = (job.data as { object: SfObject }).object;
    for (const id of await deps.buffer.claimed(job.id)) {
      await deps.store.failed.add({
        kind: 'to_aloware',
        object,
        recordId: id,
        reason: err.message,
        attempts: job.attemptsMade,
        retry: { queue: QUEUES.sfChanges, name: JOBS.syncRecord, data: { object, id } },
      });
    }
    await deps.buffer.release(job.id);
  } else if (job.name === JOBS.lifecycle) {
    const data = job.data as LifecycleJob;
    await deps.store.failed.add({
      kind: 'to_aloware',
      object: data.object,
      recordId: data.id,
      reason: err.message,
      attempts: job.attemptsMade,
      retry: { queue: QUEUES.sfChanges, name: JOBS.lifecycle, data: { ...data } },
    });
  }
}

/** The `sf-changes` worker: flushes (coalesced batches) and lifecycle events. */
export function sfChangesWorker(deps: OutboundDeps, opts: WorkerOptions, logger: Logger): Worker {
  return createWorker(
    QUEUES.sfChanges,
    async (job: Job) => {
      if (job.name === JOBS.flush) {
        const data = job.data as { object: SfObject; mode?: FlushMode };
        const result = await flushObject(deps, data.object, String(job.id), { mode: data.mode });
        return result ? { created: result.created, updated: result.updated, skipped: result.skipped } : null;
      }
      if (job.name === JOBS.lifecycle) return applyLifecycle(deps, job.data as LifecycleJob);
      if (job.name === JOBS.syncRecord) {
        const data = job.data as { object: SfObject; id: string };
        return deps.buffer.add(data.object, [data.id], { now: true });
      }
      throw new Error(`Unknown job ${job.name}`);
    },
    opts,
    logger,
    { area: 'to_aloware', onFailed: (job, err) => onFailed(deps, job, err) },
  );
}
