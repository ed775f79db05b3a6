import { describe, expect, it } from 'vitest';
import { CsvError, csvRecords, parseCsv, typedRecord } from './bulk-csv.js';

describe('parseCsv', () => {
  it.each([
    ['empty text', '', []],
    [
      'quoted header and row, LF',
      '"Id","Name"\n"1","Ann"\n',
      [
        ['Id', 'Name'],
        ['1', 'Ann'],
      ],
    ],
    [
      'CRLF line endings',
      '"Id","Name"\r\n"1","Ann"\r\n',
      [
        ['Id', 'Name'],
        ['1', 'Ann'],
      ],
    ],
    [
      'no final line ending',
      'a,b\n1,2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    ['doubled quotes', '"x"\n"say ""hi"""\n', [['x'], ['say "hi"']]],
    [
      'comma inside quotes',
      '"x","y"\n"a, b","c"\n',
      [
        ['x', 'y'],
        ['a, b', 'c'],
      ],
    ],
    [
      'newlines inside quotes',
      '"x","y"\n"line 1\nline 2\r\nline 3","z"\n',
      [
        ['x', 'y'],
        ['line 1\nline 2\r\nline 3', 'z'],
      ],
    ],
    [
      'empty fields are null, quoted or not',
      '"a","b","c"\n"",,"v"\n',
      [
        ['a', 'b', 'c'],
        [null, null, 'v'],
      ],
    ],
    [
      'trailing empty field',
      'a,b\n1,\n',
      [
        ['a', 'b'],
        ['1', null],
      ],
    ],
    [
      'a lone quote pair is null, four quotes is one quote',
      '"a","b"\n"",""""\n',
      [
        ['a', 'b'],
        [null, '"'],
      ],
    ],
    [
      'unquoted text kept as is',
      'a,b\nplain text,42\n',
      [
        ['a', 'b'],
        ['plain text', '42'],
      ],
    ],
  ])('%s', (_name, text, rows) => {
    expect(parseCsv(text)).toEqual(rows);
  });

  it('uses another delimiter when told', () => {
    expect(parseCsv('"a"|"b"\n"1,2"|"3"\n', '|')).toEqual([
      ['a', 'b'],
      ['1,2', '3'],
    ]);
  });

  it.each([
    ['unterminated quote', 'x\n"a\nb', /unterminated quoted field/],
    ['text after a closing quote', '"a"x,b\n', /unexpected character after a closing quote/],
    ['quote inside an unquoted field', 'a,b"c\n', /quote inside an unquoted field/],
  ])('rejects %s', (_name, text, message) => {
    expect(() => parseCsv(text)).toThrow(CsvError);
    expect(() => parseCsv(text)).toThrow(message);
  });

  it('names the line of a malformed field after multi-line values', () => {
    expect(() => parseCsv('"a"\n"x\ny"\n"bad"z\n')).toThrow('CSV line 4');
  });
});

describe('csvRecords', () => {
  it('keys each row by the header', () => {
    const text =
      '"Id","Description","Phone"\n"00Q1","He said ""no, thanks""\nthen left",""\n"00Q2",,"+1415"\n';
    expect(csvRecords(text)).toEqual([
      { Id: '00Q1', Description: 'He said "no, thanks"\nthen left', Phone: null },
      { Id: '00Q2', Description: null, Phone: '+1415' },
    ]);
  });

  it('has no records for a header-only page or an empty text', () => {
    expect(csvRecords('"Id","Name"\n')).toEqual([]);
    expect(csvRecords('')).toEqual([]);
  });

  it('rejects a row whose field count differs from the header', () => {
    expect(() => csvRecords('"a","b"\n"1"\n')).toThrow('1 fields where the header has 2 (CSV record 1)');
  });
});

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
