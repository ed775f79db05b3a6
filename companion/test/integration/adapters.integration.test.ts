import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ONLY_PRIVATE_KEY_FILE } from '../../sandbox/salesforce/index.js';
import { AlowareError } from '../../src/aloware/client.js';
import { HttpAlowareClient } from '../../src/aloware/http-client.js';
import { createRedisRateLimiter } from '../../src/aloware/rate-limiter.js';
import { loadConfig } from '../../src/config/index.js';
import { createLogger, silentLogger } from '../../src/logging/index.js';
import { BulkQueryError, type BulkQueryOptions } from '../../src/salesforce/bulk-query.js';
import { JsforceGateway } from '../../src/salesforce/jsforce-gateway.js';
import type { BulkCursor } from '../../src/salesforce/gateway.js';
import { phoneSearchVariants, type SfRecord } from '../../src/sync/index.js';
import { startStack, waitFor, type Stack } from '../support/stack.js';
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

/** A gateway of its own (own session and call count) on the stack's client-credentials settings. */
const sessionGateway = (bulk: BulkQueryOptions) =>
  new JsforceGateway({ salesforce: stack.config.salesforce, logger: silentLogger, bulk });

/** Leads whose Street has quotes, commas and newlines (a third), is null (a third) or plain; Title null on evens. */
function bulkRows(
  count: number,
  company: string,
): { LastName: string; Company: string; Street?: string; Title?: string }[] {
  return Array.from({ length: count }, (_, i) => ({
    LastName: `${company} ${i}`,
    Company: company,
    ...(i % 3 === 0 ? { Street: `Café ☎ said "hi, ${i}"\r\nthen, ""bye""\n` } : {}),
    ...(i % 3 === 2 ? { Street: `Plain ${i}` } : {}),
    ...(i % 2 === 1 ? { Title: `T,${i}` } : {}),
  }));
}

/** Bulk result-page requests and all API requests (token requests aside) the emulator has logged. */
async function bulkRequests(): Promise<{ results: number; all: number }> {
  const log = await stack.sfControl<{ requests: { route: string }[] }>('GET', '/requests');
  return {
    results: log.requests.filter((r) => r.route === 'GET /jobs/query/:jobId/results').length,
    all: log.requests.filter((r) => !r.route.includes('/oauth2/')).length,
  };
}

async function abortJob(path: string): Promise<void> {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: 'sandbox-integration',
    client_secret: 'sandbox-secret',
  });
  const token = (await (
    await fetch(`${stack.sf.url}/services/oauth2/token`, { method: 'POST', body: form })
  ).json()) as {
    access_token: string;
  };
  const res = await fetch(`${stack.sf.url}${path}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ state: 'Aborted' }),
  });
  expect(res.status).toBe(200);
}

/**
 * A stand-in org for job states the emulator never reaches (Failed, never complete): answers Bulk 2.0 job routes
 * with `jobState` and records every request as "METHOD path".
 */
async function stubBulkOrg(jobState: Record<string, unknown>) {
  const seen: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    seen.push(`${req.method} ${req.url}`);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ id: '750STUB', operation: 'query', ...jobState }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const gateway = new JsforceGateway({
    salesforce: stack.config.salesforce,
    logger: silentLogger,
    tokenSource: () => Promise.resolve({ accessToken: 'stub', instanceUrl: url, orgId: null, userId: null }),
    bulk: { pollIntervalMs: 10, maxPollIntervalMs: 20, pollTimeoutMs: 200 },
  });
  const run = async () => {
    for await (const _ of gateway.bulkQuery('SELECT Id FROM Lead')) void _;
  };
  return { seen, run, stop: () => new Promise((r) => server.close(r)) };
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

  it('reads a Bulk API 2.0 query spread over several result pages, every record once with its values', async () => {
    await stack.sfControl('POST', '/bulk', { pageSize: 4_000 });
    const seeded = bulkRows(10_500, 'BulkPages');
    await stack.sfControl('POST', '/seed', { object: 'Lead', records: seeded, notify: false });
    const gateway = sessionGateway({ maxRecords: null });
    const before = await bulkRequests();
    const callsBefore = gateway.usage().callsMade;
    const batches: SfRecord[][] = [];
    for await (const batch of gateway.bulkSelect('Lead', ['LastName', 'Street', 'Title', 'IsConverted'], {
      filters: [{ field: 'Company', op: '=', value: 'BulkPages' }],
    }))
      batches.push(batch.records);
    await stack.sfControl('POST', '/bulk', { pageSize: 50_000 });
    const after = await bulkRequests();
    expect(after.results - before.results).toBe(3);
    expect(gateway.usage().callsMade - callsBefore).toBe(after.all - before.all);
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(2_000);
    const records = batches.flat();
    expect(records).toHaveLength(10_500);
    expect(new Set(records.map((r) => r.Id)).size).toBe(10_500);
    const byName = new Map(records.map((r) => [r.LastName, r]));
    for (const row of seeded) {
      const got = byName.get(row.LastName);
      expect({ Street: got?.Street, Title: got?.Title, IsConverted: got?.IsConverted }).toEqual({
        Street: row.Street ?? null,
        Title: row.Title ?? null,
        IsConverted: false,
      });
    }
  });

  it('resumes a Bulk pull at a cursor of the same job: nothing missed, nothing repeated, no ORDER BY', async () => {
    await stack.sfControl('POST', '/seed', {
      object: 'Lead',
      records: bulkRows(2_500, 'BulkResume'),
      notify: false,
    });
    // The emulator fails ORDER BY jobs on objects over this size (PK chunking off): the pull must not sort.
    await stack.sfControl('POST', '/bulk', { orderByMaxRows: 100 });
    const gateway = sessionGateway({ maxRecords: 700 });
    const pull = async (resume?: BulkCursor) => {
      const batches: { ids: string[]; cursor: BulkCursor }[] = [];
      const query = gateway.bulkSelect('Lead', ['LastName'], {
        filters: [{ field: 'Company', op: '=', value: 'BulkResume' }],
        resume,
      });
      for await (const batch of query)
        batches.push({ ids: batch.records.map((r) => r.Id), cursor: batch.cursor });
      return batches;
    };
    const jobsBefore = await requests(/^POST \/jobs\/query$/);
    const all = await pull();
    const ids = all.flatMap((b) => b.ids);
    expect(new Set(ids).size).toBe(2_500);
    expect(all.map((b) => b.ids.length)).toEqual([700, 700, 700, 400]);
    const stop = all[1]!.cursor; // killed after two batches
    const before = await bulkRequests();
    const rest = (await pull(stop)).flatMap((b) => b.ids);
    expect([...ids.slice(0, 1_400), ...rest]).toEqual(ids);
    expect((await bulkRequests()).results - before.results).toBe(3);
    expect((await requests(/^POST \/jobs\/query$/)) - jobsBefore).toBe(1);
    // A job Salesforce no longer has is run again from the start.
    const again = await pull({ ...stop, jobId: '7505g0000000zzzAAA' });
    expect(new Set(again.flatMap((b) => b.ids))).toEqual(new Set(ids));
    await stack.sfControl('POST', '/bulk', { orderByMaxRows: 10_000 });
  });

  it('reads raw Bulk rows with bulkQuery and re-authenticates when the session expires mid-job', async () => {
    await h.seed(
      'Lead',
      Array.from({ length: 120 }, (_, i) => ({ LastName: `Bulk2 ${i}`, Company: 'B' })),
    );
    const gateway = sessionGateway({});
    const tokensBefore = await requests(/^POST \/services\/oauth2\/token/);
    await gateway.ping();
    await stack.sfControl('POST', '/faults', {
      route: '^GET /jobs/query/',
      error: 'INVALID_SESSION_ID',
      count: 1,
    });
    const rows: SfRecord[] = [];
    for await (const batch of gateway.bulkQuery("SELECT Id, LastName, Title FROM Lead WHERE Company = 'B'"))
      rows.push(...batch);
    await stack.sfControl('DELETE', '/faults');
    expect(rows).toHaveLength(120);
    expect(rows[0]).toEqual({
      Id: expect.any(String),
      LastName: expect.stringMatching(/^Bulk2 /),
      Title: null,
    });
    expect((await requests(/^POST \/services\/oauth2\/token/)) - tokensBefore).toBe(2);
  });

  it('fails clearly when the Bulk job is aborted', async () => {
    const gateway = sessionGateway({ pollIntervalMs: 1_500 });
    const since = Date.now();
    const run = (async () => {
      for await (const _ of gateway.bulkQuery('SELECT Id FROM Lead')) void _;
    })();
    const jobPath = await waitFor(async () => {
      const log = await stack.sfControl<{ requests: { route: string; path: string }[] }>(
        'GET',
        `/requests?since=${since}`,
      );
      return log.requests.find((r) => r.route === 'GET /jobs/query/:jobId')?.path;
    }, 5_000);
    await abortJob(jobPath);
    const err = await run.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BulkQueryError);
    expect((err as Error).message).toMatch(/^Bulk query job 750\w+ aborted/);
    const malformed = (async () => {
      for await (const _ of gateway.bulkQuery('SELECT NoSuchField__c FROM Lead')) void _;
    })();
    await expect(malformed).rejects.toThrow(/NoSuchField__c/);
  });

  it("fails with the job's errorMessage when the Bulk job fails, and aborts a job that never completes", async () => {
    const failed = await stubBulkOrg({
      state: 'Failed',
      errorMessage: 'INVALID_FIELD: No such column Foo__c',
    });
    await expect(failed.run()).rejects.toThrow(
      'Bulk query job 750STUB failed: INVALID_FIELD: No such column Foo__c',
    );
    await failed.stop();
    const stuck = await stubBulkOrg({ state: 'InProgress' });
    await expect(stuck.run()).rejects.toThrow('Bulk query job 750STUB not complete after 200 ms');
    await stuck.stop();
    expect(stuck.seen.at(-1)).toMatch(/^PATCH \/services\/data\/v[\d.]+\/jobs\/query\/750STUB$/);
    expect(stuck.seen.filter((r) => r.endsWith('/results'))).toEqual([]);
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

  it('does not retry a 503 itself: one request, a retryable error for the job to retry', async () => {
    await stack.alowareControl('POST', '/faults', { kind: 'error', status: 503, count: 1, route: 'users' });
    const err = await client(stack.aloware.url)
      .listUsers()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AlowareError);
    expect(err).toMatchObject({ status: 503, retryable: true });
    // The one 503 was that request's: the next one is answered.
    expect(await client(stack.aloware.url).listUsers()).toEqual(expect.any(Array));
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
