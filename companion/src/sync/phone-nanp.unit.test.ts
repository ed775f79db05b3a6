import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseWithLibrary } from './phone.js';
import { nanpFastPath } from './phone-nanp.js';
import type { CountryCode } from 'libphonenumber-js/max';

/** Area codes from across NANP (US, Canada, the Caribbean, toll-free, premium) and some that are not assigned. */
const AREAS = [
  '202',
  '212',
  '268',
  '264',
  '284',
  '340',
  '345',
  '403',
  '416',
  '441',
  '473',
  '500',
  '555',
  '649',
  '664',
  '670',
  '671',
  '684',
  '721',
  '758',
  '767',
  '784',
  '787',
  '800',
  '809',
  '829',
  '868',
  '869',
  '876',
  '900',
  '939',
  '999',
  '111',
  '011',
  '310',
  '989',
];
const REGIONS: (CountryCode | undefined)[] = ['US', 'CA', 'AG', 'JM', 'PR', 'GB', 'DE', undefined];

const digits = (n: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
const national = fc.oneof(
  fc.tuple(fc.constantFrom(...AREAS), digits(7)).map(([a, rest]) => a + rest),
  digits(10),
  fc.integer({ min: 6, max: 12 }).chain((n) => digits(n)),
);
const typed = fc
  .tuple(
    national,
    fc.constantFrom('', '+1', '1', '+1 ', '+', '+(1)', '1-', '011 1 '),
    fc.constantFrom(0, 1, 2, 3, 4, 5),
  )
  .map(([n, prefix, style]) => {
    const [a, b, c] = [n.slice(0, 3), n.slice(3, 6), n.slice(6)];
    const body = [
      n,
      `(${a}) ${b}-${c}`,
      `${a}.${b}.${c}`,
      `${a} ${b} ${c}`,
      `${a}-${b}-${c}`,
      `(${a})${b}.${c}`,
    ][style];
    return `${prefix}${body}`;
  });

describe('nanpFastPath', () => {
  it('answers only what libphonenumber answers: a valid number, with its E.164 and country', () => {
    let answered = 0;
    fc.assert(
      fc.property(typed, fc.constantFrom(...REGIONS), (text, region) => {
        const fast = nanpFastPath(text, region);
        const library = parseWithLibrary(text, region ?? 'XX');
        if (fast) {
          answered++;
          expect(library).toEqual({ ok: true, e164: fast.e164, country: fast.country });
        } else if (library.ok && /^\+?[0-9 ().-]+$/.test(text) && library.extension === undefined) {
          // A miss costs time only; it must not be the common typed forms of a valid NANP number.
          const bare = text.replace(/[^0-9]/g, '');
          const plain = text.startsWith('+') ? bare.length === 11 && bare[0] === '1' : bare.length === 10;
          if (plain && region !== 'GB' && region !== 'DE' && (region !== undefined || text.startsWith('+')))
            expect.fail(`fast path missed ${text} (${region}) → ${library.e164}`);
        }
      }),
      { numRuns: 4_000 },
    );
    expect(answered).toBeGreaterThan(200);
  }, 60_000);

  it.each([
    ['(212) 555-0143', 'US', '+12125550143', 'US'],
    ['416.555.0143', 'US', '+14165550143', 'CA'],
    ['+1 268 464 1234', undefined, '+12684641234', 'AG'],
    ['(212) 555-0143', 'CA', '+12125550143', 'US'],
  ] as const)('%s with region %s is %s in %s', (text, region, e164, country) => {
    expect(nanpFastPath(text, region)).toEqual({ e164, country });
  });

  it.each([
    ['1 212 555 0143', 'US'], // a national prefix: libphonenumber decides
    ['(212) 555-0143', 'GB'], // not a NANP default region
    ['(212) 555-0143', undefined],
    ['(999) 555-0143', 'US'], // not valid: libphonenumber gives the reason
    ['212-555-0143 x12', 'US'],
    ['+44 20 7946 0958', 'US'],
  ] as const)('%s with region %s is left to libphonenumber', (text, region) => {
    expect(nanpFastPath(text, region)).toBeUndefined();
  });
});
