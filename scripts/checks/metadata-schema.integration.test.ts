import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMetadataTypes } from '../lib/metadata-types.js';
import { checkMetadataSchema, parseXml, unprefixedComponent } from './metadata-schema.js';
import { copyFixture, DEFAULT, runCheckScript } from './test-fixture.js';

const edit = (file: string, from: string, to: string): void => {
  const text = readFileSync(file, 'utf8');
  expect(text).toContain(from);
  writeFileSync(file, text.replace(from, to));
};

describe('metadata schema check (Metadata API types from @salesforce/types)', () => {
  let fixture: ReturnType<typeof copyFixture>;
  afterEach(() => fixture?.dispose());

  it('reads the typings: CustomApplication elements, FieldType values, required ApexClass elements', () => {
    const types = loadMetadataTypes();
    expect(types.complex.get('CustomApplication')?.has('isNavAutomaticRefreshDisabled')).toBe(false);
    expect(types.complex.get('CustomApplication')?.has('isNavPersonalizationDisabled')).toBe(true);
    expect(types.enums.get('FieldType')).toContain('Picklist');
    const required = [...(types.complex.get('ApexClass')?.values() ?? [])].filter((e) => e.required);
    expect(required.map((e) => e.name).sort()).toEqual(['apiVersion', 'status']);
  });

  it('passes the valid project, one case per -meta.xml', async () => {
    fixture = copyFixture();
    const report = await checkMetadataSchema(fixture.forceApp);
    expect(report.cases).toHaveLength(4);
    expect(report.cases.filter((c) => !c.ok)).toEqual([]);
  });

  it('fails an unknown element, a bad enum value, a nested unknown element and a missing required one, with file:line', async () => {
    fixture = copyFixture();
    const objectDir = join(fixture.root, DEFAULT, 'objects', 'Aloware_Thing__c');
    const object = join(objectDir, 'Aloware_Thing__c.object-meta.xml');
    edit(object, '<sharingModel>ReadWrite</sharingModel>', '<sharingModel>Readwrite</sharingModel>');
    const field = join(objectDir, 'fields', 'Colour__c.field-meta.xml');
    edit(field, '<length>40</length>', '<length>40</length>\n    <maxLength>40</maxLength>');
    const picklist = join(objectDir, 'fields', 'Size__c.field-meta.xml');
    writeFileSync(
      picklist,
      '<?xml version="1.0" encoding="UTF-8" ?>\n<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">\n' +
        '    <fullName>Size__c</fullName>\n    <label>Size</label>\n    <type>Picklist</type>\n    <valueSet>\n' +
        '        <valueSetDefinition>\n            <value>\n                <fullName>Small</fullName>\n' +
        '                <default>false</default>\n                <colour>red</colour>\n            </value>\n' +
        '            <sorted>maybe</sorted>\n        </valueSetDefinition>\n    </valueSet>\n</CustomField>\n',
    );
    const classMeta = join(fixture.root, DEFAULT, 'classes', 'AlowareGreetingService.cls-meta.xml');
    edit(classMeta, '    <status>Active</status>\n', '');
    const report = await checkMetadataSchema(fixture.forceApp);
    const failed = new Map(report.cases.filter((c) => !c.ok).map((c) => [c.name, c.message ?? '']));
    expect([...failed.keys()].sort()).toEqual([classMeta, field, object, picklist].sort());
    expect(failed.get(object)).toMatch(
      /Aloware_Thing__c\.object-meta\.xml:10 'Readwrite' is not a valid SharingModel for <sharingModel>; valid values: .*ReadWrite/,
    );
    expect(failed.get(field)).toMatch(
      /Colour__c\.field-meta\.xml:6 <maxLength> is not a CustomField element; valid elements: .*length, .*type/,
    );
    expect(failed.get(picklist)).toMatch(/Size__c\.field-meta\.xml:11 <colour> is not a CustomValue element/);
    expect(failed.get(picklist)).toMatch(
      /Size__c\.field-meta\.xml:13 <sorted> must be true or false, got 'maybe'/,
    );
    expect(failed.get(classMeta)).toMatch(
      /AlowareGreetingService\.cls-meta\.xml:2 ApexClass .* missing required element <status>/,
    );
  });

  it('the CLI exits 1 naming the file of a root that is not a Metadata API type', () => {
    fixture = copyFixture();
    const trigger = join(fixture.root, DEFAULT, 'triggers', 'AlowareThingTrigger.trigger-meta.xml');
    writeFileSync(trigger, readFileSync(trigger, 'utf8').replaceAll('ApexTrigger', 'ApexTriger'));
    const { status, output } = runCheckScript('metadata-schema.ts', fixture.forceApp);
    expect(status).toBe(1);
    expect(output).toMatch(
      /✘ .*AlowareThingTrigger\.trigger-meta\.xml:2 <ApexTriger> is not a Metadata API type/,
    );
    expect(output).toMatch(/3 passed, 1 failed/);
  });

  it('parseXml keeps lines, attributes, CDATA and entities', () => {
    const root = parseXml(
      '<?xml version="1.0"?>\n<!-- c -->\n<A x="1">\n  <B>a &amp; b</B>\n  <C><![CDATA[<x>]]></C>\n  <D/>\n</A>\n',
    );
    expect(root).toMatchObject({ name: 'A', line: 3, attributes: { x: '1' } });
    expect(root.children.map((c) => [c.name, c.line, c.text])).toEqual([
      ['B', 4, 'a & b'],
      ['C', 5, '<x>'],
      ['D', 6, ''],
    ]);
    expect(() => parseXml('<A><B></A>')).toThrow(/closes/);
  });

  it('names every component that lacks the Aloware prefix', () => {
    const d = 'force-app/main/default';
    expect(unprefixedComponent(`${d}/classes/TriggerHandler.cls-meta.xml`)).toBe('TriggerHandler');
    expect(unprefixedComponent(`${d}/triggers/LeadTrigger.trigger-meta.xml`)).toBe('LeadTrigger');
    expect(unprefixedComponent(`${d}/lwc/settings/settings.js-meta.xml`)).toBe('settings');
    expect(unprefixedComponent(`${d}/objects/Lead/fields/Score__c.field-meta.xml`)).toBe('Score__c');
    expect(unprefixedComponent(`${d}/objects/Sync__c/Sync__c.object-meta.xml`)).toBe('Sync__c');
    expect(unprefixedComponent(`${d}/tabs/Settings.tab-meta.xml`)).toBe('Settings');
    for (const ok of [
      `${d}/classes/AlowareTriggerHandler.cls-meta.xml`,
      `${d}/lwc/alowareSyncSettings/alowareSyncSettings.js-meta.xml`,
      `${d}/objects/Lead/fields/Aloware_Contact_Id__c.field-meta.xml`,
      `${d}/objects/Aloware_Sync_Error__c/fields/Message__c.field-meta.xml`,
      `${d}/permissionsets/Aloware_Sync_User.permissionset-meta.xml`,
      `${d}/staticresources/AlowareSyncDefaultMapping.resource-meta.xml`,
    ]) {
      expect(unprefixedComponent(ok)).toBeUndefined();
    }
  });
});
