import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR_TOKEN, startStack, SYNC_KEY, waitFor, type Stack } from '../support/stack.js';
import { helpers } from '../support/to-aloware-helpers.js';

// Loosely typed JSON for assertions on response shapes.
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
interface SharedPhone {
  phoneMasked: string;
  records: { id: string }[];
  linkedId: string | null;
}

let stack: Stack;
let h: ReturnType<typeof helpers>;

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${stack.url}${path}`, { headers });
const api = async <T>(method: string, path: string): Promise<{ status: number; body: T }> => {
  const res = await fetch(`${stack.url}/api/v1${path}`, {
    method,
    headers: { 'x-aloware-sync-key': SYNC_KEY },
  });
  return { status: res.status, body: (await res.json()) as T };
};

/** The value of one series in a `/metrics` answer (0 when it is not there yet). */
const valueOf = (text: string, series: string) =>
  Number(
    text
      .split('\n')
      .find((l) => l.startsWith(`${series} `))
      ?.slice(series.length + 1) ?? 0,
  );

beforeAll(async () => {
  stack = await startStack({
    alowareWebhooks: false,
    runtime: { jobAttempts: 2, jobBackoffMs: 50, alowareMaxAttempts: 2 },
  });
  h = helpers(stack);
});
afterAll(async () => {
  await stack?.stop();
});

describe('operator surface', () => {
  it.each([
    [
      'an impossible datetime',
      { field: 'CreatedDate', op: '>', value: '2026-02-30T00:00:00Z' },
      'CreatedDate',
    ],
    ['a number on a text field', { field: 'LastName', op: '=', value: 1e21 }, 'LastName'],
    ['an unknown field', { field: 'No_Such__c', op: '=', value: 'x' }, 'No_Such__c'],
  ])('a pull filter with %s is refused with 400 and the reason, nothing queued', async (_n, filter, name) => {
    const res = await fetch(`${stack.url}/api/v1/operations`, {
      method: 'POST',
      headers: { 'x-aloware-sync-key': SYNC_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ object: 'Lead', dryRun: true, filter: [filter] }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as Json;
    expect(body.error.code).toBe('invalid_filter');
    expect(body.error.message).toContain(`filter on ${name}`);
    expect((await api<Json>('GET', '/operations')).body.operations).toEqual([]);
  });

  it('/readyz says ready when Redis answers; /healthz says the process is alive', async () => {
    const res = await get('/readyz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', redis: true });
    expect(res.headers.get('x-request-id')).toMatch(/^[\w-]{36}$/);
    expect((await get('/healthz', { 'x-request-id': 'probe-1' })).headers.get('x-request-id')).toBe(
      'probe-1',
    );
  });

  it('/metrics needs the operator token and exposes the sync metrics', async () => {
    // Counted from what this test does: other tests of the file also ask /metrics without a token and probe /readyz.
    const unauthorized = 'aloware_sync_http_requests_total{method="GET",route="/metrics",status="401"}';
    const before = valueOf(
      await (await get('/metrics', { authorization: `Bearer ${OPERATOR_TOKEN}` })).text(),
      unauthorized,
    );
    expect((await get('/metrics')).status).toBe(401);
    expect((await get('/readyz')).status).toBe(200);
    const { ids } = await h.seed('Lead', [{ LastName: 'Metric', Company: 'M', Phone: '202-555-0220' }]);
    await h.link(ids[0]!);
    const res = await get('/metrics', { authorization: `Bearer ${OPERATOR_TOKEN}` });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/aloware_sync_events_received_total\{source="salesforce",kind="created"\} [1-9]/);
    expect(text).toMatch(/aloware_sync_api_calls_total\{system="aloware",endpoint="forms"\} [1-9]/);
    expect(text).toMatch(/aloware_sync_api_calls_total\{system="salesforce",endpoint="query"\} [1-9]/);
    expect(text).toMatch(/aloware_sync_latency_seconds_count\{direction="to_aloware"\} [1-9]/);
    expect(text).toContain('aloware_sync_queue_depth{queue="sf-changes"}');
    expect(valueOf(text, unauthorized)).toBe(before + 1);
    expect(text).toMatch(
      /aloware_sync_http_request_duration_seconds_count\{method="GET",route="\/readyz"\} [1-9]/,
    );
  });

  it('rejected webhooks are counted by source and reason', async () => {
    const post = (path: string, headers: Record<string, string>, body: string) =>
      fetch(`${stack.url}${path}`, { method: 'POST', headers, body });
    expect((await post('/webhooks/aloware', { authorization: 'Bearer wrong-token' }, '{}')).status).toBe(401);
    const json = { 'content-type': 'application/json', 'x-aloware-sync-key': SYNC_KEY };
    expect((await post('/webhooks/salesforce', json, '{"schema":"nope"}')).status).toBe(400);
    expect((await post('/webhooks/salesforce', json, '{not json')).status).toBe(400);
    const text = await (await get('/metrics', { authorization: `Bearer ${OPERATOR_TOKEN}` })).text();
    expect(text).toContain('aloware_sync_webhooks_rejected_total{source="aloware",reason="unauthorized"} 1');
    expect(text).toContain(
      'aloware_sync_webhooks_rejected_total{source="salesforce",reason="invalid_request"} 1',
    );
    expect(text).toContain(
      'aloware_sync_webhooks_rejected_total{source="salesforce",reason="entity_parse_failed"} 1',
    );
  });

  it('the queue dashboard is behind the operator token and prompts a browser with a Basic challenge', async () => {
    const anonymous = await get('/admin/queues');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic realm="operator"/);
    expect((await get('/metrics')).headers.get('www-authenticate')).toMatch(/^Bearer /);
    const basic = Buffer.from(`operator:${OPERATOR_TOKEN}`).toString('base64');
    const res = await get('/admin/queues', { authorization: `Basic ${basic}` });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<html');
  });

  it('/api/v1/health reports the parts, the budget and the latency', async () => {
    const { status, body } = await api<Json>('GET', '/health');
    expect(status).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.redis.reachable).toBe(true);
    expect(body.salesforce).toMatchObject({ reachable: true, throttled: false });
    expect(body.salesforce.apiUsed).toBeGreaterThan(0);
    expect(body.salesforce.apiLimit).toBeGreaterThan(0);
    expect(body.aloware.reachable).toBe(true);
    expect(body.latency.toAlowareP50Ms).toEqual(expect.any(Number));
    expect(body.queues).toMatchObject({ depth: expect.any(Number) });
    expect(body.failedCount).toBe(0);
  });

  it('/api/v1/records/:id shows the link and the last decisions; sync queues it again', async () => {
    const { ids } = await h.seed('Contact', [{ LastName: 'Record', Phone: '202-555-0221' }]);
    const link = await h.link(ids[0]!);
    const { status, body } = await api<Json>('GET', `/records/${ids[0]}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      salesforceId: ids[0],
      object: 'Contact',
      alowareContactId: link.alowareContactId,
      phoneMasked: '+1******0221',
      lastOutcome: 'created',
      // The Aloware app the record card links into: the host the companion is configured to call.
      alowareAppUrl: stack.aloware.url,
    });
    expect(body.decisions.length).toBeGreaterThan(0);
    expect(JSON.stringify(body)).not.toContain('2025550221');
    const sync = await api<{ queued: boolean }>('POST', `/records/${ids[0]}/sync`);
    expect(sync).toEqual({ status: 202, body: { queued: true } });
    expect((await api('GET', '/records/00Q000000000009EAA')).status).toBe(404);
  });

  it('/api/v1/identity-report lists shared and unparseable phones, masked', async () => {
    const lead = await h.seed('Lead', [
      { FirstName: 'Sam', LastName: 'Shared', Company: 'S', Phone: '202-555-0222' },
    ]);
    const contact = await h.seed('Contact', [
      { FirstName: 'Sue', LastName: 'Shared', Phone: '(202) 555-0222' },
    ]);
    await h.seed('Lead', [{ LastName: 'Vanity', Company: 'V', Phone: '1-800-FLOWERS' }]);
    await h.link(contact.ids[0]!);
    const report = await waitFor(async () => {
      const { body } = await api<{ sharedPhones: SharedPhone[]; unparseable: Json[] }>(
        'GET',
        '/identity-report',
      );
      return body.sharedPhones.length > 0 && body.unparseable.length > 0 ? body : undefined;
    });
    const shared = report.sharedPhones.find((s) => s.phoneMasked === '+1******0222')!;
    expect(shared.records.map((r) => r.id).sort()).toEqual([lead.ids[0], contact.ids[0]].sort());
    expect(shared.linkedId).toBe(contact.ids[0]);
    expect(report.unparseable).toContainEqual(
      expect.objectContaining({ object: 'Lead', field: 'Phone', reason: 'not_a_number' }),
    );
  });

  it('failed items can be listed, retried and dismissed', async () => {
    // Two attempts per job (the client does not retry a 503): two 503s exhaust the retry budget.
    await stack.alowareControl('POST', '/faults', { kind: 'error', status: 503, count: 2, route: 'forms' });
    const { ids } = await h.seed('Lead', [{ LastName: 'Failing', Company: 'F', Phone: '202-555-0223' }]);
    const items = await waitFor(async () => {
      const { body } = await api<{ items: { id: string; recordId: string; kind: string; reason: string }[] }>(
        'GET',
        '/failed',
      );
      return body.items.length > 0 ? body.items : undefined;
    });
    expect(items[0]).toMatchObject({ kind: 'to_aloware', recordId: ids[0], attempts: 2 });
    const metrics = await (await get('/metrics', { authorization: `Bearer ${OPERATOR_TOKEN}` })).text();
    expect(metrics).toContain('aloware_sync_failures_total{area="to_aloware"} 1');
    expect(await stack.runtime.deps.store.links.get(ids[0]!)).toBeNull();
    const retried = await api('POST', `/failed/${items[0]!.id}/retry`);
    expect(retried).toEqual({ status: 200, body: { retried: true } });
    await h.link(ids[0]!);
    expect((await api<{ items: unknown[] }>('GET', '/failed')).body.items).toHaveLength(0);
    expect((await api('DELETE', `/failed/${items[0]!.id}`)).status).toBe(404);
  });

  it('lists the Aloware fields and refreshes the config', async () => {
    const { body } = await api<{ fields: { name: string; type: string }[] }>('GET', '/aloware-fields');
    expect(body.fields).toContainEqual(expect.objectContaining({ name: 'phone_number', type: 'phone' }));
    expect(body.fields).toContainEqual(
      expect.objectContaining({ name: 'other_phone_numbers.mobile', type: 'phone' }),
    );
    await h.settings({ Config_Version__c: 7 });
    expect(await api('POST', '/config/refresh')).toEqual({ status: 200, body: { version: 7 } });
  });
});
