// Scenario 2: calls and SMS from Aloware each appear as one Task on the right record, with the recording link.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPhone, startE2E, waitFor, type E2E, type Json } from './support/e2e.js';

describe('scenario 2: call and SMS → Tasks on the linked record', () => {
  let e2e: E2E;
  let contactId: string;
  let leadId: string;
  const contactPhone = freshPhone();
  const leadPhone = freshPhone();

  beforeAll(async () => {
    e2e = await startE2E();
    // The rep creates a Contact and a Lead; the companion pushes both to Aloware and links them.
    contactId = await e2e.createAsRep('Contact', {
      FirstName: 'Tasha',
      LastName: 'Caller',
      Phone: contactPhone.typed,
    });
    leadId = await e2e.createAsRep('Lead', {
      FirstName: 'Lou',
      LastName: 'Lead',
      Company: 'Calls Inc',
      Phone: leadPhone.typed,
    });
    await waitFor(
      async () => (await e2e.alowareContact(contactPhone.e164)) && (await e2e.alowareContact(leadPhone.e164)),
      15_000,
    );
  });
  afterAll(async () => e2e?.stop());

  const tasksOf = (communicationId: number) =>
    e2e.query(
      `SELECT Id, WhoId, Subject, Status, TaskSubtype, CallType, CallDurationInSeconds, CallDisposition, Description, ` +
        `Aloware_Recording_Url__c, Aloware_Channel__c, Aloware_Direction__c FROM Task WHERE Aloware_Communication_Id__c = '${communicationId}'`,
    );

  async function finalTask(communicationId: number, done: (t: Json) => boolean): Promise<Json[]> {
    return waitFor(async () => {
      const rows = await tasksOf(communicationId);
      return rows.length > 0 && rows.every(done) ? rows : undefined;
    }, 15_000);
  }

  it('a completed outbound call with a recording becomes one Task on the Contact with the recording link', async () => {
    const call = (await e2e.clients.aloware('POST', '/calls', {
      phone: contactPhone.e164,
      direction: 'outbound',
      talkTime: 192,
      disposition: 'Interested',
      recording: true,
      userId: 101,
    })) as { communicationId: number };
    const tasks = await finalTask(
      call.communicationId,
      (t) => Boolean(t.Aloware_Recording_Url__c) && t.CallDisposition === 'Interested',
    );
    expect(tasks).toHaveLength(1);
    const task = tasks[0]!;
    expect(task).toMatchObject({
      WhoId: contactId,
      Status: 'Completed',
      TaskSubtype: 'Call',
      CallType: 'Outbound',
      CallDurationInSeconds: 192,
      Aloware_Channel__c: 'Call',
    });
    expect(String(task.Aloware_Recording_Url__c)).toMatch(/^https?:\/\/.+\/recordings\//);
    expect(String(task.Description)).toContain(String(task.Aloware_Recording_Url__c));
    expect(String(task.Subject)).toMatch(/call/i);
  });

  it('an inbound SMS becomes one Task on the Lead with the message text', async () => {
    const sms = (await e2e.clients.aloware('POST', '/sms', {
      phone: leadPhone.e164,
      direction: 'inbound',
      text: 'Can you call me back tomorrow?',
    })) as { communicationId: number };
    const tasks = await finalTask(sms.communicationId, () => true);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ WhoId: leadId, Aloware_Channel__c: 'SMS', Status: 'Completed' });
    expect(String(tasks[0]!.Description)).toContain('Can you call me back tomorrow?');
    expect(String(tasks[0]!.Subject)).toMatch(/sms/i);
  });

  it('replaying a call’s webhooks never logs it twice', async () => {
    const call = (await e2e.clients.aloware('POST', '/calls', {
      phone: leadPhone.e164,
      direction: 'inbound',
      talkTime: 45,
      recording: true,
    })) as { communicationId: number };
    await finalTask(call.communicationId, (t) => Boolean(t.Aloware_Recording_Url__c));
    await e2e.clients.aloware('POST', `/replay/${call.communicationId}`, { shuffle: true });
    await e2e.clients.aloware('GET', '/deliveries?waitMs=5000');
    expect(await e2e.staysTrue(async () => (await tasksOf(call.communicationId)).length === 1)).toBe(true);
    const tasks = await tasksOf(call.communicationId);
    expect(tasks[0]).toMatchObject({ WhoId: leadId, CallType: 'Inbound' });
    const onLead = await e2e.query(`SELECT Id FROM Task WHERE WhoId = '${leadId}'`);
    expect(onLead).toHaveLength(2);
  });
});
