import type { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSalesforceEmulator, type SalesforceEmulator } from '../../../sandbox/salesforce/index.js';
import { clientCredentials, connect, control, rest } from './support.js';

let emu: SalesforceEmulator;
let conn: Connection;
let token: string;
const TOTAL = 4500;

beforeAll(async () => {
  emu = await startSalesforceEmulator();
  conn = (await connect(emu.url)).conn;
  token = (await clientCredentials(emu.url)).access_token;
  const seeded = await control<{ created: number }>(emu.url, 'POST', '/seed', {
    object: 'Lead',
    generate: {
      count: TOTAL,
      template: { LastName: 'Lead {n}', Company: 'Co {n}', Phone: '+1202555{n}', LeadSource: 'Web' },
    },
    notify: false,
  });
  expect(seeded.body.created).toBe(TOTAL);
  await conn.sobject('Lead').create([
    {
      LastName: 'Zed',
      FirstName: 'Ann',
      Company: 'Alpha',
      Email: 'ann@alpha.example',
      LeadSource: 'Phone Inquiry',
    },
    { LastName: 'Young', Company: 'Beta', Email: null, LeadSource: 'Other', City: 'Paris' },
  ]);
});
afterAll(() => emu.stop());

type Row = Record<string, unknown>;
const soql = (q: string) => conn.query<Row>(q);

describe('query paging', () => {
  it('returns 2,000-row pages with a nextRecordsUrl that jsforce follows to the end', async () => {
    const first = await soql('SELECT Id, Phone FROM Lead');
    expect(first.totalSize).toBe(TOTAL + 2);
    expect(first.done).toBe(false);
    expect(first.records).toHaveLength(2000);
    expect(first.nextRecordsUrl).toMatch(/\/services\/data\/v64\.0\/query\/01g\w+-2000$/);
    const all = await conn.query<Row>('SELECT Id FROM Lead').run({ autoFetch: true, maxFetch: 100_000 });
    expect(all.records).toHaveLength(TOTAL + 2);
    expect(new Set(all.records.map((r) => r.Id)).size).toBe(TOTAL + 2);
  });

  it('honours Sforce-Query-Options batchSize and serves a late page as fast as the first', async () => {
    const res = await rest(
      emu.url,
      token,
      'GET',
      `/query?q=${encodeURIComponent('SELECT Id FROM Lead')}`,
      undefined,
      {
        'Sforce-Query-Options': 'batchSize=500',
      },
    );
    const body = res.body as { records: Row[]; nextRecordsUrl: string };
    expect(body.records).toHaveLength(500);
    expect(body.nextRecordsUrl).toMatch(/^\/services\/data\/v64\.0\/query\/01g\w+-500$/);
    const locator = body.nextRecordsUrl.split('/').pop()?.replace(/-\d+$/, '');
    const late = await rest(emu.url, token, 'GET', `/query/${locator}-4000`);
    expect(late.body).toMatchObject({
      totalSize: TOTAL + 2,
      done: false,
      nextRecordsUrl: `/services/data/v64.0/query/${locator}-4500`,
    });
    const last = await rest(emu.url, token, 'GET', `/query/${locator}-4500`);
    expect((last.body as { records: Row[] }).records).toHaveLength(TOTAL + 2 - 4500);
    expect(last.body).not.toHaveProperty('nextRecordsUrl');
    expect((last.body as { done: boolean }).done).toBe(true);
    expect(res.headers.get('sforce-limit-info')).toMatch(/^api-usage=\d+\/15000$/);
  });
});

describe('SOQL subset', () => {
  it('filters with AND/OR/NOT, parentheses, IN, NOT IN, LIKE and null', async () => {
    const q1 = await soql(
      "SELECT LastName FROM Lead WHERE (LeadSource = 'Phone Inquiry' OR LeadSource = 'Other') AND NOT City = 'Paris'",
    );
    expect(q1.records.map((r) => r.LastName)).toEqual(['Zed']);
    const q2 = await soql(
      "SELECT LastName FROM Lead WHERE LeadSource IN ('Other', 'Phone Inquiry') AND Email = null",
    );
    expect(q2.records.map((r) => r.LastName)).toEqual(['Young']);
    const q3 = await soql("SELECT Id FROM Lead WHERE LeadSource NOT IN ('Web') AND Email != null");
    expect(q3.totalSize).toBe(1);
    const q4 = await soql("SELECT LastName FROM Lead WHERE LastName LIKE 'lead 44__'");
    expect(q4.totalSize).toBe(100);
    const q5 = await soql("SELECT Company FROM Lead WHERE Company = 'ALPHA'");
    expect(q5.records[0]?.Company).toBe('Alpha');
  });

  it('orders, limits and offsets; COUNT() returns totalSize only', async () => {
    const ordered = await soql(
      "SELECT LastName FROM Lead WHERE LeadSource != 'Web' ORDER BY LastName DESC LIMIT 1",
    );
    expect(ordered.records.map((r) => r.LastName)).toEqual(['Zed']);
    const offset = await soql(
      "SELECT LastName FROM Lead WHERE LeadSource != 'Web' ORDER BY LastName ASC LIMIT 1 OFFSET 1",
    );
    expect(offset.records.map((r) => r.LastName)).toEqual(['Zed']);
    const count = await soql("SELECT COUNT() FROM Lead WHERE LeadSource = 'Web'");
    expect(count).toEqual({ totalSize: TOTAL, done: true, records: [] });
  });

  it('compares datetimes, date literals and LAST_N_DAYS', async () => {
    expect((await soql('SELECT Id FROM Lead WHERE CreatedDate = LAST_N_DAYS:1')).totalSize).toBe(TOTAL + 2);
    expect(
      (await soql('SELECT Id FROM Lead WHERE CreatedDate > 2020-01-01T00:00:00Z LIMIT 5')).totalSize,
    ).toBe(5);
    expect(
      (await soql('SELECT Id FROM Lead WHERE SystemModstamp > 2999-01-01T00:00:00.000+0000')).totalSize,
    ).toBe(0);
    expect((await soql('SELECT Id FROM Lead WHERE CreatedDate < YESTERDAY')).totalSize).toBe(0);
  });

  it('selects parent fields as nested objects', async () => {
    const res = await soql("SELECT Id, Owner.Email, Owner.Name FROM Lead WHERE LastName = 'Zed'");
    expect(res.records[0]?.Owner).toMatchObject({
      attributes: { type: 'User' },
      Email: 'integration@sandbox.example',
      Name: 'Integration User',
    });
    const byOwner = await soql(
      "SELECT Id FROM Lead WHERE Owner.Email = 'integration@sandbox.example' AND LeadSource != 'Web'",
    );
    expect(byOwner.totalSize).toBe(2);
  });

  it('answers INVALID_FIELD for unknown columns and MALFORMED_QUERY for bad syntax', async () => {
    const bad = await rest(emu.url, token, 'GET', `/query?q=${encodeURIComponent('SELECT Foo FROM Lead')}`);
    expect(bad.status).toBe(400);
    const [err] = bad.body as { errorCode: string; message: string }[];
    expect(err?.errorCode).toBe('INVALID_FIELD');
    expect(err?.message).toContain("No such column 'Foo' on entity 'Lead'");
    const malformed = await rest(
      emu.url,
      token,
      'GET',
      `/query?q=${encodeURIComponent('SELECT FROM Lead WHERE')}`,
    );
    expect((malformed.body as { errorCode: string }[])[0]?.errorCode).toBe('MALFORMED_QUERY');
    const type = await rest(
      emu.url,
      token,
      'GET',
      `/query?q=${encodeURIComponent('SELECT Id FROM Nope__c')}`,
    );
    expect((type.body as { errorCode: string }[])[0]?.errorCode).toBe('INVALID_TYPE');
  });
});

describe('queryAll and the recycle bin', () => {
  it('hides deleted rows from query, shows them with IsDeleted in queryAll, and undelete restores', async () => {
    const { id } = (await conn.sobject('Contact').create({ LastName: 'Gone' })) as { id: string };
    await conn.sobject('Contact').destroy(id);
    expect((await soql(`SELECT Id FROM Contact WHERE Id = '${id}'`)).totalSize).toBe(0);
    const all = await conn.query<Row>(`SELECT Id, IsDeleted FROM Contact WHERE Id = '${id}'`, {
      scanAll: true,
    });
    expect(all.records).toEqual([expect.objectContaining({ Id: id, IsDeleted: true })]);
    expect((await control(emu.url, 'POST', `/undelete/${id}`, {})).status).toBe(200);
    expect((await soql(`SELECT IsDeleted FROM Contact WHERE Id = '${id}'`)).records[0]?.IsDeleted).toBe(
      false,
    );
  });
});
