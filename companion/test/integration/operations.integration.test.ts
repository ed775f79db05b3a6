import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicOperation } from '../../src/pulls/operation-store.js';
import { call, startStack, SYNC_KEY, waitFor, type Stack } from '../support/stack.js';
import { helpers } from '../support/to-aloware-helpers.js';

const COUNT = Number(process.env.OPS_PULL_COUNT ?? 20_000);
/** Records per page of a pull (`PAGE_SIZE` in src/pulls/operations.ts): a cancel takes effect between pages. */
const PAGE_SIZE = 2_000;
let stack: Stack;
let h: ReturnType<typeof helpers>;

const api = <T>(method: string, path: string, body?: unknown) =>
  call<T>(stack.url, method, `/api/v1${path}`, body, { 'x-aloware-sync-key': SYNC_KEY });
const finished = (id: string, statuses: string[] = ['completed']) =>
  waitFor(
    async () => {
      const op = await api<PublicOperation>('GET', `/operations/${id}`);
      return statuses.includes(op.status) ? op : undefined;
    },
    180_000,
    200,
  );

beforeAll(async () => {
  stack = await startStack({ alowareWebhooks: false, notify: false });
  h = helpers(stack);
  const template = { LastName: 'Pull {n}', Company: 'Pull Co', Phone: '+1415{n}' };
  const records = Array.from({ length: COUNT }, (_, i) => ({
    ...template,
    LastName: `Pull ${i}`,
    Phone: `+1415${String(2_000_000 + i)}`,
  }));
  for (let i = 0; i < records.length; i += 5_000) {
    await stack.sfControl('POST', '/seed', {
      object: 'Lead',
      records: records.slice(i, i + 5_000),
      notify: false,
    });
  }
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

// One story, in this order whatever `--sequence.shuffle` says: the real run is checked against the dry run's plan
// (and needs Aloware empty before it), the list against both runs.
describe(`one-time pull of ${COUNT} Leads`, { shuffle: false }, () => {
  let planned: PublicOperation;

  it('a dry run plans without writing to Aloware', async () => {
    const started = await api<PublicOperation>('POST', '/operations', { object: 'Lead', dryRun: true });
    expect(started.status).toBe('queued');
    planned = await finished(started.id);
    expect(planned.progress.total).toBe(COUNT);
    expect(planned.progress.processed).toBe(COUNT);
    expect(planned.plan?.creates).toBe(COUNT);
    // A sample of the records per outcome, with the reason: here five of the creates, the first ones read.
    expect(planned.samples).toHaveLength(5);
    for (const sample of planned.samples ?? []) {
      expect(sample).toMatchObject({
        outcome: 'create',
        object: 'Lead',
        reason: 'no_aloware_contact',
        fields: [],
      });
      expect(sample.recordId).toMatch(/^00Q/);
      expect(sample.name).toMatch(/^Pull \d+$/);
    }
    expect(await h.alowareWrites()).toBe(0);
    expect(await h.contacts()).toHaveLength(0);
  }, 120_000);

  it('the real run reports progress, can be cancelled and resumed, and does what the dry run said', async () => {
    const started = await api<PublicOperation>('POST', '/operations', { object: 'Lead', dryRun: false });
    const midway = await waitFor(
      async () => {
        const op = await api<PublicOperation>('GET', `/operations/${started.id}`);
        return op.progress.processed > 0 && op.progress.processed < COUNT ? op : undefined;
      },
      120_000,
      50,
    );
    expect(midway.status).toBe('running');
    expect(midway.progress.ratePerSecond).toBeGreaterThan(0);
    expect(midway.progress.etaSeconds).toBeGreaterThan(0);
    await api('POST', `/operations/${started.id}/cancel`);
    const cancelled = await finished(started.id, ['cancelled']);
    expect(cancelled.progress.processed).toBeLessThan(COUNT);
    // The run stops at the next page boundary: the page in flight when it was cancelled is finished and counted
    // (operations.ts), then its processor returns and no operation job is waiting, running or delayed.
    await waitFor(async () => {
      const c = await stack.runtime.deps.queues.operations.getJobCounts('waiting', 'active', 'delayed');
      return (c.waiting ?? 0) + (c.active ?? 0) + (c.delayed ?? 0) === 0;
    }, 60_000);
    const stopped = await api<PublicOperation>('GET', `/operations/${started.id}`);
    expect(stopped.status).toBe('cancelled');
    expect(stopped.progress.processed).toBeLessThan(COUNT);
    expect(stopped.progress.processed - cancelled.progress.processed).toBeLessThanOrEqual(PAGE_SIZE);
    // At rest, what it reports is what it did: one Aloware contact per record it created, nothing more.
    expect(await h.contacts()).toHaveLength(stopped.progress.created);

    const resumed = await api<PublicOperation>('POST', `/operations/${started.id}/resume`);
    expect(resumed.status).toBe('queued');
    const done = await finished(started.id);
    expect(done.progress.processed).toBe(COUNT);
    expect(done.progress.created).toBe(planned.plan!.creates);
    expect(done.progress.updated).toBe(planned.plan!.updates);
    expect(done.progress.skipped).toBe(planned.plan!.skips);
    expect(done.progress.failed).toBe(0);
    const contacts = await h.contacts();
    expect(contacts).toHaveLength(COUNT);
    expect(new Set(contacts.map((c) => c.phone_number)).size).toBe(COUNT);
  }, 240_000);

  it('lists operations most recent first', async () => {
    const { operations } = await api<{ operations: PublicOperation[] }>('GET', '/operations');
    expect(operations.length).toBeGreaterThanOrEqual(2);
    expect(operations[0]!.dryRun).toBe(false);
    expect(operations[1]!.dryRun).toBe(true);
  });
});
