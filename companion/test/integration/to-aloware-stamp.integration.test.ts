import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PublicOperation } from '../../src/pulls/operation-store.js';
import { call, startStack, SYNC_KEY, waitFor, type Stack } from '../support/stack.js';
import { helpers } from '../support/to-aloware-helpers.js';

type Row = Record<string, unknown>;

let stack: Stack;
let h: ReturnType<typeof helpers>;

const api = <T>(method: string, path: string, body?: unknown) =>
  call<T>(stack.url, method, `/api/v1${path}`, body, { 'x-aloware-sync-key': SYNC_KEY });
const record = async (object: string, id: string): Promise<Row | undefined> =>
  (await stack.sfControl<{ records: Row[] }>('GET', `/records/${object}`)).records.find((r) => r.Id === id);
const notifications = async () =>
  (await stack.sfControl<{ notifications: unknown[] }>('GET', '/notifications')).notifications.length;

/** A Lead created by the rep through the REST API (the trigger emulation notifies the companion). */
async function createAsRep(values: Row): Promise<string> {
  const res = await fetch(`${stack.sf.url}/services/data/v64.0/sobjects/Lead`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await h.token()}`, 'content-type': 'application/json' },
    body: JSON.stringify(values),
  });
  if (res.status !== 201) throw new Error(`create failed ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

beforeAll(async () => {
  stack = await startStack({ alowareWebhooks: false, runtime: { jobAttempts: 2, jobBackoffMs: 100 } });
  h = helpers(stack);
});
afterAll(async () => {
  await stack?.stop();
});
beforeEach(async () => {
  await stack.sfControl('DELETE', '/faults');
});

describe('the Aloware link is written back to Salesforce', () => {
  it('a Lead created by the rep ends with its Aloware contact id, without a change event for the stamp', async () => {
    const id = await createAsRep({ LastName: 'Stamp', Company: 'S Co', Phone: '(202) 555-0171' });
    const contact = await waitFor(() => h.byPhone('+12025550171'));
    const stamped = await waitFor(async () => {
      const r = await record('Lead', id);
      return r?.Aloware_Contact_Id__c ? r : undefined;
    });
    expect(stamped.Aloware_Contact_Id__c).toBe(String(contact.id));
    expect(typeof stamped.Aloware_Last_Synced__c).toBe('string');
    await h.notificationsSettled();
    await h.idle();
    // One event for the rep's create; the companion's stamp (integration user) sent none.
    const log = await stack.sfControl<{ notifications: { changes?: { id: string }[] }[] }>(
      'GET',
      '/notifications',
    );
    expect(log.notifications.filter((n) => JSON.stringify(n).includes(id))).toHaveLength(1);
  });

  it('an unchanged record is not written again on the next sync', async () => {
    const { ids } = await h.seed('Lead', [{ LastName: 'Once', Company: 'O Co', Phone: '202-555-0172' }]);
    await waitFor(async () => (await record('Lead', ids[0]!))?.Aloware_Contact_Id__c);
    await h.idle();
    const patches = /^PATCH \/composite\/sobjects$/;
    const before = await h.companionSfCalls(patches);
    await api('POST', `/records/${ids[0]}/sync`);
    await h.idle();
    expect(await h.companionSfCalls(patches)).toBe(before);
  });

  it('a failed stamp keeps the sync and lands in the failed list after the retry budget', async () => {
    await stack.sfControl('POST', '/faults', { route: '^PATCH /composite/sobjects$', error: '503' });
    const { ids } = await h.seed('Lead', [{ LastName: 'Late', Company: 'L Co', Phone: '202-555-0173' }]);
    const id = ids[0]!;
    expect(await waitFor(() => h.byPhone('+12025550173'))).toBeTruthy();
    const failed = await waitFor(async () => {
      const { items } = await api<{ items: { id: string; recordId?: string }[] }>('GET', '/failed');
      return items.find((i) => i.recordId === id);
    }, 20_000);
    expect((await record('Lead', id))?.Aloware_Contact_Id__c ?? null).toBeNull();
    await stack.sfControl('DELETE', '/faults');
    await api('POST', `/failed/${failed.id}/retry`);
    const contact = (await h.byPhone('+12025550173'))!;
    await waitFor(async () => (await record('Lead', id))?.Aloware_Contact_Id__c === String(contact.id));
  });

  it('the one-time pull stamps the records it links', async () => {
    const { ids } = await stack.sfControl<{ ids: string[] }>('POST', '/seed', {
      object: 'Lead',
      notify: false,
      records: Array.from({ length: 30 }, (_, i) => ({
        LastName: `Pulled ${i}`,
        Company: 'P Co',
        Phone: `+1202555${String(3000 + i)}`,
      })),
    });
    const events = await notifications();
    const started = await api<PublicOperation>('POST', '/operations', { object: 'Lead', dryRun: false });
    await waitFor(
      async () => (await api<PublicOperation>('GET', `/operations/${started.id}`)).status === 'completed',
    );
    const contacts = new Map((await h.contacts()).map((c) => [c.phone_number, String(c.id)]));
    for (const [i, id] of ids.entries()) {
      const r = await record('Lead', id);
      expect(r?.Aloware_Contact_Id__c).toBe(contacts.get(`+1202555${String(3000 + i)}`));
    }
    expect(await notifications()).toBe(events);
  });
});
