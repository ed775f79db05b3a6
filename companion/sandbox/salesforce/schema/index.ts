// The org schema: standard objects + the package's custom objects/fields, with describe output.
import {
  DEFAULT_METADATA_DIR,
  fallbackCustomFields,
  fallbackCustomObjects,
  readObjectMetadata,
} from './custom.js';
import { standardObjects } from './standard.js';
import { field, makeObject, reference, type FieldDef, type ObjectDef } from './types.js';

export type { FieldDef, ObjectDef } from './types.js';

export class Schema {
  private readonly objects = new Map<string, ObjectDef>(); // lower-case name → def
  private readonly byPrefix = new Map<string, ObjectDef>();

  constructor(metadataDir: string = DEFAULT_METADATA_DIR) {
    for (const o of [...standardObjects(), ...fallbackCustomObjects()]) this.add(o);
    for (const [objectName, fields] of Object.entries(fallbackCustomFields()))
      this.addFields(objectName, fields);
    this.applyMetadata(metadataDir);
  }

  private add(o: ObjectDef): void {
    this.objects.set(o.name.toLowerCase(), o);
    this.byPrefix.set(o.keyPrefix, o);
  }

  private addFields(objectName: string, fields: FieldDef[]): void {
    const o = this.object(objectName);
    if (!o) return;
    for (const f of fields) o.fields.set(f.name.toLowerCase(), f);
  }

  private applyMetadata(dir: string): void {
    let customCount = this.byPrefix.size;
    for (const meta of readObjectMetadata(dir)) {
      if (!this.object(meta.name)) {
        if (!meta.name.endsWith('__c')) continue; // unknown standard object: not emulated
        const prefix = `a0${(customCount += 1).toString(36).toUpperCase()}`;
        this.add(
          makeObject(meta.name, prefix, standardCustomFields(meta.customSetting), {
            label: meta.label,
            customSetting: meta.customSetting,
          }),
        );
      }
      this.addFields(meta.name, meta.fields);
    }
  }

  object(name: string): ObjectDef | undefined {
    return this.objects.get(name.toLowerCase());
  }

  objectForId(id: string): ObjectDef | undefined {
    return this.byPrefix.get(id.slice(0, 3));
  }

  all(): ObjectDef[] {
    return [...this.objects.values()];
  }
}

/** Fields every custom object (Name, OwnerId) or custom setting (Name, SetupOwnerId) has before its own fields. */
function standardCustomFields(customSetting: boolean): FieldDef[] {
  const name = field('Name', 'string', { length: 80 });
  return customSetting
    ? [
        name,
        reference('SetupOwnerId', ['Organization', 'Profile', 'User'], 'SetupOwner', { label: 'Location' }),
      ]
    : [name, reference('OwnerId', ['User'], 'Owner', { nillable: false, defaultedOnCreate: true })];
}

const SOAP_TYPES: Record<string, string> = {
  id: 'tns:ID',
  reference: 'tns:ID',
  boolean: 'xsd:boolean',
  date: 'xsd:date',
  datetime: 'xsd:dateTime',
  int: 'xsd:int',
  double: 'xsd:double',
  currency: 'xsd:double',
  percent: 'xsd:double',
};

function describeField(f: FieldDef): Record<string, unknown> {
  const picklistValues = (f.picklistValues ?? []).map((v) => ({
    active: true,
    defaultValue: v === f.defaultValue,
    label: v,
    value: v,
    validFor: null,
  }));
  return {
    name: f.name,
    label: f.label,
    type: f.type,
    length: f.length,
    byteLength: f.length * 3,
    precision: f.precision ?? 0,
    scale: f.scale ?? 0,
    digits: f.type === 'int' ? (f.precision ?? 9) : 0,
    createable: f.createable,
    updateable: f.updateable,
    nillable: f.nillable,
    defaultedOnCreate: f.defaultedOnCreate,
    defaultValue: f.defaultValue ?? null,
    externalId: f.externalId,
    unique: f.unique,
    idLookup: f.type === 'id' || f.externalId,
    calculated: false,
    custom: f.custom,
    nameField: f.name === 'Name',
    referenceTo: f.referenceTo ?? [],
    relationshipName: f.relationshipName ?? null,
    polymorphicForeignKey: (f.referenceTo?.length ?? 0) > 1,
    restrictedPicklist: f.restrictedPicklist ?? false,
    picklistValues,
    soapType: SOAP_TYPES[f.type] ?? 'xsd:string',
    filterable: f.type !== 'textarea' || f.length <= 255,
    sortable: f.type !== 'textarea' || f.length <= 255,
    groupable: f.type !== 'textarea' && f.type !== 'datetime',
    caseSensitive: false,
    autoNumber: false,
    htmlFormatted: false,
  };
}

function objectUrls(base: string, o: ObjectDef): Record<string, string> {
  const root = `${base}/sobjects/${o.name}`;
  return { sobject: root, describe: `${root}/describe`, rowTemplate: `${root}/{ID}` };
}

export function describeGlobalEntry(base: string, o: ObjectDef): Record<string, unknown> {
  const writable = o.name !== 'User' && o.name !== 'Group';
  return {
    name: o.name,
    label: o.label,
    labelPlural: o.labelPlural,
    keyPrefix: o.keyPrefix,
    custom: o.custom,
    customSetting: o.customSetting,
    createable: writable,
    updateable: writable,
    deletable: writable,
    undeletable: writable,
    queryable: true,
    searchable: !o.customSetting,
    retrieveable: true,
    layoutable: !o.customSetting,
    urls: objectUrls(base, o),
  };
}

export function describeObject(base: string, o: ObjectDef): Record<string, unknown> {
  const childRelationships =
    o.name === 'Lead' || o.name === 'Contact'
      ? [{ childSObject: 'Task', field: 'WhoId', relationshipName: 'Tasks', cascadeDelete: false }]
      : [];
  return {
    ...describeGlobalEntry(base, o),
    fields: [...o.fields.values()].map(describeField),
    childRelationships,
    recordTypeInfos: [],
  };
}
