import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { DEFAULT_JOB_OPTIONS, QUEUES } from './names.js';

export type Queues = { [K in keyof typeof QUEUES]: Queue };

/**
 * One Queue per name on a shared connection, under the runtime's BullMQ prefix. Each queue re-emits its
 * connection's errors as its own 'error' event; `onError` listens to them (BullMQ prints every error of a queue
 * without a listener to stderr with its stack — during a Redis outage, six queues × every reconnect attempt).
 */
export function createQueues(
  connection: Redis,
  prefix: string,
  retry: { attempts?: number; backoffMs?: number } = {},
  onError: (err: Error, queue: string) => void = () => undefined,
): Queues {
  const defaultJobOptions = {
    ...DEFAULT_JOB_OPTIONS,
    attempts: retry.attempts ?? DEFAULT_JOB_OPTIONS.attempts,
    backoff: { ...DEFAULT_JOB_OPTIONS.backoff, delay: retry.backoffMs ?? DEFAULT_JOB_OPTIONS.backoff.delay },
  };
  const make = (name: string) => {
    const queue = new Queue(name, { connection, prefix, defaultJobOptions });
    queue.on('error', (err: Error) => onError(err, name));
    return queue;
  };
  return {
    sfChanges: make(QUEUES.sfChanges),
    operations: make(QUEUES.operations),
    reconcile: make(QUEUES.reconcile),
    alowareEvents: make(QUEUES.alowareEvents),
    activities: make(QUEUES.activities),
    parked: make(QUEUES.parked),
  };
}

export async function closeQueues(queues: Queues): Promise<void> {
  await Promise.all(Object.values(queues).map((q) => q.close()));
}

/** Waiting + delayed + active over every queue (health, metrics). */
export async function queueDepths(queues: Queues): Promise<{
  depth: number;
  waiting: number;
  active: number;
  delayed: number;
  perQueue: Record<string, number>;
}> {
  let waiting = 0;
  let active = 0;
  let delayed = 0;
  const perQueue: Record<string, number> = {};
  for (const q of Object.values(queues)) {
    const c = await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    const w = (c.waiting ?? 0) + (c.prioritized ?? 0);
    waiting += w;
    active += c.active ?? 0;
    delayed += c.delayed ?? 0;
    perQueue[q.name] = w + (c.active ?? 0) + (c.delayed ?? 0);
  }
  return { depth: waiting + active + delayed, waiting, active, delayed, perQueue };
}
