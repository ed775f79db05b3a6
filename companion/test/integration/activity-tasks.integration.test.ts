import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toSalesforceHelpers, type CommunicationResult } from '../support/to-salesforce.js';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
const h = toSalesforceHelpers(() => stack, 1200);
const replay = (id: number, shuffle: boolean) => stack.alowareControl('POST', `/replay/${id}`, { shuffle });
let repAgentId: number;

beforeAll(async () => {
  stack = await startStack({ runtime: { parkedSweepMs: 200 } });
  // An Aloware agent with the Salesforce rep's email: Task owners follow the user match by email.
  const agent = { name: 'Rep Agent', email: 'rep@sandbox.example' };
  repAgentId = (await stack.alowareControl<{ id: number }>('POST', '/users', agent)).id;
});
afterAll(async () => {
  await stack?.stop();
});

describe('calls and SMS → Tasks', () => {
  it.each([false, true])(
    'a completed outbound call (shuffled: %s, every event twice) yields one Task with the final facts',
    async (shuffle) => {
      const { phone, record } = await h.linkedRecord('Contact');
      const since = Date.now();
      const result = await h.call({
        phone,
        direction: 'outbound',
        talkTime: 192,
        disposition: 'Interested',
        recording: true,
        notes: 'Wants pricing.',
        userId: repAgentId,
        shuffle,
      });
      expect(result.events).toHaveLength(6);
      await replay(result.communicationId, true);
      await h.idle();
      const tasks = await h.tasksOf(result.communicationId);
      expect(tasks).toHaveLength(1);
      const [task] = tasks;
      expect(task).toMatchObject({
        WhoId: record.Id,
        OwnerId: stack.sf.repUserId,
        Subject: 'Outbound call · 3m 12s · Connected',
        Status: 'Completed',
        TaskSubtype: 'Call',
        CallType: 'Outbound',
        CallDurationInSeconds: 192,
        CallDisposition: 'Interested',
        CallObject: String(result.communicationId),
        Aloware_Channel__c: 'Call',
        Aloware_Direction__c: 'Outbound',
      });
      expect(String(task!.Aloware_Recording_Url__c)).toMatch(
        new RegExp(`/recordings/${result.communicationId}$`),
      );
      expect(task!.Description).toContain('Notes: Wants pricing.');
      expect(task!.Description).toContain('Summary: ');
      expect(task!.Description).toContain(`Recording: ${String(task!.Aloware_Recording_Url__c)}`);
      expect(task!.ActivityDate).toBe(new Date().toISOString().slice(0, 10));
      // 5 distinct deliveries about this call (the replayed copies are dropped at intake), folded and written by
      // the batched Task writer: deliveries that arrive together share a write, and a delivery that changes
      // nothing (Recording-Saved and Call-Disposed carry the same final state) is not written again. This is the
      // only communication in the window, so every Task upsert (Collections or single) is about it.
      const upserts = (await h.sfRequests(since)).filter(
        (r) =>
          r.path.endsWith('/composite/sobjects/Task/Aloware_Communication_Id__c') ||
          r.path.endsWith(`/sobjects/Task/Aloware_Communication_Id__c/${result.communicationId}`),
      );
      expect(upserts.length).toBeGreaterThanOrEqual(1);
      expect(upserts.length).toBeLessThanOrEqual(4);
    },
  );

  it('an inbound SMS yields one Task with the text', async () => {
    const { phone, record } = await h.linkedRecord('Contact');
    const sms = await stack.alowareControl<CommunicationResult>('POST', '/sms', {
      phone,
      direction: 'inbound',
      text: 'Can you call me back?',
    });
    await replay(sms.communicationId, false);
    await h.idle();
    const tasks = await h.tasksOf(sms.communicationId);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ WhoId: record.Id, Subject: 'Inbound SMS', Aloware_Channel__c: 'SMS' });
    expect(tasks[0]!.TaskSubtype).not.toBe('Call');
    expect(tasks[0]!.Description).toContain('Message: Can you call me back?');
  });

  it('two simultaneous calls from a new number yield one Salesforce record and two Tasks on it', async () => {
    const phone = h.nextPhone();
    const [a, b] = await Promise.all([
      h.call({ phone, direction: 'inbound', talkTime: 30, recording: false }),
      h.call({ phone, direction: 'inbound', status: 'missed' }),
    ]);
    await h.idle();
    const matches = [...(await h.records('Contact')), ...(await h.records('Lead'))].filter(
      (r) => r.Phone === phone,
    );
    expect(matches).toHaveLength(1);
    const [ta, tb] = [await h.tasksOf(a.communicationId), await h.tasksOf(b.communicationId)];
    expect(ta).toHaveLength(1);
    expect(tb).toHaveLength(1);
    expect(ta[0]!.WhoId).toBe(matches[0]!.Id);
    expect(tb[0]!.WhoId).toBe(matches[0]!.Id);
    expect(tb[0]!.Subject).toBe('Inbound call · Missed');
  });
});
