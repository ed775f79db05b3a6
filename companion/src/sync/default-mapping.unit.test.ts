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
    const own = [{ ...DEFAULT_MAPPING[0]!, conflictPolicy: 'aloware_wins' as const }];
    expect(effectiveMapping('Lead', own)).toEqual(own);
    expect(effectiveMapping('Contact', own)).toEqual(defaultMappingFor('Contact'));
  });

  it('returns copies the caller may change', () => {
    effectiveMapping('Lead', [])[0]!.salesforceField = 'Changed';
    expect(DEFAULT_MAPPING[0]!.salesforceField).toBe('Phone');
  });
});

describe('DEFAULT_SETTINGS', () => {
  it('matches contracts §2: both objects on, priority Contact, all directions both, region US', () => {
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
