import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actors } from '../support/actors.js';
import { toSalesforceHelpers } from '../support/to-salesforce.js';
import { startStack, waitFor, type Stack } from '../support/stack.js';
import { helpers } from '../support/to-aloware-helpers.js';

let stack: Stack;
let h: ReturnType<typeof helpers>;
const toSalesforce = toSalesforceHelpers(() => stack, 3600);
const a = actors(() => stack);

beforeAll(async () => {
  stack = await startStack({ runtime: { parkedSweepMs: 200 } });
  h = helpers(stack);
});
afterAll(async () => {
  await stack?.stop();
});

const viewUrl = (object: string, id: string) => `${stack.sf.url}/lightning/r/${object}/${id}/view`;
type Field = 'csf1' | 'csf2';
const fieldOf = async (phone: string, field: Field = 'csf1') =>
  ((await h.byPhone(phone)) as Record<string, unknown> | undefined)?.[field] ?? null;
const linkIs = (phone: string, value: string | null, field: Field = 'csf1', timeoutMs = 15_000) =>
  waitFor(async () => (await fieldOf(phone, field)) === value, timeoutMs);
const deleteAsRep = async (object: string, id: string) => {
  const res = await fetch(`${stack.sf.url}/services/data/v64.0/sobjects/${object}/${id}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${await h.token()}` },
  });
  expect(res.status).toBe(204);
};
/** Live Salesforce records of `object` holding `phone` (the emulator stores what was typed, or E.164). */
const holders = async (object: string, phone: string, typed: string) =>
  (await a.salesforce.records(object)).filter((r) => r.Phone === phone || r.Phone === typed);

describe('the link back from Aloware (Record_Link_Field__c, default csf1)', () => {
  it('a record created in Salesforce: its Aloware contact carries its Lightning URL', async () => {
    const { ids } = await h.seed('Contact', [{ LastName: 'Linked', Phone: '202-555-0361' }]);
    await h.link(ids[0]!);
    await linkIs('+12025550361', viewUrl('Contact', ids[0]!));
  });

  it('a contact created in Aloware: the record created for it is linked back', async () => {
    const { phone, record } = await toSalesforce.linkedRecord('Contact');
    await linkIs(phone, viewUrl('Contact', record.Id));
  });

  it('a Lead conversion moves the link to the new Contact', async () => {
    const { ids } = await h.seed('Lead', [{ LastName: 'Convert', Company: 'C', Phone: '202-555-0362' }]);
    await h.link(ids[0]!);
    await linkIs('+12025550362', viewUrl('Lead', ids[0]!));
    const { contactId } = await stack.sfControl<{ contactId: string }>(
      'POST',
      `/leads/${ids[0]}/convert`,
      {},
    );
    await linkIs('+12025550362', viewUrl('Contact', contactId));
  });

  it('a merge moves the link to the master', async () => {
    const master = (await h.seed('Contact', [{ LastName: 'Master' }])).ids[0]!;
    const loser = (await h.seed('Contact', [{ LastName: 'Loser', Phone: '202-555-0363' }])).ids[0]!;
    await h.link(loser);
    await linkIs('+12025550363', viewUrl('Contact', loser));
    await stack.sfControl('POST', '/merge', { object: 'Contact', masterId: master, loserIds: [loser] });
    await linkIs('+12025550363', viewUrl('Contact', master));
  });

  it('a priority change moves the link: Lead and Contact share a phone, the admin makes Lead the priority', async () => {
    const contact = (await h.seed('Contact', [{ LastName: 'Cora', Phone: '202-555-0367' }])).ids[0]!;
    await h.link(contact);
    const lead = (await h.seed('Lead', [{ LastName: 'Lena', Company: 'L', Phone: '(202) 555-0367' }]))
      .ids[0]!;
    await a.quiescent();
    expect(await fieldOf('+12025550367')).toBe(viewUrl('Contact', contact));
    await toSalesforce.useSettings({ Priority_Object__c: 'Lead' });
    try {
      await linkIs('+12025550367', viewUrl('Lead', lead));
      // The contact is written before the link is stored: wait for the link too.
      await waitFor(
        async () => (await stack.runtime.deps.store.links.byPhone('+12025550367'))?.salesforceId === lead,
      );
      expect((await h.byPhone('+12025550367'))?.last_name).toBe('Lena');
      await waitFor(async () => !(await a.salesforce.record('Contact', contact))?.Aloware_Contact_Id__c);
      await a.quiescent();
      expect(await fieldOf('+12025550367')).toBe(viewUrl('Lead', lead));
    } finally {
      await toSalesforce.useSettings({});
    }
    await linkIs('+12025550367', viewUrl('Contact', contact));
  });

  // Once blank, the link must stay blank: the contact events that follow a delete (the echo of the blanking
  // write, a delivery of an earlier write arriving late) must not bring a record back into Salesforce.
  it('a delete clears the link, and the contact events after it create no record', async () => {
    const { ids } = await h.seed('Contact', [{ LastName: 'Deleted', Phone: '202-555-0366' }]);
    await h.link(ids[0]!);
    await linkIs('+12025550366', viewUrl('Contact', ids[0]!));
    await deleteAsRep('Contact', ids[0]!);
    await linkIs('+12025550366', null);
    await a.quiescent();
    expect(await fieldOf('+12025550366')).toBeNull();
    expect(await holders('Contact', '+12025550366', '202-555-0366')).toEqual([]);
    expect(await holders('Lead', '+12025550366', '202-555-0366')).toEqual([]);
    expect(await h.byPhone('+12025550366')).toBeDefined();
    const seen = await a.operator.record(ids[0]!);
    expect(seen?.decisions.map((d) => d.reason)).toContain('record_deleted_in_salesforce');
  });

  it('a delete of the merge master (no phone of its own) clears the link', async () => {
    const master = (await h.seed('Contact', [{ LastName: 'Master2' }])).ids[0]!;
    const loser = (await h.seed('Contact', [{ LastName: 'Loser2', Phone: '202-555-0365' }])).ids[0]!;
    await h.link(loser);
    await linkIs('+12025550365', viewUrl('Contact', loser));
    await stack.sfControl('POST', '/merge', { object: 'Contact', masterId: master, loserIds: [loser] });
    await linkIs('+12025550365', viewUrl('Contact', master));
    await deleteAsRep('Contact', master);
    await linkIs('+12025550365', null);
    await a.quiescent();
    expect(await fieldOf('+12025550365')).toBeNull();
    expect(await holders('Contact', '+12025550365', '202-555-0365')).toEqual([]);
    expect(await h.byPhone('+12025550365')).toBeDefined();
  });

  it('the field is configurable: csf2 takes the link and csf1 is blanked on the next sync', async () => {
    const { ids } = await h.seed('Contact', [{ LastName: 'Field', Phone: '202-555-0364' }]);
    await h.link(ids[0]!);
    await linkIs('+12025550364', viewUrl('Contact', ids[0]!));
    await toSalesforce.useSettings({ Record_Link_Field__c: 'csf2' });
    try {
      await h.update('Contact', ids[0]!, { LastName: 'Field moved' });
      await linkIs('+12025550364', viewUrl('Contact', ids[0]!), 'csf2');
      expect(await fieldOf('+12025550364', 'csf1')).toBeNull();
    } finally {
      await toSalesforce.useSettings({});
    }
  });
});
