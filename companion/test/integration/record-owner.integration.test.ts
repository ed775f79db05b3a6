import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toSalesforceHelpers } from '../support/to-salesforce.js';
import { startStack, waitFor, type Stack } from '../support/stack.js';

let stack: Stack;
const h = toSalesforceHelpers(() => stack, 3800);
let queueId: string;
let acmeId: string;
let fallbackId: string;

const seed = async (object: string, record: Record<string, unknown>) =>
  (await stack.sfControl<{ ids: string[] }>('POST', '/seed', { object, records: [record], notify: false }))
    .ids[0]!;
const createInAloware = (body: Record<string, unknown>) => stack.alowareControl('POST', '/contacts', body);
/** The sync-log reasons of a record, once its creation is logged. */
const reasonsFor = (id: string) =>
  waitFor(async () => {
    const reasons = (await stack.runtime.deps.store.syncLog.decisions(id)).map(
      (d) => `${d.field}:${d.reason}`,
    );
    return reasons.length > 0 ? reasons : undefined;
  });
let agentId: number;

beforeAll(async () => {
  stack = await startStack({ runtime: { parkedSweepMs: 200 } });
  queueId = await seed('Group', { Name: 'Inbound leads', Type: 'Queue' });
  acmeId = await seed('Account', { Name: 'Acme Rockets', Website: 'https://www.acme-rockets.example/about' });
  fallbackId = await seed('Account', { Name: 'Unassigned contacts' });
  // An Aloware agent with the Salesforce rep's email (the user table is read at start).
  const agent = { name: 'Rep Agent', email: 'rep@sandbox.example' };
  agentId = (await stack.alowareControl<{ id: number }>('POST', '/users', agent)).id;
});
afterAll(async () => {
  await stack?.stop();
});

describe('records created from Aloware: owner and Account rules', () => {
  afterAll(async () => {
    await h.useSettings({});
  });

  it('a Contact gets the Account of its email domain, else the default Account; owners per the rules', async () => {
    await h.useSettings({ Default_Account_Id__c: fallbackId, Default_Owner_Id__c: queueId });
    const matched = h.nextPhone();
    await createInAloware({
      phone_number: matched,
      last_name: 'Coyote',
      email: 'w.coyote@Acme-Rockets.example',
    });
    const other = h.nextPhone();
    await createInAloware({ phone_number: other, last_name: 'Runner', email: 'road@runner.example' });
    const a = await waitFor(() => h.recordWithPhone('Contact', matched));
    const b = await waitFor(() => h.recordWithPhone('Contact', other));
    expect(a.AccountId).toBe(acmeId);
    expect(b.AccountId).toBe(fallbackId);
    // A queue cannot own a Contact: the integration user keeps it, and the sync log says so.
    expect(a.OwnerId).toBe(stack.sf.integrationUserId);
    expect(await reasonsFor(a.Id)).toEqual(
      expect.arrayContaining(['OwnerId:owner_integration_user', 'AccountId:account_by_email_domain']),
    );
    expect(await reasonsFor(b.Id)).toContain('AccountId:account_default');
  });

  it('a Lead with no matching agent is owned by the default queue; an agent matched by email owns it', async () => {
    await h.useSettings({ Priority_Object__c: 'Lead', Default_Owner_Id__c: queueId });
    const unowned = h.nextPhone();
    await createInAloware({ phone_number: unowned, last_name: 'Queue', company_name: 'Q' });
    const owned = h.nextPhone();
    await createInAloware({ phone_number: owned, last_name: 'Agent', company_name: 'A', user_id: agentId });
    const q = await waitFor(() => h.recordWithPhone('Lead', unowned));
    const r = await waitFor(() => h.recordWithPhone('Lead', owned));
    expect(q.OwnerId).toBe(queueId);
    expect(r.OwnerId).toBe(stack.sf.repUserId);
    expect(await reasonsFor(q.Id)).toContain('OwnerId:owner_default');
    expect(await reasonsFor(r.Id)).toContain('OwnerId:owner_agent_by_email');
  });
});
