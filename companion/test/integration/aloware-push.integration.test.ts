import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicOperation } from '../../src/pulls/operation-store.js';
import { toSalesforceHelpers } from '../support/to-salesforce.js';
import { call, startStack, SYNC_KEY, waitFor, type Stack } from '../support/stack.js';

/** The one-time push from Aloware: a CSV exported from Aloware's web app, each row synced as a webhook would be. */
let stack: Stack;
const h = toSalesforceHelpers(() => stack, 4700);
const { nextPhone, records, recordWithPhone, useSettings } = h;

const api = <T>(method: string, path: string, body?: unknown) =>
  call<T>(stack.url, method, `/api/v1${path}`, body, { 'x-aloware-sync-key': SYNC_KEY });
const push = (csv: string, dryRun: boolean) =>
  api<PublicOperation>('POST', '/operations/push', { csv, dryRun });
const finished = (id: string) =>
  waitFor(
    async () => {
      const op = await api<PublicOperation>('GET', `/operations/${id}`);
      return ['completed', 'failed'].includes(op.status) ? op : undefined;
    },
    30_000,
    100,
  );
const createInAloware = (body: Record<string, unknown>) =>
  stack.alowareControl<{ id: number }>('POST', '/contacts', body);
/** Salesforce writes (not reads, queries or logins) made since `since` requests were logged. */
const writesSince = async (since: number) =>
  (await stack.sfControl<{ requests: { method: string; route: string }[] }>('GET', '/requests')).requests
    .slice(since)
    .filter((r) => r.method !== 'GET' && !r.route.includes('query') && !r.route.includes('oauth'));
const requestCount = async () => (await stack.sfControl<{ count: number }>('GET', '/requests?since=0')).count;
const bySample = (op: PublicOperation) =>
  Object.fromEntries((op.samples ?? []).map((s) => [s.row, { outcome: s.outcome, reason: s.reason }]));

beforeAll(async () => {
  // No webhooks: contacts made in the Aloware emulator reach Salesforce only through the push.
  stack = await startStack({ alowareWebhooks: false, notify: false });
  await useSettings({});
});
afterAll(async () => {
  await stack?.stop();
});

describe('one-time push from Aloware (uploaded CSV)', () => {
  it('the dry run says what the run then does: creates, links a Lead holding the phone, skips with reasons', async () => {
    const fresh = nextPhone();
    const held = nextPhone();
    const unknown = nextPhone();
    const created = await createInAloware({ phone_number: fresh, first_name: 'Ada', last_name: 'Push' });
    const linked = await createInAloware({ phone_number: held, first_name: 'Lee', last_name: 'Held' });
    const lead = await stack.sfControl<{ ids: string[] }>('POST', '/seed', {
      object: 'Lead',
      records: [{ FirstName: 'Lee', LastName: 'Held', Company: 'Acme', Phone: held }],
      notify: false,
    });
    const csv = [
      'Phone Number,First Name,Last Name,Email',
      `${fresh},Ada,Push,ada@example.com`,
      `${held},Lee,Held,`,
      '12,Bad,Phone,',
      `${unknown},Not,InAloware,`,
      `"${fresh.slice(0, 2)} ${fresh.slice(2)}",Ada,Again,`,
    ].join('\r\n');

    const before = await requestCount();
    const preview = await finished((await push(csv, true)).id);
    expect(preview).toMatchObject({ kind: 'push', dryRun: true, status: 'completed' });
    expect(preview.plan).toMatchObject({ creates: 1, updates: 0, skips: 3, invalidPhones: 1 });
    expect(preview.progress).toMatchObject({ total: 5, processed: 5, created: 1, updated: 0, skipped: 4 });
    expect(bySample(preview)).toEqual({
      1: { outcome: 'create', reason: 'no_salesforce_record' },
      2: { outcome: 'skip', reason: 'in_sync' },
      3: { outcome: 'invalid_phone', reason: 'not_a_number' },
      4: { outcome: 'skip', reason: 'not_in_aloware' },
      5: { outcome: 'skip', reason: 'duplicate_in_file' },
    });
    expect(preview.samples?.find((s) => s.row === 2)?.recordId).toBe(lead.ids[0]);
    expect(preview.samples?.find((s) => s.row === 1)?.name).toBe('Ada Push');
    expect(await writesSince(before)).toEqual([]);
    expect(await recordWithPhone('Contact', fresh)).toBeUndefined();
    expect(await stack.runtime.deps.store.links.byAlowareId(String(linked.id))).toBeNull();

    const run = await finished((await push(csv, false)).id);
    expect(run).toMatchObject({ kind: 'push', dryRun: false, status: 'completed' });
    expect(run.progress).toMatchObject({
      total: 5,
      processed: 5,
      created: preview.plan!.creates,
      updated: preview.plan!.updates,
      skipped: preview.plan!.skips + preview.plan!.invalidPhones,
      failed: 0,
    });
    expect(bySample(run)).toEqual(bySample(preview));
    const contact = await recordWithPhone('Contact', fresh);
    expect(contact).toMatchObject({
      FirstName: 'Ada',
      LastName: 'Push',
      Aloware_Contact_Id__c: String(created.id),
    });
    // The Lead holding the phone is linked and stamped: no Contact for it, no second record for the repeated row.
    expect(await recordWithPhone('Contact', held)).toBeUndefined();
    expect(await stack.runtime.deps.store.links.byAlowareId(String(linked.id))).toMatchObject({
      salesforceId: lead.ids[0],
      object: 'Lead',
    });
    expect((await h.record('Lead', lead.ids[0]!))?.Aloware_Contact_Id__c).toBe(String(linked.id));
    expect((await records('Contact')).filter((c) => c.Phone === fresh)).toHaveLength(1);
    expect(await recordWithPhone('Contact', unknown)).toBeUndefined();
  });

  it("with 'inbound' for create the push writes nothing and says why", async () => {
    await useSettings({ Lead_Create_Direction__c: 'inbound', Contact_Create_Direction__c: 'inbound' });
    const phone = nextPhone();
    await createInAloware({ phone_number: phone, first_name: 'No', last_name: 'Write' });
    const csv = `phone_number,first_name,last_name\n${phone},No,Write\n`;
    const preview = await finished((await push(csv, true)).id);
    expect(bySample(preview)).toEqual({ 1: { outcome: 'skip', reason: 'create_not_allowed' } });
    const before = await requestCount();
    const run = await finished((await push(csv, false)).id);
    expect(run.progress).toMatchObject({ processed: 1, created: 0, skipped: 1 });
    expect(bySample(run)).toEqual(bySample(preview));
    expect(await writesSince(before)).toEqual([]);
    expect(await recordWithPhone('Contact', phone)).toBeUndefined();
    expect(await recordWithPhone('Lead', phone)).toBeUndefined();
    await useSettings({});
  });

  it('refuses a file without a phone column, an unknown key and a body over the limit', async () => {
    await expect(push('first_name,last_name\nAda,Push\n', true)).rejects.toThrow(/400.*phone column/s);
    await expect(
      api('POST', '/operations/push', { csv: 'phone\n+12025550100\n', dryRun: true, extra: 1 }),
    ).rejects.toThrow(/400/);
    await expect(push(`phone\n${'x'.repeat(5_300_000)}\n`, true)).rejects.toThrow(/413/);
  });
});
