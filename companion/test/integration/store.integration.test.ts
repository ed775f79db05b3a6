import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, defaultMappingFor } from '../../src/sync/index.js';
import { clearPrefix, createStore, type Store } from '../../src/store/index.js';
import { sleep } from '../support/poll.js';

let redis: Redis;
let store: Store;
let reads = 0;
let mappingReads = 0;
const prefix = `store${Date.now()}`;

beforeAll(() => {
  redis = new Redis(process.env.REDIS_URL!);
  store = createStore(
    redis,
    prefix,
    {
      readSettings: async () => {
        reads++;
        return { version: reads < 3 ? 1 : 2, settings: { ...DEFAULT_SETTINGS }, integrationUserId: null };
      },
      readMappings: async () => {
        mappingReads++;
        return { Lead: defaultMappingFor('Lead'), Contact: defaultMappingFor('Contact') };
      },
    },
    { checkEveryMs: 0, memoMs: 0 },
  );
});
afterAll(async () => {
  await clearPrefix(redis, prefix);
  await redis.quit();
});

const link = (
  salesforceId: string,
  phone: string,
  alowareContactId: string,
  object: 'Lead' | 'Contact' = 'Lead',
) => ({
  salesforceId,
  object,
  phone,
  alowareContactId,
  linkedAt: new Date().toISOString(),
});

describe('Redis stores', () => {
  it('links: one record per phone and per Aloware contact, stale entries removed', async () => {
    await store.links.set(link('00Q000000000001AAA', '+12025550301', '1'));
    await store.links.set(link('003000000000001AAA', '+12025550301', '1', 'Contact'));
    expect(await store.links.get('00Q000000000001AAA')).toBeNull();
    expect((await store.links.byPhone('+12025550301'))?.salesforceId).toBe('003000000000001AAA');
    expect((await store.links.byAlowareId('1'))?.object).toBe('Contact');
    await store.links.set(link('003000000000001AAA', '+12025550302', '1', 'Contact'));
    expect(await store.links.byPhone('+12025550301')).toBeNull();
    const moved = await store.links.repoint('003000000000001AAA', {
      id: '003000000000002AAA',
      object: 'Contact',
    });
    expect(moved?.salesforceId).toBe('003000000000002AAA');
    expect((await store.links.byAlowareId('1'))?.salesforceId).toBe('003000000000002AAA');
    await store.links.remove('003000000000002AAA');
    expect(await store.links.byPhone('+12025550302')).toBeNull();
    expect(await store.links.byAlowareId('1')).toBeNull();
  });

  it('links: a delete remembers that the contact lost its record, until the contact is linked again', async () => {
    await store.links.set(link('003000000000003AAA', '+12025550303', '3', 'Contact'));
    expect(await store.links.deletedRecordOf('3')).toBeNull();
    await store.links.remove('003000000000003AAA');
    expect(await store.links.deletedRecordOf('3')).toBeNull();
    await store.links.set(link('003000000000003AAA', '+12025550303', '3', 'Contact'));
    expect((await store.links.removeDeleted('003000000000003AAA', 60))?.alowareContactId).toBe('3');
    expect(await store.links.byAlowareId('3')).toBeNull();
    expect(await store.links.deletedRecordOf('3')).toBe('003000000000003AAA');
    await store.links.set(link('003000000000004AAA', '+12025550303', '3', 'Contact'));
    expect(await store.links.deletedRecordOf('3')).toBeNull();
  });

  it('inbox: stores once per key and remembers what is pending', async () => {
    const first = await store.inbox.accept('salesforce', 'd-1', { a: 1 });
    const again = await store.inbox.accept('salesforce', 'd-1', { a: 2 });
    expect(first.duplicate).toBe(false);
    expect(again).toEqual({ duplicate: true, id: first.id });
    expect((await store.inbox.get(first.id))?.payload).toEqual({ a: 1 });
    expect((await store.inbox.pending('salesforce')).map((e) => e.id)).toContain(first.id);
    await store.inbox.done('salesforce', first.id);
    expect(await store.inbox.pendingCount('salesforce')).toBe(0);
  });

  it('locks: one holder at a time, released only by its holder', async () => {
    const token = await store.locks.tryAcquire('phone-x', 5_000);
    expect(token).not.toBeNull();
    expect(await store.locks.tryAcquire('phone-x')).toBeNull();
    expect(await store.locks.release('phone-x', 'not-the-token')).toBe(false);
    expect(await store.locks.release('phone-x', token!)).toBe(true);
    const order: number[] = [];
    await Promise.all(
      [1, 2, 3].map((n) =>
        store.locks.withLock('phone-y', async () => {
          order.push(n);
          await sleep(20); // held a while: a second holder would start inside it
          order.push(-n);
        }),
      ),
    );
    for (let i = 0; i < order.length; i += 2) expect(order[i + 1]).toBe(-order[i]!);
  });

  it('failed items: one per kind and record, newest first, removable', async () => {
    await store.failed.add({
      kind: 'to_aloware',
      recordId: '00Q000000000009AAA',
      reason: 'first',
      attempts: 5,
    });
    await store.failed.add({
      kind: 'to_aloware',
      recordId: '00Q000000000009AAA',
      reason: 'again',
      attempts: 5,
    });
    const items = await store.failed.list();
    expect(items).toHaveLength(1);
    expect(items[0]!.reason).toBe('again');
    expect(await store.failed.remove(items[0]!.id)).toBe(true);
    expect(await store.failed.count()).toBe(0);
  });

  it('config cache: settings and mappings re-read at every check, version bump or not; refresh forces a read', async () => {
    const [settingsBefore, mappingsBefore] = [reads, mappingReads];
    expect((await store.config.get()).version).toBe(1);
    expect((await store.config.get()).version).toBe(1); // same version: the mappings are read all the same
    expect((await store.config.get()).version).toBe(2);
    expect([reads - settingsBefore, mappingReads - mappingsBefore]).toEqual([3, 3]);
    await store.config.refresh();
    expect([reads - settingsBefore, mappingReads - mappingsBefore]).toEqual([4, 4]);
  });
});
