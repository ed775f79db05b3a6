import { describe, expect, it } from 'vitest';
import { DEFAULT_REP_POLICY, DEFAULT_SETTINGS, defaultMappingFor } from '../sync/index.js';
import { parseMappings, parseSettings } from './org-config.js';

describe('org settings and mappings (docs/contracts.md §2)', () => {
  it('uses the defaults when no settings row exists', () => {
    expect(parseSettings(undefined)).toEqual({
      version: 0,
      settings: { ...DEFAULT_SETTINGS },
      integrationUserId: null,
      policy: DEFAULT_REP_POLICY,
    });
  });

  it('reads a row and falls back for invalid text values', () => {
    const s = parseSettings({
      Lead_Sync_Enabled__c: false,
      Contact_Sync_Enabled__c: true,
      Priority_Object__c: 'Lead',
      Lead_Create_Direction__c: 'inbound',
      Lead_Update_Direction__c: 'sideways',
      Contact_Create_Direction__c: 'both',
      Contact_Update_Direction__c: null,
      Default_Phone_Region__c: 'gb',
      Integration_User_Id__c: '005000000000001AAA',
      Config_Version__c: 7,
    });
    expect(s.version).toBe(7);
    expect(s.integrationUserId).toBe('005000000000001AAA');
    expect(s.settings).toEqual({
      leadSyncEnabled: false,
      contactSyncEnabled: true,
      priorityObject: 'Lead',
      lead: { create: 'inbound', update: 'both' },
      contact: { create: 'both', update: 'both' },
      defaultRegion: 'GB',
    });
  });

  it('uses the default mapping for an object without rows and skips malformed rows', () => {
    const m = parseMappings([
      {
        Object__c: 'Lead',
        Salesforce_Field__c: 'Phone',
        Aloware_Field__c: 'phone_number',
        Direction__c: 'both',
        Locked__c: true,
        Conflict_Policy__c: 'salesforce_wins',
      },
      {
        Object__c: 'Lead',
        Salesforce_Field__c: 'Title',
        Aloware_Field__c: 'csf1',
        Direction__c: 'weird',
        Locked__c: false,
        Conflict_Policy__c: 'nope',
      },
      { Object__c: 'Account', Salesforce_Field__c: 'Name', Aloware_Field__c: 'name' },
    ]);
    // The locked Email row is always added (see effectiveMapping).
    expect(m.Lead.map((r) => r.salesforceField)).toEqual(['Phone', 'Email', 'Title']);
    expect(m.Lead[2]).toMatchObject({
      salesforceField: 'Title',
      direction: 'both',
      conflictPolicy: 'salesforce_wins',
    });
    expect(m.Contact).toEqual(defaultMappingFor('Contact'));
  });
});
