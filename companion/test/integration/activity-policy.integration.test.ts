import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toSalesforceHelpers, type CommunicationResult } from '../support/to-salesforce.js';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
const h = toSalesforceHelpers(() => stack, 3400);
const sms = (body: Record<string, unknown>) =>
  stack.alowareControl<CommunicationResult>('POST', '/sms', body);
const syncLog = () => stack.runtime.deps.store.syncLog.recent(200);

beforeAll(async () => {
  stack = await startStack({ runtime: { parkedSweepMs: 200 } });
});
afterAll(async () => {
  await stack?.stop();
});

describe('MMS → the SMS Task carries its media link', () => {
  it('media sent with the message: Description and Aloware_Media_Url__c, once', async () => {
    const { phone, record } = await h.linkedRecord('Contact');
    const image = 'https://media.example/mms/cat.jpg';
    const mms = await sms({ phone, direction: 'inbound', text: 'Look at this', media: [image] });
    await stack.alowareControl('POST', `/replay/${mms.communicationId}`, { shuffle: false });
    await h.idle();
    const tasks = await h.tasksOf(mms.communicationId);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      WhoId: record.Id,
      Aloware_Channel__c: 'SMS',
      Aloware_Media_Url__c: image,
    });
    expect(String(tasks[0]!.Description).split(image)).toHaveLength(2);
  });

  it('media arriving in a later event of the same message is added to the same Task, once', async () => {
    const { phone } = await h.linkedRecord('Contact');
    const image = 'https://media.example/mms/later.png';
    const mms = await sms({
      phone,
      direction: 'outbound',
      text: 'Brochure',
      media: [image],
      mediaLater: true,
    });
    expect(mms.events).toHaveLength(2);
    await h.idle();
    const tasks = await h.tasksOf(mms.communicationId);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]!.Aloware_Media_Url__c).toBe(image);
    expect(String(tasks[0]!.Description)).toContain('Message: Brochure');
    expect(String(tasks[0]!.Description).split(image)).toHaveLength(2);
  });

  it('an MMS sent through the public SMS API (image_url) is logged with its media', async () => {
    const { phone } = await h.linkedRecord('Contact');
    const image = 'https://media.example/mms/api.gif';
    const res = await fetch(`${stack.aloware.url}/api/v1/webhook/sms-gateway/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        api_token: stack.aloware.apiToken,
        line_id: 5001,
        to: phone,
        message: 'Photo attached',
        image_url: image,
      }),
    });
    expect(res.status).toBe(202);
    await h.idle();
    const tasks = (await h.records('Task')).filter((t) => t.Aloware_Media_Url__c === image);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]!.Aloware_Direction__c).toBe('Outbound');
  });
});

describe('activity logging policy (settings)', () => {
  afterAll(async () => {
    await h.useSettings({});
  });

  it('skips calls per outcome and direction, says why once in the sync log, and templates the rest', async () => {
    await h.useSettings({
      Log_Call_Outcomes__c: 'completed',
      Log_Call_Directions__c: 'Outbound',
      Task_Subject_Template__c: '{channel} ({direction}) · {duration} · {disposition}',
      Task_Status__c: 'In Progress',
      Store_Recording_Link__c: false,
    });
    const { phone, record } = await h.linkedRecord('Contact');
    const missed = await h.call({ phone, direction: 'outbound', status: 'missed', talkTime: 0 });
    const inbound = await h.call({ phone, direction: 'inbound', talkTime: 30 });
    const logged = await h.call({
      phone,
      direction: 'outbound',
      talkTime: 75,
      recording: true,
      disposition: 'Interested',
    });
    await h.idle();
    expect(await h.tasksOf(missed.communicationId)).toHaveLength(0);
    expect(await h.tasksOf(inbound.communicationId)).toHaveLength(0);
    const [task, ...more] = await h.tasksOf(logged.communicationId);
    expect(more).toHaveLength(0);
    expect(task).toMatchObject({
      WhoId: record.Id,
      Subject: 'Call (Outbound) · 1m 15s · Interested',
      Status: 'In Progress',
      Aloware_Recording_Url__c: null,
    });
    expect(String(task!.Description)).not.toContain('/recordings/');
    const reasons = (await syncLog())
      .filter((e) => e.salesforceId === record.Id && e.outcome === 'activity_not_logged')
      .map((e) => e.decisions[0]!.reason)
      .sort();
    expect(reasons).toEqual(['inbound_calls_not_logged', 'missed_calls_not_logged']);
  });

  it('SMS off: no SMS Task; calls still logged', async () => {
    await h.useSettings({ Log_Sms__c: false });
    const { phone } = await h.linkedRecord('Contact');
    const text = await sms({ phone, direction: 'inbound', text: 'hello?' });
    const rang = await h.call({ phone, direction: 'inbound', status: 'missed', talkTime: 0 });
    await h.idle();
    expect(await h.tasksOf(text.communicationId)).toHaveLength(0);
    expect(await h.tasksOf(rang.communicationId)).toHaveLength(1);
  });
});
