import { describe, expect, it } from 'vitest';
import { IdFactory, idChecksum, makeId, toId18 } from './ids.js';

describe('Salesforce ids', () => {
  it.each([
    // Known pairs: the 18-char form of a 15-char id (case-safe suffix).
    ['001000000000001', '001000000000001AAA'],
    ['00Q000000000001', '00Q000000000001EAA'],
    ['003000000000001', '003000000000001AAA'],
    ['00D000000000001', '00D000000000001EAA'],
    ['001D000000IRFma', '001D000000IRFmaIAH'], // the example in Salesforce's documentation
  ])('computes the checksum suffix of %s', (id15, id18) => {
    expect(idChecksum(id15)).toBe(id18.slice(15));
    expect(toId18(id15)).toBe(id18);
  });

  it('accepts a valid 18-char id and rejects malformed ones or a wrong suffix', () => {
    expect(toId18('00Q000000000001EAA')).toBe('00Q000000000001EAA');
    expect(toId18('00Q000000000001AAA')).toBeUndefined();
    expect(toId18('00Q-bad')).toBeUndefined();
    expect(toId18('')).toBeUndefined();
  });

  it('issues unique, prefixed, checksummed ids', () => {
    const f = new IdFactory();
    const ids = Array.from({ length: 5000 }, () => f.next('00Q'));
    expect(new Set(ids).size).toBe(5000);
    for (const id of ids.slice(0, 50)) {
      expect(id).toMatch(/^00Q[a-zA-Z0-9]{15}$/);
      expect(toId18(id.slice(0, 15))).toBe(id);
    }
    expect(makeId('005', 1)).not.toBe(makeId('005', 2));
  });
});
