// The emulator answers as a real org where a lenient stand-in would hide a client bug (README "Assumptions").
import type { Connection } from 'jsforce';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSalesforceEmulator, type SalesforceEmulator } from '../../../sandbox/salesforce/index.js';
import { clientCredentials, connect, control, rest } from './support.js';

let emu: SalesforceEmulator;
let conn: Connection;
let token: string;

beforeAll(async () => {
  emu = await startSalesforceEmulator();
  conn = (await connect(emu.url, 'sandbox-rep')).conn;
  conn.bulk2.pollInterval = 20;
  token = (await clientCredentials(emu.url, 'sandbox-rep')).access_token;
});
afterAll(() => emu.stop());
beforeEach(async () => {
  await control(emu.url, 'POST', '/reset');
});

interface JsforceError {
  errorCode: string;
  message: string;
  data?: unknown;
}

async function errorOf(p: PromiseLike<unknown>): Promise<JsforceError> {
  try {
    await p;
  } catch (e) {
    return e as JsforceError;
  }
  throw new Error('expected an error');
}

async function seed(object: string, records: Record<string, unknown>[]): Promise<string[]> {
  const res = await control<{ ids: string[]; errors: unknown[] }>(emu.url, 'POST', '/seed', {
    object,
    records,
    notify: false,
  });
  expect(res.body.errors).toEqual([]);
  return res.body.ids;
}

async function convertedLead(): Promise<{ leadId: string; contactId: string }> {
  const [leadId] = await seed('Lead', [{ LastName: 'Conv', Company: 'C' }]);
  const converted = await control<{ contactId: string }>(emu.url, 'POST', `/leads/${leadId}/convert`, {});
  return { leadId: leadId!, contactId: converted.body.contactId };
}

describe('writes', () => {
  it('refuses a Task whose WhoId is a converted Lead (CANNOT_UPDATE_CONVERTED_LEAD), on create and on upsert', async () => {
    const { leadId, contactId } = await convertedLead();
    const created = await errorOf(conn.sobject('Task').create({ Subject: 'Call', WhoId: leadId }));
    expect(created.errorCode).toBe('CANNOT_UPDATE_CONVERTED_LEAD');
    expect(created.data).toEqual({
      errorCode: 'CANNOT_UPDATE_CONVERTED_LEAD',
      message: 'cannot reference converted lead',
      fields: [],
    });
    const upsert = await errorOf(
      conn
        .sobject('Task')
        .upsert(
          { Aloware_Communication_Id__c: 'c-1', Subject: 'Call', WhoId: leadId },
          'Aloware_Communication_Id__c',
        ),
    );
    expect(upsert.errorCode).toBe('CANNOT_UPDATE_CONVERTED_LEAD');
    const moved = await conn
      .sobject('Task')
      .upsert(
        { Aloware_Communication_Id__c: 'c-1', Subject: 'Call', WhoId: contactId },
        'Aloware_Communication_Id__c',
      );
    expect(moved).toMatchObject({ success: true, created: true });
  });

  it('answers every error of one record; jsforce throws MULTIPLE_API_ERRORS with them in err.data', async () => {
    const err = await errorOf(
      conn
        .sobject('Lead')
        .create({ LastName: 'x', Company: 'C', Email: 'not-an-email', FirstName: 'y'.repeat(41) }),
    );
    expect(err.errorCode).toBe('MULTIPLE_API_ERRORS');
    expect(err.data).toEqual([
      expect.objectContaining({ errorCode: 'INVALID_EMAIL_ADDRESS', fields: ['Email'] }),
      expect.objectContaining({ errorCode: 'STRING_TOO_LONG', fields: ['FirstName'] }),
    ]);
    const raw = await rest(emu.url, token, 'POST', '/sobjects/Lead', {
      LastName: 'x',
      Company: 'C',
      Email: 'bad',
      IsConverted: true,
    });
    expect(raw.status).toBe(400);
    expect((raw.body as { errorCode: string }[]).map((e) => e.errorCode)).toEqual([
      'INVALID_FIELD_FOR_INSERT_UPDATE',
      'INVALID_EMAIL_ADDRESS',
    ]);
  });

  it('refuses an inactive user as OwnerId (INACTIVE_OWNER_OR_USER); an active one is fine', async () => {
    const [userId] = await seed('User', [
      { Username: 'gone@sandbox.example', Email: 'gone@sandbox.example', LastName: 'Gone', IsActive: true },
    ]);
    expect(
      (await conn.sobject('Lead').create({ LastName: 'A', Company: 'C', OwnerId: userId })).success,
    ).toBe(true);
    await control(emu.url, 'POST', `/users/${userId}`, { isActive: false });
    const err = await errorOf(conn.sobject('Lead').create({ LastName: 'B', Company: 'C', OwnerId: userId }));
    expect(err.errorCode).toBe('INACTIVE_OWNER_OR_USER');
    expect(err.message).toBe(`operation performed with inactive user [${userId}] as owner of lead`);
    const task = await errorOf(conn.sobject('Task').create({ Subject: 'x', OwnerId: userId }));
    expect(task.errorCode).toBe('INACTIVE_OWNER_OR_USER');
  });

  it('takes dates and datetimes in the REST formats only (yyyy-MM-dd; ISO-8601 with Z or an offset)', async () => {
    const contact = conn.sobject('Contact');
    const ok = await contact.create({
      LastName: 'Dates',
      Birthdate: '1990-02-28',
      EmailBouncedDate: '2026-03-04T07:06:07.5+02:00',
    });
    expect(await contact.retrieve(ok.id!)).toMatchObject({
      Birthdate: '1990-02-28',
      EmailBouncedDate: '2026-03-04T05:06:07.000+0000',
    });
    for (const [field, value] of [
      ['Birthdate', '02/28/1990'],
      ['Birthdate', '1990-02-30'],
      ['EmailBouncedDate', '2026-03-04T05:06:07'], // no zone
      ['EmailBouncedDate', '2026-03-04 05:06:07Z'],
      ['EmailBouncedDate', 'March 4, 2026'],
    ] as const) {
      const err = await errorOf(contact.create({ LastName: 'Dates', [field]: value }));
      expect([field, value, err.errorCode]).toEqual([field, value, 'INVALID_TYPE_ON_FIELD_IN_RECORD']);
    }
  });

  it('with allOrNone=true every row fails and rolled-back rows keep their id', async () => {
    const [a, b] = await seed('Contact', [{ LastName: 'A' }, { LastName: 'B' }]);
    const res = await rest(emu.url, token, 'PATCH', '/composite/sobjects', {
      allOrNone: true,
      records: [
        { attributes: { type: 'Contact' }, id: a, Title: 'ok' },
        { attributes: { type: 'Contact' }, id: b, Email: 'bad' },
      ],
    });
    expect(res.body).toEqual([
      {
        id: a,
        success: false,
        errors: [expect.objectContaining({ statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK' })],
      },
      { success: false, errors: [expect.objectContaining({ statusCode: 'INVALID_EMAIL_ADDRESS' })] },
    ]);
    const stored = await conn.sobject('Contact').retrieve(a!);
    expect(stored.Title).toBeNull();
    const created = await rest(emu.url, token, 'POST', '/composite/sobjects', {
      allOrNone: true,
      records: [
        { attributes: { type: 'Contact' }, LastName: 'New' },
        { attributes: { type: 'Contact' }, Email: 'no-last-name@example.com' },
      ],
    });
    const [first] = created.body as { id?: string; success: boolean }[];
    expect(first).toMatchObject({ success: false, id: expect.stringMatching(/^003/) });
    expect(await conn.query(`SELECT Id FROM Contact WHERE LastName = 'New'`)).toMatchObject({ totalSize: 0 });
  });
});

describe('SOQL', () => {
  it('refuses a malformed id in an id filter (INVALID_QUERY_FILTER_OPERATOR), also with a bad checksum', async () => {
    for (const bad of ['abc', '00Q5g0000000001XYZ']) {
      const err = await errorOf(conn.query(`SELECT Id FROM Lead WHERE Id = '${bad}'`));
      expect(err.errorCode).toBe('INVALID_QUERY_FILTER_OPERATOR');
      expect(err.message).toBe(`invalid ID field: ${bad}`);
    }
    const inList = await errorOf(conn.query(`SELECT Id FROM Task WHERE WhoId IN ('003', 'x')`));
    expect(inList.errorCode).toBe('INVALID_QUERY_FILTER_OPERATOR');
  });

  it('treats a 15-character id as its 18-character form in = and IN, on Id and on lookups', async () => {
    const [contactId] = await seed('Contact', [{ LastName: 'Fifteen' }]);
    const short = contactId!.slice(0, 15);
    await seed('Task', [{ Subject: 't', WhoId: contactId }]);
    expect((await conn.query(`SELECT Id FROM Contact WHERE Id = '${short}'`)).records).toHaveLength(1);
    expect((await conn.query(`SELECT Id FROM Contact WHERE Id IN ('${short}')`)).records).toHaveLength(1);
    expect((await conn.query(`SELECT Id FROM Task WHERE WhoId = '${short}'`)).records).toHaveLength(1);
    expect((await conn.query(`SELECT Id FROM Contact WHERE Id != '${short}'`)).records).toHaveLength(0);
  });

  it('refuses a WHERE string over 4,000 characters and a statement over 100,000 (MALFORMED_QUERY)', async () => {
    const long = await errorOf(conn.query(`SELECT Id FROM Lead WHERE LastName = '${'x'.repeat(4_001)}'`));
    expect(long.errorCode).toBe('MALFORMED_QUERY');
    expect((await conn.query(`SELECT Id FROM Lead WHERE LastName = '${'x'.repeat(4_000)}'`)).totalSize).toBe(
      0,
    );
    const names = Array.from({ length: 12_000 }, (_, i) => `'n${String(i).padStart(6, '0')}'`).join(',');
    const soql = `SELECT Id FROM Lead WHERE LastName IN (${names})`;
    expect(soql.length).toBeGreaterThan(100_000);
    const job = await rest(emu.url, token, 'POST', '/jobs/query', { operation: 'query', query: soql });
    expect(job.status).toBe(400);
    expect((job.body as { errorCode: string }[])[0]?.errorCode).toBe('MALFORMED_QUERY');
  });

  it('answers 414 for a URI over 16,384 bytes (jsforce: ERROR_HTTP_414)', async () => {
    const names = Array.from({ length: 1_600 }, (_, i) => `'name${i}'`).join(',');
    const soql = `SELECT Id FROM Lead WHERE LastName IN (${names})`;
    expect(encodeURIComponent(soql).length).toBeGreaterThan(16_384);
    const err = await errorOf(conn.query(soql));
    expect(err.errorCode).toBe('ERROR_HTTP_414');
  });
});

describe('Bulk API 2.0', () => {
  it('fails a query job with ORDER BY on an object over the PK-chunking threshold; without ORDER BY it completes', async () => {
    await control(emu.url, 'POST', '/bulk', { orderByMaxRows: 50 });
    await control(emu.url, 'POST', '/seed', {
      object: 'Contact',
      generate: { count: 51, template: { LastName: 'C{n}' } },
      notify: false,
    });
    const err = await errorOf(conn.bulk2.query('SELECT Id FROM Contact ORDER BY Id'));
    expect(err.message).toBe('Query job failed to complete');
    const job = await rest(emu.url, token, 'POST', '/jobs/query', {
      operation: 'query',
      query: 'SELECT Id FROM Contact ORDER BY LastName',
    });
    const jobId = (job.body as { id: string }).id;
    await rest(emu.url, token, 'GET', `/jobs/query/${jobId}`);
    const failed = await rest(emu.url, token, 'GET', `/jobs/query/${jobId}`);
    expect(failed.body).toMatchObject({
      state: 'Failed',
      errorMessage: expect.stringMatching(/^QUERY_TIMEOUT/),
    });
    const rows = await (await conn.bulk2.query('SELECT Id FROM Contact')).toArray();
    expect(rows).toHaveLength(51);
    await control(emu.url, 'POST', '/bulk', { orderByMaxRows: 51 });
    expect(await (await conn.bulk2.query('SELECT Id FROM Contact ORDER BY Id')).toArray()).toHaveLength(51);
  });
});
