import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toSalesforceHelpers } from '../support/to-salesforce.js';
import { call as http, startStack, SYNC_KEY, waitFor, type Stack } from '../support/stack.js';

let stack: Stack;
const h = toSalesforceHelpers(() => stack, 1300);

beforeAll(async () => {
  stack = await startStack({ runtime: { parkedSweepMs: 200 } });
});
afterAll(async () => {
  await stack?.stop();
});

describe('lead lifecycle and parked activities', () => {
  it('a converted Lead hands its calls to the Contact, and nothing is written to the Lead', async () => {
    await h.useSettings({ Priority_Object__c: 'Lead' });
    const { phone, record: lead } = await h.linkedRecord('Lead');
    const first = await h.call({ phone, direction: 'outbound', talkTime: 20, disposition: 'Interested' });
    const second = await h.call({ phone, direction: 'inbound', talkTime: 40 });
    await h.idle();
    expect((await h.tasksOf(first.communicationId))[0]?.WhoId).toBe(lead.Id);
    expect((await h.tasksOf(second.communicationId))[0]?.WhoId).toBe(lead.Id);

    const { contactId } = await stack.sfControl<{ contactId: string }>(
      'POST',
      `/leads/${lead.Id}/convert`,
      {},
    );
    const convertedAt = Date.now();
    const leadAfterConversion = await h.record('Lead', lead.Id);
    expect(leadAfterConversion?.IsConverted).toBe(true);
    await h.idle();
    for (const c of [first, second]) expect((await h.tasksOf(c.communicationId))[0]?.WhoId).toBe(contactId);

    const third = await h.call({ phone, direction: 'outbound', talkTime: 75, recording: true });
    await h.idle();
    const [task] = await h.tasksOf(third.communicationId);
    expect(task?.WhoId).toBe(contactId);
    expect(await h.record('Lead', lead.Id)).toEqual(leadAfterConversion);
    const failed = (await h.sfRequests(convertedAt)).filter((r) => r.status >= 400);
    expect(failed).toEqual([]);
    const link = await stack.runtime.deps.store.links.byPhone(phone);
    expect(link).toMatchObject({ salesforceId: contactId, object: 'Contact' });
  });

  it('with creation not allowed a call is parked, listed, and logged once its record appears', async () => {
    await h.useSettings({ Lead_Create_Direction__c: 'inbound', Contact_Create_Direction__c: 'inbound' });
    const phone = h.nextPhone();
    const result = await h.call({ phone, direction: 'inbound', talkTime: 12 });
    await h.idle();
    expect(await h.tasksOf(result.communicationId)).toEqual([]);
    const parked = await http<{ items: Record<string, unknown>[] }>(
      stack.url,
      'GET',
      '/api/v1/parked',
      undefined,
      {
        'x-aloware-sync-key': SYNC_KEY,
      },
    );
    const item = parked.items.find((i) => i.communicationId === String(result.communicationId));
    expect(item).toMatchObject({
      channel: 'Call',
      reason: 'no_linked_record',
      phoneMasked: '+1******' + phone.slice(-4),
    });
    expect(JSON.stringify(parked)).not.toContain(phone);

    // The rep creates the Lead in Salesforce; the Salesforce → Aloware path links it; the parked call follows.
    const { ids } = await stack.sfControl<{ ids: string[] }>('POST', '/seed', {
      object: 'Lead',
      records: [
        {
          LastName: 'Appeared',
          Company: 'Later Inc',
          Phone: `(${phone.slice(2, 5)}) ${phone.slice(5, 8)}-${phone.slice(8)}`,
        },
      ],
    });
    const [task] = await waitFor(async () => {
      const tasks = await h.tasksOf(result.communicationId);
      return tasks.length > 0 ? tasks : undefined;
    }, 15_000);
    expect(task?.WhoId).toBe(ids[0]);
    await h.idle();
    const after = await http<{ items: unknown[] }>(stack.url, 'GET', '/api/v1/parked', undefined, {
      'x-aloware-sync-key': SYNC_KEY,
    });
    expect(after.items).toEqual([]);
  });

  it('a parked activity is retried on demand (the record exists but no event said so)', async () => {
    await h.useSettings({ Lead_Create_Direction__c: 'inbound', Contact_Create_Direction__c: 'inbound' });
    const phone = h.nextPhone();
    const sms = await stack.alowareControl<{ communicationId: number }>('POST', '/sms', {
      phone,
      direction: 'inbound',
      text: 'Hello?',
    });
    await h.idle();
    const key = { 'x-aloware-sync-key': SYNC_KEY };
    const listed = await http<{ items: { id: string }[] }>(
      stack.url,
      'GET',
      '/api/v1/parked',
      undefined,
      key,
    );
    expect(listed.items.map((i) => i.id)).toContain(String(sms.communicationId));
    const { ids } = await stack.sfControl<{ ids: string[] }>('POST', '/seed', {
      object: 'Contact',
      records: [{ LastName: 'Quiet', Phone: phone.slice(2) }],
      notify: false,
    });
    // Nothing told the companion about the record: at rest, the activity is still parked and no Task written.
    await h.idle();
    expect(await h.tasksOf(sms.communicationId)).toEqual([]);
    const still = await http<{ items: { id: string }[] }>(stack.url, 'GET', '/api/v1/parked', undefined, key);
    expect(still.items.map((i) => i.id)).toContain(String(sms.communicationId));
    const retried = await http(stack.url, 'POST', `/api/v1/parked/${sms.communicationId}/retry`, {}, key);
    expect(retried).toEqual({ retried: true });
    const [task] = await waitFor(async () => {
      const tasks = await h.tasksOf(sms.communicationId);
      return tasks.length > 0 ? tasks : undefined;
    });
    expect(task).toMatchObject({ WhoId: ids[0], Subject: 'Inbound SMS' });
    await expect(http(stack.url, 'POST', '/api/v1/parked/999999/retry', {}, key)).rejects.toThrow(/404/);
    await expect(http(stack.url, 'GET', '/api/v1/parked')).rejects.toThrow(/401/);
  });
});
