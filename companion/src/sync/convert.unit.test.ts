import { describe, expect, it } from 'vitest';
import { toAlowareValue, toSalesforceValue } from './convert.js';
import { expandAlowareName, NOT_PROVIDED, withRequiredCreateFields } from './name.js';
import { alowarePayload, salesforceCreateValues } from './payload.js';
import { merge } from './merge.js';
import { CONTACT_DESCRIBE, ctxFor, LEAD_DESCRIBE, row, settings } from './test-fixtures.js';
import { canonicalFromAloware, canonicalFromSalesforce } from './values.js';
import { defaultMappingFor } from './default-mapping.js';

const lead = ctxFor(LEAD_DESCRIBE);

describe('toSalesforceValue (Aloware → Salesforce, by describe type)', () => {
  it.each([
    ['phone normalised to E.164', row('Phone', 'phone_number'), '(202) 555-0143', '+12025550143'],
    ['unparseable phone kept as typed', row('Phone', 'phone_number'), 'ask reception', 'ask reception'],
    ['email kept as typed', row('Email', 'email'), ' Ann.Lee@Example.com ', 'Ann.Lee@Example.com'],
    ['text trimmed and whitespace collapsed', row('City', 'city'), '  San   Francisco ', 'San Francisco'],
    [
      'textarea keeps its line breaks (CRLF as LF), each line collapsed',
      row('Street', 'address'),
      ' 1 Main  St \r\nSuite 4\n',
      '1 Main St\nSuite 4',
    ],
    [
      'picklist value matched case-insensitively',
      row('LeadSource', 'lead_source'),
      'phone inquiry',
      'Phone Inquiry',
    ],
    ['unrestricted picklist accepts a new value', row('Rating', 'csf1'), 'Lukewarm', 'Lukewarm'],
    ['boolean from "yes"', row('HasOptedOutOfEmail', 'csf1'), 'yes', true],
    ['boolean from "0"', row('HasOptedOutOfEmail', 'csf1'), '0', false],
    ['date', row('Birthday__c', 'date_of_birth'), '1990-02-28', '1990-02-28'],
    ['date part of a datetime', row('Birthday__c', 'date_of_birth'), '1990-02-28T10:00:00Z', '1990-02-28'],
    ['number', row('Score__c', 'csf2'), ' 42.5 ', 42.5],
    ['percent', row('Share__c', 'csf2'), '12.5', 12.5],
    ['datetime in UTC', row('Last_Call__c', 'csf2'), '2026-03-04T05:06:07Z', '2026-03-04T05:06:07.000Z'],
    [
      'datetime with an offset, as the same instant',
      row('Last_Call__c', 'csf2'),
      '2026-03-04T07:06:07.25+02:00',
      '2026-03-04T05:06:07.250Z',
    ],
    [
      "datetime in Salesforce's own form",
      row('Last_Call__c', 'csf2'),
      '2026-03-04T05:06:07.000+0000',
      '2026-03-04T05:06:07.000Z',
    ],
    [
      "multi-picklist in the picklist's spelling and order, repeats dropped",
      row('Languages__c', 'csf2'),
      'french; ENGLISH;;French',
      'English;French',
    ],
    ['unrestricted multi-picklist keeps new values', row('Tags__c', 'csf2'), 'new;vip', 'VIP;new'],
    ['blank multi-picklist becomes null', row('Languages__c', 'csf2'), ' ; ', null],
    ['owner through the users table', row('OwnerId', 'user_id'), '102', '005000000000002AAA'],
    ['blank becomes null on a nillable field', row('City', 'city'), '   ', null],
    ['blank boolean becomes false', row('HasOptedOutOfEmail', 'csf1'), '', false],
  ])('%s', (_name, mapping, input, expected) => {
    expect(toSalesforceValue(mapping, input, lead, 'update')).toEqual({ value: expected });
  });

  it('truncates text to the field length with a warning', () => {
    const result = toSalesforceValue(
      row('City', 'city'),
      'Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch',
      lead,
      'update',
    );
    expect(result.value).toBe('Llanfairpwllgwyngyllgogerychwyrndrobwlll');
    expect(result.issue).toMatchObject({ field: 'City', code: 'truncated' });
  });

  it.each([
    [
      'a restricted picklist value not allowed',
      row('LeadSource', 'lead_source'),
      'Facebook',
      'picklist_value_not_allowed',
    ],
    [
      'an inactive restricted picklist value',
      row('LeadSource', 'lead_source'),
      'Trade Show',
      'picklist_value_not_allowed',
    ],
    ['an invalid email', row('Email', 'email'), 'ann(at)example.com', 'invalid_email'],
    ['an email without a domain dot', row('Email', 'email'), 'ann@localhost', 'invalid_email'],
    ['a non-boolean', row('HasOptedOutOfEmail', 'csf1'), 'maybe', 'invalid_boolean'],
    ['a US-style date', row('Birthday__c', 'date_of_birth'), '02/28/1990', 'invalid_date'],
    ['an impossible date', row('Birthday__c', 'date_of_birth'), '1990-02-30', 'invalid_date'],
    ['a non-number', row('Score__c', 'csf2'), 'lots', 'invalid_number'],
    [
      'a datetime without a time zone',
      row('Last_Call__c', 'csf2'),
      '2026-03-04T05:06:07',
      'invalid_datetime',
    ],
    ['a date for a datetime', row('Last_Call__c', 'csf2'), '2026-03-04', 'invalid_datetime'],
    ['an impossible datetime', row('Last_Call__c', 'csf2'), '2026-02-30T10:00:00Z', 'invalid_datetime'],
    ['a US-style datetime', row('Last_Call__c', 'csf2'), '03/04/2026 5:06 AM', 'invalid_datetime'],
    [
      'a multi-picklist value not allowed',
      row('Languages__c', 'csf2'),
      'English;Klingon',
      'picklist_value_not_allowed',
    ],
    ['an inactive multi-picklist value', row('Languages__c', 'csf2'), 'German', 'picklist_value_not_allowed'],
    ['an Aloware user without a Salesforce user', row('OwnerId', 'user_id'), '103', 'owner_not_matched'],
    ['a blank required field', row('LastName', 'last_name'), '', 'required_value_missing'],
    ['a read-only field', row('IsConverted', 'csf1'), 'true', 'field_not_writable'],
  ])('rejects %s with a reason', (_name, mapping, input, code) => {
    const result = toSalesforceValue(mapping, input, lead, 'update');
    expect(result.value).toBeUndefined();
    expect(result.issue?.code).toBe(code);
    expect(result.issue?.message).toBeTruthy();
  });

  it('lists the allowed values in the picklist rejection', () => {
    const result = toSalesforceValue(row('LeadSource', 'lead_source'), 'Facebook', lead, 'update');
    expect(result.issue?.message).toContain('Web, Phone Inquiry, Partner Referral');
  });

  it('checks createable on create and updateable on update', () => {
    const ctx = ctxFor([
      { name: 'Ext__c', type: 'string', createable: true, updateable: false, nillable: true },
    ]);
    expect(toSalesforceValue(row('Ext__c', 'csf1'), 'x', ctx, 'create')).toEqual({ value: 'x' });
    expect(toSalesforceValue(row('Ext__c', 'csf1'), 'x', ctx, 'update').issue?.code).toBe(
      'field_not_writable',
    );
  });

  it('without describe converts by the Aloware field alone', () => {
    expect(toSalesforceValue(row('Phone', 'phone_number'), '202.555.0143', ctxFor(), 'update')).toEqual({
      value: '+12025550143',
    });
    expect(toSalesforceValue(row('Anything__c', 'notes'), 'x'.repeat(500), ctxFor(), 'update')).toEqual({
      value: 'x'.repeat(500),
    });
  });
});

describe('toAlowareValue (Salesforce → Aloware)', () => {
  it.each([
    ['phone to E.164', row('Phone', 'phone_number'), '(202) 555-0143', '+12025550143'],
    [
      'other phone to E.164',
      row('MobilePhone', 'other_phone_numbers.mobile'),
      '+44 20 7946 0958',
      '+442079460958',
    ],
    ['owner through the users table', row('OwnerId', 'user_id'), '005000000000001AAA', '101'],
    ['boolean as text', row('HasOptedOutOfEmail', 'csf1'), true, 'true'],
    ['null stays null', row('City', 'city'), null, null],
    ['text trimmed', row('City', 'city'), ' Austin ', 'Austin'],
    ['textarea lines kept', row('Street', 'address'), '1 Main St\nSuite 4', '1 Main St\nSuite 4'],
    ['percent as text', row('Share__c', 'csf2'), 12.5, '12.5'],
    [
      'datetime as ISO-8601 UTC',
      row('Last_Call__c', 'csf2'),
      '2026-03-04T05:06:07.000+0000',
      '2026-03-04T05:06:07.000Z',
    ],
    ['multi-picklist as its `;` list', row('Languages__c', 'csf2'), 'English;Spanish', 'English;Spanish'],
  ])('%s', (_name, mapping, input, expected) => {
    expect(toAlowareValue(mapping, input, lead)).toEqual({ value: expected });
  });

  it('keeps a queue-owned Lead out of the Aloware owner', () => {
    expect(toAlowareValue(row('OwnerId', 'user_id'), '00G000000000001AAA', lead).issue?.code).toBe(
      'queue_owned',
    );
  });

  it('reports a Salesforce owner without an Aloware user', () => {
    expect(toAlowareValue(row('OwnerId', 'user_id'), '005000000000009AAA', lead).issue?.code).toBe(
      'owner_not_matched',
    );
  });
});

describe('canonical values', () => {
  it.each([
    ['phone formats', row('Phone', 'phone_number'), '(202) 555-0143', '+1 202-555-0143'],
    ['email case', row('Email', 'email'), 'Ann@Example.COM', ' ann@example.com'],
    ['whitespace', row('City', 'city'), 'New  York', 'New York '],
    ['owner ids', row('OwnerId', 'user_id'), '005000000000001AAA', '101'],
    ['a long Aloware value and its truncated copy', row('City', 'city'), 'A'.repeat(40), 'A'.repeat(60)],
    [
      'one instant in two zones',
      row('Last_Call__c', 'csf2'),
      '2026-03-04T05:06:07.000+0000',
      '2026-03-04T06:06:07+01:00',
    ],
    [
      'textarea line endings and spaces',
      row('Street', 'address'),
      '1 Main St\r\nSuite 4',
      '1 Main St \nSuite  4',
    ],
    ['multi-picklist order and case', row('Languages__c', 'csf2'), 'English;Spanish', 'spanish; english'],
    ['percent formats', row('Share__c', 'csf2'), 12.5, '12.50'],
  ])('treat %s as equal', (_name, mapping, sf, al) => {
    expect(canonicalFromSalesforce(mapping, sf, lead)).toBe(canonicalFromAloware(mapping, al, lead));
  });

  it('tells a textarea with its lines apart from the same words on one line', () => {
    const street = row('Street', 'address');
    expect(canonicalFromSalesforce(street, '1 Main St\nSuite 4', lead)).not.toBe(
      canonicalFromAloware(street, '1 Main St Suite 4', lead),
    );
  });

  it('marks a queue owner and an unmatched Aloware user so they never look equal to a user', () => {
    const owner = row('OwnerId', 'user_id');
    expect(canonicalFromSalesforce(owner, '00G000000000001AAA', lead)).toBe('queue:00G000000000001AAA');
    expect(canonicalFromAloware(owner, '103', lead)).toBe('aloware:103');
  });
});

describe('Aloware name and required fields', () => {
  it.each([
    [{ name: 'Ann Marie Lee' }, 'Ann Marie', 'Lee'],
    [{ name: 'Prince' }, null, 'Prince'],
    [{ name: '  Ann   Lee ' }, 'Ann', 'Lee'],
  ])('collapses %j into first/last when both are absent', (values, first, last) => {
    expect(expandAlowareName(values)).toMatchObject({ first_name: first, last_name: last });
  });

  it('leaves first/last alone when either is present', () => {
    expect(expandAlowareName({ name: 'Ann Lee', first_name: 'Annie' })).toEqual({
      name: 'Ann Lee',
      first_name: 'Annie',
    });
  });

  it.each([
    ['Lead', {}, { LastName: NOT_PROVIDED, Company: NOT_PROVIDED }],
    ['Lead', { FirstName: 'Ann' }, { FirstName: null, LastName: 'Ann', Company: NOT_PROVIDED }],
    ['Contact', { LastName: 'Lee' }, { LastName: 'Lee' }],
    ['Contact', {}, { LastName: NOT_PROVIDED }],
  ] as const)('fills what %s requires on create from %j', (object, values, expected) => {
    expect(withRequiredCreateFields(object, values)).toEqual(expected);
  });
});

describe('payloads', () => {
  it('builds an Aloware create payload from a Contact', () => {
    const record = {
      Id: '003000000000001AAA',
      Phone: '(202) 555-0143',
      Email: 'ann@example.com',
      FirstName: 'Ann',
      LastName: 'Lee',
      OwnerId: '005000000000001AAA',
      HomePhone: '202 555 0178',
      MailingCity: null,
    };
    const { values } = alowarePayload(
      'Contact',
      record,
      defaultMappingFor('Contact'),
      ctxFor(CONTACT_DESCRIBE),
    );
    expect(values).toEqual({
      phone_number: '+12025550143',
      email: 'ann@example.com',
      first_name: 'Ann',
      last_name: 'Lee',
      user_id: '101',
      'other_phone_numbers.home': '+12025550178',
    });
  });

  it('builds Salesforce create values from an Aloware contact with only a name, reporting rejects', () => {
    const { values, issues } = salesforceCreateValues(
      'Lead',
      {
        phone_number: '+12025550143',
        name: 'Ann Lee',
        lead_source: 'Billboard',
        email: 'not-an-email',
        user_id: '102',
      },
      defaultMappingFor('Lead'),
      lead,
    );
    expect(values).toEqual({
      Phone: '+12025550143',
      FirstName: 'Ann',
      LastName: 'Lee',
      OwnerId: '005000000000002AAA',
      Company: NOT_PROVIDED,
    });
    expect(issues.map((i) => i.code).sort()).toEqual(['invalid_email', 'picklist_value_not_allowed']);
  });

  it('honours row direction in payloads', () => {
    const rows = [
      row('Phone', 'phone_number'),
      row('City', 'city', { direction: 'to_salesforce' }),
      row('State', 'state', { direction: 'to_aloware' }),
    ];
    expect(
      alowarePayload('Lead', { Id: 'x', Phone: '2025550143', City: 'Austin', State: 'TX' }, rows, lead)
        .values,
    ).toEqual({ phone_number: '+12025550143', state: 'TX' });
    expect(
      salesforceCreateValues('Lead', { phone_number: '2025550143', city: 'Austin', state: 'TX' }, rows, lead)
        .values,
    ).toMatchObject({ Phone: '+12025550143', City: 'Austin' });
    expect(
      salesforceCreateValues('Lead', { phone_number: '2025550143', city: 'Austin', state: 'TX' }, rows, lead)
        .values,
    ).not.toHaveProperty('State');
  });
});

describe("Salesforce's [not provided] placeholder", () => {
  const last = row('LastName', 'last_name');
  const mergePlaceholder = (alowareLast: string) =>
    merge({
      object: 'Lead',
      salesforce: { Id: '00Q1', LastName: NOT_PROVIDED },
      aloware: { last_name: alowareLast },
      rows: [last],
      settings: settings(),
      context: lead,
    });

  it('is no value: not sent to Aloware, equal to an empty Aloware last name', () => {
    expect(toAlowareValue(last, NOT_PROVIDED, lead)).toEqual({ value: null });
    const result = mergePlaceholder('');
    expect(result.toAloware).toEqual({});
    expect(result.toSalesforce).toEqual({});
    expect(result.decisions.map((d) => d.reason)).toEqual(['equal']);
  });

  it('gives way to a real last name from Aloware', () => {
    const result = mergePlaceholder('Hopper');
    expect(result.toSalesforce).toEqual({ LastName: 'Hopper' });
  });
});
