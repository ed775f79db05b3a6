import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, waitFor, type Stack } from '../support/stack.js';

interface SfRecord {
  Id: string;
  [field: string]: unknown;
}
interface CallResult {
  communicationId: number;
  contactId: number;
  events: string[];
}

let stack: Stack;
let phoneSeq = 0;
const nextPhone = () => `+1202555${String(1200 + ++phoneSeq).padStart(4, '0')}`;

const records = async (object: string) =>
  (await stack.sfControl<{ records: SfRecord[] }>('GET', `/records/${object}`)).records;
const tasksOf = async (communicationId: number) =>
  (await records('Task')).filter((t) => t.Aloware_Communication_Id__c === String(communicationId));
const recordWithPhone = async (object: string, phone: string) =>
  (await records(object)).find((r) => r.Phone === phone);
const call = (body: Record<string, unknown>) => stack.alowareControl<CallResult>('POST', '/calls', body);
const replay = (id: number, shuffle: boolean) => stack.alowareControl('POST', `/replay/${id}`, { shuffle });

/** Every webhook delivered, stored and processed (no queued, active or delayed job left). */
async function idle(): Promise<void> {
  await stack.alowareControl('GET', '/deliveries?waitMs=10000');
  const { queues, store } = stack.runtime.deps;
  await waitFor(async () => {
    if ((await store.inbox.pendingCount('aloware')) > 0) return false;
    for (const q of [queues.alowareEvents, queues.activities]) {
      const c = await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      if ((c.waiting ?? 0) + (c.active ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0) > 0) return false;
    }
    return true;
  }, 20_000);
}

/** A contact known on both sides: created in Aloware, created in Salesforce by the companion, linked. */
async function linkedContact(object = 'Contact'): Promise<{ phone: string; record: SfRecord }> {
  const phone = nextPhone();
  await stack.alowareControl('POST', '/contacts', {
    phone_number: phone,
    first_name: 'Call',
    last_name: `Me ${phone}`,
  });
  const record = await waitFor(() => recordWithPhone(object, phone));
  await waitFor(() => stack.runtime.deps.store.links.get(record.Id));
  return { phone, record };
}

beforeAll(async () => {
  stack = await startStack({ runtime: { inboundSweepMs: 200 } });
});
afterAll(async () => {
  await stack?.stop();
});

describe('calls and SMS → Tasks', () => {
  it.each([false, true])(
    'a completed outbound call (shuffled: %s, every event twice) yields one Task with the final facts',
    async (shuffle) => {
      const { phone, record } = await linkedContact();
      const result = await call({
        phone,
        direction: 'outbound',
        talkTime: 192,
        disposition: 'Interested',
        recording: true,
        notes: 'Wants pricing.',
        shuffle,
      });
      expect(result.events).toHaveLength(6);
      await replay(result.communicationId, true);
      await idle();
      const tasks = await tasksOf(result.communicationId);
      expect(tasks).toHaveLength(1);
      const [task] = tasks;
      expect(task).toMatchObject({
        WhoId: record.Id,
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
    },
  );

  it('an inbound SMS yields one Task with the text', async () => {
    const { phone, record } = await linkedContact();
    const sms = await stack.alowareControl<CallResult>('POST', '/sms', {
      phone,
      direction: 'inbound',
      text: 'Can you call me back?',
    });
    await replay(sms.communicationId, false);
    await idle();
    const tasks = await tasksOf(sms.communicationId);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ WhoId: record.Id, Subject: 'Inbound SMS', Aloware_Channel__c: 'SMS' });
    expect(tasks[0]!.TaskSubtype).not.toBe('Call');
    expect(tasks[0]!.Description).toContain('Message: Can you call me back?');
  });

  it('two simultaneous calls from a new number yield one Salesforce record and two Tasks on it', async () => {
    const phone = nextPhone();
    const [a, b] = await Promise.all([
      call({ phone, direction: 'inbound', talkTime: 30, recording: false }),
      call({ phone, direction: 'inbound', status: 'missed' }),
    ]);
    await idle();
    const matches = [...(await records('Contact')), ...(await records('Lead'))].filter(
      (r) => r.Phone === phone,
    );
    expect(matches).toHaveLength(1);
    const [ta, tb] = [await tasksOf(a!.communicationId), await tasksOf(b!.communicationId)];
    expect(ta).toHaveLength(1);
    expect(tb).toHaveLength(1);
    expect(ta[0]!.WhoId).toBe(matches[0]!.Id);
    expect(tb[0]!.WhoId).toBe(matches[0]!.Id);
    expect(tb[0]!.Subject).toBe('Inbound call · Missed');
  });
});
