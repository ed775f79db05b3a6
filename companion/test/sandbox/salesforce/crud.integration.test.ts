import type { Connection } from 'jsforce';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSalesforceEmulator, type SalesforceEmulator } from '../../../sandbox/salesforce/index.js';
import { idChecksum } from '../../../sandbox/salesforce/ids.js';
import { clientCredentials, connect, control, rest } from './support.js';

let emu: SalesforceEmulator;
let conn: Connection;
let token: string;
const DATETIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000\+0000$/;

beforeAll(async () => {
  emu = await startSalesforceEmulator();
  conn = (await connect(emu.url, 'sandbox-rep')).conn;
  token = (await clientCredentials(emu.url, 'sandbox-rep')).access_token;
});
afterAll(() => emu.stop());
beforeEach(async () => {
  await control(emu.url, 'POST', '/reset');
});

async function errorOf(p: Promise<unknown>): Promise<{ errorCode: string; message: string; data?: unknown }> {
  try {
    await p;
  } catch (e) {
    return e as { errorCode: string; message: string };
  }
  throw new Error('expected an error');
}

describe('single-record CRUD', () => {
  it('creates (201) and retrieves a Lead with defaults, audit fields and an 18-char checksummed id', async () => {
    const created = await rest(emu.url, token, 'POST', '/sobjects/Lead', {
      LastName: 'Lovelace',
      FirstName: 'Ada',
      Company: 'AE',
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    const { id } = created.body as { id: string };
    expect(created.body).toEqual({ id, success: true, errors: [] });
    expect(id).toMatch(/^00Q[a-zA-Z0-9]{15}$/);
    expect(id.slice(15)).toBe(idChecksum(id.slice(0, 15)));
    const lead = await conn.sobject('Lead').retrieve(id);
    expect(lead).toMatchObject({
      Name: 'Ada Lovelace',
      Status: 'Open - Not Contacted',
      IsConverted: false,
      IsDeleted: false,
      OwnerId: emu.repUserId,
    });
    expect(lead.attributes).toEqual({ type: 'Lead', url: `/services/data/v64.0/sobjects/Lead/${id}` });
    for (const f of ['CreatedDate', 'LastModifiedDate', 'SystemModstamp']) expect(lead[f]).toMatch(DATETIME);
    expect(lead.LastModifiedById).toBe(emu.repUserId);
    expect((await conn.sobject('Lead').retrieve(id.slice(0, 15))).Id).toBe(id);
  });

  it('updates with 204 and deletes with 204; a deleted record answers 404 ENTITY_IS_DELETED', async () => {
    const { id } = (await conn.sobject('Contact').create({ LastName: 'Hopper' })) as { id: string };
    const patched = await rest(emu.url, token, 'PATCH', `/sobjects/Contact/${id}`, { Phone: '+12025550143' });
    expect(patched.status).toBe(204);
    expect((await conn.sobject('Contact').retrieve(id)).Phone).toBe('+12025550143');
    expect((await rest(emu.url, token, 'DELETE', `/sobjects/Contact/${id}`)).status).toBe(204);
    const gone = await rest(emu.url, token, 'GET', `/sobjects/Contact/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual([{ message: 'entity is deleted', errorCode: 'ENTITY_IS_DELETED' }]);
    expect((await rest(emu.url, token, 'GET', `/sobjects/Contact/003000000000009AAA`)).status).toBe(404);
  });

  it('enforces required fields, read-only fields, restricted picklists and unknown fields', async () => {
    const missing = await errorOf(conn.sobject('Lead').create({ FirstName: 'X' }));
    expect(missing.errorCode).toBe('REQUIRED_FIELD_MISSING');
    expect(missing.message).toBe('Required fields are missing: [LastName, Company]');
    expect((await errorOf(conn.sobject('Contact').create({ FirstName: 'X' }))).errorCode).toBe(
      'REQUIRED_FIELD_MISSING',
    );
    const readOnly = await rest(emu.url, token, 'POST', '/sobjects/Lead', {
      LastName: 'A',
      Company: 'B',
      IsConverted: true,
    });
    expect(readOnly.status).toBe(400);
    expect((readOnly.body as { errorCode: string }[])[0]).toMatchObject({
      errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
      fields: ['IsConverted'],
    });
    const picklist = await errorOf(conn.sobject('Task').create({ Subject: 'x', TaskSubtype: 'Fax' }));
    expect(picklist.errorCode).toBe('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');
    expect(
      (await errorOf(conn.sobject('Lead').create({ LastName: 'A', Company: 'B', Foo__c: 1 }))).errorCode,
    ).toBe('INVALID_FIELD');
    const { id } = (await conn.sobject('Task').create({ Subject: 'call', TaskSubtype: 'Call' })) as {
      id: string;
    };
    expect((await errorOf(conn.sobject('Task').update({ Id: id, TaskSubtype: 'Task' }))).errorCode).toBe(
      'INVALID_FIELD_FOR_INSERT_UPDATE',
    );
  });

  it('rejects a duplicate unique external id and a Task on a Lead with WhatId', async () => {
    await conn.sobject('Task').create({ Subject: 'a', Aloware_Communication_Id__c: 'c-1' });
    const dup = await errorOf(
      conn.sobject('Task').create({ Subject: 'b', Aloware_Communication_Id__c: 'C-1' }),
    );
    expect(dup.errorCode).toBe('DUPLICATE_VALUE');
    const lead = (await conn.sobject('Lead').create({ LastName: 'L', Company: 'C' })) as { id: string };
    const account = (await conn.sobject('Account').create({ Name: 'Acme' })) as { id: string };
    const bad = await errorOf(
      conn.sobject('Task').create({ Subject: 'x', WhoId: lead.id, WhatId: account.id }),
    );
    expect(bad.errorCode).toBe('FIELD_INTEGRITY_EXCEPTION');
    const task = (await conn
      .sobject('Task')
      .create({ Subject: 'x', WhoId: lead.id, Status: 'Completed' })) as { id: string };
    expect((await conn.sobject('Task').retrieve(task.id)).IsClosed).toBe(true);
  });

  it('rejects updates to converted Leads', async () => {
    const { id } = (await conn.sobject('Lead').create({ LastName: 'L', Company: 'C' })) as { id: string };
    await control(emu.url, 'POST', `/leads/${id}/convert`, {});
    expect((await errorOf(conn.sobject('Lead').update({ Id: id, Phone: '+1' }))).errorCode).toBe(
      'CANNOT_UPDATE_CONVERTED_LEAD',
    );
  });
});

describe('upsert by external id', () => {
  it('answers 201 created:true, then 200 created:false, then 300 for several matches', async () => {
    const first = await rest(emu.url, token, 'PATCH', '/sobjects/Task/Aloware_Communication_Id__c/call-42', {
      Subject: 'Call',
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ success: true, errors: [], created: true });
    const second = await rest(emu.url, token, 'PATCH', '/sobjects/Task/Aloware_Communication_Id__c/call-42', {
      Subject: 'Call (recorded)',
    });
    expect(second.status).toBe(200);
    expect(second.body).toEqual({
      id: (first.body as { id: string }).id,
      success: true,
      errors: [],
      created: false,
    });
    const viaJsforce = await conn
      .sobject('Task')
      .upsert(
        { Aloware_Communication_Id__c: 'call-42', CallDurationInSeconds: 61 },
        'Aloware_Communication_Id__c',
      );
    expect(viaJsforce).toMatchObject({ success: true, created: false });
    await conn.sobject('Lead').create([
      { LastName: 'A', Company: 'X', Aloware_Contact_Id__c: 'same' },
      { LastName: 'B', Company: 'X', Aloware_Contact_Id__c: 'same' },
    ]);
    const multiple = await rest(emu.url, token, 'PATCH', '/sobjects/Lead/Aloware_Contact_Id__c/same', {
      Title: 'x',
    });
    expect(multiple.status).toBe(300);
    expect(multiple.body).toHaveLength(2);
  });
});

describe('sObject Collections', () => {
  it('reports a failing record with statusCode while the others are saved (allOrNone false)', async () => {
    const results = await conn
      .sobject('Lead')
      .create([{ LastName: 'A', Company: 'X' }, { LastName: 'B' }, { LastName: 'C', Company: 'Z' }]);
    expect(results.map((r) => r.success)).toEqual([true, false, true]);
    expect(
      (results[1] as unknown as { errors: { statusCode: string; fields: string[] }[] }).errors[0],
    ).toMatchObject({
      statusCode: 'REQUIRED_FIELD_MISSING',
      fields: ['Company'],
    });
    expect((await control<{ totalSize: number }>(emu.url, 'GET', '/records/Lead')).body.totalSize).toBe(2);
  });

  it('rolls back everything with allOrNone and marks siblings ALL_OR_NONE_OPERATION_ROLLED_BACK', async () => {
    const res = await rest(emu.url, token, 'POST', '/composite/sobjects', {
      allOrNone: true,
      records: [
        { attributes: { type: 'Lead' }, LastName: 'A', Company: 'X' },
        { attributes: { type: 'Lead' }, LastName: 'B' },
      ],
    });
    expect(res.status).toBe(200);
    const body = res.body as { success: boolean; errors: { statusCode: string }[] }[];
    expect(body.map((r) => r.errors[0]?.statusCode)).toEqual([
      'ALL_OR_NONE_OPERATION_ROLLED_BACK',
      'REQUIRED_FIELD_MISSING',
    ]);
    expect((await control<{ totalSize: number }>(emu.url, 'GET', '/records/Lead')).body.totalSize).toBe(0);
  });

  it('updates with lowercase id, retrieves, upserts with created flags and deletes by ids', async () => {
    const created = await conn.sobject('Contact').create([{ LastName: 'A' }, { LastName: 'B' }]);
    const ids = created.map((r) => (r as { id: string }).id);
    const updated = await conn.sobject('Contact').update(ids.map((Id) => ({ Id, Title: 'VP' })));
    expect(updated.every((r) => r.success)).toBe(true);
    const fetched = await conn
      .sobject('Contact')
      .retrieve([...ids, '003000000000009AAA'], { fields: ['Title'] });
    expect(fetched.map((r) => r?.Title ?? null)).toEqual(['VP', 'VP', null]);
    const upserted = await conn.sobject('Task').upsert(
      [
        { Aloware_Communication_Id__c: 'u-1', Subject: 'one' },
        { Aloware_Communication_Id__c: 'u-1', Subject: 'one again' },
      ],
      'Aloware_Communication_Id__c',
    );
    expect(upserted.map((r) => (r as { created?: boolean }).created)).toEqual([true, false]);
    const deleted = await conn.sobject('Contact').destroy(ids);
    expect(deleted.every((r) => r.success)).toBe(true);
    const again = await rest(emu.url, token, 'DELETE', `/composite/sobjects?ids=${ids[0]}`);
    expect((again.body as { errors: { statusCode: string }[] }[])[0]?.errors[0]?.statusCode).toBe(
      'ENTITY_IS_DELETED',
    );
  });

  it('refuses more than 200 records with EXCEEDED_ID_LIMIT', async () => {
    const records = Array.from({ length: 201 }, (_, i) => ({
      attributes: { type: 'Contact' },
      LastName: `C${i}`,
    }));
    const res = await rest(emu.url, token, 'POST', '/composite/sobjects', { allOrNone: false, records });
    expect(res.status).toBe(400);
    expect((res.body as { errorCode: string }[])[0]?.errorCode).toBe('EXCEEDED_ID_LIMIT');
  });
});
