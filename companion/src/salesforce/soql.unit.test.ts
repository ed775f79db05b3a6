import { describe, expect, it } from 'vitest';
import {
  checkFields,
  condition,
  dateTimeLiteral,
  encodedLength,
  escapeString,
  idLiteral,
  inList,
  literal,
  MAX_ENCODED_QUERY,
  select,
  SoqlError,
  splitForQuery,
} from './soql.js';

describe('SOQL building', () => {
  it.each([
    ["O'Brien", "O\\'Brien"],
    ['back\\slash', 'back\\\\slash'],
    ['line\nbreak', 'line\\nbreak'],
    ["x' OR Name != '", "x\\' OR Name != \\'"],
  ])('escapes %j', (raw, escaped) => {
    expect(escapeString(raw)).toBe(escaped);
    expect(literal(raw)).toBe(`'${escaped}'`);
  });

  it('writes literals of every filter type', () => {
    expect(literal(null)).toBe('null');
    expect(literal(true)).toBe('true');
    expect(literal(42.5)).toBe('42.5');
    expect(() => literal(Number.NaN)).toThrow(SoqlError);
  });

  it('accepts only field names, checked against describe when given', () => {
    expect(checkFields('Lead', ['phone', 'Email'], ['Id', 'Phone', 'Email'])).toEqual(['Phone', 'Email']);
    expect(() => checkFields('Lead', ['Phone FROM Lead--'], ['Phone'])).toThrow(SoqlError);
    expect(() => checkFields('Lead', ['Secret__c'], ['Phone'])).toThrow(/No such field/);
    expect(() => checkFields('Lead; DELETE', ['Phone'])).toThrow(SoqlError);
  });

  it('accepts only Salesforce ids and ISO datetimes where they are expected', () => {
    expect(idLiteral('00Q000000000001EAA')).toBe("'00Q000000000001EAA'");
    expect(() => idLiteral("00Q' OR Id != '")).toThrow(SoqlError);
    expect(dateTimeLiteral('2026-11-28T13:23:50.000+0000')).toBe('2026-11-28T13:23:50.000Z');
    expect(() => dateTimeLiteral('yesterday')).toThrow(SoqlError);
    expect(() => inList([])).toThrow(SoqlError);
  });

  it('builds conditions that cannot break out of their value', () => {
    expect(condition({ field: 'LastName', op: '=', value: "x' OR IsDeleted = true OR Name = '" })).toBe(
      "LastName = 'x\\' OR IsDeleted = true OR Name = \\''",
    );
    expect(condition({ field: 'CreatedDate', op: '>', value: '2026-01-01T00:00:00Z' })).toBe(
      'CreatedDate > 2026-01-01T00:00:00.000Z',
    );
    expect(() => condition({ field: 'X', op: 'LIKE', value: 3 })).toThrow(SoqlError);
    expect(() => condition({ field: 'X', op: '<', value: null })).toThrow(SoqlError);
  });

  it('assembles SELECTs', () => {
    expect(
      select({
        object: 'Lead',
        fields: ['Id', 'Phone'],
        where: ["Phone IN ('1')", "Id > 'a'"],
        orderBy: 'Id',
        limit: 2000,
      }),
    ).toBe("SELECT Id, Phone FROM Lead WHERE (Phone IN ('1')) AND (Id > 'a') ORDER BY Id LIMIT 2000");
  });

  it('stays within the documented limits: 4,000 characters a string, 100,000 a statement', () => {
    expect(literal('x'.repeat(4_000))).toHaveLength(4_002);
    expect(() => literal('x'.repeat(4_001))).toThrow(SoqlError);
    expect(() => select({ object: 'Lead', fields: ['Id'], where: ['x'.repeat(100_000)] })).toThrow(SoqlError);
  });

  it('splits an IN-list so that every URL-encoded query fits, with at most maxItems each', () => {
    const phones = Array.from({ length: 1_000 }, (_, i) => `+1202555${String(i).padStart(4, '0')}`);
    const build = (part: readonly string[]) => {
      const list = inList(part);
      return select({
        object: 'Lead',
        fields: ['Id'],
        where: [`Phone IN ${list} OR MobilePhone IN ${list}`],
      });
    };
    const groups = splitForQuery(phones, build, 300, MAX_ENCODED_QUERY);
    expect(groups.flat()).toEqual(phones);
    for (const g of groups) {
      expect(g.length).toBeLessThanOrEqual(300);
      expect(encodedLength(build(g))).toBeLessThanOrEqual(MAX_ENCODED_QUERY);
      expect(new URL(`http://x/q?q=${encodeURIComponent(build(g))}`).search.length).toBeLessThan(16_000);
    }
    expect(groups.length).toBeGreaterThan(1_000 / 300);
    expect(() => splitForQuery(['x'.repeat(20_000)], (p) => p.join(','), 10)).toThrow(SoqlError);
  });

  it('sends ids as their 18-character form and refuses malformed ones', () => {
    expect(idLiteral('0035g00000000GG')).toBe("'0035g00000000GGAAY'");
    expect(() => idLiteral('0035g00000000GGAAA')).toThrow(SoqlError);
  });
});
