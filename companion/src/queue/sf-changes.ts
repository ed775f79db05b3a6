import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Keys } from '../store/index.js';
import type { SfObject } from '../sync/index.js';
import { JOBS, jobId } from './names.js';

/** A change as contracts §1 carries it. */
export interface SalesforceChange {
  object: SfObject;
  id: string;
  kind: 'created' | 'updated' | 'deleted' | 'undeleted' | 'converted' | 'merged';
  fields: string[];
  modstamp: string;
  convertedContactId?: string;
  masterRecordId?: string;
}

export interface LifecycleJob {
  object: SfObject;
  id: string;
  kind: 'deleted' | 'converted' | 'merged' | 'undeleted';
  convertedContactId?: string;
  masterRecordId?: string;
}

/** Claims up to ARGV[1] ids for one flush job: a retried job gets back the ids it had claimed. */
const CLAIM = `
local existing = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
if #existing > 0 then return existing end
local popped = redis.call('ZPOPMIN', KEYS[1], ARGV[1])
for i = 1, #popped, 2 do redis.call('ZADD', KEYS[2], popped[i + 1], popped[i]) end
if #popped > 0 then redis.call('PEXPIRE', KEYS[2], 604800000) end
return popped
`;

/**
 * Coalescing of Salesforce change ids per object: ingest adds ids to a pending set (earliest time kept) and
 * schedules one delayed flush per object and window (BullMQ deduplication with a TTL). A flush claims ≤200
 * ids atomically into a per-job set, so a worker killed mid-job leaves them for the job's retry.
 */
export class ChangeBuffer {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly queue: Queue,
    private readonly windowMs: number,
  ) {}

  pendingKey = (object: SfObject) => this.keys.key('pending', object);
  claimKey = (job: string) => this.keys.key('claim', job);

  /** Adds ids (created/updated/undeleted, or any id to re-sync) and schedules the object's flush. */
  async add(object: SfObject, ids: readonly string[], opts: { now?: boolean } = {}): Promise<void> {
    if (ids.length === 0) return;
    const at = Date.now();
    const args = ids.flatMap((id) => [String(at), id]);
    await this.redis.zadd(this.pendingKey(object), 'NX', ...args);
    await this.schedule(object, opts.now ? 0 : this.windowMs);
  }

  async schedule(object: SfObject, delay: number): Promise<void> {
    await this.queue.add(
      JOBS.flush,
      { object },
      delay > 0 ? { delay, deduplication: { id: jobId('flush', object), ttl: delay } } : {},
    );
  }

  async lifecycle(job: LifecycleJob, modstamp: string): Promise<void> {
    await this.queue.add(JOBS.lifecycle, job, {
      jobId: jobId('lc', job.id, job.kind, modstamp.replace(/\D/g, '')),
    });
  }

  /** Ids claimed by this job with the time they were first seen (ms). */
  async claim(object: SfObject, job: string, max = 200): Promise<Map<string, number>> {
    const flat = (await this.redis.eval(
      CLAIM,
      2,
      this.pendingKey(object),
      this.claimKey(job),
      max,
    )) as string[];
    const out = new Map<string, number>();
    for (let i = 0; i < flat.length; i += 2) out.set(flat[i]!, Number(flat[i + 1]));
    return out;
  }

  async release(job: string): Promise<void> {
    await this.redis.del(this.claimKey(job));
  }

  async claimed(job: string): Promise<string[]> {
    return this.redis.zrange(this.claimKey(job), '0', '-1');
  }

  async pendingCount(object: SfObject): Promise<number> {
    return this.redis.zcard(this.pendingKey(object));
  }
}
