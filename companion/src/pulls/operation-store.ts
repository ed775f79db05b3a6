import { randomUUID } from 'node:crypto';
import type { BulkCursor, Filter } from '../salesforce/gateway.js';
import type { Store } from '../store/index.js';
import type { PlanSample, PlanSummary, SfObject } from '../sync/index.js';

export type OperationKind = 'pull' | 'push';

export type OperationStatus = 'queued' | 'running' | 'cancelled' | 'completed' | 'failed';

/** docs/contracts.md §3 `Operation`, plus the checkpoint a resume starts from. */
export interface Operation {
  id: string;
  /**
   * `pull` (absent on older runs): Salesforce → Aloware. `push`: the contacts of a file exported from Aloware →
   * Salesforce (companion/src/pulls/aloware-push.ts); `object` is then where new records go when it started.
   */
  kind?: OperationKind;
  object: SfObject;
  dryRun: boolean;
  filter?: Filter[];
  status: OperationStatus;
  createdAt: string;
  updatedAt: string;
  progress: {
    total: number;
    processed: number;
    created: number;
    updated: number;
    skipped: number;
    failed: number;
    ratePerSecond: number;
    etaSeconds: number;
  };
  plan?: PlanSummary;
  /** Dry runs: up to SAMPLES_PER_OUTCOME records per outcome, with the reason. */
  samples?: PlanSample[];
  error?: string;
  /** REST pull: last Salesforce Id fully processed (keyset pagination resumes after it). */
  checkpoint?: string;
  /** Bulk pull: the position in the job's results after the last page processed. */
  bulkCursor?: BulkCursor;
  /** Seconds spent running before the current run (for the rate after a resume). */
  elapsedSeconds?: number;
}

export type PublicOperation = Omit<Operation, 'checkpoint' | 'bulkCursor' | 'elapsedSeconds' | 'filter'>;

export function publicOperation(op: Operation): PublicOperation {
  const { checkpoint: _c, bulkCursor: _b, elapsedSeconds: _e, filter: _f, ...rest } = op;
  return rest;
}

/** A push's rows are kept this long (a cancelled or failed push can be resumed within it). */
const ROWS_TTL_SECONDS = 7 * 24 * 3600;

/** Operations in Redis: one JSON per id and a capped most-recent-first list. */
export class OperationStore {
  constructor(private readonly store: Store) {}

  private k = (id: string) => this.store.keys.key('op', id);
  private list = () => this.store.keys.key('ops');

  async create(
    object: SfObject,
    dryRun: boolean,
    filter?: Filter[],
    kind: OperationKind = 'pull',
  ): Promise<Operation> {
    const now = new Date().toISOString();
    const op: Operation = {
      id: randomUUID(),
      kind,
      object,
      dryRun,
      filter,
      status: 'queued',
      createdAt: now,
      updatedAt: now,
      progress: {
        total: 0,
        processed: 0,
        created: 0,
        updated: 0,
        skipped: 0,
        failed: 0,
        ratePerSecond: 0,
        etaSeconds: 0,
      },
    };
    await this.store.redis
      .multi()
      .set(this.k(op.id), JSON.stringify(op))
      .lpush(this.list(), op.id)
      .ltrim(this.list(), 0, 99)
      .exec();
    return op;
  }

  /** The rows a push works through (kept beside the operation, read once per run). */
  async saveRows<T>(id: string, rows: T[]): Promise<void> {
    await this.store.redis.set(this.rowsKey(id), JSON.stringify(rows), 'EX', ROWS_TTL_SECONDS);
  }

  async rows<T>(id: string): Promise<T[] | null> {
    const raw = await this.store.redis.get(this.rowsKey(id));
    return raw ? (JSON.parse(raw) as T[]) : null;
  }

  private rowsKey = (id: string) => this.store.keys.key('op', id, 'rows');

  async get(id: string): Promise<Operation | null> {
    const raw = await this.store.redis.get(this.k(id));
    return raw ? (JSON.parse(raw) as Operation) : null;
  }

  async save(op: Operation): Promise<Operation> {
    op.updatedAt = new Date().toISOString();
    await this.store.redis.set(this.k(op.id), JSON.stringify(op));
    return op;
  }

  /** Changes the status only when the current one is in `from` (cancel vs. completion races). */
  async transition(id: string, from: OperationStatus[], to: OperationStatus): Promise<Operation | null> {
    const op = await this.get(id);
    if (!op || !from.includes(op.status)) return op;
    op.status = to;
    return this.save(op);
  }

  async recent(limit = 20): Promise<Operation[]> {
    const ids = await this.store.redis.lrange(this.list(), 0, limit - 1);
    const ops = await Promise.all(ids.map((id) => this.get(id)));
    return ops.filter((o): o is Operation => o !== null);
  }
}
