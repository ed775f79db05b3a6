import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { repToken, startStack, SYNC_KEY, waitFor, type Stack } from '../support/stack.js';
import { helpers } from '../support/to-aloware-helpers.js';

interface AwContact {
  id: number;
  phone_number: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  company_name: string | null;
  other_phone_numbers: { label: string; phone_number: string }[];
}
interface RequestLog {
  count: number;
  byRoute: Record<string, number>;
}

let stack: Stack;

const contacts = async () =>
  (await stack.alowareControl<{ contacts: AwContact[] }>('GET', '/contacts')).contacts;
const byPhone = async (phone: string) => (await contacts()).find((c) => c.phone_number === phone);
const alowareLog = () => stack.alowareControl<RequestLog>('GET', '/requests');
const alowareWrites = async () =>
  Object.entries((await alowareLog()).byRoute)
    .filter(([route]) => route.includes('/forms'))
    .reduce((n, [, c]) => n + c, 0);
const seed = (object: string, records: Record<string, unknown>[]) =>
  stack.sfControl<{ ids: string[] }>('POST', '/seed', { object, records });

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});
beforeEach(async () => {
  await stack.alowareControl('DELETE', '/requests');
});

describe('Salesforce → Aloware', () => {
  it('a Lead created by the rep appears in Aloware with an E.164 phone and mapped fields', async () => {
    const { ids } = await seed('Lead', [
      {
        FirstName: 'Ada',
        LastName: 'Lovelace',
        Company: 'Engines',
        Phone: '(202) 555-0143',
        Email: 'ada@example.com',
        MobilePhone: '202-555-0199',
      },
    ]);
    const contact = await waitFor(() => byPhone('+12025550143'));
    expect(contact).toMatchObject({
      first_name: 'Ada',
      last_name: 'Lovelace',
      email: 'ada@example.com',
      company_name: 'Engines',
    });
    expect(contact.other_phone_numbers).toEqual([{ label: 'mobile', phone_number: '+12025550199' }]);
    const link = await waitFor(() => stack.runtime.deps.store.links.get(ids[0]!));
    expect(link).toMatchObject({
      object: 'Lead',
      alowareContactId: String(contact.id),
      phone: '+12025550143',
    });
  });

  it('a Contact created by the rep appears too, and a mapped edit arrives', async () => {
    const { ids } = await seed('Contact', [
      { FirstName: 'Grace', LastName: 'Hopper', Phone: '+1 202 555 0144', Email: 'grace@example.com' },
    ]);
    await waitFor(() => byPhone('+12025550144'));
    await updateAsRep('Contact', ids[0]!, { LastName: 'Hopper-Murray' });
    const edited = await waitFor(async () => {
      const c = await byPhone('+12025550144');
      return c?.last_name === 'Hopper-Murray' ? c : undefined;
    });
    expect(edited.email).toBe('grace@example.com');
    expect(await alowareWrites()).toBe(2);
  });

  it('an edit to an unmapped field causes zero Aloware requests', async () => {
    const { ids } = await seed('Lead', [{ LastName: 'Quiet', Company: 'Q', Phone: '202-555-0145' }]);
    await waitFor(() => stack.runtime.deps.store.links.get(ids[0]!));
    await stack.alowareControl('GET', '/deliveries?waitMs=2000');
    await helpers(stack).idle();
    await stack.alowareControl('DELETE', '/requests');
    await updateAsRep('Lead', ids[0]!, { Status: 'Working - Contacted' });
    await waitForNotifications();
    // Whatever the trigger decided, the companion is told the record changed: it must pull and do nothing.
    const before = await sfQueries();
    await postEvent({
      object: 'Lead',
      id: ids[0]!,
      kind: 'updated',
      fields: ['Status'],
      modstamp: new Date().toISOString(),
    });
    await waitFor(async () => (await sfQueries()) > before);
    // The pull was made; once the stack is at rest the flush has finished without a write.
    await helpers(stack).idle();
    expect(await alowareWrites()).toBe(0);
    expect((await alowareLog()).byRoute).toEqual({});
  });
});

async function sfQueries(): Promise<number> {
  const log = await stack.sfControl<{ byRoute: Record<string, number> }>('GET', '/requests');
  return Object.entries(log.byRoute)
    .filter(([route]) => route.includes('query'))
    .reduce((n, [, c]) => n + c, 0);
}

let delivery = 0;
async function postEvent(change: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${stack.url}/webhooks/salesforce`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-aloware-sync-key': SYNC_KEY },
    body: JSON.stringify({
      schema: 'aloware-sync.salesforce-change/1',
      orgId: stack.sf.orgId,
      deliveryId: `test-${Date.now()}-${delivery++}`,
      sentAt: new Date().toISOString(),
      changes: [change],
    }),
  });
  expect(res.status).toBe(202);
}

async function updateAsRep(object: string, id: string, values: Record<string, unknown>): Promise<void> {
  const token = await repToken(stack.sf.url);
  const res = await fetch(`${stack.sf.url}/services/data/v64.0/sobjects/${object}/${id}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(values),
  });
  if (res.status !== 204) throw new Error(`update failed ${res.status} ${await res.text()}`);
}

async function waitForNotifications(): Promise<void> {
  await waitFor(async () => {
    const { notifications } = await stack.sfControl<{ notifications: { outcome: string }[] }>(
      'GET',
      '/notifications',
    );
    return notifications.every((n) => n.outcome !== 'pending');
  });
}
