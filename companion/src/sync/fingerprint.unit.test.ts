import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultMappingFor } from './default-mapping.js';
import {
  fieldKey,
  fingerprintHash,
  fingerprintOf,
  fingerprintOfAloware,
  sameFingerprint,
} from './fingerprint.js';
import { ctxFor, CONTACT_DESCRIBE } from './test-fixtures.js';

const rows = defaultMappingFor('Contact');
const ctx = ctxFor(CONTACT_DESCRIBE);

describe('fingerprintOf', () => {
  it('holds the normalised mapped values, keyed by row', () => {
    const fp = fingerprintOf(
      {
        Id: '003x',
        Phone: '(202) 555-0143',
        Email: ' Ann@Example.com',
        FirstName: ' Ann ',
        Unmapped__c: 'x',
      },
      rows,
      ctx,
    );
    expect(fp['Phone/phone_number']).toBe('+12025550143');
    expect(fp['Email/email']).toBe('ann@example.com');
    expect(fp['FirstName/first_name']).toBe('Ann');
    expect(fp['MailingCity/city']).toBeNull();
    expect(Object.keys(fp)).toHaveLength(rows.length);
    expect(fp).not.toHaveProperty('Unmapped__c');
  });

  it('is the same from either side when the two agree', () => {
    const sf = {
      Id: '003x',
      Phone: '202-555-0143',
      Email: 'ann@example.com',
      OwnerId: '005000000000001AAA',
      FirstName: 'Ann',
      LastName: 'Lee',
    };
    const al = {
      phone_number: '+12025550143',
      email: 'ANN@example.com',
      user_id: '101',
      first_name: 'Ann',
      last_name: 'Lee',
    };
    expect(fingerprintOfAloware(al, rows, ctx)).toEqual(fingerprintOf(sf, rows, ctx));
  });

  it('keys rows by both field names, so remapping starts afresh', () => {
    expect(fieldKey({ salesforceField: 'Phone', alowareField: 'phone_number' })).toBe('Phone/phone_number');
  });
});

describe('fingerprintHash', () => {
  it('is stable across key order and formatting that normalises away', () => {
    const a = fingerprintOf({ Id: '1', Phone: '(202) 555-0143', FirstName: 'Ann' }, rows, ctx);
    const b = fingerprintOf(
      { FirstName: ' Ann', Phone: '+1 202 555 0143', Id: '1' },
      [...rows].reverse(),
      ctx,
    );
    expect(fingerprintHash(a)).toBe(fingerprintHash(b));
    expect(fingerprintHash(a)).toMatch(/^[0-9a-f]{16}$/);
  });

  it('changes when a value changes, and tells null from empty', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.option(fc.string(), { nil: null })),
        fc.string(),
        fc.string(),
        (fp, key, value) => {
          const changed = { ...fp, [key]: fp[key] === value ? `${value}!` : value };
          expect(fingerprintHash(changed)).not.toBe(fingerprintHash(fp));
        },
      ),
    );
    expect(fingerprintHash({ a: null })).not.toBe(fingerprintHash({ a: '' }));
  });
});

describe('sameFingerprint', () => {
  const value = fc.option(fc.string({ maxLength: 4 }), { nil: null });
  const fingerprint = fc.dictionary(fc.constantFrom('a/x', 'b/y', 'c/z', 'd/w'), value);

  it('is equality of the JSON with keys sorted', () => {
    const sorted = (f: Record<string, string | null>) =>
      JSON.stringify(Object.fromEntries(Object.entries(f).sort(([a], [b]) => (a < b ? -1 : 1))));
    fc.assert(
      fc.property(fingerprint, fingerprint, (a, b) => {
        expect(sameFingerprint(a, b)).toBe(sorted(a) === sorted(b));
        expect(sameFingerprint(a, { ...a })).toBe(true);
      }),
    );
  });

  it('tells a missing field from a blank one, and a blank from a value', () => {
    expect(sameFingerprint({ 'a/x': null }, {})).toBe(false);
    expect(sameFingerprint({}, { 'a/x': null })).toBe(false);
    expect(sameFingerprint({ 'a/x': null }, { 'a/x': '' })).toBe(false);
    expect(sameFingerprint({ 'a/x': '1', 'b/y': '2' }, { 'b/y': '2', 'a/x': '1' })).toBe(true);
  });
});
