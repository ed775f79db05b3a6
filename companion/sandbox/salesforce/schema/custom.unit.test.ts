import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Schema } from './index.js';

const picklistXml = `<?xml version="1.0" encoding="UTF-8"?>
<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">
    <fullName>Tier__c</fullName>
    <label>Tier</label>
    <type>Picklist</type>
    <valueSet>
        <restricted>true</restricted>
        <valueSetDefinition>
            <sorted>false</sorted>
            <value><fullName>Gold</fullName><default>true</default><label>Gold</label></value>
            <value><fullName>Silver</fullName><default>false</default><label>Silver</label></value>
        </valueSetDefinition>
    </valueSet>
</CustomField>`;
const textXml = `<?xml version="1.0" encoding="UTF-8"?>
<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">
    <fullName>Ext__c</fullName><label>Ext</label><type>Text</type><length>32</length>
    <externalId>true</externalId><unique>true</unique><required>false</required>
</CustomField>`;

function metadataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sf-meta-'));
  mkdirSync(join(dir, 'Lead', 'fields'), { recursive: true });
  writeFileSync(join(dir, 'Lead', 'fields', 'Tier__c.field-meta.xml'), picklistXml);
  mkdirSync(join(dir, 'Activity', 'fields'), { recursive: true });
  writeFileSync(join(dir, 'Activity', 'fields', 'Ext__c.field-meta.xml'), textXml);
  mkdirSync(join(dir, 'Widget__c', 'fields'), { recursive: true });
  writeFileSync(
    join(dir, 'Widget__c', 'Widget__c.object-meta.xml'),
    '<CustomObject xmlns="http://soap.sforce.com/2006/04/metadata"><label>Widget</label></CustomObject>',
  );
  writeFileSync(join(dir, 'Widget__c', 'fields', 'Ext__c.field-meta.xml'), textXml);
  return dir;
}

describe('schema from force-app metadata', () => {
  it('adds custom fields to standard objects (Activity → Task) and new custom objects', () => {
    const schema = new Schema(metadataDir());
    expect(schema.object('Lead')?.fields.get('tier__c')).toMatchObject({
      type: 'picklist',
      restrictedPicklist: true,
      picklistValues: ['Gold', 'Silver'],
      defaultValue: 'Gold',
    });
    expect(schema.object('Task')?.fields.get('ext__c')).toMatchObject({
      type: 'string',
      length: 32,
      externalId: true,
      unique: true,
    });
    const widget = schema.object('Widget__c');
    expect(widget).toMatchObject({ label: 'Widget', custom: true });
    expect(widget?.keyPrefix).toMatch(/^a0/);
    expect(widget?.fields.get('ownerid')).toMatchObject({ type: 'reference', referenceTo: ['User'] });
    expect(widget?.fields.get('name')).toMatchObject({ type: 'string' });
    expect(schema.objectForId(`${widget?.keyPrefix}000000000001`)).toBe(widget);
  });

  it('gives Currency, Percent and MultiselectPicklist fields their describe types', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sf-meta-'));
    mkdirSync(join(dir, 'Contact', 'fields'), { recursive: true });
    const doc = (body: string) =>
      `<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">${body}</CustomField>`;
    const write = (name: string, body: string) =>
      writeFileSync(join(dir, 'Contact', 'fields', `${name}.field-meta.xml`), doc(body));
    write(
      'Budget__c',
      '<fullName>Budget__c</fullName><type>Currency</type><precision>16</precision><scale>2</scale>',
    );
    write(
      'Share__c',
      '<fullName>Share__c</fullName><type>Percent</type><precision>5</precision><scale>2</scale>',
    );
    write('Count__c', '<fullName>Count__c</fullName><type>Number</type><precision>8</precision>');
    write(
      'Languages__c',
      '<fullName>Languages__c</fullName><type>MultiselectPicklist</type><visibleLines>4</visibleLines>' +
        '<valueSet><restricted>true</restricted><valueSetDefinition>' +
        '<value><fullName>English</fullName></value><value><fullName>Spanish</fullName></value>' +
        '</valueSetDefinition></valueSet>',
    );
    const fields = new Schema(dir).object('Contact')!.fields;
    expect(fields.get('budget__c')).toMatchObject({ type: 'currency', precision: 16, scale: 2 });
    expect(fields.get('share__c')).toMatchObject({ type: 'percent', precision: 5, scale: 2 });
    expect(fields.get('count__c')).toMatchObject({ type: 'double', precision: 8, scale: 0 });
    expect(fields.get('languages__c')).toMatchObject({
      type: 'multipicklist',
      length: 4099,
      restrictedPicklist: true,
      picklistValues: ['English', 'Spanish'],
    });
  });

  it('falls back to the contract fields when the metadata folder is missing', () => {
    const schema = new Schema('/nonexistent');
    expect(schema.object('Task')?.fields.get('aloware_communication_id__c')).toMatchObject({
      externalId: true,
      unique: true,
    });
    expect(schema.object('Aloware_Field_Mapping__c')?.fields.has('conflict_policy__c')).toBe(true);
  });
});
