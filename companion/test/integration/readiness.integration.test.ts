import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startStack, SYNC_KEY, WEBHOOK_TOKEN, type Stack } from '../support/stack.js';

// The companion pointed at a Salesforce and an Aloware that do not answer (nothing listens on port 1).
let stack: Stack;
const downStack = () =>
  startStack({
    alowareWebhooks: false,
    notify: false,
    startWorkers: false,
    env: { SF_LOGIN_URL: 'http://127.0.0.1:1', ALOWARE_BASE_URL: 'http://127.0.0.1:1' },
  });

beforeAll(async () => {
  stack = await downStack();
});
afterAll(async () => {
  await stack?.stop();
});

const post = (path: string, headers: Record<string, string>, body: unknown) =>
  fetch(`${stack.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('readiness while Salesforce and Aloware are down', () => {
  it('/readyz stays 200 and both webhooks are still stored; /api/v1/health says what is down', async () => {
    const ready = await fetch(`${stack.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', redis: true });

    const delivery = await post(
      '/webhooks/aloware',
      { authorization: `Bearer ${WEBHOOK_TOKEN}` },
      { event: 'Contact-Created', body: { id: 990001, phone_number: '+12025550299', first_name: 'Down' } },
    );
    expect(delivery.status).toBe(202);
    const { id } = (await delivery.json()) as { id: string };
    expect(await stack.runtime.deps.store.inbox.get(id)).toMatchObject({ source: 'aloware' });

    const change = await post(
      '/webhooks/salesforce',
      { 'x-aloware-sync-key': SYNC_KEY },
      {
        schema: 'aloware-sync.salesforce-change/1',
        orgId: '00D000000000001EAA',
        deliveryId: `down-${Date.now()}`,
        sentAt: new Date().toISOString(),
        changes: [
          {
            object: 'Lead',
            id: '00Q000000000001EAA',
            kind: 'created',
            fields: [],
            modstamp: new Date().toISOString(),
          },
        ],
      },
    );
    expect(change.status).toBe(202);
    expect(await change.json()).toEqual({ accepted: 1 });
    expect(await stack.runtime.deps.buffer.pendingCount('Lead')).toBe(1);

    expect((await fetch(`${stack.url}/readyz`)).status).toBe(200);
    const health = await fetch(`${stack.url}/api/v1/health`, { headers: { 'x-aloware-sync-key': SYNC_KEY } });
    expect(await health.json()).toMatchObject({
      status: 'degraded',
      redis: { reachable: true },
      salesforce: { reachable: false },
      aloware: { reachable: false },
    });
  });

  it('/readyz answers 503 once a stop has begun (the load balancer drains this process)', async () => {
    // A stack of its own: a stop is not undone, and the other test needs this file's stack serving.
    const stopping = await downStack();
    onTestFinished(() => stopping.stop());
    await stopping.runtime.stopWorkers(1_000);
    const res = await fetch(`${stopping.url}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'stopping' });
    expect((await fetch(`${stopping.url}/healthz`)).status).toBe(200);
  });
});
