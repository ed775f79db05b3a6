// Scenario 1: a contact created in Aloware appears in Salesforce as a Lead or a Contact, per the priority.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPhone, startE2E, waitFor, type E2E, type Json } from './support/e2e.js';

describe('scenario 1: contact created in Aloware → Salesforce record per priority', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(async () => e2e?.stop());

  async function createInAloware(firstName: string) {
    const phone = freshPhone();
    const contact = (await e2e.clients.aloware('POST', '/contacts', {
      phone_number: phone.typed,
      first_name: firstName,
      last_name: 'Scenario',
      email: `${firstName.toLowerCase()}@one.example`,
    })) as { id: number };
    return { phone, alowareId: String(contact.id) };
  }

  async function recordFor(alowareId: string) {
    return waitFor(async () => {
      for (const object of ['Lead', 'Contact'] as const) {
        const rows = await e2e.query(
          `SELECT Id, FirstName, LastName, Email, Phone, Aloware_Contact_Id__c FROM ${object} WHERE Aloware_Contact_Id__c = '${alowareId}'`,
        );
        if (rows[0]) return { ...rows[0], object } as Json & { object: string };
      }
      return undefined;
    }, 15_000);
  }

  it('with priority Contact (the default) the new Aloware contact becomes a Contact', async () => {
    const { phone, alowareId } = await createInAloware('Connie');
    const record = await recordFor(alowareId);
    expect(record).toMatchObject({
      object: 'Contact',
      FirstName: 'Connie',
      LastName: 'Scenario',
      Email: 'connie@one.example',
    });
    expect(String(record.Phone).replace(/\D/g, '')).toContain(phone.e164.slice(2));
    expect(await e2e.query(`SELECT Id FROM Lead WHERE Aloware_Contact_Id__c = '${alowareId}'`)).toHaveLength(
      0,
    );
  });

  it('with priority Lead the new Aloware contact becomes a Lead (with the required Company filled)', async () => {
    await e2e.settings({ Priority_Object__c: 'Lead' });
    const { alowareId } = await createInAloware('Leonie');
    const record = await recordFor(alowareId);
    expect(record).toMatchObject({ object: 'Lead', FirstName: 'Leonie', LastName: 'Scenario' });
    const [lead] = await e2e.query(`SELECT Company FROM Lead WHERE Id = '${String(record.Id)}'`);
    expect(String(lead?.Company ?? '')).not.toBe('');
    expect(
      await e2e.query(`SELECT Id FROM Contact WHERE Aloware_Contact_Id__c = '${alowareId}'`),
    ).toHaveLength(0);
  });
});
