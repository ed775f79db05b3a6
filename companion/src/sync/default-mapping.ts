import type { MappingRow, SfObject, SyncSettings } from './types.js';

function row(object: SfObject, salesforceField: string, alowareField: string, locked = false): MappingRow {
  return {
    object,
    salesforceField,
    alowareField,
    direction: 'both',
    locked,
    conflictPolicy: 'salesforce_wins',
  };
}

/**
 * Typed copy of `force-app/main/default/staticresources/AlowareSyncDefaultMapping.json` (docs/contracts.md
 * §6); `default-mapping.unit.test.ts` fails when the two drift.
 */
export const DEFAULT_MAPPING: readonly MappingRow[] = Object.freeze([
  row('Lead', 'Phone', 'phone_number', true),
  row('Lead', 'Email', 'email', true),
  row('Lead', 'OwnerId', 'user_id'),
  row('Lead', 'FirstName', 'first_name'),
  row('Lead', 'LastName', 'last_name'),
  row('Lead', 'LeadSource', 'lead_source'),
  row('Lead', 'MobilePhone', 'other_phone_numbers.mobile'),
  row('Lead', 'Company', 'company_name'),
  row('Lead', 'Street', 'address'),
  row('Lead', 'City', 'city'),
  row('Lead', 'State', 'state'),
  row('Lead', 'PostalCode', 'zipcode'),
  row('Lead', 'Country', 'country'),
  row('Contact', 'Phone', 'phone_number', true),
  row('Contact', 'Email', 'email', true),
  row('Contact', 'OwnerId', 'user_id'),
  row('Contact', 'FirstName', 'first_name'),
  row('Contact', 'LastName', 'last_name'),
  row('Contact', 'LeadSource', 'lead_source'),
  row('Contact', 'MobilePhone', 'other_phone_numbers.mobile'),
  row('Contact', 'HomePhone', 'other_phone_numbers.home'),
  row('Contact', 'OtherPhone', 'other_phone_numbers.other'),
  row('Contact', 'MailingStreet', 'address'),
  row('Contact', 'MailingCity', 'city'),
  row('Contact', 'MailingState', 'state'),
  row('Contact', 'MailingPostalCode', 'zipcode'),
  row('Contact', 'MailingCountry', 'country'),
]);

export function defaultMappingFor(object: SfObject): MappingRow[] {
  return DEFAULT_MAPPING.filter((r) => r.object === object).map((r) => ({ ...r }));
}

/**
 * The rows to use for an object: Salesforce's rows, or the defaults when it holds none (docs/contracts.md
 * §2). The locked identity rows (Phone ↔ phone_number, Email ↔ email, both ways) are always part of it: a
 * stored row for a locked field is replaced by the locked row (keeping its conflict policy), a missing one is
 * added, so no mapping set (saved by the panel, Data Loader or the API) can leave records without their
 * identity.
 */
export function effectiveMapping(object: SfObject, rows: readonly MappingRow[]): MappingRow[] {
  const own = rows.filter((r) => r.object === object);
  if (own.length === 0) return defaultMappingFor(object);
  const locked = DEFAULT_MAPPING.filter((r) => r.object === object && r.locked).map((l) => {
    const stored = own.find(
      (r) => r.salesforceField === l.salesforceField && r.alowareField === l.alowareField,
    );
    return { ...l, conflictPolicy: stored?.conflictPolicy ?? l.conflictPolicy };
  });
  const isLocked = (r: MappingRow) =>
    locked.some((l) => l.salesforceField === r.salesforceField || l.alowareField === r.alowareField);
  return [...locked, ...own.filter((r) => !isLocked(r)).map((r) => ({ ...r }))];
}

/** Used when no `Aloware_Sync_Settings__c` row exists (docs/contracts.md §2). */
export const DEFAULT_SETTINGS: Readonly<SyncSettings> = Object.freeze<SyncSettings>({
  leadSyncEnabled: true,
  contactSyncEnabled: true,
  priorityObject: 'Contact',
  lead: Object.freeze({ create: 'both', update: 'both' }),
  contact: Object.freeze({ create: 'both', update: 'both' }),
  defaultRegion: 'US',
});
