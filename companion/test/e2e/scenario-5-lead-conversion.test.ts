// Scenario 5: converting a Lead keeps its call history on the new Contact, and the next call lands there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPhone, startE2E, waitFor, type E2E } from './support/e2e.js';

describe('scenario 5: Lead conversion', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(async () => e2e?.stop());

  async function call(e164: string): Promise<string> {
    const res = (await e2e.clients.aloware('POST', '/calls', {
      phone: e164,
      direction: 'outbound',
      talkTime: 60,
      recording: true,
      disposition: 'Interested',
    })) as { communicationId: number };
    return String(res.communicationId);
  }

  const taskOf = async (communicationId: string) =>
    (
      await e2e.query(
        `SELECT Id, WhoId, Aloware_Recording_Url__c FROM Task WHERE Aloware_Communication_Id__c = '${communicationId}'`,
      )
    )[0];

  it('keeps earlier Tasks on the Contact, logs the next call there and leaves the converted Lead alone', async () => {
    const phone = freshPhone();
    const leadId = await e2e.createAsRep('Lead', {
      FirstName: 'Vera',
      LastName: 'Convert',
      Company: 'Five',
      Phone: phone.typed,
    });
    const alowareContact = await waitFor(() => e2e.alowareContact(phone.e164), 15_000);
    const first = await call(phone.e164);
    await waitFor(async () => (await taskOf(first))?.Aloware_Recording_Url__c, 15_000);
    expect((await taskOf(first))?.WhoId).toBe(leadId);

    const { contactId } = (await e2e.clients.sfControl('POST', `/leads/${leadId}/convert`, {})) as {
      contactId: string;
    };
    // history: Salesforce moved the Task to the Contact
    expect((await taskOf(first))?.WhoId).toBe(contactId);
    // the Aloware contact is re-linked to the Contact (the Contact carries its Aloware id; the Lead carried it
    // already, so conversion copies it: the companion's link is what says the re-link happened)
    await waitFor(async () => {
      const [c] = await e2e.query(`SELECT Aloware_Contact_Id__c FROM Contact WHERE Id = '${contactId}'`);
      const card = (await e2e.clients.companion('GET', `/records/${contactId}`).catch(() => null)) as {
        alowareContactId?: string | null;
      } | null;
      return (
        c?.Aloware_Contact_Id__c === String(alowareContact.id) &&
        card?.alowareContactId === String(alowareContact.id)
      );
    }, 15_000);

    const second = await call(phone.e164);
    const task = await waitFor(async () => {
      const t = await taskOf(second);
      return t?.Aloware_Recording_Url__c ? t : undefined;
    }, 15_000);
    expect(task.WhoId).toBe(contactId);
    expect(await e2e.query(`SELECT Id FROM Task WHERE WhoId = '${leadId}'`)).toHaveLength(0);
    expect(await e2e.query(`SELECT Id FROM Task WHERE WhoId = '${contactId}'`)).toHaveLength(2);
    // one Aloware contact for the phone, still the same one
    expect((await e2e.alowareContact(phone.e164))?.id).toBe(alowareContact.id);
  });
});
