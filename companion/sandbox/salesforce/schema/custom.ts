// The package's custom objects and fields: read from force-app metadata, with the contract (docs/contracts.md §2)
// as the fallback so the emulator works before (or without) the metadata being present.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { field, makeObject, picklist, reference, type FieldDef, type ObjectDef } from './types.js';

export const DEFAULT_METADATA_DIR = fileURLToPath(
  new URL('../../../../force-app/main/default/objects', import.meta.url),
);

const text = (name: string, length: number, extra: Partial<FieldDef> = {}): FieldDef =>
  field(name, 'string', { length, ...extra });

/** Custom fields on standard objects, keyed by object name (Task custom fields live on Activity in metadata). */
export function fallbackCustomFields(): Record<string, FieldDef[]> {
  const alowareContactFields = (): FieldDef[] => [
    text('Aloware_Contact_Id__c', 64, { externalId: true }),
    field('Aloware_Last_Synced__c', 'datetime'),
  ];
  return {
    Lead: alowareContactFields(),
    Contact: alowareContactFields(),
    Task: [
      text('Aloware_Communication_Id__c', 64, { externalId: true, unique: true }),
      field('Aloware_Recording_Url__c', 'url', { length: 255 }),
      picklist('Aloware_Channel__c', ['Call', 'SMS'], { restrictedPicklist: true }),
      picklist('Aloware_Direction__c', ['Inbound', 'Outbound'], { restrictedPicklist: true }),
    ],
  };
}

export function fallbackCustomObjects(): ObjectDef[] {
  const direction = (name: string) => text(name, 20);
  const settings = makeObject(
    'Aloware_Sync_Settings__c',
    'a00',
    [
      text('Name', 80, { label: 'Name' }),
      reference('SetupOwnerId', ['Organization', 'Profile', 'User'], 'SetupOwner', { label: 'Location' }),
      field('Lead_Sync_Enabled__c', 'boolean', { defaultValue: true }),
      field('Contact_Sync_Enabled__c', 'boolean', { defaultValue: true }),
      text('Priority_Object__c', 20),
      direction('Lead_Create_Direction__c'),
      direction('Lead_Update_Direction__c'),
      direction('Contact_Create_Direction__c'),
      direction('Contact_Update_Direction__c'),
      text('Default_Phone_Region__c', 2),
      text('Integration_User_Id__c', 18),
      field('Config_Version__c', 'double', { precision: 18, scale: 0 }),
    ],
    { label: 'Aloware Sync Settings', labelPlural: 'Aloware Sync Settings', customSetting: true },
  );
  const mapping = makeObject(
    'Aloware_Field_Mapping__c',
    'a01',
    [
      text('Name', 80, { label: 'Aloware Field Mapping Name' }),
      reference('OwnerId', ['User'], 'Owner', { nillable: false, defaultedOnCreate: true }),
      picklist('Object__c', ['Lead', 'Contact'], { restrictedPicklist: true }),
      text('Salesforce_Field__c', 80),
      text('Aloware_Field__c', 80),
      picklist('Direction__c', ['both', 'to_aloware', 'to_salesforce'], { restrictedPicklist: true }),
      field('Locked__c', 'boolean', { defaultValue: false }),
      picklist('Conflict_Policy__c', ['salesforce_wins', 'aloware_wins', 'newest_wins', 'fill_if_blank'], {
        restrictedPicklist: true,
      }),
    ],
    { label: 'Aloware Field Mapping' },
  );
  return [settings, mapping];
}

type Xml = Record<string, unknown>;
const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  isArray: (n) => n === 'value' || n === 'referenceTo',
});

function str(v: unknown): string | undefined {
  return v === undefined || v === null ? undefined : String(v);
}

/** Converts one CustomField metadata document into a FieldDef. */
function fieldFromMetadata(xml: Xml): FieldDef | undefined {
  const name = str(xml.fullName);
  const kind = str(xml.type);
  if (!name || !kind) return undefined;
  const common: Partial<FieldDef> = {
    label: str(xml.label) ?? name,
    externalId: str(xml.externalId) === 'true',
    unique: str(xml.unique) === 'true',
    nillable: str(xml.required) !== 'true',
  };
  const length = Number(str(xml.length) ?? 255);
  switch (kind) {
    case 'Text':
      return field(name, 'string', { ...common, length });
    case 'TextArea':
      return field(name, 'textarea', { ...common, length: 255 });
    case 'LongTextArea':
    case 'Html':
      return field(name, 'textarea', { ...common, length });
    case 'Checkbox':
      return field(name, 'boolean', {
        ...common,
        nillable: false,
        defaultValue: str(xml.defaultValue) === 'true',
      });
    case 'Number':
    case 'Currency':
    case 'Percent':
      // describe types: Number → double, Currency → currency, Percent → percent
      return field(name, kind === 'Number' ? 'double' : kind === 'Currency' ? 'currency' : 'percent', {
        ...common,
        precision: Number(str(xml.precision) ?? 18),
        scale: Number(str(xml.scale) ?? 0),
      });
    case 'Date':
      return field(name, 'date', common);
    case 'DateTime':
      return field(name, 'datetime', common);
    case 'Url':
      return field(name, 'url', { ...common, length: 255 });
    case 'Email':
      return field(name, 'email', { ...common, length: 80 });
    case 'Phone':
      return field(name, 'phone', { ...common, length: 40 });
    case 'Picklist':
      return picklistFromMetadata(name, xml, common);
    case 'MultiselectPicklist':
      return { ...picklistFromMetadata(name, xml, common), type: 'multipicklist', length: 4099 };
    case 'Lookup':
    case 'MasterDetail': {
      const to = str(xml.referenceTo) ?? 'User';
      return reference(
        name,
        [to],
        str(xml.relationshipName) ? `${str(xml.relationshipName)}__r` : name.replace(/__c$/, '__r'),
        common,
      );
    }
    default:
      return field(name, 'string', { ...common, length });
  }
}

function picklistFromMetadata(name: string, xml: Xml, common: Partial<FieldDef>): FieldDef {
  const valueSet = (xml.valueSet ?? {}) as Xml;
  const definition = (valueSet.valueSetDefinition ?? {}) as Xml;
  const values = ((definition.value ?? []) as Xml[]).map((v) => str(v.fullName) ?? '');
  const def = ((definition.value ?? []) as Xml[]).find((v) => str(v.default) === 'true');
  return picklist(name, values, {
    ...common,
    restrictedPicklist: str(valueSet.restricted) === 'true',
    defaultValue: str(def?.fullName) ?? null,
  });
}

export interface MetadataObject {
  name: string;
  label?: string;
  customSetting: boolean;
  fields: FieldDef[];
}

/** Reads every object folder under `dir`; returns [] when the folder does not exist. */
export function readObjectMetadata(dir: string = DEFAULT_METADATA_DIR): MetadataObject[] {
  if (!existsSync(dir)) return [];
  const out: MetadataObject[] = [];
  for (const folder of readdirSync(dir, { withFileTypes: true })) {
    if (!folder.isDirectory()) continue;
    const objectDir = join(dir, folder.name);
    const objectFile = join(objectDir, `${folder.name}.object-meta.xml`);
    const objectXml = existsSync(objectFile)
      ? ((parser.parse(readFileSync(objectFile, 'utf8')) as Xml).CustomObject as Xml)
      : undefined;
    const fieldsDir = join(objectDir, 'fields');
    const fields: FieldDef[] = [];
    if (existsSync(fieldsDir)) {
      for (const file of readdirSync(fieldsDir).filter((f) => f.endsWith('.field-meta.xml'))) {
        const doc = (parser.parse(readFileSync(join(fieldsDir, file), 'utf8')) as Xml).CustomField as
          Xml | undefined;
        const def = doc ? fieldFromMetadata(doc) : undefined;
        if (def) fields.push(def);
      }
    }
    out.push({
      name: folder.name === 'Activity' ? 'Task' : folder.name,
      label: str(objectXml?.label),
      customSetting: objectXml?.customSettingsType !== undefined,
      fields,
    });
  }
  return out;
}
