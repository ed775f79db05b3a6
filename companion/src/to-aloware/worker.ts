import type { Job, Worker } from 'bullmq';
import type { Logger } from '../logging/index.js';
import { recordFailure, type FailurePolicy } from '../queue/failures.js';
import { JOBS, QUEUES } from '../queue/names.js';
import type { FlushMode, LifecycleChange } from '../queue/sf-changes.js';
import { createWorker, type WorkerOptions } from '../queue/worker-factory.js';
import type { SfObject } from '../sync/index.js';
import { flushObject, syncLifecycleChange, type ToAlowareDeps } from './flush.js';

/** After the retry budget, every claimed record lands in the failed list (nothing is dropped silently). */
function failures(deps: ToAlowareDeps): FailurePolicy {
  return {
    syncLogArea: 'to_aloware',
    batch: {
      claimed: (job) => deps.buffer.claimed(job),
      release: (job) => deps.buffer.release(job),
      item(job, id) {
        const object = (job.data as { object: SfObject }).object;
        return {
          kind: 'to_aloware',
          object,
          recordId: id,
          retry: { queue: QUEUES.sfChanges, name: JOBS.syncRecord, data: { object, id } },
        };
      },
    },
    item(job) {
      if (job.name !== JOBS.lifecycle) return null;
      const data = job.data as LifecycleChange;
      return {
        kind: 'to_aloware',
        object: data.object,
        recordId: data.id,
        retry: { queue: QUEUES.sfChanges, name: JOBS.lifecycle, data: { ...data } },
      };
    },
  };
}

/** The `sf-changes` worker: flushes (coalesced batches) and lifecycle events. */
export function sfChangesWorker(deps: ToAlowareDeps, opts: WorkerOptions, logger: Logger): Worker {
  const policy = failures(deps);
  return createWorker(
    QUEUES.sfChanges,
    async (job: Job) => {
      if (job.name === JOBS.flush) {
        const data = job.data as { object: SfObject; mode?: FlushMode };
        const result = await flushObject(deps, data.object, String(job.id), { mode: data.mode });
        return result ? { created: result.created, updated: result.updated, skipped: result.skipped } : null;
      }
      if (job.name === JOBS.lifecycle) return syncLifecycleChange(deps, job.data as LifecycleChange);
      if (job.name === JOBS.syncRecord) {
        const data = job.data as { object: SfObject; id: string };
        return deps.buffer.add(data.object, [data.id], { now: true });
      }
      throw new Error(`Unknown job ${job.name}`);
    },
    opts,
    logger,
    { area: 'to_aloware', onFailed: (job, err) => recordFailure(deps.store, policy, job, err) },
  );
}
