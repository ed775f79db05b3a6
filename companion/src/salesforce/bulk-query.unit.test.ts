import { describe, expect, it } from 'vitest';
import { typedRecord } from './bulk-query.js';

describe('typedRecord', () => {
  const types = new Map([
    ['IsConverted', 'boolean'],
    ['NumberOfEmployees', 'int'],
    ['AnnualRevenue', 'currency'],
    ['LastModifiedDate', 'datetime'],
    ['ConvertedDate', 'date'],
    ['Phone', 'phone'],
  ]);

  it.each([
    ['booleans', { IsConverted: 'true' }, { IsConverted: true }],
    ['false booleans', { IsConverted: 'false' }, { IsConverted: false }],
    [
      'numbers',
      { NumberOfEmployees: '42', AnnualRevenue: '1250.5' },
      { NumberOfEmployees: 42, AnnualRevenue: 1250.5 },
    ],
    [
      'a value that is not a number stays as sent',
      { NumberOfEmployees: 'n/a' },
      { NumberOfEmployees: 'n/a' },
    ],
    [
      'datetimes in the REST form',
      { LastModifiedDate: '2024-05-01T10:00:00.000Z' },
      { LastModifiedDate: '2024-05-01T10:00:00.000+0000' },
    ],
    [
      'dates and text unchanged',
      { ConvertedDate: '2024-05-01', Phone: '0123' },
      { ConvertedDate: '2024-05-01', Phone: '0123' },
    ],
    [
      'nulls stay null whatever the type',
      { IsConverted: null, NumberOfEmployees: null },
      { IsConverted: null, NumberOfEmployees: null },
    ],
    ['unknown fields stay strings', { Owner_Code__c: '007' }, { Owner_Code__c: '007' }],
  ])('%s', (_name, record, expected) => {
    expect(typedRecord(record, types)).toEqual(expected);
  });
});
