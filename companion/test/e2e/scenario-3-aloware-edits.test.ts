// Scenario 3: name/email edited in Aloware reach Salesforce only when the update direction is bi-directional.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPhone, startE2E, waitFor, type E2E, type Json } from './support/e2e.js';

describe('scenario 3: Aloware edits → Salesforce only with "both" for update', () => {
  let e2e: E2E;
  let contactId: string;
  let alowareId: number;
  const phone = freshPhone();

  beforeAll(async () => {
    e2e = await startE2E();
    contactId = await e2e.createAsRep('Contact', {
      FirstName: 'Edna',
      LastName: 'Edit',
      Email: 'edna@three.example',
      Phone: phone.typed,
    });
    const contact = await waitFor(() => e2e.alowareContact(phone.e164), 15_000);
    alowareId = Number(contact.id);
    // the companion has linked the Contact to that Aloware contact
    await waitFor(async () => {
      const card = (await e2e.clients.companion('GET', `/records/${contactId}`)) as Json;
      return card.alowareContactId === String(alowareId);
    }, 15_000);
  });
  afterAll(async () => e2e?.stop());

  async function contactRow(): Promise<Json> {
    const [row] = await e2e.query(
      `SELECT Id, FirstName, LastName, Email, Aloware_Contact_Id__c FROM Contact WHERE Id = '${contactId}'`,
    );
    return row ?? {};
  }

  async function editInAloware(fields: Json): Promise<void> {
    await e2e.clients.aloware('PATCH', `/contacts/${alowareId}`, fields);
    const { deliveries } = (await e2e.clients.aloware(
      'GET',
      '/deliveries?waitMs=5000&event=Contact-Updated',
    )) as {
      deliveries: Json[];
    };
    expect(deliveries.at(-1)?.outcome).toBe('delivered');
  }

  it('with Contact update direction "both", a name and email edit in Aloware updates the Contact', async () => {
    await editInAloware({ first_name: 'Edwina', email: 'edwina@three.example' });
    const row = await waitFor(async () => {
      const r = await contactRow();
      return r.FirstName === 'Edwina' && r.Email === 'edwina@three.example' ? r : undefined;
    }, 15_000);
    expect(row.LastName).toBe('Edit');
  });

  it('with Contact update direction "inbound" (Salesforce → Aloware only), the Contact keeps its values', async () => {
    await e2e.settings({ Contact_Update_Direction__c: 'inbound' });
    await editInAloware({ last_name: 'Elsewhere', email: 'elsewhere@three.example' });
    const unchanged = await e2e.staysTrue(async () => {
      const r = await contactRow();
      return r.LastName === 'Edit' && r.Email === 'edwina@three.example';
    });
    expect(await contactRow()).toMatchObject({ LastName: 'Edit', Email: 'edwina@three.example' });
    expect(unchanged).toBe(true);
  });

  it('switching back to "both" lets the next Aloware edit through again', async () => {
    await e2e.settings({ Contact_Update_Direction__c: 'both' });
    await editInAloware({ last_name: 'Everywhere' });
    const row = await waitFor(async () => {
      const r = await contactRow();
      return r.LastName === 'Everywhere' ? r : undefined;
    }, 15_000);
    // The edit made while the direction was "inbound" was refused, never applied later: the email is still ours.
    expect(row).toMatchObject({ LastName: 'Everywhere', Email: 'edwina@three.example' });
  });
});
