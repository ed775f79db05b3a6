import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrgSettings } from '../../src/salesforce/gateway.js';
import { clearPrefix, ConfigCache, Keys, type ConfigSource } from '../../src/store/index.js';
import { DEFAULT_SETTINGS, defaultMappingFor } from '../../src/sync/index.js';

let redis: Redis;
const prefix = `cfgrace${process.pid}`;
const keys = new Keys(prefix);

beforeAll(() => {
  redis = new Redis(process.env.REDIS_URL!);
});
afterAll(async () => {
  await clearPrefix(redis, prefix);
  await redis.quit();
});

/** A settings source whose next read can be held back until released (a slow Salesforce answer). */
function controllableSource() {
  let version = 1;
  let hold: { version: number; release: () => void; started: () => void } | null = null;
  const source: ConfigSource = {
    async readSettings(): Promise<OrgSettings> {
      const seen = version;
      if (hold) {
        const h = hold;
        hold = null;
        await new Promise<void>((resolve) => {
          h.release = resolve;
          h.started();
        });
      }
      return {
        version: seen,
        settings: { ...DEFAULT_SETTINGS, priorityObject: seen === 1 ? 'Lead' : 'Contact' },
        integrationUserId: null,
      };
    },
    readMappings: async () => ({ Lead: defaultMappingFor('Lead'), Contact: defaultMappingFor('Contact') }),
  };
  return {
    source,
    setVersion: (v: number) => (version = v),
    /** The next read waits; resolves (with its release) once that read started. */
    holdNext: () =>
      new Promise<() => void>((resolve) => {
        const h = { version, release: () => {}, started: () => resolve(() => h.release()) };
        hold = h;
      }),
  };
}

describe('ConfigCache: a slow load never overwrites a newer refresh', () => {
  it('keeps the refreshed version in memory and in Redis when an older load finishes after it', async () => {
    const src = controllableSource();
    const cache = new ConfigCache(redis, keys, src.source, { checkEveryMs: 600_000, memoMs: 600_000 });
    const held = src.holdNext();
    const slow = cache.get(); // reads settings at version 1, answer held back
    const release = await held;
    src.setVersion(2); // the admin saves; the org now says version 2
    expect((await cache.refresh()).version).toBe(2);
    release(); // the old read (version 1) finishes last
    await slow;
    expect((await cache.get()).version).toBe(2);
    expect((await cache.get()).settings.priorityObject).toBe('Contact');
    expect((JSON.parse((await redis.get(keys.key('config')))!) as { version: number }).version).toBe(2);
  });

  it('a read of the cached config in flight during a refresh does not bring the old version back', async () => {
    const src = controllableSource();
    const k = new Keys(`${prefix}f`);
    await new ConfigCache(redis, k, src.source).refresh(); // version 1 cached in Redis
    // A worker's get() has read version 1 from Redis; its answer is held back while the admin's refresh runs.
    let holdNextGet = true;
    let release = () => {};
    let reading = () => {};
    const readStarted = new Promise<void>((resolve) => (reading = resolve));
    const slowRedis = new Proxy(redis, {
      get(target, name) {
        const member = Reflect.get(target, name, target) as unknown;
        if (name !== 'get' || typeof member !== 'function') {
          return typeof member === 'function' ? (member as () => unknown).bind(target) : member;
        }
        return async (key: string) => {
          const value = await target.get(key);
          if (!holdNextGet) return value;
          holdNextGet = false;
          await new Promise<void>((resolve) => {
            release = resolve;
            reading();
          });
          return value;
        };
      },
    });
    const cache = new ConfigCache(slowRedis, k, src.source, { checkEveryMs: 600_000, memoMs: 600_000 });
    const inFlight = cache.get();
    await readStarted;
    src.setVersion(2);
    expect((await cache.refresh()).version).toBe(2);
    release();
    await inFlight;
    expect((await cache.get()).version).toBe(2);
    await clearPrefix(redis, `${prefix}f`);
  });

  it('another process with an older answer does not replace a newer version in Redis', async () => {
    const src = controllableSource();
    const a = new ConfigCache(redis, new Keys(`${prefix}b`), src.source, { checkEveryMs: 0, memoMs: 0 });
    const other = controllableSource();
    const b = new ConfigCache(redis, new Keys(`${prefix}b`), other.source, { checkEveryMs: 0, memoMs: 0 });
    const held = other.holdNext();
    const slow = b.get(); // process B: version 1, held back
    const release = await held;
    src.setVersion(2);
    expect((await a.refresh()).version).toBe(2); // process A stores version 2
    release();
    expect((await slow).version).toBe(2); // B's stale answer lost to the newer stored version
    const stored = JSON.parse((await redis.get(`${prefix}b:config`))!) as { version: number };
    expect(stored.version).toBe(2);
    await clearPrefix(redis, `${prefix}b`);
  });
});

describe('ConfigCache: when Salesforce is read', () => {
  it('reads settings and mappings once per check, not between checks, and again on refresh', async () => {
    const reads = { settings: 0, mappings: 0 };
    const source: ConfigSource = {
      readSettings: async () => {
        reads.settings++;
        return { version: 3, settings: { ...DEFAULT_SETTINGS }, integrationUserId: null };
      },
      readMappings: async () => {
        reads.mappings++;
        return { Lead: defaultMappingFor('Lead'), Contact: defaultMappingFor('Contact') };
      },
    };
    const k = new Keys(`${prefix}n`);
    // memoMs 0: every get() asks Redis; only a due check (checkEveryMs) reads Salesforce.
    const cache = new ConfigCache(redis, k, source, { checkEveryMs: 600_000, memoMs: 0 });
    await cache.get();
    await cache.get();
    await new ConfigCache(redis, k, source, { checkEveryMs: 600_000, memoMs: 0 }).get(); // another process
    expect(reads).toEqual({ settings: 1, mappings: 1 });
    await cache.refresh();
    expect(reads).toEqual({ settings: 2, mappings: 2 });
    const due = new ConfigCache(redis, k, source, { checkEveryMs: 0, memoMs: 0 });
    await due.get();
    await due.get();
    expect(reads).toEqual({ settings: 4, mappings: 4 }); // a check due at every get(): both read each time
    await clearPrefix(redis, `${prefix}n`);
  });
});

describe('ConfigCache: mapping changes without a version bump', () => {
  it('takes a mapping set saved without a Config_Version__c bump at the next check', async () => {
    let rows = defaultMappingFor('Contact');
    const source: ConfigSource = {
      readSettings: async () => ({ version: 7, settings: { ...DEFAULT_SETTINGS }, integrationUserId: null }),
      readMappings: async () => ({ Lead: defaultMappingFor('Lead'), Contact: rows }),
    };
    const cache = new ConfigCache(redis, new Keys(`${prefix}m`), source, { checkEveryMs: 50, memoMs: 0 });
    expect((await cache.get()).mappings.Contact.some((r) => r.salesforceField === 'Title')).toBe(false);
    rows = [...rows, { ...rows[3]!, salesforceField: 'Title', alowareField: 'notes' }];
    await expect
      .poll(async () => (await cache.get()).mappings.Contact.some((r) => r.salesforceField === 'Title'))
      .toBe(true);
    expect((await cache.get()).version).toBe(7);
    await clearPrefix(redis, `${prefix}m`);
  });
});

describe('ConfigCache: a change of the identity rules is announced', () => {
  it('calls onIdentityRulesChanged when the priority or an object toggle changes, not for other settings', async () => {
    let settings = { ...DEFAULT_SETTINGS };
    const source: ConfigSource = {
      readSettings: async () => ({ version: 1, settings, integrationUserId: null }),
      readMappings: async () => ({ Lead: defaultMappingFor('Lead'), Contact: defaultMappingFor('Contact') }),
    };
    const changes: string[] = [];
    const cache = new ConfigCache(redis, new Keys(`${prefix}r`), source, {
      checkEveryMs: 0,
      memoMs: 0,
      onIdentityRulesChanged: async (before, after) => {
        changes.push(`${before.settings.priorityObject}→${after.settings.priorityObject}`);
      },
    });
    await cache.get(); // the first load replaces nothing
    settings = { ...settings, defaultRegion: 'GB' };
    await cache.refresh();
    expect(changes).toEqual([]);
    settings = { ...settings, priorityObject: 'Lead' };
    await cache.get();
    expect(changes).toEqual(['Contact→Lead']);
    await cache.get(); // the same rules again
    settings = { ...settings, contactSyncEnabled: false };
    await cache.refresh();
    expect(changes).toEqual(['Contact→Lead', 'Lead→Lead']);
    await clearPrefix(redis, `${prefix}r`);
  });
});
