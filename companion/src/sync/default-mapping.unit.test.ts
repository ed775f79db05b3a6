import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAPPING, DEFAULT_SETTINGS, defaultMappingFor, effectiveMapping } from './default-mapping.js';
import { validateMapping } from './validate-mapping.js';

const jsonPath = fileURLToPath(
  new URL('../../../force-app/main/default/staticresources/AlowareSyncDefaultMapping.json', import.meta.url),
);

describe('DEFAULT_MAPPING', () => {
  it('equals the static resource AlowareSyncDefaultMapping.json row for row', () => {
    const json = JSON.parse(readFileSync(jsonPath, 'utf8')) as { rows: unknown[] };
    expect(DEFAULT_MAPPING).toEqual(json.rows);
  });

  it('locks Phone and Email on both objects, and nothing else', () => {
    const locked = DEFAULT_MAPPING.filter((r) => r.locked).map((r) => `${r.object}.${r.salesforceField}`);
    expect(locked.sort()).toEqual(['Contact.Email', 'Contact.Phone', 'Lead.Email', 'Lead.Phone']);
  });

  it('is itself a valid mapping', () => {
    expect(validateMapping(DEFAULT_MAPPING)).toEqual([]);
  });
});

describe('effectiveMapping', () => {
  it('uses the defaults when Salesforce holds no rows for the object', () => {
    expect(effectiveMapping('Lead', [])).toEqual(defaultMappingFor('Lead'));
  });

  it("uses Salesforce's rows for the object when it holds some", () => {
    const lead = defaultMappingFor('Lead');
    const own = [{ ...lead[0]!, conflictPolicy: 'aloware_wins' as const }, lead[1]!, lead[3]!];
    expect(effectiveMapping('Lead', own)).toEqual(own);
    expect(effectiveMapping('Contact', own)).toEqual(defaultMappingFor('Contact'));
  });

  it('always holds the locked Phone and Email rows, whatever the stored set says', () => {
    const first = defaultMappingFor('Contact').find((r) => r.salesforceField === 'FirstName')!;
    const phoneChanged = { ...defaultMappingFor('Contact')[0]!, direction: 'to_salesforce' as const };
    const rows = effectiveMapping('Contact', [first, phoneChanged]);
    expect(rows.map((r) => [r.salesforceField, r.alowareField, r.direction, r.locked])).toEqual([
      ['Phone', 'phone_number', 'both', true],
      ['Email', 'email', 'both', true],
      ['FirstName', 'first_name', 'both', false],
    ]);
    const stolen = { ...first, salesforceField: 'Title', alowareField: 'email' };
    expect(effectiveMapping('Contact', [stolen]).map((r) => r.salesforceField)).toEqual(['Phone', 'Email']);
  });

  it('returns copies the caller may change', () => {
    effectiveMapping('Lead', [])[0]!.salesforceField = 'Changed';
    expect(DEFAULT_MAPPING[0]!.salesforceField).toBe('Phone');
  });
});

describe('DEFAULT_SETTINGS', () => {
  it('matches docs/contracts.md §2: both objects on, priority Contact, directions both, region US', () => {
    expect(DEFAULT_SETTINGS).toEqual({
      leadSyncEnabled: true,
      contactSyncEnabled: true,
      priorityObject: 'Contact',
      lead: { create: 'both', update: 'both' },
      contact: { create: 'both', update: 'both' },
      defaultRegion: 'US',
    });
  });
});
