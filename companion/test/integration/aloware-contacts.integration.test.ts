import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toSalesforceHelpers } from '../support/to-salesforce.js';
import { call, OPERATOR_TOKEN, startStack, waitFor, WEBHOOK_TOKEN, type Stack } from '../support/stack.js';

let stack: Stack;
const h = toSalesforceHelpers(() => stack, 1100);
const { nextPhone, records, recordWithPhone, useSettings } = h;
const createInAloware = (body: Record<string, unknown>) =>
  stack.alowareControl<{ id: number }>('POST', '/contacts', body);
const editInAloware = (id: number, body: Record<string, unknown>) =>
  stack.alowareControl<{ id: number }>('PATCH', `/contacts/${id}`, body);

let repAgentId: number;

beforeAll(async () => {
  stack = await startStack();
  // An Aloware agent with the Salesforce rep's email: owners follow the user match by email.
  repAgentId = (
    await stack.alowareControl<{ id: number }>('POST', '/users', {
      name: 'Rep',
      email: 'REP@sandbox.example',
    })
  ).id;
});
afterAll(async () => {
  await stack?.stop();
});

describe('Aloware contact → Salesforce', () => {
  it('a contact created in Aloware becomes a Contact (priority Contact) with its Aloware id and owner', async () => {
    await useSettings({}); // the defaults, whatever an earlier test set
    const phone = nextPhone();
    const created = await createInAloware({
      phone_number: phone,
      first_name: 'Ada',
      last_name: 'Lovelace',
      email: 'ada@example.com',
      user_id: repAgentId,
    });
    const record = await waitFor(() => recordWithPhone('Contact', phone));
    expect(record).toMatchObject({
      FirstName: 'Ada',
      LastName: 'Lovelace',
      Email: 'ada@example.com',
      Aloware_Contact_Id__c: String(created.id),
      OwnerId: stack.sf.repUserId,
    });
    expect(record.Aloware_Last_Synced__c).toBeTruthy();
    expect(await recordWithPhone('Lead', phone)).toBeUndefined();
    const link = await waitFor(() => stack.runtime.deps.store.links.get(record.Id));
    expect(link).toMatchObject({ object: 'Contact', alowareContactId: String(created.id), phone });
  });

  it('links a Lead whose phone is typed with an extension instead of creating a Contact', async () => {
    await useSettings({});
    const seeded = await stack.sfControl<{ ids: string[] }>('POST', '/seed', {
      object: 'Lead',
      records: [{ LastName: 'Extension', Company: 'Acme', Phone: '202-555-3870 ext 7' }],
      notify: false,
    });
    const { id } = await createInAloware({
      phone_number: '+12025553870',
      first_name: 'Ext',
      last_name: 'Ension',
    });
    await waitFor(() => stack.runtime.deps.store.links.byAlowareId(String(id)));
    const link = await stack.runtime.deps.store.links.byAlowareId(String(id));
    expect(link).toMatchObject({ salesforceId: seeded.ids[0], object: 'Lead', phone: '+12025553870' });
    const contacts = (await records('Contact')).filter((c) => String(c.Phone ?? '').includes('3870'));
    expect(contacts).toEqual([]);
  });

  it('with priority Lead it becomes a Lead with the required Company filled', async () => {
    await useSettings({ Priority_Object__c: 'Lead' });
    const phone = nextPhone();
    await createInAloware({ phone_number: phone, first_name: 'Grace', last_name: 'Hopper' });
    const lead = await waitFor(() => recordWithPhone('Lead', phone));
    expect(lead).toMatchObject({ FirstName: 'Grace', LastName: 'Hopper', Company: '[not provided]' });
    expect(await recordWithPhone('Contact', phone)).toBeUndefined();
  });

  it('with inbound for create nothing is written to Salesforce', async () => {
    await useSettings({ Lead_Create_Direction__c: 'inbound', Contact_Create_Direction__c: 'inbound' });
    const before = (await stack.sfControl<{ count: number }>('GET', '/requests?since=0')).count;
    const phone = nextPhone();
    const { id } = await createInAloware({ phone_number: phone, first_name: 'No', last_name: 'Write' });
    await h.idle(); // every delivery stored and every job done: nothing left that could still write
    expect(await recordWithPhone('Contact', phone)).toBeUndefined();
    expect(await recordWithPhone('Lead', phone)).toBeUndefined();
    const writes = (
      await stack.sfControl<{ requests: { method: string; route: string }[] }>('GET', '/requests')
    ).requests
      .slice(before)
      .filter((r) => r.method !== 'GET' && !r.route.includes('query') && !r.route.includes('oauth'));
    expect(writes).toEqual([]);
    expect(await stack.runtime.deps.store.links.byAlowareId(String(id))).toBeNull();
  });

  it('an edit in Aloware reaches the linked record only with both for update', async () => {
    await useSettings({});
    const phone = nextPhone();
    const { id } = await createInAloware({ phone_number: phone, first_name: 'Alan', last_name: 'Turing' });
    const record = await waitFor(() => recordWithPhone('Contact', phone));
    await editInAloware(id, { last_name: 'Turing-Bombe' });
    await waitFor(async () => (await recordWithPhone('Contact', phone))?.LastName === 'Turing-Bombe');

    await useSettings({ Contact_Update_Direction__c: 'inbound' });
    await editInAloware(id, { last_name: 'Ignored' });
    await h.idle(); // every delivery stored and every job done: nothing left that could still write
    const after = (await records('Contact')).find((r) => r.Id === record.Id);
    expect(after?.LastName).toBe('Turing-Bombe');
  });

  it('an echo (or an edit of unmapped fields) costs no Salesforce or Aloware call', async () => {
    await useSettings({});
    const phone = nextPhone();
    await createInAloware({ phone_number: phone, first_name: 'Echo', last_name: 'Chamber' });
    const record = await waitFor(() => recordWithPhone('Contact', phone));
    await waitFor(() => stack.runtime.deps.store.links.get(record.Id));
    // At rest before counting: the creation's own follow-ups (link write-back, its webhooks) and whatever an
    // earlier test left in flight are done, so only the echo below can show in the counts.
    await h.idle();
    const { contacts } = await stack.alowareControl<{ contacts: Record<string, unknown>[] }>(
      'GET',
      '/contacts',
    );
    const body = { ...contacts.find((c) => c.phone_number === phone)!, nb_communications: 42 };
    const since = Date.now();
    await stack.alowareControl('DELETE', '/requests');
    const res = await fetch(`${stack.url}/webhooks/aloware`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${WEBHOOK_TOKEN}` },
      body: JSON.stringify({ event: 'Contact-Updated', body }),
    });
    expect(res.status).toBe(202);
    await h.idle(); // every delivery stored and every job done: nothing left that could still write
    const sfCalls = (
      await stack.sfControl<{ requests: { userId: string | null }[] }>('GET', `/requests?since=${since}`)
    ).requests.filter((r) => r.userId === stack.sf.integrationUserId);
    expect(sfCalls).toEqual([]);
    expect((await stack.alowareControl<{ count: number }>('GET', '/requests')).count).toBe(0);
  });

  it('an unknown event is acknowledged and kept for operators to inspect', async () => {
    const post = await fetch(`${stack.url}/webhooks/aloware`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${WEBHOOK_TOKEN}` },
      body: JSON.stringify({ event: 'OutboundAppointment', body: { id: 77, title: 'Demo' } }),
    });
    expect(post.status).toBe(202);
    const { id } = (await post.json()) as { id: string };
    const operator = { authorization: `Bearer ${OPERATOR_TOKEN}` };
    const list = await call<{ items: { inboxId: string; event: string; kind: string }[] }>(
      stack.url,
      'GET',
      '/admin/aloware/unhandled',
      undefined,
      operator,
    );
    expect(list.items).toContainEqual(
      expect.objectContaining({ inboxId: id, event: 'OutboundAppointment', kind: 'unknown' }),
    );
    const stored = await call<{ payload: unknown }>(
      stack.url,
      'GET',
      `/admin/aloware/deliveries/${id}`,
      undefined,
      operator,
    );
    expect(stored.payload).toEqual({ event: 'OutboundAppointment', body: { id: 77, title: 'Demo' } });
    await expect(call(stack.url, 'GET', '/admin/aloware/unhandled')).rejects.toThrow(/401/);
  });
});
