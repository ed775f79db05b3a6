import { readFileSync } from 'node:fs';
import type { Connection } from 'jsforce';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSalesforceEmulator, type SalesforceEmulator } from '../../../sandbox/salesforce/index.js';
import { connect, control, startReceiver, waitFor, type ChangeEventBody, type Received } from './support.js';

const EXAMPLES = JSON.parse(
  readFileSync(
    new URL(
      '../../../../force-app/main/default/staticresources/AlowareSyncChangeEventExamples.json',
      import.meta.url,
    ),
    'utf8',
  ),
) as { examples: Record<string, ChangeEventBody> };

let emu: SalesforceEmulator;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let rep: Connection;
let integration: Connection;
let status = 202;

beforeAll(async () => {
  receiver = await startReceiver(() => status);
  emu = await startSalesforceEmulator({
    notifyUrl: receiver.url,
    notifyKey: 'test-sync-key',
    notifyBackoffMs: 10,
  });
  rep = (await connect(emu.url, 'sandbox-rep')).conn;
  integration = (await connect(emu.url, 'sandbox-integration')).conn;
});
afterAll(async () => {
  await emu.stop();
  await receiver.close();
});
beforeEach(async () => {
  await control(emu.url, 'POST', '/reset');
  await control(emu.url, 'POST', '/notify', { url: receiver.url, key: 'test-sync-key' });
  receiver.received.length = 0;
  status = 202;
});

/** Shape check against the shared example file: same keys and value types as the documented payload. */
function expectDocumentedShape(event: ChangeEventBody, example: ChangeEventBody): void {
  expect(Object.keys(event).sort()).toEqual(Object.keys(example).sort());
  expect(event.schema).toBe(example.schema);
  expect(event.orgId).toBe(emu.orgId);
  expect(event.sentAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  for (const change of event.changes) {
    const sample = example.changes[0] as Record<string, unknown>;
    expect(Object.keys(change).sort()).toEqual(Object.keys(sample).sort());
    expect(change.id).toMatch(/^[a-zA-Z0-9]{18}$/);
    expect(change.modstamp).toMatch(/Z$/);
  }
}

/**
 * Every notification the emulated triggers decided to send (logged as pending when the DML commits) has been
 * answered: anything a write was going to deliver has reached the receiver.
 */
const settle = () =>
  waitFor(async () => {
    const { body } = await control<{ notifications: { outcome: string }[] }>(
      emu.url,
      'GET',
      '/notifications',
    );
    return body.notifications.every((n) => n.outcome !== 'pending');
  });
const changesOf = (received: Received[]) => received.flatMap((r) => r.body.changes);

describe('trigger emulation', () => {
  it('posts a created event with the documented payload and key header for a rep write', async () => {
    const { id } = (await rep.sobject('Lead').create({ LastName: 'L', Company: 'C' })) as { id: string };
    const [delivery] = await waitFor(() => receiver.received.length === 1 && receiver.received);
    expect(delivery?.headers['x-aloware-sync-key']).toBe('test-sync-key');
    expectDocumentedShape(delivery!.body, EXAMPLES.examples.leadCreated!);
    expect(delivery?.body.changes).toEqual([
      { object: 'Lead', id, kind: 'created', fields: [], modstamp: expect.any(String) },
    ]);
    const log = await waitFor(async () => {
      const n = (
        await control<{ notifications: { outcome: string; status: number }[] }>(
          emu.url,
          'GET',
          '/notifications',
        )
      ).body.notifications;
      return n[0]?.outcome === 'delivered' && n;
    });
    expect(log[0]).toMatchObject({ status: 202, attempts: 1 });
  });

  it('sends nothing for integration-user writes or for edits of unmapped fields', async () => {
    await integration.sobject('Lead').create({ LastName: 'Quiet', Company: 'C' });
    const { id } = (await rep.sobject('Contact').create({ LastName: 'A' })) as { id: string };
    await waitFor(() => receiver.received.length === 1);
    await rep.sobject('Contact').update({ Id: id, Title: 'CFO' });
    await settle();
    expect(receiver.received).toHaveLength(1);
    await rep
      .sobject('Contact')
      .update({ Id: id, Phone: '+12025550143', Email: 'a@example.com', Title: 'CEO' });
    await waitFor(() => receiver.received.length === 2);
    expectDocumentedShape(receiver.received[1]!.body, EXAMPLES.examples.contactUpdated!);
    expect(receiver.received[1]?.body.changes[0]).toMatchObject({ object: 'Contact', id, kind: 'updated' });
    expect(receiver.received[1]?.body.changes[0]?.fields.sort()).toEqual(['Email', 'Phone']);
  });

  it('uses the org mapping rows instead of the default mapping when they exist', async () => {
    await integration.sobject('Aloware_Field_Mapping__c').create({
      Object__c: 'Contact',
      Salesforce_Field__c: 'Title',
      Aloware_Field__c: 'notes',
      Direction__c: 'both',
    });
    const { id } = (await rep.sobject('Contact').create({ LastName: 'A' })) as { id: string };
    await waitFor(() => receiver.received.length === 1);
    await rep.sobject('Contact').update({ Id: id, Phone: '+12025550143' });
    await rep.sobject('Contact').update({ Id: id, Title: 'CFO' });
    await waitFor(() => receiver.received.length === 2);
    await settle();
    expect(changesOf(receiver.received).map((c) => c.fields)).toEqual([[], ['Title']]);
  });

  it('skips objects whose sync is off in the org-default settings row', async () => {
    await integration
      .sobject('Aloware_Sync_Settings__c')
      .create({ SetupOwnerId: emu.orgId, Lead_Sync_Enabled__c: false, Contact_Sync_Enabled__c: true });
    await rep.sobject('Lead').create({ LastName: 'L', Company: 'C' });
    await rep.sobject('Contact').create({ LastName: 'C' });
    await waitFor(() => receiver.received.length === 1);
    await settle();
    expect(changesOf(receiver.received).map((c) => c.object)).toEqual(['Contact']);
  });

  it('chunks a 250-record collection write per object into events of at most 200 changes', async () => {
    const records = Array.from({ length: 250 }, (_, i) => ({
      attributes: { type: 'Contact' },
      LastName: `C${i}`,
    }));
    await control(emu.url, 'POST', '/seed', {
      object: 'Contact',
      records: records.map(({ LastName }) => ({ LastName })),
    });
    await waitFor(() => receiver.received.length === 2);
    expect(receiver.received.map((r) => r.body.changes.length)).toEqual([200, 50]);
    expect(new Set(receiver.received.map((r) => r.body.deliveryId)).size).toBe(2);
  });

  it('reports deleted, undeleted, converted and merged with their extra fields', async () => {
    const [a, b] = (await rep.sobject('Contact').create([{ LastName: 'A' }, { LastName: 'B' }])) as {
      id: string;
    }[];
    const lead = (await rep.sobject('Lead').create({ LastName: 'L', Company: 'C' })) as { id: string };
    await waitFor(() => changesOf(receiver.received).length === 3);
    await rep.sobject('Lead').destroy(lead.id);
    await control(emu.url, 'POST', `/undelete/${lead.id}`, {});
    const converted = await control<{ contactId: string }>(emu.url, 'POST', `/leads/${lead.id}/convert`, {});
    await control(emu.url, 'POST', '/merge', { object: 'Contact', masterId: a?.id, loserIds: [b?.id] });
    const all = await waitFor(() => {
      const c = changesOf(receiver.received);
      return c.length >= 8 && c;
    });
    const byKind = Object.fromEntries(all.slice(3).map((c) => [c.kind, c]));
    expect(Object.keys(byKind).sort()).toEqual(['converted', 'created', 'deleted', 'merged', 'undeleted']);
    expect(byKind.converted).toMatchObject({
      id: lead.id,
      fields: ['IsConverted'],
      convertedContactId: converted.body.contactId,
    });
    expect(byKind.created).toMatchObject({ object: 'Contact', id: converted.body.contactId });
    expect(byKind.merged).toMatchObject({ id: b?.id, masterRecordId: a?.id, fields: [] });
    const mergedEvent = receiver.received.find((r) => r.body.changes.some((c) => c.kind === 'merged'));
    expectDocumentedShape(mergedEvent!.body, EXAMPLES.examples.contactMerged!);
  });

  it('retries a failing receiver with backoff, then records the delivery as failed', async () => {
    status = 503;
    await rep.sobject('Lead').create({ LastName: 'L', Company: 'C' });
    const entry = await waitFor(async () => {
      const n = (
        await control<{ notifications: { outcome: string; attempts: number; status: number }[] }>(
          emu.url,
          'GET',
          '/notifications',
        )
      ).body.notifications;
      return n[0]?.outcome === 'failed' && n[0];
    });
    expect(entry).toMatchObject({ attempts: 4, status: 503 });
    expect(receiver.received).toHaveLength(4);
    expect(new Set(receiver.received.map((r) => r.body.deliveryId)).size).toBe(1);
  });
});
