import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicOperation } from '../../src/pulls/operation-store.js';
import {
  call,
  spawnWorker,
  startStack,
  SYNC_KEY,
  waitFor,
  type Stack,
  type WorkerProcess,
} from '../support/stack.js';
import { helpers } from '../support/to-aloware-helpers.js';

const COUNT = 5_000;
const fast = { lockDurationMs: 1_500, stalledIntervalMs: 500, bulkThreshold: 1 };
let stack: Stack;
const workers: WorkerProcess[] = [];

const api = <T>(method: string, path: string, body?: unknown) =>
  call<T>(stack.url, method, `/api/v1${path}`, body, { 'x-aloware-sync-key': SYNC_KEY });

beforeAll(async () => {
  // JOB_LOCK_SECONDS=5: the killed worker's per-phone locks lapse within 5 s (the default 30 s would hold up the
  // records of its last page that long).
  stack = await startStack({
    alowareWebhooks: false,
    notify: false,
    startWorkers: false,
    runtime: fast,
    env: { JOB_LOCK_SECONDS: '5' },
  });
  const records = Array.from({ length: COUNT }, (_, i) => ({
    LastName: `Restart ${i}`,
    Company: 'R',
    Phone: `+1415${String(3_000_000 + i)}`,
  }));
  await stack.sfControl('POST', '/seed', { object: 'Lead', records, notify: false });
}, 60_000);
afterAll(async () => {
  for (const w of workers) {
    w.kill('SIGKILL');
    await w.exited;
  }
  await stack?.stop();
});

describe('a one-time pull through Bulk API 2.0', () => {
  it('resumes from its checkpoint after the worker is killed', async () => {
    const first = await spawnWorker(stack, fast);
    workers.push(first);
    const op = await api<PublicOperation>('POST', '/operations', { object: 'Lead', dryRun: false });
    await waitFor(
      async () => {
        const now = await api<PublicOperation>('GET', `/operations/${op.id}`);
        return now.progress.processed >= 2_000 && now.progress.processed < COUNT;
      },
      60_000,
      50,
    );
    first.kill('SIGKILL');
    await first.exited;
    const atKill = (await api<PublicOperation>('GET', `/operations/${op.id}`)).progress.processed;
    workers.push(await spawnWorker(stack, fast));
    const done = await waitFor(
      async () => {
        const now = await api<PublicOperation>('GET', `/operations/${op.id}`);
        return now.status === 'completed' ? now : undefined;
      },
      90_000,
      200,
    );
    expect(atKill).toBeLessThan(COUNT);
    expect(done.progress.processed).toBe(COUNT);
    // A page cut short by the kill is redone (what it had already written counts as skipped, in sync);
    // every other record is read once: no record is missed and none is created twice.
    expect(done.progress.created + done.progress.updated + done.progress.skipped).toBe(COUNT);
    expect(done.progress.failed).toBe(0);
    const contacts = await helpers(stack).contacts();
    expect(contacts).toHaveLength(COUNT);
    expect(new Set(contacts.map((c) => c.phone_number)).size).toBe(COUNT);
    const log = await stack.sfControl<{ byRoute: Record<string, number> }>('GET', '/requests');
    // The second worker read on in the same job's results (no second job, no ORDER BY to time out).
    expect(log.byRoute['POST /jobs/query']).toBe(1);
  }, 180_000);
});
