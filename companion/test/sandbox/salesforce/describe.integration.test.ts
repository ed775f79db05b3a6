import type { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSalesforceEmulator, type SalesforceEmulator } from '../../../sandbox/salesforce/index.js';
import { connect } from './support.js';

let emu: SalesforceEmulator;
let conn: Connection;
beforeAll(async () => {
  emu = await startSalesforceEmulator();
  conn = (await connect(emu.url)).conn;
});
afterAll(() => emu.stop());

type Field = { name: string; [k: string]: unknown };
const fieldOf = (fields: Field[], name: string) => fields.find((f) => f.name === name);

describe('describe', () => {
  it('describes Lead fields with type, length, flags and picklist values', async () => {
    const lead = await conn.describe('Lead');
    expect(lead).toMatchObject({ name: 'Lead', keyPrefix: '00Q', custom: false, queryable: true });
    const fields = lead.fields as unknown as Field[];
    expect(fieldOf(fields, 'Phone')).toMatchObject({
      type: 'phone',
      length: 40,
      createable: true,
      updateable: true,
      nillable: true,
    });
    expect(fieldOf(fields, 'LastName')).toMatchObject({ nillable: false, createable: true });
    expect(fieldOf(fields, 'IsConverted')).toMatchObject({
      type: 'boolean',
      createable: false,
      updateable: false,
    });
    expect(fieldOf(fields, 'OwnerId')).toMatchObject({
      type: 'reference',
      referenceTo: ['Group', 'User'],
      relationshipName: 'Owner',
    });
    const status = fieldOf(fields, 'Status') as unknown as {
      picklistValues: { value: string; defaultValue: boolean }[];
    };
    expect(status.picklistValues.find((p) => p.defaultValue)?.value).toBe('Open - Not Contacted');
    expect(fieldOf(fields, 'Aloware_Contact_Id__c')).toMatchObject({
      type: 'string',
      length: 64,
      externalId: true,
      custom: true,
    });
    expect(fieldOf(fields, 'HomePhone')).toBeUndefined();
  });

  it('describes Contact, Task, User, Group, Account and the package custom objects', async () => {
    const contact = (await conn.describe('Contact')).fields as unknown as Field[];
    expect(fieldOf(contact, 'HomePhone')).toMatchObject({ type: 'phone' });
    const task = (await conn.describe('Task')).fields as unknown as Field[];
    expect(fieldOf(task, 'TaskSubtype')).toMatchObject({
      createable: true,
      updateable: false,
      restrictedPicklist: true,
    });
    expect(fieldOf(task, 'Aloware_Communication_Id__c')).toMatchObject({ externalId: true, unique: true });
    expect(fieldOf(task, 'Aloware_Channel__c')).toMatchObject({ type: 'picklist' });
    for (const name of ['User', 'Group', 'Account']) expect((await conn.describe(name)).name).toBe(name);
    const mapping = (await conn.describe('Aloware_Field_Mapping__c')).fields as unknown as Field[];
    expect(fieldOf(mapping, 'Direction__c')).toMatchObject({ type: 'picklist', restrictedPicklist: true });
    const settings = await conn.describe('Aloware_Sync_Settings__c');
    expect(settings.customSetting).toBe(true);
    expect(fieldOf(settings.fields as unknown as Field[], 'Lead_Sync_Enabled__c')).toMatchObject({
      type: 'boolean',
    });
  });

  it('lists every object in describeGlobal', async () => {
    const global = await conn.describeGlobal();
    const names = global.sobjects.map((s) => s.name);
    for (const n of [
      'Lead',
      'Contact',
      'Task',
      'User',
      'Group',
      'Account',
      'Aloware_Sync_Settings__c',
      'Aloware_Field_Mapping__c',
    ]) {
      expect(names).toContain(n);
    }
  });
});
