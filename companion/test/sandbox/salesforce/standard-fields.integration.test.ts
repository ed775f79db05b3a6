// Describe of the standard objects lists the Object Reference's standard fields with their types (README).
import type { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSalesforceEmulator, type SalesforceEmulator } from '../../../sandbox/salesforce/index.js';
import { connect } from './support.js';

let emu: SalesforceEmulator;
let conn: Connection;
beforeAll(async () => {
  emu = await startSalesforceEmulator();
  conn = (await connect(emu.url, 'sandbox-rep')).conn;
});
afterAll(() => emu.stop());

/** Standard fields and types of the Salesforce Object Reference (API 64.0), compound fields aside. */
const REFERENCE: Record<string, Record<string, string>> = {
  Lead: {
    Salutation: 'picklist',
    FirstName: 'string',
    MiddleName: 'string',
    LastName: 'string',
    Suffix: 'string',
    Title: 'string',
    Company: 'string',
    Street: 'textarea',
    City: 'string',
    State: 'string',
    PostalCode: 'string',
    Country: 'string',
    Latitude: 'double',
    Longitude: 'double',
    GeocodeAccuracy: 'picklist',
    Phone: 'phone',
    MobilePhone: 'phone',
    Fax: 'phone',
    Email: 'email',
    Website: 'url',
    PhotoUrl: 'url',
    Description: 'textarea',
    LeadSource: 'picklist',
    Status: 'picklist',
    Industry: 'picklist',
    Rating: 'picklist',
    AnnualRevenue: 'currency',
    NumberOfEmployees: 'int',
    OwnerId: 'reference',
    HasOptedOutOfEmail: 'boolean',
    HasOptedOutOfFax: 'boolean',
    DoNotCall: 'boolean',
    IsConverted: 'boolean',
    ConvertedDate: 'date',
    ConvertedAccountId: 'reference',
    ConvertedContactId: 'reference',
    IsUnreadByOwner: 'boolean',
    LastActivityDate: 'date',
    EmailBouncedReason: 'string',
    EmailBouncedDate: 'datetime',
    Jigsaw: 'string',
    MasterRecordId: 'reference',
  },
  Contact: {
    AccountId: 'reference',
    Salutation: 'picklist',
    FirstName: 'string',
    MiddleName: 'string',
    LastName: 'string',
    Suffix: 'string',
    OtherStreet: 'textarea',
    OtherCity: 'string',
    OtherState: 'string',
    OtherPostalCode: 'string',
    OtherCountry: 'string',
    MailingStreet: 'textarea',
    MailingCity: 'string',
    MailingState: 'string',
    MailingPostalCode: 'string',
    MailingCountry: 'string',
    Phone: 'phone',
    Fax: 'phone',
    MobilePhone: 'phone',
    HomePhone: 'phone',
    OtherPhone: 'phone',
    AssistantPhone: 'phone',
    ReportsToId: 'reference',
    Email: 'email',
    Title: 'string',
    Department: 'string',
    AssistantName: 'string',
    LeadSource: 'picklist',
    Birthdate: 'date',
    Description: 'textarea',
    OwnerId: 'reference',
    HasOptedOutOfEmail: 'boolean',
    HasOptedOutOfFax: 'boolean',
    DoNotCall: 'boolean',
    LastActivityDate: 'date',
    EmailBouncedReason: 'string',
    EmailBouncedDate: 'datetime',
    IsEmailBounced: 'boolean',
    PhotoUrl: 'url',
    Jigsaw: 'string',
    MasterRecordId: 'reference',
  },
  Account: {
    Name: 'string',
    Type: 'picklist',
    ParentId: 'reference',
    BillingStreet: 'textarea',
    BillingCity: 'string',
    ShippingStreet: 'textarea',
    Phone: 'phone',
    Fax: 'phone',
    AccountNumber: 'string',
    Website: 'url',
    Industry: 'picklist',
    AnnualRevenue: 'currency',
    NumberOfEmployees: 'int',
    Ownership: 'picklist',
    TickerSymbol: 'string',
    Description: 'textarea',
    Rating: 'picklist',
    Site: 'string',
    OwnerId: 'reference',
    AccountSource: 'picklist',
  },
  Task: {
    WhoId: 'reference',
    WhatId: 'reference',
    Subject: 'combobox',
    ActivityDate: 'date',
    Status: 'picklist',
    Priority: 'picklist',
    IsHighPriority: 'boolean',
    OwnerId: 'reference',
    Description: 'textarea',
    Type: 'picklist',
    AccountId: 'reference',
    IsClosed: 'boolean',
    CallDurationInSeconds: 'int',
    CallType: 'picklist',
    CallDisposition: 'string',
    CallObject: 'string',
    ReminderDateTime: 'datetime',
    IsReminderSet: 'boolean',
    TaskSubtype: 'picklist',
    CompletedDateTime: 'datetime',
  },
  User: {
    Username: 'string',
    LastName: 'string',
    FirstName: 'string',
    CompanyName: 'string',
    Department: 'string',
    Title: 'string',
    Email: 'email',
    Phone: 'phone',
    MobilePhone: 'phone',
    Alias: 'string',
    IsActive: 'boolean',
    TimeZoneSidKey: 'picklist',
    LocaleSidKey: 'picklist',
    EmailEncodingKey: 'picklist',
    LanguageLocaleKey: 'picklist',
    ManagerId: 'reference',
    UserType: 'picklist',
    AboutMe: 'textarea',
  },
};

describe('standard fields', () => {
  it.each(Object.keys(REFERENCE))('%s lists the Object Reference fields with their types', async (object) => {
    const d = await conn.describe(object);
    const types = Object.fromEntries(d.fields.map((f) => [f.name, String(f.type)]));
    for (const [name, type] of Object.entries(REFERENCE[object]!))
      expect({ name, type: types[name] }).toEqual({ name, type });
  });

  it('writes and reads the ordinary types: textarea, date, boolean, picklist, currency, url', async () => {
    const created = await conn.sobject('Contact').create({
      LastName: 'Typed',
      Description: 'two\nlines',
      Birthdate: '1990-02-03',
      DoNotCall: true,
      LeadSource: 'Web',
      Department: 'Sales',
    });
    const lead = await conn.sobject('Lead').create({
      LastName: 'L',
      Company: 'C',
      AnnualRevenue: 1250000.5,
      Website: 'https://example.com',
      Industry: 'Banking',
      NumberOfEmployees: 12,
    });
    const c = await conn.sobject('Contact').retrieve((created as { id: string }).id);
    expect(c).toMatchObject({
      Description: 'two\nlines',
      Birthdate: '1990-02-03',
      DoNotCall: true,
      LeadSource: 'Web',
    });
    const l = await conn.sobject('Lead').retrieve((lead as { id: string }).id);
    expect(l).toMatchObject({
      AnnualRevenue: 1250000.5,
      Website: 'https://example.com',
      NumberOfEmployees: 12,
    });
    const bad = await conn
      .sobject('Lead')
      .create({ LastName: 'L', Company: 'C', AnnualRevenue: 'lots' })
      .catch((e: { errorCode: string }) => e);
    expect((bad as { errorCode: string }).errorCode).toBe('INVALID_TYPE_ON_FIELD_IN_RECORD');
  });
});
