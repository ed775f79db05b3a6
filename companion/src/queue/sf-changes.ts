import type { JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Keys } from '../store/index.js';
import type { SfObject } from '../sync/index.js';
import { JOBS, jobId } from './names.js';
import { evalScript } from '../store/scripts.js';

/** Ids per flush: one SOQL by Id and one Collections write-back per batch (both cap at 200). */
const BATCH = 200;

/** A change as docs/contracts.md §1 carries it. */
export interface SalesforceChange {
  object: SfObject;
  id: string;
  kind: 'created' | 'updated' | 'deleted' | 'undeleted' | 'converted' | 'merged';
  fields: string[];
  modstamp: string;
  convertedContactId?: string;
  masterRecordId?: string;
}

/** A lifecycle change as the Salesforce change event carries it (docs/contracts.md §1), and the `lifecycle` job's data. */
export interface LifecycleChange {
  object: SfObject;
  id: string;
  kind: 'deleted' | 'converted' | 'merged' | 'undeleted';
  convertedContactId?: string;
  masterRecordId?: string;
}

/**
 * Claims up to ARGV[1] ids for one flush job: a retried job gets back the ids it had claimed. A `full` job
 * (ARGV[2] = 'full') claims only a whole batch and leaves a smaller remainder to the trailing flush; a
 * `trailing` job finding the gate still open (another flush claimed within the window, e.g. a leading flush
 * in the moment between the gate's expiry and this job's start) claims nothing and answers the gate's
 * remaining ms, so the object still flushes at most once per window. Every claim re-arms the gate (ARGV[3]
 * ms). Returns [remaining pending count, defer ms, id, score, id, score, …].
 */
const CLAIM = `
local existing = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
if #existing > 0 then
  table.insert(existing, 1, 0)
  table.insert(existing, 1, redis.call('ZCARD', KEYS[1]))
  return existing
end
local max = tonumber(ARGV[1])
local waiting = redis.call('ZCARD', KEYS[1])
if ARGV[2] == 'full' and waiting < max then return {waiting, 0} end
if ARGV[2] == 'trailing' then
  local ttl = redis.call('PTTL', KEYS[3])
  if ttl > 0 then return {waiting, ttl} end
end
local popped = redis.call('ZPOPMIN', KEYS[1], max)
for i = 1, #popped, 2 do redis.call('ZADD', KEYS[2], popped[i + 1], popped[i]) end
if #popped > 0 then
  redis.call('PEXPIRE', KEYS[2], 604800000)
  if tonumber(ARGV[3]) > 0 then redis.call('SET', KEYS[3], '1', 'PX', ARGV[3]) end
end
table.insert(popped, 1, 0)
table.insert(popped, 1, redis.call('ZCARD', KEYS[1]))
return popped
`;

/**
 * Adds ids to the pending set (earliest time kept) and decides how the object's next flush runs:
 * 'now' when the gate was closed (no flush within the window: leading edge, the gate opens for the window),
 * 'full' when a whole batch is waiting, otherwise 'later' with the gate's remaining ms (trailing flush).
 */
const ADD = `
for i = 1, #ARGV - 1, 2 do redis.call('ZADD', KEYS[1], 'NX', ARGV[i], ARGV[i + 1]) end
local window = tonumber(ARGV[#ARGV])
if window <= 0 then return {'now', 0} end
if redis.call('SET', KEYS[2], '1', 'NX', 'PX', window) then return {'now', 0} end
if redis.call('ZCARD', KEYS[1]) >= ${BATCH} then return {'full', 0} end
local ttl = redis.call('PTTL', KEYS[2])
if ttl < 1 then ttl = 1 end
return {'later', ttl}
`;

/** What one flush job claimed. */
export interface Claim {
  /** Claimed ids with the time they were first seen (ms). */
  ids: Map<string, number>;
  /** Ids still pending after the claim. */
  remaining: number;
  /** A trailing flush that came too early (the gate is open): run again after this many ms. */
  deferMs: number;
}

/** How a flush job claims: at once (leading edge, lifecycle), only a whole batch, or at the window's end. */
export type FlushMode = 'now' | 'full' | 'trailing';

/**
 * Coalescing of Salesforce change ids per object, leading edge plus trailing batch: the first change after a
 * quiet window flushes at once; changes that arrive while that flush runs or within `windowMs` after it are
 * collected and flushed together when the window ends (one delayed job per object and window, BullMQ
 * deduplication) — or at once as soon as a whole batch (200) is waiting. A flush claims ≤200 ids atomically
 * into a per-job set, so a worker killed mid-job leaves them for the job's retry. `K` names what is buffered:
 * a Salesforce object here, `Task` for the activity writer (communication ids, `activity/task-flush.ts`).
 */
export class ChangeBuffer<K extends string = SfObject> {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly queue: Queue,
    readonly windowMs: number,
    /** Options of every flush job (attempts, backoff); the queue's defaults otherwise. */
    private readonly jobOptions: JobsOptions = {},
  ) {}

  pendingKey = (object: K) => this.keys.key('pending', object);
  claimKey = (job: string) => this.keys.key('claim', job);
  gateKey = (object: K) => this.keys.key('flushgate', object);

  /** Adds ids (created/updated/undeleted, or any id to re-sync) and schedules the object's flush. */
  async add(object: K, ids: readonly string[], opts: { now?: boolean } = {}): Promise<void> {
    if (ids.length === 0) return;
    const at = String(Date.now());
    const args = ids.flatMap((id) => [at, id]);
    const window = opts.now ? 0 : this.windowMs;
    const [when, ttl] = (await evalScript(
      this.redis,
      ADD,
      2,
      this.pendingKey(object),
      this.gateKey(object),
      ...args,
      window,
    )) as [string, number];
    if (when === 'later') await this.schedule(object, Number(ttl));
    else await this.schedule(object, 0, when === 'full' ? 'full' : 'now');
  }

  /** A flush job: at once (`full`: only if a whole batch is waiting) or the trailing one after `delay` ms. */
  async schedule(object: K, delay: number, mode: FlushMode = 'now'): Promise<void> {
    await this.queue.add(
      JOBS.flush,
      delay > 0 ? { object, mode: 'trailing' } : mode === 'now' ? { object } : { object, mode },
      delay > 0
        ? { ...this.jobOptions, delay, deduplication: { id: jobId('flush', object), ttl: delay } }
        : this.jobOptions,
    );
  }

  /**
   * After a claim: a whole batch still waiting flushes at once, a remainder waits for the trailing flush
   * (a deferred trailing flush runs when the gate closes).
   */
  async followUp(object: K, claim: Pick<Claim, 'remaining' | 'deferMs'>): Promise<void> {
    const { remaining, deferMs } = claim;
    if (remaining >= BATCH || this.windowMs <= 0)
      await this.schedule(object, 0, remaining >= BATCH ? 'full' : 'now');
    else if (remaining > 0) await this.schedule(object, deferMs > 0 ? deferMs : this.windowMs);
  }

  async lifecycle(job: LifecycleChange, modstamp: string): Promise<void> {
    await this.queue.add(JOBS.lifecycle, job, {
      jobId: jobId('lc', job.id, job.kind, modstamp.replace(/\D/g, '')),
    });
  }

  /** Claims ≤`max` pending ids for `job` (see CLAIM for the modes). */
  async claim(object: K, job: string, opts: { mode?: FlushMode; max?: number } = {}): Promise<Claim> {
    const max = opts.max ?? BATCH;
    const flat = (await evalScript(
      this.redis,
      CLAIM,
      3,
      this.pendingKey(object),
      this.claimKey(job),
      this.gateKey(object),
      max,
      opts.mode ?? 'now',
      this.windowMs,
    )) as (string | number)[];
    const ids = new Map<string, number>();
    for (let i = 2; i < flat.length; i += 2) ids.set(String(flat[i]), Number(flat[i + 1]));
    return { ids, remaining: Number(flat[0]), deferMs: Number(flat[1]) };
  }

  async release(job: string): Promise<void> {
    await this.redis.del(this.claimKey(job));
  }

  async claimed(job: string): Promise<string[]> {
    return this.redis.zrange(this.claimKey(job), '0', '-1');
  }

  async pendingCount(object: K): Promise<number> {
    return this.redis.zcard(this.pendingKey(object));
  }
}
