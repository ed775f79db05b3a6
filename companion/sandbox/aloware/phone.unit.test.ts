import { describe, expect, it } from 'vitest';
import { isPossibleButInvalid, normalisePhone, possibleE164 } from './phone.js';

describe('normalisePhone', () => {
  it.each([
    ['2025550143', '+12025550143'],
    ['12025550143', '+12025550143'],
    ['+12025550143', '+12025550143'],
    ['(202) 555-0143', '+12025550143'],
    ['202.555.0143', '+12025550143'],
    [2025550143, '+12025550143'],
    ['+447911123456', '+447911123456'],
  ])('%s → %s', (input, expected) => {
    expect(normalisePhone(input)).toBe(expected);
  });

  it.each([undefined, null, '', '123', '5551234567', '1-800-FLOWERS', 'call me', {}])(
    'refuses %s',
    (input) => {
      expect(normalisePhone(input)).toBeUndefined();
    },
  );
});

describe('possible but invalid numbers', () => {
  it('keeps an E.164 form for a possible number that is not assignable', () => {
    expect(isPossibleButInvalid('5551234567')).toBe(true);
    expect(possibleE164('5551234567')).toBe('+15551234567');
    expect(isPossibleButInvalid('2025550143')).toBe(false);
    expect(isPossibleButInvalid('12')).toBe(false);
  });
});
