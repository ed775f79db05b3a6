import type { Queue } from 'bullmq';
import { objectContext, type ObjectContext } from '../mapping/context.js';
import { AlowareError } from '../aloware/client.js';
import { RetryLaterError, type ToAlowareDeps } from '../to-aloware/flush.js';
import { planRecords, PULL_WRITE_CONCURRENCY, pushRecords } from '../to-aloware/push.js';
import { parkStampFailures } from '../links/stamp.js';
import { JOBS } from '../queue/names.js';
import { filterProblems } from '../salesforce/filter-values.js';
import type { BulkCursor, Filter, PullSource } from '../salesforce/gateway.js';
import type { ToSalesforceDeps } from '../to-salesforce/deps.js';
import {
  addSamples,
  addSummaries,
  emptySummary,
  planSamples,
  summarizePlan,
  type SfObject,
  type SfRecord,
} from '../sync/index.js';
import { parsePushCsv, runPush, type PushRow } from './aloware-push.js';
import { OperationStore, type Operation } from './operation-store.js';

const PAGE_SIZE = 2_000;

export class InvalidFilterError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'InvalidFilterError';
  }
}

/**
 * What pulls and Aloware-file pushes run on: the to-Aloware deps, whole-object reads (PullSource) and, for a
 * push from an Aloware file, the to-Salesforce side's finding and writing (aloware-push.ts).
 */
export type PullDeps = ToAlowareDeps & { gateway: PullSource & ToSalesforceDeps['gateway'] };

/** Creates, queues, cancels and resumes one-time pulls; the worker side is `runOperation`. */
export class Operations {
  readonly ops: OperationStore;

  constructor(
    private readonly deps: PullDeps,
    private readonly queue: Queue,
  ) {
    this.ops = new OperationStore(deps.store);
  }

  /** Queues a pull; InvalidFilterError (before anything is stored) when a filter does not fit its field. */
  async start(object: SfObject, dryRun: boolean, filter?: Filter[]): Promise<Operation> {
    if (filter && filter.length > 0) {
      const problems = filterProblems(filter, (await this.deps.gateway.describe(object)).fields);
      if (problems.length > 0) throw new InvalidFilterError(problems);
    }
    const op = await this.ops.create(object, dryRun, filter);
    await this.enqueue(op.id);
    return op;
  }

  /**
   * Queues a one-time push from Aloware of the rows of an uploaded CSV (InvalidCsvError, before anything is
   * stored, when the file cannot be used). `object` records where new records go at the start.
   */
  async startPush(csv: string, dryRun: boolean): Promise<Operation> {
    const rows = parsePushCsv(csv);
    const config = await this.deps.store.config.get();
    const op = await this.ops.create(config.settings.priorityObject, dryRun, undefined, 'push');
    op.progress.total = rows.length;
    await this.ops.saveRows(op.id, rows);
    await this.ops.save(op);
    await this.enqueue(op.id);
    return op;
  }

  async cancel(id: string): Promise<Operation | null> {
    return this.ops.transition(id, ['queued', 'running'], 'cancelled');
  }

  /** Resumes a cancelled or failed (or orphaned running) operation from its checkpoint. */
  async resume(id: string): Promise<Operation | null> {
    const op = await this.ops.transition(id, ['cancelled', 'failed', 'running'], 'queued');
    if (op?.status === 'queued') await this.enqueue(id);
    return op;
  }

  private async enqueue(id: string): Promise<void> {
    await this.queue.add(
      JOBS.operation,
      { operationId: id },
      { jobId: `op-${id}-${Date.now()}`, attempts: 3 },
    );
  }
}

/** Pulls larger than this go through Bulk API 2.0 (fewer API calls); smaller ones page the REST query. */
const BULK_THRESHOLD = 50_000;

const bulk = (total: number, threshold = BULK_THRESHOLD) => total >= threshold;

/** A page to process and where the pull stands after it. */
interface PullPage {
  records: SfRecord[];
  /** REST: the last Id of the page (keyset pagination resumes after it). */
  checkpoint?: string;
  /** Bulk: the position in the job's results after the page. */
  bulkCursor?: BulkCursor;
}

/** REST pages of ≤2,000 by Id after the checkpoint: one query per page, so each page is a fresh cursor. */
async function* restPages(deps: PullDeps, ctx: ObjectContext, op: Operation): AsyncIterable<PullPage> {
  let afterId = op.checkpoint;
  for (;;) {
    const page: SfRecord[] = [];
    for await (const chunk of deps.gateway.selectPages(op.object, ctx.fields, {
      filters: op.filter ?? [],
      afterId,
      pageSize: PAGE_SIZE,
    })) {
      page.push(...chunk.records);
    }
    if (page.length === 0) return;
    afterId = page[page.length - 1]!.Id;
    yield { records: page, checkpoint: afterId };
  }
}

/**
 * One Bulk 2.0 job without ORDER BY (PK chunking stays on), consumed in batches of ≤2,000 (streamed, flat
 * memory); a resume continues the same job's results at the saved cursor.
 */
async function* bulkPages(deps: PullDeps, ctx: ObjectContext, op: Operation): AsyncIterable<PullPage> {
  const query = deps.gateway.bulkSelect(op.object, ctx.fields, {
    filters: op.filter ?? [],
    resume: op.bulkCursor,
  });
  for await (const batch of query) {
    if (batch.records.length > 0) yield { records: batch.records, bulkCursor: batch.cursor };
  }
}

/** True when the operation was cancelled meanwhile (checked between pages). */
async function cancelled(store: OperationStore, id: string): Promise<boolean> {
  return (await store.get(id))?.status === 'cancelled';
}

function updateRate(op: Operation, startedAt: number): void {
  const seconds = (op.elapsedSeconds ?? 0) + (Date.now() - startedAt) / 1000;
  const p = op.progress;
  p.ratePerSecond = seconds > 0 ? Math.round((p.processed / seconds) * 10) / 10 : 0;
  p.etaSeconds = p.ratePerSecond > 0 ? Math.ceil(Math.max(0, p.total - p.processed) / p.ratePerSecond) : 0;
}

async function processPage(
  deps: PullDeps,
  ctx: ObjectContext,
  op: Operation,
  records: SfRecord[],
  finalAttempt: boolean,
): Promise<void> {
  const p = op.progress;
  if (op.dryRun) {
    const full = await planRecords(ctx, records, deps.store);
    const plan = summarizePlan(full);
    op.plan = addSummaries(op.plan ?? emptySummary(), plan);
    op.samples = addSamples(op.samples ?? [], planSamples(full, records));
    p.created += plan.creates;
    p.updated += plan.updates;
    p.skipped += plan.skips;
  } else {
    const result = await pushRecords(deps, ctx, records, undefined, {
      concurrency: PULL_WRITE_CONCURRENCY,
    });
    // Records not written yet: the page runs again with the job's next attempt (written ones are skipped then);
    // on the last attempt they count as failed.
    if (result.retry.length > 0 && !finalAttempt) throw new RetryLaterError(result.retry.length);
    await parkStampFailures(deps.store, ctx.object, result.stampFailed);
    p.created += result.created;
    p.updated += result.updated;
    p.skipped += result.skipped;
    p.failed += result.failed + result.retry.length;
  }
  p.processed += records.length;
}

/**
 * Pages the object (REST: by Id, keyset pagination; Bulk: one job's results, by cursor) — memory stays one
 * page, and a restart resumes after the last saved position — plans (dry run) or pushes each page, and saves progress after every page. Stops between pages
 * when cancelled.
 */
export async function runOperation(
  deps: PullDeps,
  store: OperationStore,
  id: string,
  opts: { bulkThreshold?: number; finalAttempt?: boolean } = {},
): Promise<Operation | null> {
  const finalAttempt = opts.finalAttempt ?? true;
  let op = await store.transition(id, ['queued', 'running'], 'running');
  if (!op || op.status !== 'running') return op;
  const startedAt = Date.now();
  try {
    if (op.kind === 'push') return await pushOperation(deps, store, op, startedAt);
    const config = await deps.store.config.get();
    const ctx = await objectContext(op.object, config, deps.gateway, await deps.users.table());
    if (!op.checkpoint && !op.bulkCursor)
      op.progress.total = await deps.gateway.count(op.object, op.filter ?? []);
    await store.save(op);
    const pages =
      op.bulkCursor || bulk(op.progress.total, opts.bulkThreshold)
        ? bulkPages(deps, ctx, op)
        : restPages(deps, ctx, op);
    for await (const page of pages) {
      if (await cancelled(store, id)) return store.get(id);
      await processPage(deps, ctx, op, page.records, finalAttempt);
      op.checkpoint = page.checkpoint;
      op.bulkCursor = page.bulkCursor;
      updateRate(op, startedAt);
      const current = await store.get(id);
      if (current?.status === 'cancelled') {
        op.status = 'cancelled';
        op.elapsedSeconds = (op.elapsedSeconds ?? 0) + (Date.now() - startedAt) / 1000;
      }
      await store.save(op);
      if (op.status === 'cancelled') return op;
    }
    op.status = 'completed';
    op.elapsedSeconds = (op.elapsedSeconds ?? 0) + (Date.now() - startedAt) / 1000;
    return store.save(op);
  } catch (err) {
    // A retryable failure (Aloware 5xx or network, records not written yet) is the job's to retry: the
    // operation stays running and resumes at its last saved page; the last attempt marks it failed.
    if (!finalAttempt && retryable(err)) throw err;
    op = (await store.get(id)) ?? op;
    op.status = 'failed';
    op.error = err instanceof Error ? err.message : String(err);
    deps.logger.error({ operationId: id, message: op.error }, 'operation failed');
    return store.save(op);
  }
}

const retryable = (err: unknown): boolean =>
  err instanceof RetryLaterError || (err instanceof AlowareError && err.retryable);

/** The worker side of a push: its rows, then `runPush` with this store's save and cancel check. */
async function pushOperation(
  deps: PullDeps,
  store: OperationStore,
  op: Operation,
  startedAt: number,
): Promise<Operation> {
  const rows = await store.rows<PushRow>(op.id);
  if (!rows) throw new Error('The uploaded rows are gone (kept 7 days): upload the file again');
  const save = async (o: Operation) => {
    updateRate(o, startedAt);
    // A cancel that arrived during the page wins over the running status held here.
    if ((await store.get(o.id))?.status === 'cancelled') o.status = 'cancelled';
    return store.save(o);
  };
  const done = await runPush(deps, op, rows, save, () => cancelled(store, op.id));
  done.elapsedSeconds = (done.elapsedSeconds ?? 0) + (Date.now() - startedAt) / 1000;
  return store.save(done);
}
