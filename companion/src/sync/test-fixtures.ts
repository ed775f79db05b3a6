import { DEFAULT_SETTINGS } from './default-mapping.js';
import { matchUsers } from './users.js';
import type { ConversionContext, FieldDescribe, MappingRow, SyncSettings } from './types.js';

/** Shared test data for the sync core's unit tests (imported by `*.unit.test.ts` only). */
function field(name: string, type: string, extra: Partial<FieldDescribe> = {}): FieldDescribe {
  return { name, type, createable: true, updateable: true, nillable: true, ...extra };
}

export const LEAD_DESCRIBE: FieldDescribe[] = [
  field('Id', 'id', { createable: false, updateable: false, nillable: false }),
  field('Phone', 'phone', { length: 40 }),
  field('MobilePhone', 'phone', { length: 40 }),
  field('Email', 'email', { length: 80 }),
  field('FirstName', 'string', { length: 40 }),
  field('LastName', 'string', { length: 80, nillable: false }),
  field('Company', 'string', { length: 255, nillable: false }),
  field('OwnerId', 'reference', { nillable: false }),
  field('LeadSource', 'picklist', {
    length: 255,
    restrictedPicklist: true,
    picklistValues: [
      { value: 'Web', active: true },
      { value: 'Phone Inquiry', active: true },
      { value: 'Partner Referral', active: true },
      { value: 'Trade Show', active: false },
    ],
  }),
  field('Rating', 'picklist', { picklistValues: [{ value: 'Hot', active: true }] }),
  field('Street', 'textarea', { length: 255 }),
  field('City', 'string', { length: 40 }),
  field('State', 'string', { length: 80 }),
  field('PostalCode', 'string', { length: 20 }),
  field('Country', 'string', { length: 80 }),
  field('HasOptedOutOfEmail', 'boolean', { nillable: false }),
  field('Birthday__c', 'date'),
  field('Score__c', 'double'),
  field('Share__c', 'percent'),
  field('Last_Call__c', 'datetime'),
  field('Languages__c', 'multipicklist', {
    length: 4099,
    restrictedPicklist: true,
    picklistValues: ['English', 'Spanish', 'French', 'German'].map((value) => ({
      value,
      active: value !== 'German',
    })),
  }),
  field('Tags__c', 'multipicklist', { length: 4099, picklistValues: [{ value: 'VIP', active: true }] }),
  field('IsConverted', 'boolean', { createable: false, updateable: false, nillable: false }),
  field('CreatedDate', 'datetime', { createable: false, updateable: false, nillable: false }),
];

export const CONTACT_DESCRIBE: FieldDescribe[] = [
  field('Id', 'id', { createable: false, updateable: false, nillable: false }),
  field('Phone', 'phone', { length: 40 }),
  field('MobilePhone', 'phone', { length: 40 }),
  field('HomePhone', 'phone', { length: 40 }),
  field('OtherPhone', 'phone', { length: 40 }),
  field('Email', 'email', { length: 80 }),
  field('FirstName', 'string', { length: 40 }),
  field('LastName', 'string', { length: 80, nillable: false }),
  field('OwnerId', 'reference', { nillable: false }),
  field('LeadSource', 'picklist', { picklistValues: [{ value: 'Web', active: true }] }),
  field('MailingStreet', 'textarea', { length: 255 }),
  field('MailingCity', 'string', { length: 40 }),
  field('MailingState', 'string', { length: 80 }),
  field('MailingPostalCode', 'string', { length: 20 }),
  field('MailingCountry', 'string', { length: 80 }),
];

const USERS = matchUsers(
  [
    { id: 101, email: 'ann@example.com' },
    { id: 102, email: 'Bob@Example.com' },
    { id: 103, email: 'nobody-in-salesforce@example.com' },
  ],
  [
    { Id: '005000000000001AAA', Email: 'ANN@example.com' },
    { Id: '005000000000002AAA', Email: 'bob@example.com' },
  ],
);

export function ctxFor(describe?: FieldDescribe[], region = 'US'): ConversionContext {
  return describe ? { region, users: USERS, describe } : { region, users: USERS };
}

export function settings(overrides: Partial<SyncSettings> = {}): SyncSettings {
  return {
    ...DEFAULT_SETTINGS,
    lead: { ...DEFAULT_SETTINGS.lead },
    contact: { ...DEFAULT_SETTINGS.contact },
    ...overrides,
  };
}

export function row(
  salesforceField: string,
  alowareField: string,
  extra: Partial<MappingRow> = {},
): MappingRow {
  return {
    object: 'Lead',
    salesforceField,
    alowareField,
    direction: 'both',
    locked: false,
    conflictPolicy: 'salesforce_wins',
    ...extra,
  };
}
