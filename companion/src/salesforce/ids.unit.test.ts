import { describe, expect, it } from 'vitest';
import { sameId, toId18 } from './ids.js';

describe('toId18', () => {
  it.each([
    ['00Q5g0000000001', '00Q5g0000000001EAA'],
    ['00Q5g0000000001EAA', '00Q5g0000000001EAA'],
    ['0035g00000000GGAAY', '0035g00000000GGAAY'],
  ])('%s → %s', (id, full) => expect(toId18(id)).toBe(full));

  it.each(['abc', '', '00Q5g0000000001XYZ', '00Q5g0000000001eaa', "00Q5g0000000001' OR Id != '"])(
    'refuses %j',
    (id) => expect(toId18(id)).toBeNull(),
  );

  it('treats the 15- and 18-character forms as one id (case matters in the first 15)', () => {
    expect(sameId('0035g00000000GG', '0035g00000000GGAAY')).toBe(true);
    expect(sameId('0035g00000000gg', '0035g00000000GGAAY')).toBe(false);
  });
});
