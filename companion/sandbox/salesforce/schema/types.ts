// Field and object definitions used by describe, validation and SOQL.
export type FieldType =
  | 'id'
  | 'reference'
  | 'string'
  | 'textarea'
  | 'phone'
  | 'email'
  | 'url'
  | 'picklist'
  | 'combobox'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'int'
  | 'double'
  | 'currency'
  | 'percent'
  | 'multipicklist';

export interface FieldDef {
  name: string;
  label: string;
  type: FieldType;
  length: number;
  createable: boolean;
  updateable: boolean;
  nillable: boolean;
  defaultedOnCreate: boolean;
  externalId: boolean;
  unique: boolean;
  custom: boolean;
  picklistValues?: string[];
  restrictedPicklist?: boolean;
  defaultValue?: string | boolean | null;
  referenceTo?: string[];
  relationshipName?: string;
  precision?: number;
  scale?: number;
}

export interface ObjectDef {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  custom: boolean;
  customSetting: boolean;
  fields: Map<string, FieldDef>; // keyed by lower-case field name
}

type FieldOpts = Partial<Omit<FieldDef, 'name' | 'type'>>;

function labelOf(name: string): string {
  return name
    .replace(/__c$/, '')
    .replace(/Id$/, ' ID')
    .replace(/_/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .trim();
}

export function field(name: string, type: FieldType, opts: FieldOpts = {}): FieldDef {
  const defaultLength =
    type === 'textarea'
      ? 32000
      : type === 'multipicklist'
        ? 4099
        : ['string', 'phone', 'email', 'url', 'picklist', 'combobox'].includes(type)
          ? 255
          : 0;
  return {
    name,
    label: opts.label ?? labelOf(name),
    type,
    length: opts.length ?? defaultLength,
    createable: opts.createable ?? true,
    updateable: opts.updateable ?? true,
    nillable: opts.nillable ?? type !== 'boolean',
    defaultedOnCreate: opts.defaultedOnCreate ?? type === 'boolean',
    externalId: opts.externalId ?? false,
    unique: opts.unique ?? false,
    custom: opts.custom ?? name.endsWith('__c'),
    ...opts,
  };
}

export const readOnly = { createable: false, updateable: false } as const;

export function picklist(name: string, values: string[], opts: FieldOpts = {}): FieldDef {
  return field(name, 'picklist', { picklistValues: values, restrictedPicklist: false, length: 255, ...opts });
}

export function reference(
  name: string,
  to: string[],
  relationshipName: string,
  opts: FieldOpts = {},
): FieldDef {
  return field(name, 'reference', { referenceTo: to, relationshipName, length: 18, ...opts });
}

/** Fields every object carries. */
function systemFields(): FieldDef[] {
  return [
    field('Id', 'id', { ...readOnly, nillable: false, defaultedOnCreate: true, length: 18 }),
    field('IsDeleted', 'boolean', { ...readOnly, label: 'Deleted' }),
    field('CreatedDate', 'datetime', { ...readOnly, nillable: false, defaultedOnCreate: true }),
    reference('CreatedById', ['User'], 'CreatedBy', {
      ...readOnly,
      nillable: false,
      defaultedOnCreate: true,
    }),
    field('LastModifiedDate', 'datetime', { ...readOnly, nillable: false, defaultedOnCreate: true }),
    reference('LastModifiedById', ['User'], 'LastModifiedBy', {
      ...readOnly,
      nillable: false,
      defaultedOnCreate: true,
    }),
    field('SystemModstamp', 'datetime', { ...readOnly, nillable: false, defaultedOnCreate: true }),
  ];
}

export function makeObject(
  name: string,
  keyPrefix: string,
  fields: FieldDef[],
  extra: Partial<Pick<ObjectDef, 'label' | 'labelPlural' | 'custom' | 'customSetting'>> = {},
): ObjectDef {
  const label = extra.label ?? labelOf(name);
  const map = new Map<string, FieldDef>();
  for (const f of [...systemFields(), ...fields]) map.set(f.name.toLowerCase(), f);
  return {
    name,
    label,
    labelPlural: extra.labelPlural ?? `${label}s`,
    keyPrefix,
    custom: extra.custom ?? name.endsWith('__c'),
    customSetting: extra.customSetting ?? false,
    fields: map,
  };
}
