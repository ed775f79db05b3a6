// The rest of the standard fields of Lead, Contact, Account, Task and User (Salesforce Object Reference, API 64.0)
// beyond those the product uses (standard.ts), so describe lists what a real org lists. Compound fields
// (Address, Name) are not emulated; their components are. README "Standard fields".
import { field, picklist, readOnly, reference, type FieldDef } from './types.js';

const SALUTATIONS = ['Mr.', 'Ms.', 'Mrs.', 'Dr.', 'Prof.', 'Mx.'];
const INDUSTRIES = [
  'Agriculture',
  'Apparel',
  'Banking',
  'Biotechnology',
  'Chemicals',
  'Communications',
  'Construction',
  'Consulting',
  'Education',
  'Electronics',
  'Energy',
  'Engineering',
  'Entertainment',
  'Environmental',
  'Finance',
  'Food & Beverage',
  'Government',
  'Healthcare',
  'Hospitality',
  'Insurance',
  'Machinery',
  'Manufacturing',
  'Media',
  'Not For Profit',
  'Recreation',
  'Retail',
  'Shipping',
  'Technology',
  'Telecommunications',
  'Transportation',
  'Utilities',
  'Other',
];
const RATINGS = ['Hot', 'Warm', 'Cold'];
const GEOCODE_ACCURACY = [
  'Address',
  'NearAddress',
  'Block',
  'Street',
  'ExtendedZip',
  'Zip',
  'Neighborhood',
  'City',
  'County',
  'State',
  'Unknown',
];

const coordinate = (name: string): FieldDef => field(name, 'double', { precision: 18, scale: 15 });

/** Street/City/State/PostalCode/Country/Latitude/Longitude/GeocodeAccuracy with a prefix (`Mailing`, `Billing`). */
function address(prefix: string): FieldDef[] {
  return [
    field(`${prefix}Street`, 'textarea', { length: 255 }),
    field(`${prefix}City`, 'string', { length: 40 }),
    field(`${prefix}State`, 'string', { length: 80 }),
    field(`${prefix}PostalCode`, 'string', { length: 20 }),
    field(`${prefix}Country`, 'string', { length: 80 }),
    coordinate(`${prefix}Latitude`),
    coordinate(`${prefix}Longitude`),
    picklist(`${prefix}GeocodeAccuracy`, GEOCODE_ACCURACY, { restrictedPicklist: true }),
  ];
}

/** Name parts, opt-outs, bounce and activity fields Lead and Contact share. */
function personFields(): FieldDef[] {
  return [
    picklist('Salutation', SALUTATIONS),
    field('MiddleName', 'string', { length: 40 }),
    field('Suffix', 'string', { length: 40 }),
    field('Description', 'textarea', { length: 32000 }),
    field('HasOptedOutOfEmail', 'boolean', { label: 'Email Opt Out' }),
    field('HasOptedOutOfFax', 'boolean', { label: 'Fax Opt Out' }),
    field('DoNotCall', 'boolean', { label: 'Do Not Call' }),
    field('EmailBouncedReason', 'string', { length: 255 }),
    field('EmailBouncedDate', 'datetime'),
    field('PhotoUrl', 'url', { ...readOnly, length: 255 }),
    field('Jigsaw', 'string', { length: 20, label: 'Data.com Key' }),
    field('LastActivityDate', 'date', readOnly),
    field('LastViewedDate', 'datetime', readOnly),
    field('LastReferencedDate', 'datetime', readOnly),
  ];
}

export function leadReferenceFields(): FieldDef[] {
  return [
    ...personFields(),
    coordinate('Latitude'),
    coordinate('Longitude'),
    picklist('GeocodeAccuracy', GEOCODE_ACCURACY, { restrictedPicklist: true }),
    field('Website', 'url', { length: 255 }),
    picklist('Industry', INDUSTRIES),
    picklist('Rating', RATINGS),
    field('AnnualRevenue', 'currency', { precision: 18, scale: 0 }),
    field('NumberOfEmployees', 'int', { precision: 8, label: 'Employees' }),
    field('IsUnreadByOwner', 'boolean', { label: 'Unread By Owner' }),
    field('LastTransferDate', 'date', readOnly),
  ];
}

export function contactReferenceFields(): FieldDef[] {
  return [
    ...personFields(),
    field('AssistantPhone', 'phone', { length: 40, label: 'Asst. Phone' }),
    field('AssistantName', 'string', { length: 40, label: "Assistant's Name" }),
    field('Department', 'string', { length: 80 }),
    field('Birthdate', 'date'),
    reference('ReportsToId', ['Contact'], 'ReportsTo'),
    coordinate('MailingLatitude'),
    coordinate('MailingLongitude'),
    picklist('MailingGeocodeAccuracy', GEOCODE_ACCURACY, { restrictedPicklist: true }),
    ...address('Other'),
    field('IsEmailBounced', 'boolean', readOnly),
    field('LastCURequestDate', 'datetime', readOnly),
    field('LastCUUpdateDate', 'datetime', readOnly),
  ];
}

export function accountReferenceFields(): FieldDef[] {
  return [
    picklist('Type', [
      'Prospect',
      'Customer - Direct',
      'Customer - Channel',
      'Channel Partner / Reseller',
      'Installation Partner',
      'Technology Partner',
      'Other',
    ]),
    reference('ParentId', ['Account'], 'Parent'),
    ...address('Billing'),
    ...address('Shipping'),
    field('Phone', 'phone', { length: 40 }),
    field('Fax', 'phone', { length: 40 }),
    field('AccountNumber', 'string', { length: 40 }),
    field('Website', 'url', { length: 255 }),
    field('PhotoUrl', 'url', { ...readOnly, length: 255 }),
    field('Sic', 'string', { length: 20, label: 'SIC Code' }),
    picklist('Industry', INDUSTRIES),
    field('AnnualRevenue', 'currency', { precision: 18, scale: 0 }),
    field('NumberOfEmployees', 'int', { precision: 8, label: 'Employees' }),
    picklist('Ownership', ['Public', 'Private', 'Subsidiary', 'Other']),
    field('TickerSymbol', 'string', { length: 20 }),
    field('Description', 'textarea', { length: 32000 }),
    picklist('Rating', RATINGS),
    field('Site', 'string', { length: 80, label: 'Account Site' }),
    picklist('AccountSource', ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other']),
    field('SicDesc', 'string', { length: 80, label: 'SIC Description' }),
    field('Jigsaw', 'string', { length: 20, label: 'Data.com Key' }),
    field('LastActivityDate', 'date', readOnly),
    field('LastViewedDate', 'datetime', readOnly),
    field('LastReferencedDate', 'datetime', readOnly),
  ];
}

export function taskReferenceFields(): FieldDef[] {
  return [
    reference('AccountId', ['Account'], 'Account', readOnly),
    field('IsHighPriority', 'boolean', { ...readOnly, label: 'High Priority' }),
    field('IsArchived', 'boolean', { ...readOnly, label: 'Archived' }),
    field('ReminderDateTime', 'datetime', { label: 'Reminder Date/Time' }),
    field('IsReminderSet', 'boolean', { label: 'Reminder Set' }),
    field('IsRecurrence', 'boolean', { label: 'Create Recurring Series of Tasks' }),
    field('CompletedDateTime', 'datetime', readOnly),
    field('WhoCount', 'int', { ...readOnly, label: 'Relation Count' }),
    field('WhatCount', 'int', { ...readOnly, label: 'Related To Count' }),
  ];
}

export function userReferenceFields(): FieldDef[] {
  const defaulted = (value: string) => ({ nillable: false, defaultedOnCreate: true, defaultValue: value });
  return [
    field('MiddleName', 'string', { length: 40 }),
    field('Suffix', 'string', { length: 40 }),
    field('CompanyName', 'string', { length: 80 }),
    field('Division', 'string', { length: 80 }),
    field('Department', 'string', { length: 80 }),
    field('Title', 'string', { length: 80 }),
    field('Street', 'textarea', { length: 255 }),
    field('City', 'string', { length: 40 }),
    field('State', 'string', { length: 80 }),
    field('PostalCode', 'string', { length: 20 }),
    field('Country', 'string', { length: 80 }),
    field('Phone', 'phone', { length: 40 }),
    field('Fax', 'phone', { length: 40 }),
    field('MobilePhone', 'phone', { length: 40 }),
    field('Extension', 'phone', { length: 40 }),
    // Required in a real org; the emulator defaults them so seeded users need only a name and an email.
    field('Alias', 'string', { length: 8, ...defaulted('user') }),
    field('CommunityNickname', 'string', { length: 40, label: 'Nickname' }),
    picklist('TimeZoneSidKey', ['America/Los_Angeles', 'America/New_York', 'Europe/London', 'GMT'], {
      restrictedPicklist: true,
      ...defaulted('America/Los_Angeles'),
    }),
    picklist('LocaleSidKey', ['en_US', 'en_GB'], { restrictedPicklist: true, ...defaulted('en_US') }),
    picklist('EmailEncodingKey', ['UTF-8', 'ISO-8859-1'], {
      restrictedPicklist: true,
      ...defaulted('UTF-8'),
    }),
    picklist('LanguageLocaleKey', ['en_US'], { restrictedPicklist: true, ...defaulted('en_US') }),
    field('EmployeeNumber', 'string', { length: 20 }),
    reference('ManagerId', ['User'], 'Manager'),
    picklist('UserType', ['Standard', 'PowerPartner', 'CsnOnly', 'Guest'], {
      ...readOnly,
      restrictedPicklist: true,
    }),
    field('LastLoginDate', 'datetime', readOnly),
    field('FederationIdentifier', 'string', { length: 512, label: 'SAML Federation ID' }),
    field('AboutMe', 'textarea', { length: 1000 }),
  ];
}
