import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RouteAuth } from '../../src/http/route.js';
import type { RequestLogEntry } from '../../sandbox/salesforce/state.js';
import { OPERATOR_TOKEN, startStack, SYNC_KEY, WEBHOOK_TOKEN, type Stack } from '../support/stack.js';

/**
 * Every HTTP endpoint of the companion under hostile input, on the real stack (both emulators, Redis):
 * the invariants hold for every request — no 5xx, nothing accepted without its credential, no secret in
 * any answer, every authentic Aloware delivery within the size limit stored, no injected text outside a
 * string literal in any SOQL that reached the Salesforce emulator.
 */
let stack: Stack;

interface Endpoint {
  method: string;
  path: string;
  auth: RouteAuth;
}
interface Sent {
  method: string;
  path: string;
  status: number;
  text: string;
  headers: Headers;
}

const violations: string[] = [];
let secrets: string[] = [];
let endpoints: Endpoint[] = [];
const CREDENTIALS: Record<Exclude<RouteAuth, 'none'>, Record<string, string>> = {
  'sync-key': { 'x-aloware-sync-key': SYNC_KEY },
  operator: { authorization: `Bearer ${OPERATOR_TOKEN}` },
  'aloware-webhook': { authorization: `Bearer ${WEBHOOK_TOKEN}` },
  'operator-browser': {
    authorization: `Basic ${Buffer.from(`operator:${OPERATOR_TOKEN}`).toString('base64')}`,
  },
};
/** Routes that take the same secret (the operator token, as Bearer or as Basic). */
const family = (auth: string) => auth.replace(/-browser$/, '');
const valid = (auth: RouteAuth): Record<string, string> => (auth === 'none' ? {} : CREDENTIALS[auth]);
const samples: Record<string, string> = { id: randomUUID(), salesforceId: '003000000000001AAA' };
const fill = (path: string, value?: string) =>
  path.replace(/:(\w+)/g, (_m, name: string) => value ?? samples[name] ?? 'x');

async function send(
  method: string,
  path: string,
  opts: { headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<Sent> {
  const res = await fetch(`${stack.url}${path}`, {
    method,
    headers: opts.headers,
    body: typeof opts.body === 'string' || opts.body === undefined ? opts.body : new Uint8Array(opts.body),
    redirect: 'manual',
  });
  const text = await res.text();
  const sent = { method, path, status: res.status, text, headers: res.headers };
  const where = `${method} ${path.slice(0, 120)} → ${res.status}`;
  if (res.status >= 500) violations.push(`5xx: ${where} ${text.slice(0, 200)}`);
  for (const s of secrets) {
    if (text.includes(s) || [...res.headers.values()].some((v) => v.includes(s)))
      violations.push(`secret echoed: ${where}`);
  }
  return sent;
}

beforeAll(async () => {
  stack = await startStack({ alowareWebhooks: false, notify: false });
  secrets = [SYNC_KEY, WEBHOOK_TOKEN, OPERATOR_TOKEN, stack.aloware.apiToken, 'sandbox-secret'];
  endpoints = [
    ...stack.runtime.routes.map((r) => ({ method: r.method.toUpperCase(), path: r.path, auth: r.auth })),
    ...stack.runtime.mounts.map((m) => ({
      method: m.auth === 'aloware-webhook' ? 'POST' : 'GET',
      path: m.path,
      auth: m.auth,
    })),
  ];
});
afterAll(async () => {
  await stack?.stop();
});
beforeEach(() => {
  violations.length = 0;
});

describe('HTTP fuzz', () => {
  it('covers every endpoint', () => {
    expect(endpoints.length).toBeGreaterThan(20);
    expect(endpoints.map((e) => e.path)).toEqual(
      expect.arrayContaining(['/webhooks/aloware', '/webhooks/salesforce', '/api/v1/operations', '/metrics']),
    );
  });

  it('auth matrix: nothing is accepted without its own credential', async () => {
    const wrongs = (auth: Exclude<RouteAuth, 'none'>): Record<string, string>[] => [
      {},
      auth === 'sync-key'
        ? { 'x-aloware-sync-key': 'x'.repeat(SYNC_KEY.length) }
        : { authorization: `Bearer ${'x'.repeat(20)}` },
      ...Object.entries(CREDENTIALS)
        .filter(([kind]) => family(kind) !== family(auth))
        .map(([, headers]) => headers),
      { authorization: `Bearer ${SYNC_KEY}` },
      { 'x-aloware-sync-key': OPERATOR_TOKEN },
      { authorization: 'Bearer' },
      { authorization: `Basic ${Buffer.from(':').toString('base64')}` },
      { authorization: `Basic ${Buffer.from(`${WEBHOOK_TOKEN}:x`).toString('base64')}` },
      { authorization: `bearer  ${'y'.repeat(300)}` },
    ];
    const before = await stack.runtime.deps.store.inbox.pendingCount('aloware');
    for (const e of endpoints.filter((x) => x.auth !== 'none')) {
      for (const headers of wrongs(e.auth as Exclude<RouteAuth, 'none'>)) {
        const body = e.method === 'GET' ? undefined : JSON.stringify({ event: 'Contact-Created', body: {} });
        const res = await send(e.method, fill(e.path), {
          headers: { ...headers, 'content-type': 'application/json' },
          body,
        });
        if (res.status !== 401 && res.status !== 403)
          violations.push(
            `accepted without auth: ${e.method} ${e.path} ${JSON.stringify(Object.keys(headers))} → ${res.status}`,
          );
      }
    }
    expect(await stack.runtime.deps.store.inbox.pendingCount('aloware')).toBe(before);
    expect(violations).toEqual([]);
  });

  it('path tricks and undecodable escapes answer 4xx', async () => {
    const tricks = [
      '%ZZ',
      '%',
      '%E0%A4%A',
      '%00',
      '..%2F..%2Fetc%2Fpasswd',
      '%2e%2e',
      'a'.repeat(5000),
      '%F0%9F%98%80',
      "'%20OR%20'1'%3D'1",
    ];
    for (const e of endpoints.filter((x) => x.path.includes(':'))) {
      for (const t of tricks) {
        const res = await send(e.method, fill(e.path, t), { headers: valid(e.auth) });
        if (res.status < 400)
          violations.push(`accepted a bad param: ${e.method} ${fill(e.path, t).slice(0, 80)}`);
      }
    }
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...endpoints),
        fc.string({ unit: 'binary', maxLength: 40 }),
        async (e, raw) => {
          const segment = encodeURIComponent(raw) || '%20';
          await send(e.method, `${e.path.replace(/\/:.*$/, '')}/${segment}`, { headers: valid(e.auth) });
        },
      ),
      { numRuns: 150 },
    );
    expect(violations).toEqual([]);
  });

  it('content types, broken, deep, oversize and gzip-bomb bodies answer 2xx/4xx on every write endpoint', async () => {
    const writes = endpoints.filter((e) => e.method !== 'GET');
    const bomb = gzipSync(Buffer.alloc(30 * 1024 * 1024, 0x20));
    const bodies: { name: string; body: string | Buffer; headers?: Record<string, string> }[] = [
      { name: 'empty', body: '' },
      { name: 'not json', body: '{"a":' },
      { name: 'bare string', body: '"x"' },
      { name: 'binary', body: Buffer.from([0xff, 0xfe, 0x00, 0x81, 0x7b]) },
      { name: 'deep object', body: `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}` },
      { name: 'deep array', body: `${'['.repeat(100_000)}${']'.repeat(100_000)}` },
      { name: 'oversize', body: JSON.stringify({ event: 'x', pad: 'x'.repeat(1_200_000) }) },
      { name: 'gzip bomb', body: bomb, headers: { 'content-encoding': 'gzip' } },
      { name: 'unknown encoding', body: 'x', headers: { 'content-encoding': 'br, zstd, nope' } },
      { name: 'proto pollution', body: '{"__proto__":{"polluted":1},"constructor":{"prototype":{"p":1}}}' },
    ];
    const types = [
      'application/json',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json; charset=utf-16',
    ];
    for (const e of writes) {
      for (const b of bodies) {
        for (const type of types) {
          const res = await send(e.method, fill(e.path), {
            headers: { ...valid(e.auth), 'content-type': type, ...b.headers },
            body: b.body,
          });
          if (
            e.path === '/webhooks/aloware' &&
            !['oversize', 'gzip bomb', 'unknown encoding'].includes(b.name)
          ) {
            const id = res.status === 202 ? (JSON.parse(res.text) as { id: string }).id : null;
            if (!id || !(await stack.runtime.deps.store.inbox.get(id)))
              violations.push(`authentic delivery not stored: ${b.name} as ${type} → ${res.status}`);
          }
        }
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(violations).toEqual([]);
  }, 60_000);

  it('every authentic Aloware delivery is stored, whatever its JSON', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue({ maxDepth: 6 }),
          fc.record({
            event: fc.constantFrom(
              'Contact-Created',
              'Contact-Updated',
              'Call-Disposed',
              'SMS-Received',
              'x',
            ),
            body: fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })),
          }),
        ),
        async (payload) => {
          const res = await send('POST', '/webhooks/aloware', {
            headers: { ...CREDENTIALS['aloware-webhook'], 'content-type': 'application/json' },
            body: JSON.stringify(payload),
          });
          const id = res.status === 202 ? (JSON.parse(res.text) as { id: string }).id : null;
          expect(id && (await stack.runtime.deps.store.inbox.get(id))).toBeTruthy();
        },
      ),
      { numRuns: 200 },
    );
    expect(violations).toEqual([]);
  });

  it('schema violations per field answer 400', async () => {
    const json = (auth: RouteAuth) => ({ ...valid(auth), 'content-type': 'application/json' });
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            object: fc.oneof(fc.constantFrom('Lead', 'Contact', 'Account', ''), fc.anything()),
            dryRun: fc.oneof(fc.boolean(), fc.anything()),
            filter: fc.oneof(
              fc.array(
                fc.record({
                  field: fc.oneof(
                    fc.constantFrom('LastName', 'CreatedDate', 'Id', 'Name) OR (Id'),
                    fc.string(),
                  ),
                  op: fc.oneof(fc.constantFrom('=', '<', 'LIKE', 'IN', ';'), fc.string()),
                  value: fc.oneof(fc.double(), fc.string(), fc.boolean(), fc.constant(null), fc.anything()),
                }),
                { maxLength: 3 },
              ),
              fc.anything(),
            ),
          },
          { requiredKeys: [] },
        ),
        async (body) => {
          const res = await send('POST', '/api/v1/operations', {
            headers: json('sync-key'),
            body: JSON.stringify(body),
          });
          if (res.status === 202) {
            await send('POST', `/api/v1/operations/${(JSON.parse(res.text) as { id: string }).id}/cancel`, {
              headers: valid('sync-key'),
            });
          }
        },
      ),
      { numRuns: 120 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.anything(),
        fc.constantFrom(...endpoints.filter((e) => e.method !== 'GET')),
        async (body, e) => {
          await send(e.method, fill(e.path), { headers: json(e.auth), body: JSON.stringify(body) ?? 'null' });
        },
      ),
      { numRuns: 150 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...endpoints.filter((e) => e.method === 'GET')),
        fc.dictionary(
          fc.constantFrom('limit', 'since', 'object', 'cursor', 'q'),
          fc.string({ unit: 'binary' }),
        ),
        async (e, query) => {
          await send('GET', `${fill(e.path)}?${new URLSearchParams(query)}`, { headers: valid(e.auth) });
        },
      ),
      { numRuns: 120 },
    );
    expect(violations).toEqual([]);
  }, 60_000);

  it('no injected SOQL reaches Salesforce: filters, record ids, mapping names', async () => {
    const since = Date.now();
    const marker = 'INJ9';
    const headers = { ...valid('sync-key'), 'content-type': 'application/json' };
    const injections = [
      `${marker}' OR Name != '`,
      `${marker}\\' OR Id != null OR Name = \\'`,
      `${marker}%' OR LastName LIKE '%`,
      `${marker}') OR (Id != null`,
    ];
    for (const value of injections) {
      for (const field of ['LastName', 'Email', `LastName != '' OR ${marker}`]) {
        const res = await send('POST', '/api/v1/operations', {
          headers,
          body: JSON.stringify({ object: 'Lead', dryRun: true, filter: [{ field, op: 'LIKE', value }] }),
        });
        if (res.status === 202)
          await send('POST', `/api/v1/operations/${(JSON.parse(res.text) as { id: string }).id}/cancel`, {
            headers,
          });
      }
      await send('GET', `/api/v1/records/${encodeURIComponent(`003${value}`)}`, { headers });
    }
    // A mapping row whose field name is SOQL: the companion must refuse to put it in a query.
    await stack.sfControl('POST', '/seed', {
      object: 'Aloware_Field_Mapping__c',
      records: [
        {
          Object__c: 'Lead',
          Salesforce_Field__c: `LastName FROM Lead WHERE ${marker} != null --`,
          Aloware_Field__c: 'csf1',
          Direction__c: 'both',
        },
        {
          Object__c: 'Lead',
          Salesforce_Field__c: `Id, (SELECT Id FROM ${marker})`,
          Aloware_Field__c: 'csf2',
          Direction__c: 'both',
        },
      ],
      notify: false,
    });
    await stack.runtime.deps.store.config.refresh();
    await send('POST', '/api/v1/config/refresh', { headers });
    const seeded = await stack.sfControl<{ ids: string[] }>('POST', '/seed', {
      object: 'Lead',
      records: [{ LastName: 'Fuzz', Company: 'F', Phone: '+12025550777' }],
      notify: false,
    });
    await send('POST', `/api/v1/records/${seeded.ids[0]}/sync`, { headers });
    await send('GET', `/api/v1/records/${seeded.ids[0]}`, { headers });
    await expect
      .poll(
        async () =>
          (await stack.runtime.deps.queues.sfChanges.getJobCounts('waiting', 'active', 'delayed')).active ??
          0,
      )
      .toBe(0);
    const { requests } = await stack.sfControl<{ requests: RequestLogEntry[] }>(
      'GET',
      `/requests?since=${since}`,
    );
    const queries = requests.map((r) => r.soql).filter((q): q is string => typeof q === 'string');
    expect(queries.length).toBeGreaterThan(0);
    const outsideLiterals = (soql: string) => soql.replace(/'(?:\\.|[^'\\])*'/g, "''");
    const leaked = queries.filter((q) => outsideLiterals(q).includes(marker));
    expect(leaked).toEqual([]);
    expect(violations).toEqual([]);
  }, 60_000);
});
