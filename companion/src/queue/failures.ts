import type { Job } from 'bullmq';
import type { FailedItem, Store } from '../store/index.js';
import { JOBS } from './names.js';
import { isFinalFailure } from './worker-factory.js';

/** A failed item as a queue's policy describes it; `reason` and `attempts` come from the failure. */
type FailedRecipe = Pick<FailedItem, 'kind' | 'object' | 'recordId' | 'retry'>;

/** How one queue's spent jobs land in the failed list. */
export interface FailurePolicy {
  /** The sync-log area of the error line (`to_aloware`, `to_salesforce`). */
  syncLogArea: string;
  /** A `flush` job: each id it had claimed becomes its own failed item, then the claim is released. */
  batch?: {
    claimed(job: string): Promise<string[]>;
    release(job: string): Promise<void>;
    item(job: Job, id: string): FailedRecipe;
  };
  /** Any other job: its failed item, or null for none. */
  item(job: Job): FailedRecipe | null;
}

/**
 * The one failure recorder of every queue: after the retry budget (or a permanent error) the error goes to the
 * sync log and every item to the failed list with a retry recipe (nothing is dropped silently).
 */
export async function recordFailure(
  store: Pick<Store, 'failed' | 'syncLog'>,
  policy: FailurePolicy,
  job: Job,
  err: Error,
): Promise<void> {
  if (!isFinalFailure(job, err)) return;
  const failed = (recipe: FailedRecipe) =>
    store.failed.add({
      kind: recipe.kind,
      object: recipe.object,
      recordId: recipe.recordId,
      reason: err.message,
      attempts: job.attemptsMade,
      retry: recipe.retry,
    });
  await store.syncLog.error(policy.syncLogArea, err.message);
  if (job.name === JOBS.flush && job.id && policy.batch) {
    for (const id of await policy.batch.claimed(job.id)) await failed(policy.batch.item(job, id));
    await policy.batch.release(job.id);
    return;
  }
  const recipe = policy.item(job);
  if (recipe) await failed(recipe);
}
