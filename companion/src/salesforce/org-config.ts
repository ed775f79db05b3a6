import {
  DEFAULT_SETTINGS,
  effectiveMapping,
  parseRepPolicy,
  type ConflictPolicy,
  type FieldDirection,
  type MappingRow,
  type ObjectDirection,
  type SfObject,
} from '../sync/index.js';
import type { OrgMappings, OrgSettings } from './gateway.js';

export const SETTINGS_FIELDS = [
  'Id',
  'Lead_Sync_Enabled__c',
  'Contact_Sync_Enabled__c',
  'Priority_Object__c',
  'Lead_Create_Direction__c',
  'Lead_Update_Direction__c',
  'Contact_Create_Direction__c',
  'Contact_Update_Direction__c',
  'Default_Phone_Region__c',
  'Integration_User_Id__c',
  'Config_Version__c',
  'Record_Link_Field__c',
  'Log_Calls__c',
  'Log_Call_Outcomes__c',
  'Log_Call_Directions__c',
  'Log_Sms__c',
  'Task_Subject_Template__c',
  'Task_Status__c',
  'Store_Recording_Link__c',
  'Default_Owner_Id__c',
  'Default_Account_Id__c',
  'Match_Account_By_Domain__c',
] as const;

export const MAPPING_SOQL =
  'SELECT Id, Object__c, Salesforce_Field__c, Aloware_Field__c, Direction__c, Locked__c, Conflict_Policy__c FROM Aloware_Field_Mapping__c';

const direction = (v: unknown, fallback: ObjectDirection): ObjectDirection =>
  v === 'both' || v === 'inbound' ? v : fallback;

/** docs/contracts.md §2: one settings row (or none) → settings, defaults for anything missing or invalid. */
export function parseSettings(row: Record<string, unknown> | undefined): OrgSettings {
  const d = DEFAULT_SETTINGS;
  if (!row)
    return {
      version: 0,
      settings: structuredClone({ ...d }),
      integrationUserId: null,
      policy: parseRepPolicy(undefined),
    };
  const region = typeof row.Default_Phone_Region__c === 'string' ? row.Default_Phone_Region__c.trim() : '';
  return {
    version: Number(row.Config_Version__c ?? 0) || 0,
    integrationUserId: typeof row.Integration_User_Id__c === 'string' ? row.Integration_User_Id__c : null,
    policy: parseRepPolicy(row),
    settings: {
      leadSyncEnabled: row.Lead_Sync_Enabled__c !== false,
      contactSyncEnabled: row.Contact_Sync_Enabled__c !== false,
      priorityObject: row.Priority_Object__c === 'Lead' ? 'Lead' : 'Contact',
      lead: {
        create: direction(row.Lead_Create_Direction__c, d.lead.create),
        update: direction(row.Lead_Update_Direction__c, d.lead.update),
      },
      contact: {
        create: direction(row.Contact_Create_Direction__c, d.contact.create),
        update: direction(row.Contact_Update_Direction__c, d.contact.update),
      },
      defaultRegion: /^[A-Za-z]{2}$/.test(region) ? region.toUpperCase() : d.defaultRegion,
    },
  };
}

const DIRECTIONS: readonly FieldDirection[] = ['both', 'to_aloware', 'to_salesforce'];
const POLICIES: readonly ConflictPolicy[] = [
  'salesforce_wins',
  'aloware_wins',
  'newest_wins',
  'fill_if_blank',
];

/** Mapping rows → per-object rows (default mapping where an object has none). Malformed rows are skipped. */
export function parseMappings(rows: readonly Record<string, unknown>[]): OrgMappings {
  const parsed: MappingRow[] = [];
  for (const r of rows) {
    const object = r.Object__c;
    if (object !== 'Lead' && object !== 'Contact') continue;
    if (typeof r.Salesforce_Field__c !== 'string' || typeof r.Aloware_Field__c !== 'string') continue;
    parsed.push({
      object: object as SfObject,
      salesforceField: r.Salesforce_Field__c,
      alowareField: r.Aloware_Field__c,
      direction: DIRECTIONS.includes(r.Direction__c as FieldDirection)
        ? (r.Direction__c as FieldDirection)
        : 'both',
      locked: r.Locked__c === true,
      conflictPolicy: POLICIES.includes(r.Conflict_Policy__c as ConflictPolicy)
        ? (r.Conflict_Policy__c as ConflictPolicy)
        : 'salesforce_wins',
    });
  }
  return { Lead: effectiveMapping('Lead', parsed), Contact: effectiveMapping('Contact', parsed) };
}
