import type { ChainableCommander, Redis } from 'ioredis';
import { maskPhone, type Decision, type SfObject } from '../sync/index.js';
import type { Keys } from './keys.js';

/** One decision as docs/contracts.md §3 shows it (`Decision` with the time). */
export type LoggedDecision = Decision & { at: string };

export interface RecentError {
  at: string;
  area: string;
  message: string;
}

/** What a sync entry says beyond its decisions (no personal data: the phone is stored masked). */
export interface SyncEntryMeta {
  object?: SfObject;
  /** Defaults to the decisions' direction (`both` when they go both ways). */
  direction?: SyncDirection;
  /** E.g. `created`, `updated`, `aloware_in_sync`. */
  outcome?: string;
  /** E.164; only its masked form is kept. */
  phone?: string;
}

type SyncDirection = 'to_aloware' | 'to_salesforce' | 'both' | 'none';

/** An entry of the global recent log (`GET /api/v1/sync-log`). Field names only, never field values. */
export interface SyncLogEntry {
  at: string;
  salesforceId: string;
  object: SfObject | null;
  direction: SyncDirection;
  outcome: string | null;
  phoneMasked: string | null;
  decisions: Decision[];
}

function directionOf(decisions: readonly Decision[]): SyncDirection {
  const ways = new Set(decisions.map((d) => d.direction).filter((d) => d !== 'none'));
  if (ways.size === 0) return 'none';
  return ways.size > 1 ? 'both' : ([...ways][0] as SyncDirection);
}

/** Last decisions per record (capped), a capped global list of recent entries, and recent errors for health. */
export class SyncLog {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly perRecord = 50,
    private readonly recentErrors = 50,
    private readonly recentEntries = 1_000,
  ) {}

  private k = (id: string) => this.keys.key('log', id);
  private recentKey = () => this.keys.key('log-recent');

  async record(
    salesforceId: string,
    decisions: readonly Decision[],
    at = new Date().toISOString(),
    meta: SyncEntryMeta = {},
  ): Promise<void> {
    if (decisions.length === 0) return;
    const tx = this.redis.multi();
    this.recordIn(tx, salesforceId, decisions, at, meta);
    await tx.exec();
  }

  /** `record` as part of a caller's transaction. */
  recordIn(
    tx: ChainableCommander,
    salesforceId: string,
    decisions: readonly Decision[],
    at = new Date().toISOString(),
    meta: SyncEntryMeta = {},
  ): void {
    if (decisions.length === 0) return;
    const entries = decisions.map((d) => JSON.stringify({ at, ...d }));
    const entry: SyncLogEntry = {
      at,
      salesforceId,
      object: meta.object ?? null,
      direction: meta.direction ?? directionOf(decisions),
      outcome: meta.outcome ?? null,
      phoneMasked: meta.phone ? maskPhone(meta.phone) : null,
      decisions: decisions.map(({ field, winner, reason, direction }) => ({
        field,
        winner,
        reason,
        direction,
      })),
    };
    tx.lpush(this.k(salesforceId), ...entries)
      .ltrim(this.k(salesforceId), 0, this.perRecord - 1)
      .lpush(this.recentKey(), JSON.stringify(entry))
      .ltrim(this.recentKey(), 0, this.recentEntries - 1);
  }

  async decisions(salesforceId: string): Promise<LoggedDecision[]> {
    const raw = await this.redis.lrange(this.k(salesforceId), 0, this.perRecord - 1);
    return raw.map((r) => JSON.parse(r) as LoggedDecision);
  }

  /** The most recent sync entries across every record, newest first. */
  async recent(limit = 50): Promise<SyncLogEntry[]> {
    if (limit <= 0) return [];
    const raw = await this.redis.lrange(this.recentKey(), 0, limit - 1);
    return raw.map((r) => JSON.parse(r) as SyncLogEntry);
  }

  async error(area: string, message: string, at = new Date().toISOString()): Promise<void> {
    const key = this.keys.key('errors');
    await this.redis
      .multi()
      .lpush(key, JSON.stringify({ at, area, message }))
      .ltrim(key, 0, this.recentErrors - 1)
      .exec();
  }

  async errors(limit = 20): Promise<RecentError[]> {
    const raw = await this.redis.lrange(this.keys.key('errors'), 0, limit - 1);
    return raw.map((r) => JSON.parse(r) as RecentError);
  }
}
