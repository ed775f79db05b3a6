// Scenario 4: a Lead and a Contact with the same phone → one Aloware contact that follows the priority object,
// whichever record came first and whichever priority is set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPhone, startE2E, waitFor, type E2E } from './support/e2e.js';

describe('scenario 4: Lead and Contact sharing a phone follow the priority', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(async () => e2e?.stop());

  const firstNameIn = async (e164: string) => (await e2e.alowareContact(e164))?.first_name;

  async function alowareCount(e164: string): Promise<number> {
    const { contacts } = (await e2e.clients.aloware('GET', '/contacts')) as {
      contacts: { phone_number: string }[];
    };
    return contacts.filter((c) => c.phone_number === e164).length;
  }

  it('priority Contact: the Lead comes first, the Contact then takes the Aloware contact and keeps it', async () => {
    const phone = freshPhone();
    const leadId = await e2e.createAsRep('Lead', {
      FirstName: 'Lena',
      LastName: 'Shared',
      Company: 'Four',
      Phone: phone.typed,
    });
    await waitFor(async () => (await firstNameIn(phone.e164)) === 'Lena', 15_000);
    const contactId = await e2e.createAsRep('Contact', {
      FirstName: 'Conrad',
      LastName: 'Shared',
      Phone: `+1 ${phone.e164.slice(2, 5)} ${phone.e164.slice(5, 8)} ${phone.e164.slice(8)}`,
    });
    await waitFor(async () => (await firstNameIn(phone.e164)) === 'Conrad', 15_000);
    // an edit of the Lead (not the priority record) no longer reaches the shared Aloware contact
    await e2e.clients.asRep('PATCH', `/sobjects/Lead/${leadId}`, { FirstName: 'Lenora' });
    await e2e.clients.asRep('PATCH', `/sobjects/Contact/${contactId}`, { LastName: 'Sharedmore' });
    await waitFor(async () => (await e2e.alowareContact(phone.e164))?.last_name === 'Sharedmore', 15_000);
    expect(await e2e.staysTrue(async () => (await firstNameIn(phone.e164)) === 'Conrad')).toBe(true);
    expect(await alowareCount(phone.e164)).toBe(1);
  });

  it('priority Lead: the Contact comes first, the Lead then takes the Aloware contact', async () => {
    await e2e.settings({ Priority_Object__c: 'Lead' });
    const phone = freshPhone();
    await e2e.createAsRep('Contact', { FirstName: 'Cora', LastName: 'Shared', Phone: phone.typed });
    await waitFor(async () => (await firstNameIn(phone.e164)) === 'Cora', 15_000);
    await e2e.createAsRep('Lead', {
      FirstName: 'Leah',
      LastName: 'Shared',
      Company: 'Four',
      Phone: `1${phone.e164.slice(2)}`,
    });
    await waitFor(async () => (await firstNameIn(phone.e164)) === 'Leah', 15_000);
    expect(await e2e.staysTrue(async () => (await firstNameIn(phone.e164)) === 'Leah')).toBe(true);
    expect(await alowareCount(phone.e164)).toBe(1);
  });
});
