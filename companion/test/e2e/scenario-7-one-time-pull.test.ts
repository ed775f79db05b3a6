// Scenario 7: a one-time pull of a seeded org — the dry run's plan first (nothing written), then the run, which
// does what the plan said.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompanionApi, type OperationView } from '../../sandbox/demo/initial-pull.js';
import { startE2E, type E2E } from './support/e2e.js';

describe('scenario 7: one-time pull, dry run then run', () => {
  let e2e: E2E;
  let api: CompanionApi;
  beforeAll(async () => {
    e2e = await startE2E({
      seed: { perObject: 30, sharedPairs: 3, foreignPerObject: 2, unparseablePerObject: 2 },
    });
    api = new CompanionApi(e2e.stack.urls.companion, e2e.stack.secrets.syncKey);
  });
  afterAll(async () => e2e?.stop());

  const alowareCount = async () =>
    ((await e2e.clients.aloware('GET', '/contacts')) as { count: number }).count;

  function expectRunMatchesPlan(dryRun: OperationView, run: OperationView): void {
    const plan = dryRun.plan as Record<string, number>;
    expect(dryRun.status).toBe('completed');
    expect(run.status).toBe('completed');
    expect(run.progress).toMatchObject({
      total: dryRun.progress.total,
      processed: dryRun.progress.total,
      created: plan.creates,
      updated: plan.updates,
      failed: 0,
    });
  }

  it('Contacts: the plan counts the seed, writes nothing, and the run creates exactly the planned contacts', async () => {
    const dryRun = await api.operation('Contact', true, 60_000);
    expect(dryRun.progress.total).toBe(30);
    expect(dryRun.plan).toMatchObject({ creates: expect.any(Number), updates: 0 });
    const plan = dryRun.plan as Record<string, number>;
    expect(plan.invalidPhones).toBeGreaterThanOrEqual(2);
    expect(plan.creates).toBeGreaterThanOrEqual(30 - 2);
    expect(await alowareCount()).toBe(0);

    const run = await api.operation('Contact', false, 60_000);
    expectRunMatchesPlan(dryRun, run);
    expect(await alowareCount()).toBe(plan.creates);
  });

  it('Leads: the plan accounts for phones the Contacts already hold, and the run matches it', async () => {
    const before = await alowareCount();
    const dryRun = await api.operation('Lead', true, 60_000);
    const plan = dryRun.plan as Record<string, number>;
    expect(dryRun.progress.total).toBe(30);
    // three Leads share a phone with a Contact (priority Contact): they create no second Aloware contact
    expect(plan.creates).toBe(30 - 2 - 3);
    expect(plan.skips).toBeGreaterThanOrEqual(2 + 3);
    expect(await alowareCount()).toBe(before);

    const run = await api.operation('Lead', false, 60_000);
    expectRunMatchesPlan(dryRun, run);
    expect(await alowareCount()).toBe(before + Number(plan.creates));

    // a second dry run now finds nothing left to do
    const again = await api.operation('Lead', true, 60_000);
    expect(again.plan).toMatchObject({ creates: 0, updates: 0 });
  });
});
