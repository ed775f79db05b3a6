import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toSalesforceHelpers } from '../support/to-salesforce.js';
import { startStack, waitFor, type Stack } from '../support/stack.js';

let stack: Stack;
const h = toSalesforceHelpers(() => stack, 1500);

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

describe('a Salesforce outage while webhooks arrive', () => {
  it('loses nothing: once Salesforce recovers every Task and record is there', async () => {
    await h.useSettings({});
    const { phone: known, record } = await h.linkedRecord('Contact');
    await h.idle();

    const outage = Date.now();
    await stack.sfControl('POST', '/faults', { error: '503', errorRate: 1 });
    const newcomer = h.nextPhone();
    const [callKnown, smsNew, callNew] = [
      await h.call({
        phone: known,
        direction: 'outbound',
        talkTime: 61,
        disposition: 'Interested',
        recording: true,
      }),
      await stack.alowareControl<{ communicationId: number }>('POST', '/sms', {
        phone: newcomer,
        direction: 'inbound',
        text: 'Are you open today?',
      }),
      await h.call({ phone: newcomer, direction: 'inbound', talkTime: 15 }),
    ];
    await stack.alowareControl('GET', '/deliveries?waitMs=5000');
    // The companion has tried Salesforce during the outage and been refused (only it calls the API, /services;
    // a faulted call is refused before it is authenticated, so it is logged without a user).
    await waitFor(async () => (await h.sfRequests(outage)).some((r) => r.status === 503));
    expect(await stack.runtime.deps.store.inbox.pendingCount('aloware')).toBeGreaterThan(0);
    await stack.sfControl('DELETE', '/faults');

    await h.idle(45_000);
    const matches = [...(await h.records('Contact')), ...(await h.records('Lead'))].filter(
      (r) => r.Phone === newcomer,
    );
    expect(matches).toHaveLength(1);
    const [tKnown, tSms, tNew] = [
      await h.tasksOf(callKnown.communicationId),
      await h.tasksOf(smsNew.communicationId),
      await h.tasksOf(callNew.communicationId),
    ];
    expect(tKnown).toHaveLength(1);
    expect(tKnown[0]).toMatchObject({
      WhoId: record.Id,
      CallDisposition: 'Interested',
      CallDurationInSeconds: 61,
    });
    expect(tKnown[0]!.Aloware_Recording_Url__c).toBeTruthy();
    expect(tSms).toHaveLength(1);
    expect(tSms[0]!.WhoId).toBe(matches[0]!.Id);
    expect(tNew).toHaveLength(1);
    expect(tNew[0]!.WhoId).toBe(matches[0]!.Id);
    expect(await stack.runtime.deps.store.failed.count()).toBe(0);
  });
});
