import type { Connection } from 'jsforce';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSalesforceEmulator, type SalesforceEmulator } from '../../../sandbox/salesforce/index.js';
import { connect, control } from './support.js';

let emu: SalesforceEmulator;
let conn: Connection;
beforeAll(async () => {
  emu = await startSalesforceEmulator();
  conn = (await connect(emu.url, 'sandbox-rep')).conn;
});
afterAll(() => emu.stop());
beforeEach(async () => {
  await control(emu.url, 'POST', '/reset');
});

type Row = Record<string, unknown>;

describe('lead conversion', () => {
  it('creates Account + Contact, marks the Lead converted and moves its Tasks to the Contact', async () => {
    const lead = (await conn
      .sobject('Lead')
      .create({ FirstName: 'Ada', LastName: 'L', Company: 'AE', Phone: '+12025550143', City: 'London' })) as {
      id: string;
    };
    const task = (await conn.sobject('Task').create({ Subject: 'Call', WhoId: lead.id })) as { id: string };
    const converted = await control<{ leadId: string; contactId: string; accountId: string }>(
      emu.url,
      'POST',
      `/leads/${lead.id}/convert`,
      {},
    );
    expect(converted.status).toBe(200);
    const { contactId, accountId } = converted.body;
    expect(contactId.startsWith('003')).toBe(true);
    expect(accountId.startsWith('001')).toBe(true);
    const after = await conn.sobject('Lead').retrieve(lead.id);
    expect(after).toMatchObject({
      IsConverted: true,
      ConvertedContactId: contactId,
      ConvertedAccountId: accountId,
      Status: 'Closed - Converted',
    });
    expect(after.ConvertedDate).toMatch(/^\d{4}-\d\d-\d\d$/);
    const contact = await conn.sobject('Contact').retrieve(contactId);
    expect(contact).toMatchObject({
      FirstName: 'Ada',
      LastName: 'L',
      Phone: '+12025550143',
      MailingCity: 'London',
      AccountId: accountId,
    });
    expect((await conn.sobject('Account').retrieve(accountId)).Name).toBe('AE');
    expect((await conn.sobject('Task').retrieve(task.id)).WhoId).toBe(contactId);
    const again = await control(emu.url, 'POST', `/leads/${lead.id}/convert`, {});
    expect(again.status).toBe(400);
  });

  it('converts into an existing Contact when contactId is given', async () => {
    const lead = (await conn.sobject('Lead').create({ LastName: 'L', Company: 'AE' })) as { id: string };
    const existing = (await conn.sobject('Contact').create({ LastName: 'Existing' })) as { id: string };
    const res = await control<{ contactId: string }>(emu.url, 'POST', `/leads/${lead.id}/convert`, {
      contactId: existing.id,
    });
    expect(res.body.contactId).toBe(existing.id);
    expect((await control<{ totalSize: number }>(emu.url, 'GET', '/records/Contact')).body.totalSize).toBe(1);
  });
});

describe('merge', () => {
  it('deletes the losers with MasterRecordId and reparents their Tasks to the master', async () => {
    const [master, loser] = (await conn
      .sobject('Contact')
      .create([{ LastName: 'Master' }, { LastName: 'Loser' }])) as { id: string }[];
    const task = (await conn.sobject('Task').create({ Subject: 'Call', WhoId: loser?.id })) as { id: string };
    const res = await control(emu.url, 'POST', '/merge', {
      object: 'Contact',
      masterId: master?.id,
      loserIds: [loser?.id],
    });
    expect(res.body).toEqual({ masterId: master?.id, mergedIds: [loser?.id] });
    const deleted = await conn.query<Row>(
      `SELECT Id, IsDeleted, MasterRecordId FROM Contact WHERE Id = '${loser?.id}'`,
      { scanAll: true },
    );
    expect(deleted.records[0]).toMatchObject({ IsDeleted: true, MasterRecordId: master?.id });
    expect((await conn.sobject('Task').retrieve(task.id)).WhoId).toBe(master?.id);
    const bad = await control(emu.url, 'POST', '/merge', {
      object: 'Contact',
      masterId: master?.id,
      loserIds: [master?.id],
    });
    expect(bad.status).toBe(400);
  });
});
