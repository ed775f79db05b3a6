import { describe, expect, it } from 'vitest';
import { defaultMappingFor } from './default-mapping.js';
import { CONTACT_DESCRIBE, LEAD_DESCRIBE, row } from './test-fixtures.js';
import type { MappingRow } from './types.js';
import { validateMapping } from './validate-mapping.js';

const describeByObject = { Lead: LEAD_DESCRIBE, Contact: CONTACT_DESCRIBE };
const leadDefaults = (): MappingRow[] => defaultMappingFor('Lead');
const contactDefaults = (): MappingRow[] => defaultMappingFor('Contact');

function codes(rows: MappingRow[]): string[] {
  return validateMapping(rows, describeByObject).map((e) => `${e.rowIndex}:${e.field}:${e.code}`);
}

describe('validateMapping', () => {
  it('accepts the default mappings with describe', () => {
    expect(validateMapping([...leadDefaults(), ...contactDefaults()], describeByObject)).toEqual([]);
  });

  it.each<[string, (rows: MappingRow[]) => MappingRow[], string[]]>([
    [
      'a Salesforce field used twice',
      (r) => [...r, row('City', 'notes')],
      ['13:salesforceField:duplicate_salesforce_field'],
    ],
    [
      'an Aloware field used twice',
      (r) => [...r, row('Rating', 'city')],
      ['13:alowareField:duplicate_aloware_field'],
    ],
    [
      'the locked Phone row removed',
      (r) => r.filter((x) => x.salesforceField !== 'Phone'),
      ['-1:salesforceField:locked_row_missing'],
    ],
    [
      'the locked Email row pointed elsewhere',
      (r) => r.map((x) => (x.salesforceField === 'Email' ? { ...x, alowareField: 'csf1' } : x)),
      ['1:alowareField:locked_row_changed'],
    ],
    [
      'the locked Email row narrowed to one direction',
      (r) => r.map((x) => (x.salesforceField === 'Email' ? { ...x, direction: 'to_aloware' as const } : x)),
      ['1:alowareField:locked_row_changed'],
    ],
    [
      'an unknown Salesforce field',
      (r) => [...r, row('Nope__c', 'csf1')],
      ['13:salesforceField:unknown_salesforce_field'],
    ],
    [
      'an unknown Aloware field',
      (r) => [...r, row('Rating', 'favourite_colour')],
      ['13:alowareField:unknown_aloware_field'],
    ],
    [
      'a Contact-only field on a Lead',
      (r) => [...r, row('HomePhone', 'other_phone_numbers.home')],
      ['13:salesforceField:wrong_object'],
    ],
    [
      'a read-only field written from Aloware',
      (r) => [...r, row('CreatedDate', 'csf1')],
      ['13:direction:not_writable_in_salesforce'],
    ],
    [
      'an invalid direction',
      (r) => [...r, row('Rating', 'csf1', { direction: 'sideways' as never })],
      ['13:direction:invalid_value'],
    ],
    [
      'an invalid policy',
      (r) => [...r, row('Rating', 'csf1', { conflictPolicy: 'loudest' as never })],
      ['13:conflictPolicy:invalid_value'],
    ],
  ])('reports %s', (_name, change, expected) => {
    expect(codes(change(leadDefaults()))).toEqual(expected);
  });

  it('accepts a read-only field sent to Aloware only', () => {
    expect(codes([...leadDefaults(), row('CreatedDate', 'csf1', { direction: 'to_aloware' })])).toEqual([]);
  });

  it('reports a Lead-only field on a Contact even without describe', () => {
    const rows = [...contactDefaults(), row('Company', 'company_name', { object: 'Contact' })];
    expect(validateMapping(rows).map((e) => e.code)).toEqual(['wrong_object']);
  });

  it('gives messages an admin can act on', () => {
    const errors = validateMapping(
      [...leadDefaults(), row('CreatedDate', 'csf1'), row('City', 'notes')],
      describeByObject,
    );
    expect(errors.map((e) => e.message)).toEqual([
      'Lead.CreatedDate is read-only in Salesforce: set the direction to to_aloware',
      'City is already mapped in row 10; each field can be mapped once',
    ]);
  });

  it('checks the Aloware field list it is given', () => {
    const rows = [...leadDefaults(), row('Rating', 'custom_slug')];
    const fields = [
      ...leadDefaults().map((r) => ({ name: r.alowareField, type: 'string' as const })),
      { name: 'custom_slug', type: 'string' as const },
    ];
    expect(validateMapping(rows, describeByObject, fields)).toEqual([]);
  });
});
