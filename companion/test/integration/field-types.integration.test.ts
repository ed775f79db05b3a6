// Every ordinary Salesforce field type mapped to an Aloware field, end to end through both emulators, with
// the conversions of sync/convert.ts: Salesforce → Aloware on a rep's edit, Aloware → Salesforce on an
// Aloware contact edit (where the field is writable). Lead and Contact have no standard percent or
// multi-picklist field, so the org gets two custom ones (force-app's metadata plus two field files).
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_METADATA_DIR } from '../../sandbox/salesforce/schema/custom.js';
import { DEFAULT_MAPPING } from '../../src/sync/index.js';
import { toSalesforceHelpers } from '../support/to-salesforce.js';
import { startStack, waitFor, type Stack } from '../support/stack.js';
import { helpers } from '../support/to-aloware-helpers.js';

let stack: Stack;
let h: ReturnType<typeof helpers>;
const toSalesforce = toSalesforceHelpers(() => stack, 3300);

/** Salesforce field (type) → Aloware field, per object (csf1 carries the companion's record link). */
const TYPED: Record<'Lead' | 'Contact', [string, string][]> = {
  Contact: [
    ['Title', 'company_name'], // string
    ['Description', 'notes'], // textarea
    ['DoNotCall', 'csf2'], // boolean
    ['Birthdate', 'date_of_birth'], // date
    ['EmailBouncedDate', 'website'], // datetime
    ['Languages__c', 'timezone'], // multipicklist (restricted)
  ],
  Lead: [
    ['Website', 'website'], // url
    ['NumberOfEmployees', 'csf2'], // int
    ['AnnualRevenue', 'zipcode'], // currency
    ['Industry', 'timezone'], // picklist (LeadSource → lead_source is a default row)
    ['Discount_Rate__c', 'notes'], // percent
  ],
};

/** force-app's objects plus a Percent field on Lead and a restricted MultiselectPicklist on Contact. */
function orgMetadata(): string {
  const dir = mkdtempSync(join(tmpdir(), 'field-types-meta-'));
  cpSync(DEFAULT_METADATA_DIR, dir, { recursive: true });
  const write = (object: string, name: string, body: string) =>
    writeFileSync(
      join(dir, object, 'fields', `${name}.field-meta.xml`),
      `<?xml version="1.0" encoding="UTF-8"?>\n<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">` +
        `<fullName>${name}</fullName><label>${name.replace(/__c$/, '').replace(/_/g, ' ')}</label>${body}` +
        `</CustomField>`,
    );
  write('Lead', 'Discount_Rate__c', '<type>Percent</type><precision>5</precision><scale>2</scale>');
  const values = ['English', 'Spanish', 'French']
    .map((v) => `<value><fullName>${v}</fullName><default>false</default><label>${v}</label></value>`)
    .join('');
  write(
    'Contact',
    'Languages__c',
    `<type>MultiselectPicklist</type><visibleLines>4</visibleLines><valueSet><restricted>true</restricted>` +
      `<valueSetDefinition><sorted>false</sorted>${values}</valueSetDefinition></valueSet>`,
  );
  return dir;
}
let metadataDir: string;

beforeAll(async () => {
  metadataDir = orgMetadata();
  stack = await startStack({ salesforce: { metadataDir } });
  h = helpers(stack);
  const rows = (['Lead', 'Contact'] as const).flatMap((object) => {
    const taken = new Set(TYPED[object].map(([, a]) => a));
    const defaults = DEFAULT_MAPPING.filter((r) => r.object === object && !taken.has(r.alowareField)).map(
      (r) => [r.salesforceField, r.alowareField] as [string, string],
    );
    return [...defaults, ...TYPED[object]].map(([sf, aloware]) => ({
      Object__c: object,
      Salesforce_Field__c: sf,
      Aloware_Field__c: aloware,
      Direction__c: 'both',
      Locked__c: false,
      Conflict_Policy__c: 'newest_wins',
    }));
  });
  await stack.sfControl('POST', '/seed', {
    object: 'Aloware_Field_Mapping__c',
    records: rows,
    notify: false,
  });
  await toSalesforce.useSettings({});
});
afterAll(async () => {
  await stack?.stop();
  rmSync(metadataDir, { recursive: true, force: true });
});

describe('mapping every ordinary field type', () => {
  it('Contact: text, textarea, email, phone, picklist, multi-picklist, boolean, date and datetime reach Aloware, and come back', async () => {
    const phone = '+12025553301';
    const { ids } = await h.seed('Contact', [
      {
        LastName: 'Typed',
        Phone: '(202) 555-3301',
        Email: 'typed@example.com',
        Title: 'Head of Ops',
        Description: 'Prefers mornings.\nSpanish speaker.', // line breaks kept
        LeadSource: 'Web',
        DoNotCall: true,
        Birthdate: '1990-02-03',
        EmailBouncedDate: '2026-03-04T05:06:07.000+0000',
        Languages__c: 'English;Spanish',
      },
    ]);
    const contact = await waitFor(async () => {
      const c = (await h.byPhone(phone)) as Record<string, unknown> | undefined;
      return c?.company_name ? c : undefined;
    }, 20_000);
    expect(contact).toMatchObject({
      phone_number: phone,
      email: 'typed@example.com',
      company_name: 'Head of Ops',
      notes: 'Prefers mornings.\nSpanish speaker.',
      lead_source: 'Web',
      csf2: 'true',
      date_of_birth: '1990-02-03',
      website: '2026-03-04T05:06:07.000Z', // ISO-8601 in UTC
      timezone: 'English;Spanish',
    });
    await h.link(ids[0]!);
    await h.idle();
    await stack.alowareControl('PATCH', `/contacts/${String(contact.id)}`, {
      company_name: 'COO',
      csf2: 'no',
      date_of_birth: '1991-12-31',
      lead_source: 'phone inquiry',
      email: 'typed2@example.com',
      website: '2026-05-06T09:08:09+02:00', // any ISO-8601 offset: the same instant
      timezone: 'french; english', // any case, any order, spaces around `;`
      notes: 'Call after 5pm.\r\nAsk for Ana.',
    });
    const back = await waitFor(async () => {
      const r = await toSalesforce.record('Contact', ids[0]!);
      return r?.Title === 'COO' ? r : undefined;
    }, 20_000);
    expect(back).toMatchObject({
      Title: 'COO',
      DoNotCall: false,
      Birthdate: '1991-12-31',
      LeadSource: 'Phone Inquiry', // the picklist's own spelling
      Email: 'typed2@example.com',
      EmailBouncedDate: '2026-05-06T07:08:09.000+0000',
      Languages__c: 'English;French', // the picklist's spelling and order
      Description: 'Call after 5pm.\nAsk for Ana.',
    });
  });

  it('Lead: url, int, currency, percent and picklist reach Aloware as text; numbers come back typed', async () => {
    await toSalesforce.useSettings({ Priority_Object__c: 'Lead' });
    const phone = '+12025553302';
    const { ids } = await h.seed('Lead', [
      {
        LastName: 'Typed',
        Company: 'T',
        Phone: phone,
        Website: 'https://example.com/t',
        NumberOfEmployees: 12,
        AnnualRevenue: 1250000.5,
        Industry: 'Banking',
        Discount_Rate__c: 12.5,
      },
    ]);
    const contact = await waitFor(async () => {
      const c = (await h.byPhone(phone)) as Record<string, unknown> | undefined;
      return c?.website ? c : undefined;
    }, 20_000);
    expect(contact).toMatchObject({
      website: 'https://example.com/t',
      csf2: '12',
      zipcode: '1250000.5',
      timezone: 'Banking',
      notes: '12.5',
    });
    await h.link(ids[0]!);
    await h.idle();
    await stack.alowareControl('PATCH', `/contacts/${String(contact.id)}`, {
      csf2: '40',
      zipcode: '99.95',
      notes: '7.25',
      website: 'https://example.com/u',
    });
    const back = await waitFor(async () => {
      const r = await toSalesforce.record('Lead', ids[0]!);
      return r?.NumberOfEmployees === 40 ? r : undefined;
    }, 20_000);
    expect(back).toMatchObject({
      NumberOfEmployees: 40,
      AnnualRevenue: 99.95,
      Discount_Rate__c: 7.25,
      Website: 'https://example.com/u',
    });
  });
});
