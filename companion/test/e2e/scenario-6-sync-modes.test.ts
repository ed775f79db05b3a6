// Scenario 6: the three modes — Leads only, Contacts only, both — each behave as configured, in both directions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPhone, startE2E, waitFor, type E2E } from './support/e2e.js';

type Mode = { name: string; lead: boolean; contact: boolean; alowareCreates: 'Lead' | 'Contact' };

const MODES: Mode[] = [
  { name: 'Leads only', lead: true, contact: false, alowareCreates: 'Lead' },
  { name: 'Contacts only', lead: false, contact: true, alowareCreates: 'Contact' },
  { name: 'both', lead: true, contact: true, alowareCreates: 'Contact' },
];

describe('scenario 6: Leads only, Contacts only, both', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(async () => e2e?.stop());

  const inAloware = async (e164: string) => (await e2e.alowareContact(e164)) !== undefined;

  it.each(MODES)('$name', async (mode) => {
    await e2e.settings({ Lead_Sync_Enabled__c: mode.lead, Contact_Sync_Enabled__c: mode.contact });
    const [leadPhone, contactPhone, alowarePhone] = [freshPhone(), freshPhone(), freshPhone()];
    // Salesforce → Aloware: the disabled object's record is created first, the enabled one second
    const records = [
      {
        object: 'Lead' as const,
        on: mode.lead,
        phone: leadPhone,
        values: { FirstName: 'Mo', LastName: 'Lead', Company: 'Six' },
      },
      {
        object: 'Contact' as const,
        on: mode.contact,
        phone: contactPhone,
        values: { FirstName: 'Mo', LastName: 'Contact' },
      },
    ].sort((a, b) => Number(a.on) - Number(b.on));
    for (const r of records) await e2e.createAsRep(r.object, { ...r.values, Phone: r.phone.typed });
    for (const r of records.filter((x) => x.on)) await waitFor(() => inAloware(r.phone.e164), 15_000);
    for (const r of records.filter((x) => !x.on))
      expect(await e2e.staysTrue(async () => !(await inAloware(r.phone.e164)))).toBe(true);

    // Aloware → Salesforce: a new Aloware contact becomes the enabled object (the priority object when both are on)
    const created = (await e2e.clients.aloware('POST', '/contacts', {
      phone_number: alowarePhone.typed,
      first_name: 'Mode',
      last_name: mode.name,
    })) as { id: number };
    const object = await waitFor(async () => {
      for (const o of ['Lead', 'Contact']) {
        const rows = await e2e.query(`SELECT Id FROM ${o} WHERE Aloware_Contact_Id__c = '${created.id}'`);
        if (rows.length > 0) return o;
      }
      return undefined;
    }, 15_000);
    expect(object).toBe(mode.alowareCreates);
  });
});
