import type { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSalesforceEmulator, type SalesforceEmulator } from '../../../sandbox/salesforce/index.js';
import { clientCredentials, connect, control, rest } from './support.js';

let emu: SalesforceEmulator;
let conn: Connection;
let token: string;
const ROWS = 10_000;

beforeAll(async () => {
  emu = await startSalesforceEmulator();
  conn = (await connect(emu.url)).conn;
  conn.bulk2.pollInterval = 20;
  token = (await clientCredentials(emu.url)).access_token;
  await control(emu.url, 'POST', '/seed', {
    object: 'Contact',
    generate: { count: ROWS, template: { LastName: 'Contact {n}', Title: 'Says "hi", twice' } },
    notify: false,
  });
});
afterAll(() => emu.stop());

describe('Bulk API 2.0 query', () => {
  it('returns 10,000 rows through conn.bulk2.query with CSV quoting and parent fields', async () => {
    const records = (await (
      await conn.bulk2.query('SELECT Id, LastName, Title, Owner.Email FROM Contact')
    ).toArray()) as Record<string, string>[];
    expect(records).toHaveLength(ROWS);
    expect(records[0]).toMatchObject({
      LastName: 'Contact 1',
      Title: 'Says "hi", twice',
      'Owner.Email': 'rep@sandbox.example',
    });
    expect(new Set(records.map((r) => r.Id)).size).toBe(ROWS);
  });

  it('moves the job UploadComplete → InProgress → JobComplete and pages results with Sforce-Locator ending in null', async () => {
    const created = await rest(emu.url, token, 'POST', '/jobs/query', {
      operation: 'query',
      query: 'SELECT Id FROM Contact',
    });
    const job = created.body as { id: string; state: string; object: string };
    expect(job).toMatchObject({ state: 'UploadComplete', object: 'Contact' });
    expect(job.id.startsWith('750')).toBe(true);
    const early = await rest(emu.url, token, 'GET', `/jobs/query/${job.id}/results`);
    expect(early.status).toBe(412);
    const states = [];
    for (let i = 0; i < 2; i += 1)
      states.push(
        ((await rest(emu.url, token, 'GET', `/jobs/query/${job.id}`)).body as { state: string }).state,
      );
    expect(states).toEqual(['InProgress', 'JobComplete']);
    let locator: string | null = '';
    const pages: number[] = [];
    while (locator !== 'null') {
      const page = await rest(
        emu.url,
        token,
        'GET',
        `/jobs/query/${job.id}/results?maxRecords=4000${locator ? `&locator=${locator}` : ''}`,
        undefined,
        {
          accept: 'text/csv',
        },
      );
      expect(page.headers.get('content-type')).toMatch(/^text\/csv/);
      const lines = String(page.body).trim().split('\n');
      expect(lines[0]).toBe('"Id"');
      pages.push(Number(page.headers.get('sforce-numberofrecords')));
      expect(lines).toHaveLength((pages.at(-1) ?? 0) + 1);
      locator = page.headers.get('sforce-locator');
    }
    expect(pages).toEqual([4000, 4000, 2000]);
  });

  it('sees deleted rows only with queryAll', async () => {
    const { id } = (await conn.sobject('Contact').create({ LastName: 'Deleted' })) as { id: string };
    await conn.sobject('Contact').destroy(id);
    const q = `SELECT Id FROM Contact WHERE LastName = 'Deleted'`;
    expect(await (await conn.bulk2.query(q)).toArray()).toHaveLength(0);
    expect(await (await conn.bulk2.query(q, { scanAll: true })).toArray()).toEqual([{ Id: id }]);
  });
});
