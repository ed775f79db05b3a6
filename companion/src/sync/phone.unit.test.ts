import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskPhone, normalizePhone, phoneKey, phoneSearchVariants } from './phone.js';

describe('normalizePhone', () => {
  it.each([
    // US / NANP: punctuation, +1 vs 1 vs 10 digits, extensions, international prefix from the US
    ['(202) 555-0143', 'US', '+12025550143', undefined],
    ['202-555-0143', 'US', '+12025550143', undefined],
    ['202.555.0143', 'US', '+12025550143', undefined],
    ['2025550143', 'US', '+12025550143', undefined],
    ['1 202 555 0143', 'US', '+12025550143', undefined],
    ['1-202-555-0143', 'US', '+12025550143', undefined],
    ['+1 (202) 555-0143', 'US', '+12025550143', undefined],
    ['  +1.202.555.0143  ', 'US', '+12025550143', undefined],
    ['202-555-0143 x123', 'US', '+12025550143', '123'],
    ['202-555-0143x77', 'US', '+12025550143', '77'],
    ['(202) 555-0143 ext. 5', 'US', '+12025550143', '5'],
    ['202 555 0143 extension 42', 'US', '+12025550143', '42'],
    ['1-800-356-9377', 'US', '+18003569377', undefined],
    ['011 44 20 7946 0958', 'US', '+442079460958', undefined],
    // UK
    ['020 7946 0958', 'GB', '+442079460958', undefined],
    ['07911 123456', 'GB', '+447911123456', undefined],
    ['0044 20 7946 0958', 'GB', '+442079460958', undefined],
    ['+44 (0)20 7946 0958', 'US', '+442079460958', undefined],
    // Germany
    ['030 901820', 'DE', '+4930901820', undefined],
    ['+49 30 901820', 'US', '+4930901820', undefined],
    ['0049 151 23456789', 'DE', '+4915123456789', undefined],
    // India
    ['098765 43210', 'IN', '+919876543210', undefined],
    ['+91 98765 43210', 'US', '+919876543210', undefined],
    // Brazil
    ['(11) 91234-5678', 'BR', '+5511912345678', undefined],
    ['+55 11 91234-5678', 'US', '+5511912345678', undefined],
    // region given in lower case, or unknown (then only international numbers parse)
    ['(202) 555-0143', 'us', '+12025550143', undefined],
    ['+1 202 555 0143', 'XX', '+12025550143', undefined],
    // RFC 3966 and hash extensions, non-ASCII digits
    ['+1 202 555 0143;ext=5', 'US', '+12025550143', '5'],
    ['202-555-0143 #12', 'US', '+12025550143', '12'],
    ['٢٠٢٥٥٥٠١٤٣', 'US', '+12025550143', undefined],
    ['２０２−５５５−０１４３', 'US', '+12025550143', undefined],
  ])('%s in %s → %s (ext %s)', (raw, region, e164, ext) => {
    const result = normalizePhone(raw, region);
    expect(result).toMatchObject({ ok: true, e164 });
    expect(result.ok && result.extension).toBe(ext ?? undefined);
  });

  it.each([
    [null, 'empty'],
    [undefined, 'empty'],
    ['', 'empty'],
    ['   ', 'empty'],
    ['abc', 'not_a_number'],
    ['n/a', 'not_a_number'],
    ['1-800-FLOWERS', 'not_a_number'],
    ['1-800-GOT-JUNK', 'not_a_number'],
    ['call me 202 555 0143', 'not_a_number'],
    ['123', 'too_short'],
    ['202 555 014', 'too_short'],
    ['12345678901234567890', 'too_long'],
    ['+1 202 555 01430', 'too_long'],
    ['(555) 123-4567', 'invalid_for_region'],
    ['020 7946 0958', 'too_long'],
    ['202 123 4567', 'invalid_for_region'],
    ['0000000000', 'invalid_for_region'],
    ['+999 1234567', 'invalid_for_region'],
    ['+1 202 555 0143 ext. abc', 'not_a_number'],
  ])('%j → %s', (raw, reason) => {
    expect(normalizePhone(raw, 'US')).toEqual({ ok: false, reason });
  });

  it('rejects a national number when the default region is not a known country', () => {
    expect(normalizePhone('(202) 555-0143', 'XX')).toEqual({ ok: false, reason: 'invalid_for_region' });
  });

  it('answers the same from its memo as from a fresh parse', () => {
    const first = normalizePhone('202 555 0143 x9', 'US');
    const again = normalizePhone('202 555 0143 x9', 'US');
    expect(again).toEqual(first);
    expect(normalizePhone('+12025550143', 'US')).toEqual({ ok: true, e164: '+12025550143', country: 'US' });
  });

  it('returns the country of the number', () => {
    expect(normalizePhone('+44 20 7946 0958', 'US')).toMatchObject({ country: 'GB' });
  });

  it('is idempotent: an E.164 result normalises to itself in any region', () => {
    const samples = ['(202) 555-0143', '020 7946 0958', '030 901820', '098765 43210', '(11) 91234-5678'];
    const regions = ['US', 'GB', 'DE', 'IN', 'BR'];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 }), fc.constantFrom(...regions), (i, other) => {
        const first = phoneKey(samples[i], regions[i] as string);
        expect(first).not.toBeNull();
        expect(phoneKey(first, other)).toBe(first);
      }),
    );
  });

  it('is idempotent on arbitrary input: normalising a result again gives the same result', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 24 }),
        fc.constantFrom('US', 'GB', 'DE', 'IN', 'BR'),
        (raw, region) => {
          const first = normalizePhone(raw, region);
          if (first.ok)
            expect(normalizePhone(first.e164, region)).toMatchObject({ ok: true, e164: first.e164 });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('is idempotent on digit strings, which mostly parse', () => {
    const digits = fc.stringMatching(/^\+?[0-9 ()-]{7,16}$/);
    fc.assert(
      fc.property(digits, fc.constantFrom('US', 'GB', 'DE', 'IN', 'BR'), (raw, region) => {
        const key = phoneKey(raw, region);
        if (key !== null) expect(phoneKey(key, region)).toBe(key);
      }),
      { numRuns: 500 },
    );
  });
});

describe('maskPhone', () => {
  it.each([
    ['+12025550143', '+1******0143'],
    ['+442079460958', '+44******0958'],
    ['+5511912345678', '+55*******5678'],
    ['2025550143', '******0143'],
    ['123', '***'],
    ['', ''],
    [null, ''],
  ])('%j → %s', (value, masked) => {
    expect(maskPhone(value)).toBe(masked);
  });

  it('never reveals more than the last four digits of the subscriber number', () => {
    expect(maskPhone('+12025550143')).not.toContain('555');
  });
});

describe('phoneSearchVariants', () => {
  it('lists the formats people type for a US number', () => {
    const variants = phoneSearchVariants('+12025550143', 'US');
    for (const v of [
      '+12025550143',
      '2025550143',
      '12025550143',
      '(202) 555-0143',
      '202-555-0143',
      '202.555.0143',
      '1 202 555 0143',
      '1-202-555-0143',
    ]) {
      expect(variants).toContain(v);
    }
  });

  it('lists national and international formats for a UK number', () => {
    const variants = phoneSearchVariants('+442079460958', 'GB');
    expect(variants).toEqual(expect.arrayContaining(['+442079460958', '020 7946 0958', '+44 20 7946 0958']));
  });

  it('every variant normalises back to the same number', () => {
    for (const [e164, region] of [
      ['+12025550143', 'US'],
      ['+442079460958', 'GB'],
      ['+4930901820', 'DE'],
      ['+919876543210', 'IN'],
      ['+5511912345678', 'BR'],
    ] as const) {
      for (const v of phoneSearchVariants(e164, region)) expect(phoneKey(v, region)).toBe(e164);
    }
  });

  it('is empty for an invalid number', () => {
    expect(phoneSearchVariants('+15551234567', 'US')).toEqual([]);
    expect(phoneSearchVariants('garbage', 'US')).toEqual([]);
  });
});
