import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, SYNC_KEY, type Stack } from '../support/stack.js';

const examples = JSON.parse(
  readFileSync(
    new URL(
      '../../../force-app/main/default/staticresources/AlowareSyncChangeEventExamples.json',
      import.meta.url,
    ),
    'utf8',
  ),
) as { examples: Record<string, Record<string, unknown>>; invalid?: Record<string, unknown> };

let stack: Stack;
const post = (body: unknown, key = SYNC_KEY, raw?: string) =>
  fetch(`${stack.url}/webhooks/salesforce`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-aloware-sync-key': key },
    body: raw ?? JSON.stringify(body),
  });

beforeAll(async () => {
  // Web role only: events are stored and queued, never processed, so the test sees exactly what ingest did.
  stack = await startStack({ startWorkers: false, notify: false, alowareWebhooks: false });
});
afterAll(async () => {
  await stack?.stop();
});

describe('POST /webhooks/salesforce (docs/contracts.md §1)', () => {
  it('accepts every documented example with 202 and stores it before answering', async () => {
    for (const [name, event] of Object.entries(examples.examples)) {
      const res = await post(event);
      expect(res.status, name).toBe(202);
      const body = (await res.json()) as { accepted: number };
      expect(body.accepted, name).toBe((event.changes as unknown[]).length);
      const entries = await stack.runtime.deps.store.inbox.pendingCount('salesforce');
      expect(entries).toBe(0);
    }
    const stored = await stack.redis.keys(`${stack.prefix}:inbox:item:*`);
    expect(stored).toHaveLength(Object.keys(examples.examples).length);
    const pending = await stack.runtime.deps.buffer.pendingCount('Lead');
    expect(pending).toBeGreaterThan(0);
    const lifecycle = await stack.runtime.deps.queues.sfChanges.getJobs(['waiting', 'delayed']);
    expect(lifecycle.some((j) => j.name === 'lifecycle' && j.data.kind === 'converted')).toBe(true);
    expect(JSON.stringify(lifecycle.map((j) => j.data))).not.toMatch(/@|\+1\d{10}/);
  });

  it('acknowledges a repeated deliveryId once', async () => {
    const event = { ...examples.examples.leadCreated, deliveryId: 'repeat-me' };
    expect(await (await post(event)).json()).toEqual({ accepted: 1 });
    const again = await post(event);
    expect(again.status).toBe(202);
    expect(await again.json()).toEqual({ accepted: 0, duplicate: true });
  });

  it('rejects a wrong key (401), an invalid body with the reason (400) and a body over the limit (413)', async () => {
    expect((await post(examples.examples.leadCreated, 'x'.repeat(30))).status).toBe(401);
    const bad = await post({ ...examples.examples.leadCreated, changes: [{ object: 'Account', id: 'x' }] });
    expect(bad.status).toBe(400);
    const reason = (await bad.json()) as { error: { code: string; message: string } };
    expect(reason.error.code).toBe('invalid_request');
    expect(reason.error.message).toMatch(/changes/);
    const huge = await post(
      undefined,
      SYNC_KEY,
      JSON.stringify({ ...examples.examples.leadCreated, pad: 'x'.repeat(600_000) }),
    );
    expect(huge.status).toBe(413);
    const tooMany = await post({
      ...examples.examples.leadCreated,
      deliveryId: 'too-many',
      changes: Array.from({ length: 201 }, () => (examples.examples.leadCreated!.changes as unknown[])[0]),
    });
    expect(tooMany.status).toBe(400);
  });

  it('rejects the documented invalid examples', async () => {
    for (const [name, event] of Object.entries(examples.invalid ?? {})) {
      expect((await post(event)).status, name).toBe(400);
    }
  });
});
