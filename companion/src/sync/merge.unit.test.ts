import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultMappingFor } from './default-mapping.js';
import { fieldKey } from './fingerprint.js';
import { merge } from './merge.js';
import { ctxFor, LEAD_DESCRIBE, row, settings } from './test-fixtures.js';
import type {
  AlowareValues,
  ConflictPolicy,
  Fingerprint,
  MappingRow,
  MergeInput,
  SyncSettings,
} from './types.js';

const ctx = ctxFor(LEAD_DESCRIBE);
const FIRST = row('FirstName', 'first_name');
const T1 = '2026-11-01T10:00:00.000+0000';
const T2 = '2026-11-02T10:00:00.000Z';

function mergeOne(
  r: MappingRow,
  sf: unknown,
  al: string | null,
  fp: string | null | undefined,
  extra: Partial<MergeInput> = {},
): ReturnType<typeof merge> {
  const fingerprint: Fingerprint | undefined = fp === undefined ? undefined : { [fieldKey(r)]: fp };
  return merge({
    object: 'Lead',
    salesforce: { Id: '00Q1', [r.salesforceField]: sf },
    aloware: { [r.alowareField]: al },
    fingerprint,
    rows: [r],
    settings: settings(),
    context: ctx,
    ...extra,
  });
}

const policy = (conflictPolicy: ConflictPolicy): MappingRow =>
  row('FirstName', 'first_name', { conflictPolicy });

describe('merge: one field', () => {
  it.each<
    [
      string,
      MappingRow,
      unknown,
      string | null,
      string | null | undefined,
      Partial<MergeInput>,
      Record<string, unknown>,
      AlowareValues,
      string,
    ]
  >([
    ['equal values', FIRST, 'Ann', 'Ann', 'Ann', {}, {}, {}, 'equal'],
    ['equal after whitespace normalisation', FIRST, ' Ann ', 'Ann', 'Ann', {}, {}, {}, 'equal'],
    [
      'equal phones in different formats',
      row('Phone', 'phone_number'),
      '(202) 555-0143',
      '+12025550143',
      '+12025550143',
      {},
      {},
      {},
      'equal',
    ],
    [
      'equal emails in different case',
      row('Email', 'email'),
      'Ann@Example.com',
      'ann@example.com',
      null,
      {},
      {},
      {},
      'equal',
    ],
    [
      'Salesforce changed',
      FIRST,
      'Annie',
      'Ann',
      'Ann',
      {},
      {},
      { first_name: 'Annie' },
      'salesforce_changed',
    ],
    ['Aloware changed', FIRST, 'Ann', 'Annie', 'Ann', {}, { FirstName: 'Annie' }, {}, 'aloware_changed'],
    [
      'Aloware cleared a field',
      row('City', 'city'),
      'Austin',
      null,
      'Austin',
      {},
      { City: null },
      {},
      'aloware_changed',
    ],
    [
      'both changed, salesforce_wins',
      policy('salesforce_wins'),
      'Annie',
      'Anna',
      'Ann',
      {},
      {},
      { first_name: 'Annie' },
      'both_changed_salesforce_wins',
    ],
    [
      'both changed, aloware_wins',
      policy('aloware_wins'),
      'Annie',
      'Anna',
      'Ann',
      {},
      { FirstName: 'Anna' },
      {},
      'both_changed_aloware_wins',
    ],
    [
      'both changed, newest_wins, Aloware newer',
      policy('newest_wins'),
      'Annie',
      'Anna',
      'Ann',
      { salesforceModstamp: T1, alowareModstamp: T2 },
      { FirstName: 'Anna' },
      {},
      'both_changed_aloware_newer',
    ],
    [
      'both changed, newest_wins, Salesforce newer',
      policy('newest_wins'),
      'Annie',
      'Anna',
      'Ann',
      { salesforceModstamp: T2, alowareModstamp: T1 },
      {},
      { first_name: 'Annie' },
      'both_changed_salesforce_newer',
    ],
    [
      'both changed, newest_wins, no Aloware stamp',
      policy('newest_wins'),
      'Annie',
      'Anna',
      'Ann',
      { salesforceModstamp: T1 },
      {},
      { first_name: 'Annie' },
      'both_changed_salesforce_newer',
    ],
    [
      'both changed, fill_if_blank, Aloware blank',
      policy('fill_if_blank'),
      'Annie',
      null,
      'Ann',
      {},
      {},
      { first_name: 'Annie' },
      'fill_blank_aloware',
    ],
    [
      'both changed, fill_if_blank, Salesforce blank',
      policy('fill_if_blank'),
      null,
      'Anna',
      'Ann',
      {},
      { FirstName: 'Anna' },
      {},
      'fill_blank_salesforce',
    ],
    [
      'both changed, fill_if_blank, both set',
      policy('fill_if_blank'),
      'Annie',
      'Anna',
      'Ann',
      {},
      {},
      {},
      'both_set_fill_if_blank',
    ],
    [
      'first sync, Aloware blank',
      FIRST,
      'Ann',
      null,
      undefined,
      {},
      {},
      { first_name: 'Ann' },
      'first_sync_aloware_blank',
    ],
    [
      'first sync, Salesforce blank',
      FIRST,
      null,
      'Ann',
      undefined,
      {},
      { FirstName: 'Ann' },
      {},
      'first_sync_salesforce_blank',
    ],
    [
      'first sync, both set: policy',
      policy('aloware_wins'),
      'Annie',
      'Ann',
      undefined,
      {},
      { FirstName: 'Ann' },
      {},
      'both_changed_aloware_wins',
    ],
    [
      'Aloware change, update direction inbound',
      FIRST,
      'Ann',
      'Annie',
      'Ann',
      { settings: settings({ lead: { create: 'both', update: 'inbound' } }) },
      {},
      { first_name: 'Ann' },
      'aloware_edit_reverted',
    ],
    [
      'Aloware change, row to_aloware',
      row('FirstName', 'first_name', { direction: 'to_aloware' }),
      'Ann',
      'Annie',
      'Ann',
      {},
      {},
      { first_name: 'Ann' },
      'aloware_edit_reverted',
    ],
    [
      'Salesforce change, row to_salesforce',
      row('FirstName', 'first_name', { direction: 'to_salesforce' }),
      'Annie',
      'Ann',
      'Ann',
      {},
      {},
      {},
      'salesforce_changed; blocked_by_direction',
    ],
    [
      'Aloware owner change on a queue-owned Lead',
      row('OwnerId', 'user_id'),
      '00G000000000001AAA',
      '101',
      'queue:00G000000000001AAA',
      {},
      {},
      {},
      'aloware_changed; queue_owned',
    ],
    [
      'Aloware owner change to a matched user',
      row('OwnerId', 'user_id'),
      '005000000000002AAA',
      '101',
      '005000000000002AAA',
      {},
      { OwnerId: '005000000000001AAA' },
      {},
      'aloware_changed',
    ],
    [
      'Aloware picklist value not allowed',
      row('LeadSource', 'lead_source'),
      'Web',
      'Billboard',
      'Web',
      {},
      {},
      {},
      'aloware_changed; picklist_value_not_allowed',
    ],
    [
      'Aloware phone change written as E.164',
      row('Phone', 'phone_number'),
      '(202) 555-0143',
      '202 555 0178',
      '+12025550143',
      {},
      { Phone: '+12025550178' },
      {},
      'aloware_changed',
    ],
  ])('%s', (_name, r, sf, al, fp, extra, toSalesforce, toAloware, reason) => {
    const result = mergeOne(r, sf, al, fp, extra);
    expect(result.toSalesforce).toEqual(toSalesforce);
    expect(result.toAloware).toEqual(toAloware);
    expect(result.decisions).toHaveLength(1);
    expect(result.decisions[0]?.reason).toBe(reason);
  });

  it('records who won, why and which way', () => {
    expect(mergeOne(policy('aloware_wins'), 'Annie', 'Anna', 'Ann').decisions).toEqual([
      {
        field: 'FirstName',
        winner: 'aloware',
        reason: 'both_changed_aloware_wins',
        direction: 'to_salesforce',
      },
    ]);
    expect(mergeOne(FIRST, 'Annie', 'Ann', 'Ann').decisions[0]).toMatchObject({
      winner: 'salesforce',
      direction: 'to_aloware',
    });
    expect(
      mergeOne(FIRST, 'Ann', 'Annie', 'Ann', {
        settings: settings({ lead: { create: 'both', update: 'inbound' } }),
      }).decisions[0],
    ).toMatchObject({ winner: 'salesforce', direction: 'to_aloware', reason: 'aloware_edit_reverted' });
    expect(
      mergeOne(row('FirstName', 'first_name', { direction: 'to_salesforce' }), 'Annie', 'Ann', 'Ann')
        .decisions[0],
    ).toMatchObject({ winner: 'none', direction: 'none' });
  });

  it('flags a conflict only when a policy decided a write', () => {
    expect(mergeOne(policy('salesforce_wins'), 'Annie', 'Anna', 'Ann').conflict).toBe(true);
    expect(mergeOne(FIRST, 'Annie', 'Ann', 'Ann').conflict).toBe(false);
    expect(mergeOne(policy('fill_if_blank'), 'Annie', 'Anna', 'Ann').conflict).toBe(false);
  });

  it('keeps the old baseline for a change it could not write', () => {
    const blocked = mergeOne(FIRST, 'Ann', 'Annie', 'Ann', {
      settings: settings({ lead: { create: 'both', update: 'inbound' } }),
    });
    expect(blocked.fingerprint).toEqual({ 'FirstName/first_name': 'Ann' });
    expect(
      mergeOne(FIRST, null, 'Annie', undefined, {
        settings: settings({ lead: { create: 'both', update: 'inbound' } }),
      }).fingerprint,
    ).toEqual({});
  });

  it('truncates a long Aloware value once and then sees the pair as equal', () => {
    const r = row('City', 'city');
    const long = 'Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch';
    const first = mergeOne(r, 'Bangor', long, 'Bangor');
    expect(first.toSalesforce).toEqual({ City: long.slice(0, 40) });
    expect(first.issues.map((i) => i.code)).toEqual(['truncated']);
    const again = mergeOne(r, first.toSalesforce.City, long, first.fingerprint[fieldKey(r)]);
    expect(again.decisions[0]?.reason).toBe('equal');
  });

  it('uses the Aloware name when first and last names are absent', () => {
    const rows = [row('FirstName', 'first_name'), row('LastName', 'last_name')];
    const result = merge({
      object: 'Lead',
      salesforce: { Id: '00Q1', FirstName: null, LastName: 'Unknown' },
      aloware: { name: 'Ann Lee' },
      fingerprint: { 'FirstName/first_name': null, 'LastName/last_name': 'Unknown' },
      rows,
      settings: settings(),
      context: ctx,
    });
    expect(result.toSalesforce).toEqual({ FirstName: 'Ann', LastName: 'Lee' });
  });

  it('syncs nothing for a disabled object', () => {
    const result = mergeOne(FIRST, 'Annie', 'Ann', 'Ann', { settings: settings({ leadSyncEnabled: false }) });
    expect(result.toAloware).toEqual({});
    expect(result.toSalesforce).toEqual({});
  });

  it('ignores rows of the other object', () => {
    const result = mergeOne(row('FirstName', 'first_name', { object: 'Contact' }), 'Annie', 'Ann', 'Ann');
    expect(result.decisions).toEqual([]);
  });
});

// ------------------------------------------------------------------------------------------ properties

const LEAD_ROWS = defaultMappingFor('Lead');
const OWNERS_SF = [
  '005000000000001AAA',
  '005000000000002AAA',
  '005000000000009AAA',
  '00G000000000001AAA',
  null,
];
const OWNERS_AL = ['101', '102', '103', null];
const PHONES = [
  '(202) 555-0143',
  '+12025550143',
  '202.555.0178',
  '+44 20 7946 0958',
  'ask reception',
  '',
  null,
];
const EMAILS = ['ann@example.com', 'ANN@example.com', ' bob@example.com ', 'not-an-email', null];
const TEXT = fc.option(
  fc.constantFrom('Ann', ' Ann ', 'Bob', 'A'.repeat(50), 'New  York', 'Web', 'web', 'Billboard', ''),
  { nil: null },
);

const sfRecord = fc.record({
  Id: fc.constant('00Q000000000001AAA'),
  Phone: fc.constantFrom(...PHONES),
  MobilePhone: fc.constantFrom(...PHONES),
  Email: fc.constantFrom(...EMAILS),
  OwnerId: fc.constantFrom(...OWNERS_SF),
  FirstName: TEXT,
  LastName: TEXT,
  LeadSource: fc.constantFrom('Web', 'Phone Inquiry', null),
  Company: TEXT,
  Street: TEXT,
  City: TEXT,
  State: TEXT,
  PostalCode: TEXT,
  Country: TEXT,
});

const alowareValues = fc.record({
  phone_number: fc.constantFrom(...PHONES),
  'other_phone_numbers.mobile': fc.constantFrom(...PHONES),
  email: fc.constantFrom(...EMAILS),
  user_id: fc.constantFrom(...OWNERS_AL),
  first_name: TEXT,
  last_name: TEXT,
  name: TEXT,
  lead_source: TEXT,
  company_name: TEXT,
  address: TEXT,
  city: TEXT,
  state: TEXT,
  zipcode: TEXT,
  country: TEXT,
});

const fingerprintArb = fc.option(
  fc.dictionary(
    fc.constantFrom(...LEAD_ROWS.map(fieldKey)),
    fc.option(fc.constantFrom('Ann', '+12025550143', 'ann@example.com', '005000000000001AAA', 'Web'), {
      nil: null,
    }),
  ),
  { nil: undefined },
);

const settingsArb = fc
  .record({ create: fc.constantFrom('both', 'inbound'), update: fc.constantFrom('both', 'inbound') })
  .map((lead): SyncSettings => settings({ lead: lead as SyncSettings['lead'] }));

const rowsArb = fc
  .array(
    fc.record({
      policy: fc.constantFrom<ConflictPolicy>(
        'salesforce_wins',
        'aloware_wins',
        'newest_wins',
        'fill_if_blank',
      ),
      direction: fc.constantFrom('both', 'to_aloware', 'to_salesforce'),
    }),
    { minLength: LEAD_ROWS.length, maxLength: LEAD_ROWS.length },
  )
  .map((choices) =>
    LEAD_ROWS.map((r, i) => ({
      ...r,
      conflictPolicy: choices[i]!.policy,
      direction: choices[i]!.direction as MappingRow['direction'],
    })),
  );

const stamp = fc.constantFrom(T1, T2, null);

function hasWrites(result: ReturnType<typeof merge>): boolean {
  return Object.keys(result.toAloware).length + Object.keys(result.toSalesforce).length > 0;
}

describe('merge properties', () => {
  it('merge(a, a, fingerprint) writes nothing', () => {
    const ownerPairs: [string | null, string | null][] = [
      ['005000000000001AAA', '101'],
      ['005000000000002AAA', '102'],
      [null, null],
    ];
    fc.assert(
      fc.property(
        sfRecord,
        fc.constantFrom(...ownerPairs),
        fingerprintArb,
        rowsArb,
        settingsArb,
        (record, [sfOwner, alOwner], fp, rows, s) => {
          const sf = {
            ...record,
            OwnerId: sfOwner,
            Email: record.Email === 'not-an-email' ? null : record.Email,
          };
          const aloware: AlowareValues = {};
          for (const r of rows)
            aloware[r.alowareField] = sf[r.salesforceField as keyof typeof sf] as string | null;
          aloware.user_id = alOwner;
          const result = merge({
            object: 'Lead',
            salesforce: sf,
            aloware,
            fingerprint: fp,
            rows,
            settings: s,
            context: ctx,
          });
          expect(result.toAloware).toEqual({});
          expect(result.toSalesforce).toEqual({});
        },
      ),
      { numRuns: 400 },
    );
  });

  it('after applying a merge’s writes, merging again writes nothing', () => {
    fc.assert(
      fc.property(
        sfRecord,
        alowareValues,
        fingerprintArb,
        rowsArb,
        settingsArb,
        stamp,
        stamp,
        (sf, al, fp, rows, s, sfStamp, alStamp) => {
          const input: MergeInput = {
            object: 'Lead',
            salesforce: sf,
            aloware: al,
            fingerprint: fp,
            rows,
            settings: s,
            context: ctx,
            salesforceModstamp: sfStamp,
            alowareModstamp: alStamp,
          };
          const first = merge(input);
          const second = merge({
            ...input,
            salesforce: { ...sf, ...first.toSalesforce },
            aloware: { ...al, ...first.toAloware },
            fingerprint: first.fingerprint,
          });
          expect(second.toAloware).toEqual({});
          expect(second.toSalesforce).toEqual({});
          expect(hasWrites(second)).toBe(false);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('decisions do not depend on the order of mapping rows or record keys', () => {
    fc.assert(
      fc.property(sfRecord, alowareValues, fingerprintArb, rowsArb, fc.nat(), (sf, al, fp, rows, seed) => {
        const shuffled = [...rows].sort(
          (a, b) =>
            ((a.salesforceField.length * 7 + seed) % 11) - ((b.salesforceField.length * 7 + seed) % 11),
        );
        const reversedRecord = Object.fromEntries(Object.entries(sf).reverse());
        const a = merge({
          object: 'Lead',
          salesforce: sf,
          aloware: al,
          fingerprint: fp,
          rows,
          settings: settings(),
          context: ctx,
        });
        const b = merge({
          object: 'Lead',
          salesforce: reversedRecord,
          aloware: al,
          fingerprint: fp,
          rows: shuffled,
          settings: settings(),
          context: ctx,
        });
        expect(b.toAloware).toEqual(a.toAloware);
        expect(b.toSalesforce).toEqual(a.toSalesforce);
        expect(b.fingerprint).toEqual(a.fingerprint);
        const byField = (x: { field: string }, y: { field: string }): number => (x.field < y.field ? -1 : 1);
        expect([...b.decisions].sort(byField)).toEqual([...a.decisions].sort(byField));
      }),
      { numRuns: 300 },
    );
  });
});
