// The standard objects as describe reports them: the fields the product uses here, the rest of the Object
// Reference's standard fields in reference-fields.ts.
import {
  accountReferenceFields,
  contactReferenceFields,
  leadReferenceFields,
  taskReferenceFields,
  userReferenceFields,
} from './reference-fields.js';
import { field, makeObject, picklist, readOnly, reference, type FieldDef, type ObjectDef } from './types.js';

const LEAD_STATUSES = [
  'Open - Not Contacted',
  'Working - Contacted',
  'Closed - Converted',
  'Closed - Not Converted',
];
const LEAD_SOURCES = ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other'];

const nameFields = (): FieldDef[] => [
  field('FirstName', 'string', { length: 40 }),
  field('LastName', 'string', { length: 80, nillable: false }),
  field('Name', 'string', { ...readOnly, length: 121, label: 'Full Name', nillable: false }),
];

const commonPersonFields = (): FieldDef[] => [
  ...nameFields(),
  field('Title', 'string', { length: 128 }),
  field('Email', 'email', { length: 80 }),
  field('Phone', 'phone', { length: 40 }),
  field('MobilePhone', 'phone', { length: 40 }),
  field('Fax', 'phone', { length: 40 }),
  picklist('LeadSource', LEAD_SOURCES),
  reference('MasterRecordId', ['__self__'], 'MasterRecord', readOnly),
];

function lead(): ObjectDef {
  return makeObject('Lead', '00Q', [
    ...commonPersonFields(),
    field('Company', 'string', { length: 255, nillable: false }),
    picklist('Status', LEAD_STATUSES, {
      nillable: false,
      defaultedOnCreate: true,
      defaultValue: LEAD_STATUSES[0],
    }),
    field('Street', 'textarea', { length: 255 }),
    field('City', 'string', { length: 40 }),
    field('State', 'string', { length: 80 }),
    field('PostalCode', 'string', { length: 20 }),
    field('Country', 'string', { length: 80 }),
    reference('OwnerId', ['Group', 'User'], 'Owner', { nillable: false, defaultedOnCreate: true }),
    field('IsConverted', 'boolean', { ...readOnly, label: 'Converted' }),
    reference('ConvertedContactId', ['Contact'], 'ConvertedContact', readOnly),
    reference('ConvertedAccountId', ['Account'], 'ConvertedAccount', readOnly),
    field('ConvertedDate', 'date', readOnly),
    ...leadReferenceFields(),
  ]);
}

function contact(): ObjectDef {
  return makeObject('Contact', '003', [
    ...commonPersonFields(),
    field('HomePhone', 'phone', { length: 40 }),
    field('OtherPhone', 'phone', { length: 40 }),
    field('MailingStreet', 'textarea', { length: 255 }),
    field('MailingCity', 'string', { length: 40 }),
    field('MailingState', 'string', { length: 80 }),
    field('MailingPostalCode', 'string', { length: 20 }),
    field('MailingCountry', 'string', { length: 80 }),
    reference('AccountId', ['Account'], 'Account'),
    reference('OwnerId', ['User'], 'Owner', { nillable: false, defaultedOnCreate: true }),
    ...contactReferenceFields(),
  ]);
}

function task(): ObjectDef {
  const statuses = ['Not Started', 'In Progress', 'Completed', 'Waiting on someone else', 'Deferred'];
  return makeObject('Task', '00T', [
    reference('WhoId', ['Contact', 'Lead'], 'Who'),
    reference('WhatId', ['Account'], 'What'),
    reference('OwnerId', ['User'], 'Owner', {
      nillable: false,
      defaultedOnCreate: true,
      label: 'Assigned To ID',
    }),
    field('Subject', 'combobox', { length: 255 }),
    picklist('Status', statuses, { nillable: false, defaultedOnCreate: true, defaultValue: 'Not Started' }),
    picklist('Priority', ['High', 'Normal', 'Low'], {
      nillable: false,
      defaultedOnCreate: true,
      defaultValue: 'Normal',
    }),
    field('ActivityDate', 'date', { label: 'Due Date Only' }),
    field('Description', 'textarea', { length: 32000 }),
    picklist('Type', ['Call', 'Email', 'Meeting', 'Other']),
    picklist('TaskSubtype', ['Task', 'Email', 'ListEmail', 'Cadence', 'Call', 'LinkedIn'], {
      updateable: false,
      restrictedPicklist: true,
      defaultedOnCreate: true,
      defaultValue: 'Task',
    }),
    picklist('CallType', ['Inbound', 'Outbound', 'Internal'], { restrictedPicklist: true }),
    field('CallDurationInSeconds', 'int', { precision: 8, label: 'Call Duration' }),
    field('CallDisposition', 'string', { length: 255, label: 'Call Result' }),
    field('CallObject', 'string', { length: 255, label: 'Call Object Identifier' }),
    field('IsClosed', 'boolean', { ...readOnly, label: 'Closed' }),
    ...taskReferenceFields(),
  ]);
}

function user(): ObjectDef {
  return makeObject('User', '005', [
    field('Username', 'string', { length: 80, nillable: false, unique: true }),
    field('Email', 'email', { length: 128, nillable: false }),
    ...nameFields(),
    field('IsActive', 'boolean', { defaultValue: true }),
    ...userReferenceFields(),
  ]);
}

function group(): ObjectDef {
  return makeObject('Group', '00G', [
    field('Name', 'string', { length: 40 }),
    field('DeveloperName', 'string', { length: 80 }),
    picklist('Type', ['Queue', 'Regular'], { restrictedPicklist: true, nillable: false }),
  ]);
}

function account(): ObjectDef {
  return makeObject('Account', '001', [
    field('Name', 'string', { length: 255, nillable: false, label: 'Account Name' }),
    field('Website', 'url', { length: 255 }),
    reference('OwnerId', ['User'], 'Owner', { nillable: false, defaultedOnCreate: true }),
    reference('MasterRecordId', ['Account'], 'MasterRecord', readOnly),
    ...accountReferenceFields(),
  ]);
}

export function standardObjects(): ObjectDef[] {
  const objects = [lead(), contact(), task(), user(), group(), account()];
  for (const o of objects) {
    const master = o.fields.get('masterrecordid');
    if (master) master.referenceTo = [o.name];
  }
  return objects;
}
