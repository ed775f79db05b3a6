import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearPrefix, Keys, SyncLog, type SyncLogEntry } from '../../src/store/index.js';
import { startStack, SYNC_KEY, waitFor, type Stack } from '../support/stack.js';
import { helpers } from '../support/to-aloware-helpers.js';

let stack: Stack;
let h: ReturnType<typeof helpers>;
let redis: Redis;
const prefix = `synclog${process.pid}`;

const get = (path: string, key: string | null = SYNC_KEY) =>
  fetch(`${stack.url}/api/v1${path}`, { headers: key ? { 'x-aloware-sync-key': key } : {} });

beforeAll(async () => {
  stack = await startStack({ alowareWebhooks: false });
  h = helpers(stack);
  redis = new Redis(process.env.REDIS_URL!);
});
afterAll(async () => {
  await clearPrefix(redis, prefix);
  await redis.quit();
  await stack?.stop();
});

describe('SyncLog.recent', () => {
  it('keeps a capped global list, newest first, with the direction derived from the decisions', async () => {
    const log = new SyncLog(redis, new Keys(prefix), 50, 50, 3);
    for (let i = 0; i < 5; i++) {
      await log.record(
        `00Q00000000000${i}`,
        [
          { field: 'LastName', winner: 'salesforce', reason: 'salesforce_changed', direction: 'to_aloware' },
          { field: 'Email', winner: 'aloware', reason: 'aloware_changed', direction: 'to_salesforce' },
        ],
        `2026-01-01T00:00:0${i}.000Z`,
        { object: 'Lead', phone: '+12025550199', outcome: 'updated' },
      );
    }
    const recent = await log.recent(10);
    expect(recent.map((e) => e.salesforceId)).toEqual([
      '00Q000000000004',
      '00Q000000000003',
      '00Q000000000002',
    ]);
    expect(recent[0]).toMatchObject({ object: 'Lead', direction: 'both', outcome: 'updated' });
    expect(recent[0]!.phoneMasked).not.toContain('555');
    expect(recent[0]!.decisions).toHaveLength(2);
    expect(await log.recent(1)).toHaveLength(1);
    // The per-record log is unchanged.
    expect(await log.decisions('00Q000000000004')).toHaveLength(2);
  });
});

describe('GET /api/v1/sync-log', () => {
  it('lists what the companion synced without personal data values', async () => {
    const { ids } = await h.seed('Lead', [
      {
        FirstName: 'Grace',
        LastName: 'Hopper',
        Company: 'Navy',
        Phone: '202-555-0181',
        Email: 'g@example.com',
      },
    ]);
    const entry = await waitFor(async () => {
      const { entries } = (await (await get('/sync-log?limit=200')).json()) as { entries: SyncLogEntry[] };
      return entries.find((e) => e.salesforceId === ids[0]);
    });
    expect(entry).toMatchObject({ object: 'Lead', direction: 'to_aloware', outcome: 'created' });
    expect(entry.decisions.length).toBeGreaterThan(0);
    expect(Date.parse(entry.at)).not.toBeNaN();
    const text = JSON.stringify(entry);
    for (const value of ['Grace', 'Hopper', 'g@example.com', '5550181', '555-0181'])
      expect(text).not.toContain(value);
    expect(entry.phoneMasked).toMatch(/0181$/);
  });

  it('validates the limit and requires the sync key', async () => {
    expect((await get('/sync-log?limit=201')).status).toBe(400);
    expect((await get('/sync-log?limit=0')).status).toBe(400);
    expect((await get('/sync-log?limit=abc')).status).toBe(400);
    expect((await get('/sync-log', null)).status).toBe(401);
    // Two entries of its own (the other tests of the file may not have run): limit=1 answers one of them.
    await h.seed('Lead', [
      { LastName: 'Limit One', Company: 'L', Phone: '202-555-0182' },
      { LastName: 'Limit Two', Company: 'L', Phone: '202-555-0183' },
    ]);
    await waitFor(
      async () =>
        ((await (await get('/sync-log?limit=200')).json()) as { entries: unknown[] }).entries.length >= 2,
    );
    const { entries } = (await (await get('/sync-log?limit=1')).json()) as { entries: unknown[] };
    expect(entries).toHaveLength(1);
  });
});
