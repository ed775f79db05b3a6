import { randomUUID } from 'node:crypto';
import { Queue, UnrecoverableError, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logging/index.js';
import { Metrics } from '../../src/metrics/index.js';
import { connect } from '../../src/queue/connection.js';
import { createWorker, stopWorkers } from '../../src/queue/worker-factory.js';
import { clearPrefix } from '../../src/store/index.js';
import { waitFor } from '../support/stack.js';

// createWorker's failure counting and stopWorkers' bounded stop, on the real Redis under a private prefix.
const prefix = `w${randomUUID().slice(0, 8)}`;
const connections: Redis[] = [];
const connection = () => {
  const c = connect(process.env.REDIS_URL!);
  connections.push(c);
  return c;
};
let queue: Queue;

beforeAll(() => {
  queue = new Queue('work', { connection: connection(), prefix });
});
afterAll(async () => {
  await queue.close();
  const redis = new Redis(process.env.REDIS_URL!);
  await clearPrefix(redis, prefix);
  await redis.quit();
  await Promise.all(connections.map((c) => c.quit().catch(() => undefined)));
});

describe('workers', () => {
  it('count every job that will not be retried (permanent error or retries spent) under their area', async () => {
    const metrics = new Metrics();
    const worker = createWorker(
      'work',
      async (job: Job) => {
        if (job.name === 'permanent') throw new UnrecoverableError('no');
        throw new Error('transient');
      },
      { connection, prefix, metrics },
      silentLogger,
      { area: 'to_salesforce' },
    );
    await queue.add('permanent', {}, { attempts: 5 });
    await queue.add('transient', {}, { attempts: 2, backoff: { type: 'fixed', delay: 10 } });
    const failures = async () =>
      (await metrics.registry.getSingleMetricAsString('aloware_sync_failures_total')).trim();
    await waitFor(async () => (await failures()).includes('{area="to_salesforce"} 2'), 10_000);
    await worker.close();
    await queue.drain(true);
    await queue.clean(0, 100, 'failed');
  });

  it('stop within the grace period: a job that does not finish is returned to its queue, not left active', async () => {
    let started = 0;
    const worker = createWorker(
      'work',
      async () => {
        started++;
        await new Promise(() => undefined); // never finishes
      },
      { connection, prefix },
      silentLogger,
    );
    await queue.add('stuck', {});
    await waitFor(async () => started === 1 && (await queue.getActiveCount()) === 1, 10_000);
    const t0 = Date.now();
    expect(await stopWorkers([worker], 300, silentLogger)).toBe(1);
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(await queue.getJobCounts('active', 'waiting')).toEqual({ active: 0, waiting: 1 });

    const next = createWorker('work', async () => 'done', { connection, prefix }, silentLogger);
    await waitFor(async () => (await queue.getCompletedCount()) === 1, 10_000);
    expect(await stopWorkers([next], 1_000, silentLogger)).toBe(0);
  });
});
