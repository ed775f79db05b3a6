import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toSalesforceHelpers } from '../support/to-salesforce.js';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
const h = toSalesforceHelpers(() => stack, 1400);

beforeAll(async () => {
  // The Task writer's production window (TASK_COALESCE_MS, 2 s): the stack's 150 ms test window measures how
  // fast this machine posts a call's deliveries, not whether the writer coalesces them.
  stack = await startStack({ runtime: { taskCoalesceMs: 2_000 } });
});
afterAll(async () => {
  await stack?.stop();
});

const isTaskUpsert = (path: string) =>
  path.endsWith('/composite/sobjects/Task/Aloware_Communication_Id__c') ||
  path.includes('/sobjects/Task/Aloware_Communication_Id__c/');

describe('Task logging is batched and coalesced', () => {
  it('a burst of calls on known numbers: one Task each, on its record, with a few Salesforce calls in all', async () => {
    const linked = [];
    for (let i = 0; i < 24; i++) linked.push(await h.linkedRecord('Contact'));
    await h.idle();
    const since = Date.now();
    // Each call fans out into its deliveries (started, answered, completed, disposition, recording…).
    const calls = await Promise.all(
      linked.map(({ phone }, i) =>
        h.call({ phone, direction: i % 3 ? 'outbound' : 'inbound', talkTime: 60 + i, recording: true }),
      ),
    );
    await h.idle(60_000);
    for (const [i, call] of calls.entries()) {
      const tasks = await h.tasksOf(call.communicationId);
      expect(tasks, `call ${i}`).toHaveLength(1);
      expect(tasks[0]!.WhoId).toBe(linked[i]!.record.Id);
      expect(String(tasks[0]!.Aloware_Recording_Url__c)).toMatch(
        new RegExp(`/recordings/${call.communicationId}$`),
      );
    }
    // Only the companion calls the REST API (the test drives the emulators through their control routes).
    const requests = await h.sfRequests(since);
    const deliveries = calls.reduce((n, c) => n + c.events.length, 0);
    const upserts = requests.filter((r) => isTaskUpsert(r.path)).length;
    // One write per delivery was the old cost (plus a link check per delivery); batched, every call of the
    // companion serves many communications: fewer Salesforce calls than calls, far fewer than deliveries.
    console.log(
      `${calls.length} calls, ${deliveries} deliveries: ${upserts} Task upserts, ${requests.length} Salesforce calls`,
    );
    expect(deliveries).toBeGreaterThanOrEqual(calls.length * 4);
    expect(upserts).toBeLessThan(calls.length / 2);
    expect(requests.length).toBeLessThan(calls.length);
  });
});
