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
  it('50 rapid edits of one record produce one Aloware write', async () => {
    const { ids } = await h.seed('Lead', [{ LastName: 'v0', Company: 'C', Phone: '202-555-0150' }]);
    await h.link(ids[0]!);
    await h.idle();
    await stack.alowareControl('DELETE', '/requests');
    for (let i = 1; i <= 50; i++) await h.update('Lead', ids[0]!, { LastName: `v${i}` });
    await waitFor(async () => (await h.byPhone('+12025550150'))?.last_name === 'v50');
    await h.notificationsSettled();
    await h.idle();
    expect(await h.alowareWrites()).toBe(1);
  });

  it('1,000 created records are fetched with at most 5 Salesforce API calls', async () => {
    await h.idle();
    const before = await h.companionSfCalls();
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
    const calls = (await h.companionSfCalls()) - before;
    expect(calls).toBeLessThanOrEqual(5);
    expect(calls).toBeGreaterThan(0);
  });
});
