import { describe, expect, it } from 'vitest';
import { Schema } from '../schema/index.js';
import { compileSoql, type Expr } from './compile.js';
import { SoqlError } from './errors.js';
import { parseLiteral } from './literals.js';

const schema = new Schema('/nonexistent'); // contract fallback only: independent of force-app

/** Renders an expression tree so precedence is visible: AND/OR/NOT with parentheses. */
function show(e: Expr | undefined): string {
  if (!e) return '';
  if ('cond' in e) return `${e.cond.path.name}${e.cond.operator}${JSON.stringify(e.cond.value)}`;
  if ('not' in e) return `NOT(${show(e.not)})`;
  if ('and' in e) return `(${e.and.map(show).join(' AND ')})`;
  return `(${e.or.map(show).join(' OR ')})`;
}

describe('compileSoql', () => {
  it.each([
    [
      "SELECT Id FROM Lead WHERE FirstName = 'a' OR LastName = 'b' AND Company = 'c'",
      '(FirstName="a" OR (LastName="b" AND Company="c"))',
    ],
    [
      "SELECT Id FROM Lead WHERE (FirstName = 'a' OR LastName = 'b') AND Company = 'c'",
      '((FirstName="a" OR LastName="b") AND Company="c")',
    ],
    [
      "SELECT Id FROM Lead WHERE NOT (FirstName = 'a' OR LastName = 'b') AND Company = 'c'",
      '(NOT((FirstName="a" OR LastName="b")) AND Company="c")',
    ],
    [
      "SELECT Id FROM Lead WHERE FirstName = 'a' AND NOT LastName = 'b'",
      '(FirstName="a" AND NOT(LastName="b"))',
    ],
    ["SELECT Id FROM Lead WHERE Phone IN ('1', '2') AND Email != null", '(PhoneIN["1","2"] AND Email!=null)'],
    ["SELECT Id FROM Lead WHERE LastName = 'it\\'s'", 'LastName="it\'s"'],
  ])('respects precedence and parentheses: %s', (soql, expected) => {
    expect(show(compileSoql(schema, soql).where)).toBe(expected);
  });

  it('resolves canonical names, parent fields, ORDER BY, LIMIT/OFFSET and COUNT()', () => {
    const plan = compileSoql(
      schema,
      'select id, owner.email from lead order by lastname desc limit 5 offset 2',
    );
    expect(plan.fields.map((f) => f.name)).toEqual(['Id', 'Owner.Email']);
    expect(plan.orderBy).toEqual([expect.objectContaining({ desc: true, nullsLast: true })]);
    expect([plan.limit, plan.offset]).toEqual([5, 2]);
    expect(compileSoql(schema, 'SELECT COUNT() FROM Contact').count).toBe('count');
  });

  it('throws INVALID_FIELD, INVALID_TYPE and MALFORMED_QUERY', () => {
    const codeOf = (q: string) => {
      try {
        compileSoql(schema, q);
        return 'none';
      } catch (e) {
        return (e as SoqlError).errorCode;
      }
    };
    expect(codeOf('SELECT Foo FROM Lead')).toBe('INVALID_FIELD');
    expect(codeOf('SELECT Owner.Nope FROM Lead')).toBe('INVALID_FIELD');
    expect(codeOf('SELECT Id FROM Nope')).toBe('INVALID_TYPE');
    expect(codeOf('SELECT FROM Lead WHERE')).toBe('MALFORMED_QUERY');
  });
});

describe('date literals', () => {
  const now = Date.parse('2026-11-28T13:00:00Z');
  it.each([
    ['TODAY', '2026-11-28T00:00:00Z', '2026-11-29T00:00:00Z'],
    ['YESTERDAY', '2026-11-27T00:00:00Z', '2026-11-28T00:00:00Z'],
    ['LAST_N_DAYS:7', '2026-11-21T00:00:00Z', '2026-11-29T00:00:00Z'],
    ['N_DAYS_AGO:2', '2026-11-26T00:00:00Z', '2026-11-27T00:00:00Z'],
  ])('%s spans [%s, %s)', (literal, start, end) => {
    const type = literal.includes(':') ? 'DATE_N_LITERAL' : 'DATE_LITERAL';
    expect(parseLiteral(literal, type, now)).toEqual({ start: Date.parse(start), end: Date.parse(end) });
  });
});
