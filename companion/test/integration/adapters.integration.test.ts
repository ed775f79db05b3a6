import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ONLY_PRIVATE_KEY_FILE } from '../../sandbox/salesforce/index.js';
import { AlowareError } from '../../src/aloware/client.js';
import { HttpAlowareClient } from '../../src/aloware/http-client.js';
import { createRedisRateLimiter } from '../../src/aloware/rate-limiter.js';
import { loadConfig } from '../../src/config/index.js';
import { createLogger, silentLogger } from '../../src/logging/index.js';
import { JsforceGateway } from '../../src/salesforce/jsforce-gateway.js';
import { phoneSearchVariants } from '../../src/sync/index.js';
import { startStack, type Stack } from '../support/stack.js';
import { helpers } from '../support/to-aloware-helpers.js';

let stack: Stack;
let h: ReturnType<typeof helpers>;

beforeAll(async () => {
  stack = await startStack({ alowareWebhooks: false, notify: false, startWorkers: false });
  h = helpers(stack);
});
afterAll(async () => {
  await stack?.stop();
});

const requests = async (route: RegExp) => {
  const log = await stack.sfControl<{ requests: { route: string; userId: string | null }[] }>(
    'GET',
    '/requests',
  );
  return log.requests.filter((r) => route.test(r.route)).length;
};

function jwtGateway() {
  const config = loadConfig({
    ...stack.env,
    SF_AUTH: 'jwt',
    SF_USERNAME: 'integration@sandbox.example',
    SF_PRIVATE_KEY_FILE: TEST_ONLY_PRIVATE_KEY_FILE,
    SF_CLIENT_SECRET: '',
  });
  return new JsforceGateway({ salesforce: config.salesforce, logger: silentLogger });
}

describe('Salesforce gateway (jsforce against the emulator)', () => {
  it('authenticates with a JWT bearer assertion and caches describe', async () => {
    const gateway = jwtGateway();
    const before = await requests(/describe/);
    const d = await gateway.describe('Lead');
    await gateway.describe('Lead');
    expect(d.fields.map((f) => f.name)).toContain('Phone');
    expect((await requests(/describe/)) - before).toBe(1);
  });

  it('fetches 450 ids with 3 queries and finds records by every typed phone format', async () => {
    const gateway = stack.runtime.deps.gateway;
    const formats = ['(415) 555-0101', '415.555.0101', '+1 415 555 0101', '4155550101'];
    const typed = await h.seed(
      'Contact',
      formats.map((Phone, i) => ({ LastName: `Typed ${i}`, Phone })),
    );
    const many = await h.seed(
      'Contact',
      Array.from({ length: 446 }, (_, i) => ({ LastName: `Many ${i}` })),
    );
    const ids = [...typed.ids, ...many.ids];
    const before = await requests(/query/);
    const rows = await gateway.fetchByIds('Contact', ids, ['LastName']);
    expect(rows).toHaveLength(450);
    expect((await requests(/query/)) - before).toBe(3);
    const found = await gateway.findByPhones(
      'Contact',
      ['Phone', 'MobilePhone'],
      phoneSearchVariants('+14155550101', 'US'),
      ['LastName'],
    );
    expect(found.map((r) => r.Id).sort()).toEqual([...typed.ids].sort());
  });

  it('pages with safe filters (an injection attempt is just a value) and counts', async () => {
    const gateway = stack.runtime.deps.gateway;
    await h.seed('Lead', [{ LastName: "O'Hara", Company: 'Q' }]);
    const pages = [];
    for await (const p of gateway.selectPages('Lead', ['LastName'], {
      filters: [{ field: 'LastName', op: '=', value: "O'Hara" }],
    }))
      pages.push(p);
    expect(pages.flatMap((p) => p.records).map((r) => r.LastName)).toEqual(["O'Hara"]);
    let injected = 0;
    for await (const p of gateway.selectPages('Lead', ['LastName'], {
      filters: [{ field: 'LastName', op: '=', value: "x' OR LastName != 'x" }],
    }))
      injected += p.records.length;
    expect(injected).toBe(0);
    expect(await gateway.count('Lead', [{ field: 'LastName', op: '=', value: "O'Hara" }])).toBe(1);
    await expect(async () => {
      for await (const _ of gateway.selectPages('Lead', ['LastName) FROM User --'])) void _;
    }).rejects.toThrow();
  });

  it('streams a Bulk API 2.0 query', async () => {
    const gateway = stack.runtime.deps.gateway;
    await h.seed(
      'Lead',
      Array.from({ length: 120 }, (_, i) => ({ LastName: `Bulk2 ${i}`, Company: 'B' })),
    );
    let n = 0;
    for await (const batch of gateway.bulkQuery("SELECT Id, LastName FROM Lead WHERE Company = 'B'"))
      n += batch.length;
    expect(n).toBe(120);
  });

  it('tracks API usage from Sforce-Limit-Info and reports throttling near the daily budget', async () => {
    const gateway = stack.runtime.deps.gateway;
    await stack.sfControl('POST', '/limits', { daily: 1000, used: 790 });
    await gateway.ping();
    const usage = gateway.usage();
    expect(usage.limit).toBe(1000);
    expect(usage.used).toBeGreaterThanOrEqual(791);
    expect(usage.throttled).toBe(true);
    await stack.sfControl('POST', '/limits', { daily: 1_000_000, used: 0 });
    await gateway.ping();
    expect(gateway.usage().throttled).toBe(false);
  });
});

describe('Aloware client against the emulator', () => {
  const client = (baseUrl: string, logger = silentLogger) =>
    new HttpAlowareClient({
      baseUrl,
      apiToken: stack.aloware.apiToken,
      logger,
      limiter: createRedisRateLimiter({
        redis: stack.redis,
        key: `${stack.prefix}:client-test`,
        limit: 1000,
      }),
      backoffBaseMs: 10,
    });

  it('treats an HTML 200 (unknown path) as an error', async () => {
    const err = await client(`${stack.aloware.url}/not-the-api`)
      .listUsers()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AlowareError);
    expect((err as AlowareError).code).toBe('not_json');
  });

  it('returns null for an unknown phone and the contact id after an upsert', async () => {
    const c = client(stack.aloware.url);
    expect(await c.findByPhone('+12025550299')).toBeNull();
    const first = await c.upsertContact({ phone_number: '+12025550299', first_name: 'New' });
    expect(first.created).toBe(true);
    const again = await c.upsertContact({ phone_number: '+12025550299', first_name: 'Same' });
    expect(again).toEqual({ created: false, contactId: first.contactId });
    expect((await c.findByPhone('+12025550299'))?.values.first_name).toBe('Same');
  });

  it('waits what Retry-After says on 429 and never logs the token', async () => {
    const lines: string[] = [];
    const logger = createLogger(
      'debug',
      new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) }),
    );
    await stack.alowareControl('POST', '/faults', {
      kind: 'throttle',
      retryAfterSeconds: 1,
      count: 1,
      route: 'users',
    });
    const started = Date.now();
    await client(stack.aloware.url, logger).listUsers();
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(lines.join('')).toContain('retried');
    expect(lines.join('')).not.toContain(stack.aloware.apiToken);
  });
});
