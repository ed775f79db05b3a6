// The demo's mapping panel data (companion/sandbox/admin-preview/apex-adapter.ts, the stand-in for
// AlowareMappingController that `npm run demo` serves): the Aloware fields from the companion's
// `/api/v1/aloware-fields` and the Salesforce fields from the emulator's describe offer the ordinary standard
// fields of Lead and Contact with their types, and a row saved through the panel maps one end to end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invokeApex, type ApexContext } from '../../sandbox/admin-preview/apex-adapter.js';
import { SandboxClients } from '../../sandbox/console/clients.js';
import { toSalesforceHelpers } from '../support/to-salesforce.js';
import { call, startStack, SYNC_KEY, waitFor, type Stack } from '../support/stack.js';
import { helpers } from '../support/to-aloware-helpers.js';

interface PanelField {
  name: string;
  label: string;
  type: string;
  createable: boolean;
  updateable: boolean;
}
interface Editor {
  objectName: string;
  rows: Record<string, unknown>[];
  salesforceFields: PanelField[];
  alowareFields: { name: string; type: string }[];
  companionError?: string;
}

let stack: Stack;
let ctx: ApexContext;
const toSalesforce = toSalesforceHelpers(() => stack, 3400);
const editor = async (objectName: string) =>
  (await invokeApex(ctx, 'AlowareMappingController.getMappingEditor', { objectName })) as Editor;

beforeAll(async () => {
  stack = await startStack({});
  const clients = new SandboxClients({
    salesforceUrl: stack.sf.url,
    alowareUrl: stack.aloware.url,
    companionUrl: stack.url,
    syncKey: SYNC_KEY,
  });
  ctx = { clients, orgId: stack.sf.orgId };
});
afterAll(async () => {
  await stack?.stop();
});

/** Ordinary standard fields an admin maps (Object Reference, API 64.0), writable, with their describe types. */
const OFFERED: Record<'Lead' | 'Contact', Record<string, string>> = {
  Lead: {
    Description: 'textarea',
    Title: 'string',
    Industry: 'picklist',
    Rating: 'picklist',
    Status: 'picklist',
    Salutation: 'picklist',
    Fax: 'phone',
    Website: 'url',
    AnnualRevenue: 'currency',
    NumberOfEmployees: 'int',
    DoNotCall: 'boolean',
    HasOptedOutOfEmail: 'boolean',
    HasOptedOutOfFax: 'boolean',
    EmailBouncedDate: 'datetime',
    MiddleName: 'string',
    Suffix: 'string',
  },
  Contact: {
    Description: 'textarea',
    Title: 'string',
    Department: 'string',
    Birthdate: 'date',
    AssistantName: 'string',
    AssistantPhone: 'phone',
    Fax: 'phone',
    DoNotCall: 'boolean',
    HasOptedOutOfEmail: 'boolean',
    HasOptedOutOfFax: 'boolean',
    EmailBouncedDate: 'datetime',
    ReportsToId: 'reference',
    Salutation: 'picklist',
    OtherStreet: 'textarea',
  },
};

describe('mapping panel data in the demo', () => {
  it.each(['Lead', 'Contact'] as const)(
    '%s: the companion lists the Aloware fields, describe the standard fields with their types',
    async (object) => {
      const data = await editor(object);
      expect(data.companionError).toBeUndefined();
      const { fields } = await call<{ fields: { name: string; type: string }[] }>(
        stack.url,
        'GET',
        '/api/v1/aloware-fields',
        undefined,
        { 'x-aloware-sync-key': SYNC_KEY },
      );
      expect(data.alowareFields).toEqual(fields);
      expect(fields.map((f) => f.name)).toEqual(
        expect.arrayContaining(['notes', 'company_name', 'website', 'date_of_birth', 'csf2']),
      );
      const offered = new Map(data.salesforceFields.map((f) => [f.name, f]));
      for (const [name, type] of Object.entries(OFFERED[object])) {
        expect(offered.get(name), `${object}.${name}`).toMatchObject({
          type,
          createable: true,
          updateable: true,
        });
      }
      // Read-only standard fields are offered too (to_aloware only), unmappable compound ones are not.
      expect(offered.get('CreatedDate')).toMatchObject({ type: 'datetime', updateable: false });
      expect(offered.has(object === 'Lead' ? 'Address' : 'MailingAddress')).toBe(false);
      expect(offered.has('Id')).toBe(false);
      expect(data.salesforceFields.length).toBeGreaterThan(40);
    },
  );

  it('a Description ↔ notes row saved through the panel syncs a Lead description to Aloware', async () => {
    const before = await editor('Lead');
    const saved = (await invokeApex(ctx, 'AlowareMappingController.saveMappings', {
      objectName: 'Lead',
      rows: [
        ...before.rows,
        { salesforceField: 'Description', alowareField: 'notes', direction: 'both', locked: false },
      ],
    })) as { saved: boolean; errors: unknown[] };
    expect(saved).toMatchObject({ saved: true, errors: [] });
    await call(stack.url, 'POST', '/api/v1/config/refresh', {}, { 'x-aloware-sync-key': SYNC_KEY });
    await toSalesforce.useSettings({ Priority_Object__c: 'Lead' });
    const h = helpers(stack);
    const phone = '+12025553401';
    await h.seed('Lead', [
      { LastName: 'Panel', Company: 'P', Phone: phone, Description: 'Mapped in the panel.\nTwo lines.' },
    ]);
    const contact = await waitFor(async () => {
      const c = (await h.byPhone(phone)) as Record<string, unknown> | undefined;
      return c?.notes ? c : undefined;
    }, 20_000);
    expect(contact.notes).toBe('Mapped in the panel.\nTwo lines.');
  });
});
