import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toSalesforceHelpers } from '../support/to-salesforce.js';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
const h = toSalesforceHelpers(() => stack, 1700);

beforeAll(async () => {
  stack = await startStack({ startWorkers: false });
});
afterAll(async () => {
  await stack?.stop();
});

describe('web and worker roles', () => {
  it('deliveries accepted while no worker runs are processed once one starts', async () => {
    const phone = h.nextPhone();
    const call = await h.call({ phone, direction: 'inbound', talkTime: 9 });
    await stack.alowareControl('GET', '/deliveries?waitMs=5000');
    expect(await stack.runtime.deps.store.inbox.pendingCount('aloware')).toBeGreaterThan(0);
    expect(await h.tasksOf(call.communicationId)).toEqual([]);

    await stack.runtime.start();
    await h.idle();
    const [task] = await h.tasksOf(call.communicationId);
    const record = [...(await h.records('Contact')), ...(await h.records('Lead'))].find(
      (r) => r.Phone === phone,
    );
    expect(record).toBeDefined();
    expect(task?.WhoId).toBe(record!.Id);
    expect(await stack.runtime.deps.store.inbox.pendingCount('aloware')).toBe(0);
  });
});
