import type { SchemaReader } from '../salesforce/gateway.js';
import type { ActiveConfig } from '../store/index.js';
import {
  phoneFields,
  type ConversionContext,
  type MappingRow,
  type SfObject,
  type UserTable,
} from '../sync/index.js';

/** Everything one object's batch needs from configuration: rows, settings, conversion context, fields. */
export interface ObjectContext {
  object: SfObject;
  config: ActiveConfig;
  rows: MappingRow[];
  context: ConversionContext;
  /** Phone fields indexed for identity. */
  phoneFields: string[];
  /** Fields to SELECT: mapped fields that exist plus identity and audit fields. */
  fields: string[];
}

const IDENTITY_FIELDS: Record<SfObject, string[]> = {
  Lead: [
    'LastModifiedDate',
    'SystemModstamp',
    'IsConverted',
    'ConvertedContactId',
    'FirstName',
    'LastName',
    'Aloware_Contact_Id__c',
  ],
  Contact: ['LastModifiedDate', 'SystemModstamp', 'FirstName', 'LastName', 'Aloware_Contact_Id__c'],
};

export async function objectContext(
  object: SfObject,
  config: ActiveConfig,
  gateway: SchemaReader,
  users: UserTable,
): Promise<ObjectContext> {
  const describe = (await gateway.describe(object)).fields;
  const known = new Set(describe.map((f) => f.name));
  const rows = config.mappings[object].filter((r) => known.has(r.salesforceField));
  const context: ConversionContext = { region: config.settings.defaultRegion, users, describe };
  const fields = [...new Set([...rows.map((r) => r.salesforceField), ...IDENTITY_FIELDS[object]])].filter(
    (f) => known.has(f),
  );
  return { object, config, rows, context, phoneFields: phoneFields(rows, object, context), fields };
}
