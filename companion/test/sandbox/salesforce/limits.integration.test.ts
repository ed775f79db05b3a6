import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSalesforceEmulator, type SalesforceEmulator } from '../../../sandbox/salesforce/index.js';
import { clientCredentials, connect, control, rest } from './support.js';
import { sleep } from '../../support/poll.js';

let emu: SalesforceEmulator;
let token: string;
beforeAll(async () => {
  emu = await startSalesforceEmulator({ dailyApiLimit: 5 });
  token = (await clientCredentials(emu.url)).access_token;
});
afterAll(() => emu.stop());
afterEach(async () => {
  await control(emu.url, 'POST', '/reset');
  await control(emu.url, 'POST', '/limits', { daily: 5 });
});

describe('daily API limit', () => {
  it('reports usage in Sforce-Limit-Info and /limits, then answers 403 REQUEST_LIMIT_EXCEEDED when exhausted', async () => {
    const { conn } = await connect(emu.url);
    const limits = await conn.limits();
    expect(limits.DailyApiRequests).toEqual({ Max: 5, Remaining: 4 });
    expect(conn.limitInfo).toEqual({ apiUsage: { used: 1, limit: 5 } });
    for (let i = 0; i < 4; i += 1) await conn.query('SELECT Id FROM User');
    const refused = await rest(emu.url, token, 'GET', '/limits');
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual([
      { message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' },
    ]);
    expect(refused.headers.get('sforce-limit-info')).toBe('api-usage=5/5');
    await expect(conn.query('SELECT Id FROM User')).rejects.toMatchObject({
      errorCode: 'REQUEST_LIMIT_EXCEEDED',
    });
    await control(emu.url, 'POST', '/limits', { daily: 100 });
    expect((await rest(emu.url, token, 'GET', '/limits')).status).toBe(200);
  });
});

describe('faults and the request log', () => {
  it('injects a route-specific error a given number of times, then clears', async () => {
    await control(emu.url, 'POST', '/limits', { daily: 1000 });
    await control(emu.url, 'POST', '/faults', {
      route: '^PATCH /sobjects/Lead',
      error: 'UNABLE_TO_LOCK_ROW',
      count: 1,
    });
    await control(emu.url, 'POST', '/faults', { route: '^GET /query', error: '503', count: 1 });
    const { id } = (await rest(emu.url, token, 'POST', '/sobjects/Lead', { LastName: 'L', Company: 'C' }))
      .body as { id: string };
    const locked = await rest(emu.url, token, 'PATCH', `/sobjects/Lead/${id}`, { Title: 'x' });
    expect(locked.status).toBe(400);
    expect((locked.body as { errorCode: string }[])[0]?.errorCode).toBe('UNABLE_TO_LOCK_ROW');
    expect((await rest(emu.url, token, 'PATCH', `/sobjects/Lead/${id}`, { Title: 'x' })).status).toBe(204);
    expect((await rest(emu.url, token, 'GET', '/query?q=SELECT+Id+FROM+Lead')).status).toBe(503);
    expect((await rest(emu.url, token, 'GET', '/query?q=SELECT+Id+FROM+Lead')).status).toBe(200);
    await control(emu.url, 'POST', '/faults', { latencyMs: 150 });
    const started = Date.now();
    await rest(emu.url, token, 'GET', '/limits');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    await control(emu.url, 'DELETE', '/faults');
  });

  it('fails a share of calls with errorRate and seeds several objects in one call', async () => {
    await control(emu.url, 'POST', '/limits', { daily: 1000 });
    const seeded = await control<{ results: { object: string; created: number }[] }>(
      emu.url,
      'POST',
      '/seed',
      {
        objects: { Lead: [{ LastName: 'L', Company: 'C' }], Contact: [{ LastName: 'C' }, { LastName: 'D' }] },
        notify: false,
      },
    );
    expect(seeded.body.results.map((r) => [r.object, r.created])).toEqual([
      ['Lead', 1],
      ['Contact', 2],
    ]);
    await control(emu.url, 'POST', '/faults', { route: '^GET /limits', errorRate: 1 });
    expect((await rest(emu.url, token, 'GET', '/limits')).status).toBe(503);
    await control(emu.url, 'DELETE', '/faults');
    await control(emu.url, 'POST', '/faults', { route: '^GET /limits', errorRate: 0 });
    expect((await rest(emu.url, token, 'GET', '/limits')).status).toBe(200);
  });

  it('expires the session on an INVALID_SESSION_ID fault so jsforce re-authenticates', async () => {
    await control(emu.url, 'POST', '/limits', { daily: 1000 });
    const { conn, refreshes } = await connect(emu.url);
    await control(emu.url, 'POST', '/faults', {
      route: '^GET /query',
      error: 'INVALID_SESSION_ID',
      count: 1,
    });
    expect((await conn.query('SELECT Id FROM User')).totalSize).toBe(2);
    expect(refreshes()).toBe(1);
  });

  it('logs calls by route and user, filterable with since', async () => {
    await control(emu.url, 'POST', '/limits', { daily: 1000 });
    const rep = (await clientCredentials(emu.url, 'sandbox-rep')).access_token;
    await sleep(5); // the token request must fall before `since` (ms resolution)
    const since = new Date().toISOString();
    await rest(emu.url, rep, 'POST', '/sobjects/Contact', { LastName: 'A' });
    await rest(emu.url, rep, 'GET', '/sobjects/Contact/describe');
    const log = await control<{
      count: number;
      byRoute: Record<string, number>;
      byUser: Record<string, number>;
    }>(emu.url, 'GET', `/requests?since=${encodeURIComponent(since)}`);
    expect(log.body.count).toBe(2);
    expect(log.body.byRoute).toEqual({ 'POST /sobjects/Contact': 1, 'GET /sobjects/Contact/describe': 1 });
    expect(log.body.byUser).toEqual({ [emu.repUserId]: 2 });
  });
});
