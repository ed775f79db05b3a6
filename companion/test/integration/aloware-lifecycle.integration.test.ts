import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toSalesforceHelpers } from '../support/to-salesforce.js';
import { repToken, startStack, waitFor, type Stack } from '../support/stack.js';

/**
 * salesforce-lifecycle/lifecycle.ts on its own: the Salesforce emulator's change events are NOT wired (notify: false), so
 * only `runtime.toSalesforce.lifecycle` keeps the links — exactly what the Salesforce change path calls.
 */
let stack: Stack;
const h = toSalesforceHelpers(() => stack, 1600);

beforeAll(async () => {
  stack = await startStack({ notify: false });
});
afterAll(async () => {
  await stack?.stop();
});

describe('record lifecycle keeps the Aloware link right', () => {
  it('merged: the link follows the master, which is stamped with the Aloware id; the next call lands there', async () => {
    const { phone, record: loser } = await h.linkedRecord('Contact');
    const link = await stack.runtime.deps.store.links.get(loser.Id);
    const { ids } = await stack.sfControl<{ ids: string[] }>('POST', '/seed', {
      object: 'Contact',
      records: [{ LastName: 'Master', Phone: h.nextPhone() }],
    });
    const masterId = ids[0]!;
    await stack.sfControl('POST', '/merge', { object: 'Contact', masterId, loserIds: [loser.Id] });
    const outcome = await stack.runtime.toSalesforce.lifecycle({
      object: 'Contact',
      id: loser.Id,
      kind: 'merged',
      masterRecordId: masterId,
    });
    expect(outcome).toBe('relinked');
    expect(await stack.runtime.deps.store.links.get(loser.Id)).toBeNull();
    expect(await stack.runtime.deps.store.links.get(masterId)).toMatchObject({
      alowareContactId: link!.alowareContactId,
      phone,
    });
    expect((await h.record('Contact', masterId))?.Aloware_Contact_Id__c).toBe(link!.alowareContactId);
    const next = await h.call({ phone, direction: 'inbound', talkTime: 5 });
    await h.idle();
    expect((await h.tasksOf(next.communicationId))[0]?.WhoId).toBe(masterId);
  });

  it('deleted: unlinked and the Aloware contact kept; undeleted: linked again', async () => {
    const { phone, record } = await h.linkedRecord('Contact');
    const link = (await stack.runtime.deps.store.links.get(record.Id))!;
    await fetchAsRep('DELETE', `/sobjects/Contact/${record.Id}`);
    expect(
      await stack.runtime.toSalesforce.lifecycle({ object: 'Contact', id: record.Id, kind: 'deleted' }),
    ).toBe('unlinked');
    expect(await stack.runtime.deps.store.links.get(record.Id)).toBeNull();
    expect(await stack.runtime.deps.store.links.byPhone(phone)).toBeNull();
    const contacts = (await stack.alowareControl<{ contacts: { id: number }[] }>('GET', '/contacts'))
      .contacts;
    expect(contacts.map((c) => String(c.id))).toContain(link.alowareContactId);

    await stack.sfControl('POST', `/undelete/${record.Id}`, {});
    expect(
      await stack.runtime.toSalesforce.lifecycle({ object: 'Contact', id: record.Id, kind: 'undeleted' }),
    ).toBe('relinked');
    await waitFor(() => stack.runtime.deps.store.links.byPhone(phone));
    expect(await stack.runtime.deps.store.links.get(record.Id)).toMatchObject({
      alowareContactId: link.alowareContactId,
      phone,
    });
  });

  it('converted: the Contact takes the link and is stamped; a converted Lead never wins identity again', async () => {
    await h.useSettings({ Priority_Object__c: 'Lead' });
    const { phone, record: lead } = await h.linkedRecord('Lead');
    const { contactId } = await stack.sfControl<{ contactId: string }>(
      'POST',
      `/leads/${lead.Id}/convert`,
      {},
    );
    expect(
      await stack.runtime.toSalesforce.lifecycle({
        object: 'Lead',
        id: lead.Id,
        kind: 'converted',
        convertedContactId: contactId,
      }),
    ).toBe('relinked');
    expect(await stack.runtime.deps.store.links.byPhone(phone)).toMatchObject({
      salesforceId: contactId,
      object: 'Contact',
    });
    const candidates = await stack.runtime.deps.store.identity.candidates(phone);
    expect(candidates.find((c) => c.id === lead.Id)).toMatchObject({
      isConverted: true,
      convertedContactId: contactId,
    });
    await h.useSettings({});
  });
});

async function fetchAsRep(method: string, path: string): Promise<void> {
  const token = await repToken(stack.sf.url);
  const res = await fetch(`${stack.sf.url}/services/data/v64.0${path}`, {
    method,
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.status).toBe(204);
}
