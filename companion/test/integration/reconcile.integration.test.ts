import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { reconcile } from '../../src/reconcile/reconcile.js';
import { startStack, SYNC_KEY, waitFor, type Stack } from '../support/stack.js';
import { helpers } from '../support/to-aloware-helpers.js';

let stack: Stack;
let h: ReturnType<typeof helpers>;

beforeAll(async () => {
  stack = await startStack({ alowareWebhooks: false });
  h = helpers(stack);
});
afterAll(async () => {
  await stack?.stop();
});

/** From here on the emulator sends no change events (lost events); they are sent again after the test. */
async function dropEvents(): Promise<void> {
  await stack.sfControl('POST', '/notify', {});
  onTestFinished(async () => {
    await stack.sfControl('POST', '/notify', { url: `${stack.url}/webhooks/salesforce`, key: SYNC_KEY });
  });
}

describe('reconcile', () => {
  it('finds and fixes a change whose event was dropped', async () => {
    const { ids } = await h.seed('Lead', [{ LastName: 'Before', Company: 'R', Phone: '202-555-0210' }]);
    await h.link(ids[0]!);
    const first = await reconcile(stack.runtime.deps.toAloware);
    expect(first.driftFound).toBe(0);

    await dropEvents();
    await h.update('Lead', ids[0]!, { LastName: 'After' });
    await h.notificationsSettled();
    await h.idle();
    expect((await h.byPhone('+12025550210'))?.last_name).toBe('Before');

    const report = await reconcile(stack.runtime.deps.toAloware);
    expect(report.driftFound).toBe(1);
    expect(report.driftFixed).toBe(1);
    expect((await h.byPhone('+12025550210'))?.last_name).toBe('After');

    const again = await reconcile(stack.runtime.deps.toAloware);
    expect(again.driftFound).toBe(0);
  });

  it('catches a Lead conversion no trigger reported ("Require Validation for Converted Leads" off)', async () => {
    const { ids } = await h.seed('Lead', [{ LastName: 'Hidden', Company: 'R', Phone: '202-555-0212' }]);
    await reconcile(stack.runtime.deps.toAloware); // links it whether or not its created event arrived
    const before = await h.link(ids[0]!);

    // With that org setting off Salesforce fires no Lead trigger on conversion: no change event at all.
    await dropEvents();
    const { contactId } = await stack.sfControl<{ contactId: string }>(
      'POST',
      `/leads/${ids[0]}/convert`,
      {},
    );
    await h.notificationsSettled();
    await h.idle();
    expect((await stack.runtime.deps.store.links.get(ids[0]!))?.salesforceId).toBe(ids[0]);

    const report = await reconcile(stack.runtime.deps.toAloware);
    expect(report.driftFound).toBeGreaterThanOrEqual(1);
    await h.idle();
    const moved = await waitFor(async () => {
      const l = await stack.runtime.deps.store.links.byPhone('+12025550212');
      return l?.salesforceId === contactId ? l : undefined;
    });
    expect(moved).toMatchObject({ object: 'Contact', alowareContactId: before.alowareContactId });
    expect(await stack.runtime.deps.store.links.get(ids[0]!)).toBeNull();
  });

  it('runs as a repeatable job through the reconcile queue', async () => {
    await dropEvents();
    const { ids } = await h.seed('Contact', [{ LastName: 'Quiet', Phone: '202-555-0211' }]);
    await h.notificationsSettled();
    expect(await stack.runtime.deps.store.links.get(ids[0]!)).toBeNull();
    await stack.runtime.deps.queues.reconcile.add('reconcile', {});
    await waitFor(() => stack.runtime.deps.store.links.get(ids[0]!), 10_000);
    expect((await h.byPhone('+12025550211'))?.last_name).toBe('Quiet');
  });
});
