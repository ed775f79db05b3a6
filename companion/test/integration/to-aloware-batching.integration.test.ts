import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, waitFor, type Stack } from '../support/stack.js';
import { helpers } from '../support/to-aloware-helpers.js';

let stack: Stack;
let h: ReturnType<typeof helpers>;

beforeAll(async () => {
  stack = await startStack({
    alowareWebhooks: false,
    runtime: { coalesceMs: 1_000, configCheckEveryMs: 600_000 },
  });
  h = helpers(stack);
});
afterAll(async () => {
  await stack?.stop();
});

describe('coalescing', () => {
  it('50 rapid edits of one record produce one Aloware write per window (leading edge + trailing batches)', async () => {
    const { ids } = await h.seed('Lead', [{ LastName: 'v0', Company: 'C', Phone: '202-555-0150' }]);
    await h.link(ids[0]!);
    await h.idle();
    await stack.alowareControl('DELETE', '/requests');
    const started = Date.now();
    for (let i = 1; i <= 50; i++) await h.update('Lead', ids[0]!, { LastName: `v${i}` });
    await waitFor(async () => (await h.byPhone('+12025550150'))?.last_name === 'v50');
    const elapsed = Date.now() - started;
    await h.notificationsSettled();
    await h.idle();
    const writes = await h.alowareWrites();
    // The leading flush, then at most one trailing flush per 1,000 ms window until the last value arrived.
    expect(writes).toBeGreaterThanOrEqual(1);
    expect(writes).toBeLessThanOrEqual(2 + Math.floor(elapsed / 1_000));
  });

  it('the first change after a quiet window is flushed at once, not after the window', async () => {
    const { ids } = await h.seed('Lead', [{ LastName: 'q0', Company: 'C', Phone: '202-555-0151' }]);
    await h.link(ids[0]!);
    await h.idle();
    await waitFor(async () => (await stack.redis.exists(stack.runtime.deps.buffer.gateKey('Lead'))) === 0);
    const started = Date.now();
    await h.update('Lead', ids[0]!, { LastName: 'q1' });
    await waitFor(async () => (await h.byPhone('+12025550151'))?.last_name === 'q1', 10_000, 20);
    // The window here is 1,000 ms: a flush that waited for it could not be this fast.
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('1,000 created records are fetched with at most 5 Salesforce API calls and stamped with at most 5', async () => {
    await h.idle();
    const query = /^GET \/query/;
    // The record fetches only: the periodic settings/mapping re-read and first-use reads (users, describe) are
    // other queries, and whether they fall inside this window depends on which test ran first.
    const leadsById = /FROM Lead WHERE .*Id IN/i;
    const collections = /^PATCH \/composite\/sobjects$/;
    const before = {
      query: await h.companionSfCalls(query, leadsById),
      write: await h.companionSfCalls(collections),
    };
    const records = Array.from({ length: 1_000 }, (_, i) => ({
      LastName: `Bulk ${i}`,
      Company: 'Bulk Co',
      Phone: `+1 202 555 ${String(2000 + i).padStart(4, '0')}`,
    }));
    await h.seed('Lead', records);
    await waitFor(
      async () => {
        const n = (await h.contacts()).filter((c) => c.last_name?.startsWith('Bulk ')).length;
        return n === 1_000;
      },
      30_000,
      500,
    );
    await h.idle();
    const fetches = (await h.companionSfCalls(query, leadsById)) - before.query;
    expect(fetches).toBeLessThanOrEqual(5);
    expect(fetches).toBeGreaterThan(0);
    const writes = (await h.companionSfCalls(collections)) - before.write;
    expect(writes).toBeLessThanOrEqual(5);
    expect(writes).toBeGreaterThan(0);
    const stored = await stack.sfControl<{ records: Record<string, unknown>[] }>('GET', '/records/Lead');
    const bulk = stored.records.filter((r) => String(r.LastName).startsWith('Bulk '));
    expect(bulk.filter((r) => typeof r.Aloware_Contact_Id__c === 'string')).toHaveLength(1_000);
  });
});
