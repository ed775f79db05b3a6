// The companion against what a real org answers (the emulator's strict rows, README "Assumptions"): a converted
// Lead under a trusted link, an inactive owner, several errors in one answer, malformed and 15-character ids,
// SOQL and URI size limits, per-row results of sObject Collections.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPermanentFailure } from '../../src/salesforce/errors.js';
import { apiErrorsOf, failedSave } from '../../src/salesforce/errors.js';
import { SoqlError } from '../../src/salesforce/soql.js';
import { toSalesforceHelpers } from '../support/to-salesforce.js';
import { startStack, SYNC_KEY, type Stack } from '../support/stack.js';

let stack: Stack;
const h = toSalesforceHelpers(() => stack, 2400);
const gateway = () => stack.runtime.deps.gateway;

beforeAll(async () => {
  stack = await startStack({ runtime: { parkedSweepMs: 200 } });
});
afterAll(async () => {
  await stack?.stop();
});

async function thrown(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

async function seed(object: string, records: Record<string, unknown>[]): Promise<string[]> {
  const res = await stack.sfControl<{ ids: string[] }>('POST', '/seed', { object, records, notify: false });
  return res.ids;
}

const requestCount = async () => (await stack.sfControl<{ total: number }>('GET', '/requests')).total;

describe('errors as jsforce throws them', () => {
  it('reads every error from err.data (MULTIPLE_API_ERRORS) and classifies the answer by the most severe', async () => {
    const err = await thrown(
      gateway().create('Lead', { LastName: 'x', Company: 'C', Email: 'nope', FirstName: 'y'.repeat(41) }),
    );
    expect((err as { errorCode: string }).errorCode).toBe('MULTIPLE_API_ERRORS');
    expect(apiErrorsOf(err)).toEqual([
      { code: 'INVALID_EMAIL_ADDRESS', message: 'Email: invalid email address: nope', fields: ['Email'] },
      {
        code: 'STRING_TOO_LONG',
        message: expect.stringMatching(/^First Name: data value too large/),
        fields: ['FirstName'],
      },
    ]);
    expect(isPermanentFailure(err)).toBe(true);
    // One error: jsforce puts the item itself under err.data; its fields are there, not on the error.
    const one = await thrown(gateway().create('Lead', { LastName: 'x', Company: 'C', Email: 'nope' }));
    expect((one as { fields?: unknown }).fields).toBeUndefined();
    expect(failedSave(one)).toEqual({
      success: false,
      errors: [
        { code: 'INVALID_EMAIL_ADDRESS', message: 'Email: invalid email address: nope', fields: ['Email'] },
      ],
    });
    expect(() => failedSave(new Error('socket hang up'))).toThrow('socket hang up');
  });
});

describe('activities', () => {
  it('a Task for a Lead converted under a trusted link lands on the converted Contact (re-resolved, retried once)', async () => {
    await h.useSettings({ Priority_Object__c: 'Lead' });
    const { phone, record: lead } = await h.linkedRecord('Lead');
    const first = await h.call({ phone, direction: 'outbound', talkTime: 20 });
    await h.idle();
    expect((await h.tasksOf(first.communicationId))[0]?.WhoId).toBe(lead.Id);
    // Converted without a change event reaching the companion: its link (verified seconds ago) still says Lead.
    await stack.sfControl('POST', '/notify', { url: 'http://127.0.0.1:9/nowhere', key: 'x' });
    const { contactId } = await stack.sfControl<{ contactId: string }>(
      'POST',
      `/leads/${lead.Id}/convert`,
      {},
    );
    const failedBefore = await stack.runtime.deps.store.failed.count();
    const second = await h.call({ phone, direction: 'inbound', talkTime: 30 });
    await h.idle();
    expect((await h.tasksOf(second.communicationId))[0]?.WhoId).toBe(contactId);
    expect(await stack.runtime.deps.store.failed.count()).toBe(failedBefore);
    expect(await stack.runtime.deps.store.links.byPhone(phone)).toMatchObject({ salesforceId: contactId });
    await stack.sfControl('POST', '/notify', { url: `${stack.url}/webhooks/salesforce`, key: SYNC_KEY });
  });

  it('an owner deactivated since the user table was read falls back to the default owner, noted in the sync log', async () => {
    await h.useSettings({ Priority_Object__c: 'Contact' });
    const email = 'leaving.agent@sandbox.example';
    await stack.alowareControl('POST', '/users', { id: 150, name: 'Leaving Agent', email });
    const [userId] = await seed('User', [
      { Username: email, Email: email, LastName: 'Leaving', IsActive: true },
    ]);
    stack.runtime.deps.users.refresh?.();
    const { phone, record } = await h.linkedRecord('Contact');
    const before = await h.call({ phone, direction: 'outbound', talkTime: 10, userId: 150 });
    await h.idle();
    expect((await h.tasksOf(before.communicationId))[0]?.OwnerId).toBe(userId);
    await stack.sfControl('POST', `/users/${userId}`, { isActive: false });
    const failedBefore = await stack.runtime.deps.store.failed.count();
    const after = await h.call({ phone, direction: 'outbound', talkTime: 12, userId: 150 });
    await h.idle();
    const [task] = await h.tasksOf(after.communicationId);
    const info = await stack.sfControl<{ integrationUserId: string }>('GET', '/info');
    expect(task?.OwnerId).toBe(info.integrationUserId);
    expect(await stack.runtime.deps.store.failed.count()).toBe(failedBefore);
    const decisions = await stack.runtime.deps.store.syncLog.decisions(record.Id);
    expect(decisions).toContainEqual(
      expect.objectContaining({ field: 'OwnerId', reason: 'owner_inactive_default_owner' }),
    );
  });
});

describe('ids and SOQL limits', () => {
  it('finds a record by its 15-character id, once, and never sends a malformed id', async () => {
    const [id] = await seed('Contact', [{ LastName: 'Fifteen' }]);
    const short = id!.slice(0, 15);
    const since = Date.now();
    const found = await gateway().fetchByIds('Contact', [short, id!, 'abc', `${short}XYZ`], ['LastName']);
    expect(found.map((r) => r.Id)).toEqual([id]);
    // The queries that asked for it (the stack's own background reads — sweeps, config checks — are not counted).
    const { requests } = await stack.sfControl<{ requests: { soql?: string }[] }>(
      'GET',
      `/requests?since=${since}`,
    );
    expect(requests.filter((r) => r.soql?.includes(short))).toHaveLength(1);
    const rows = await gateway().updateMany('Contact', [
      { Id: `${short}XYZ`, Title: 'never sent' },
      { Id: short, Title: 'sent' },
    ]);
    expect(rows.map((r) => r.success)).toEqual([false, true]);
    expect(rows[0]?.errors[0]?.code).toBe('MALFORMED_ID');
    await expect(gateway().update('Contact', 'abc', { Title: 'x' })).rejects.toThrow(SoqlError);
  });

  it('splits phone searches so that no query URI passes 16,384 bytes (Salesforce answers 414)', async () => {
    const phones = Array.from({ length: 600 }, (_, i) => `+1303555${String(i).padStart(4, '0')}`);
    const [id] = await seed('Contact', [{ LastName: 'Needle', OtherPhone: phones[599] }]);
    const found = await gateway().findByPhones(
      'Contact',
      ['Phone', 'MobilePhone', 'HomePhone', 'OtherPhone'],
      phones,
      ['LastName'],
    );
    expect(found.map((r) => r.Id)).toEqual([id]);
    const log = await stack.sfControl<{ requests: { path: string; status: number }[] }>('GET', '/requests');
    expect(log.requests.filter((r) => r.status === 414)).toEqual([]);
  });

  it('refuses a filter string over 4,000 characters before sending anything', async () => {
    // Signed in and Lead described first (cached), whichever test ran before: only the query itself could count.
    await gateway().count('Lead', [{ field: 'LastName', op: '=', value: 'x' }]);
    const calls = await requestCount();
    await expect(
      gateway().count('Lead', [{ field: 'LastName', op: '=', value: 'x'.repeat(4_001) }]),
    ).rejects.toThrow(SoqlError);
    expect(await requestCount()).toBe(calls);
  });

  it('reads sObject Collections results per row: one bad row fails alone (the companion never sends allOrNone)', async () => {
    const ids = await seed('Contact', [{ LastName: 'A' }, { LastName: 'B' }, { LastName: 'C' }]);
    const rows = await gateway().updateMany(
      'Contact',
      ids.map((Id, i) => ({ Id, Email: i === 1 ? 'bad' : `ok${i}@example.com` })),
    );
    expect(rows.map((r) => [r.id ?? null, r.success])).toEqual([
      [ids[0], true],
      [null, false],
      [ids[2], true],
    ]);
    expect(rows[1]?.errors[0]?.code).toBe('INVALID_EMAIL_ADDRESS');
  });
});
