import { describe, expect, it } from 'vitest';
import { filterProblems, plainNumber, typedCondition } from './filter-values.js';
import type { Filter } from './gateway.js';

const field = (name: string, type: string) => ({ name, type });
const f = (value: Filter['value'], op: Filter['op'] = '='): Filter => ({ field: 'X', op, value });

describe('typedCondition', () => {
  it.each([
    ['double', f(1e21, '>'), 'X > 1000000000000000000000'],
    ['currency', f(1e-7, '<'), 'X < 0.0000001'],
    ['int', f(-42), 'X = -42'],
    ['date', f('2026-02-28', '>='), 'X >= 2026-02-28'],
    ['datetime', f('2026-01-31T09:00:00+02:00', '>'), 'X > 2026-01-31T07:00:00.000Z'],
    ['boolean', f(true), 'X = true'],
    ['string', f("O'Brien"), "X = 'O\\'Brien'"],
    ['phone', f('%555%', 'LIKE'), "X LIKE '%555%'"],
    ['string', f(null, '!='), 'X != null'],
  ])('%s: %j → %s', (type, filter, soql) => {
    expect(typedCondition(filter, field('X', type))).toBe(soql);
  });

  it.each([
    ['double', f('12')],
    ['double', f(1e-30)],
    ['date', f('2026-02-30')],
    ['datetime', f('2026-02-30T00:00:00Z', '>')],
    ['datetime', f('2026-01-01T25:00:00Z')],
    ['datetime', f('2026-01-01')],
    ['boolean', f('true')],
    ['boolean', f(true, '<')],
    ['string', f(3)],
    ['double', f(3, 'LIKE')],
    ['base64', f('x')],
  ])('%s refuses %j with a reason naming the field', (type, filter) => {
    expect(() => typedCondition(filter, field('X', type))).toThrow(/filter on X: /);
  });
});

describe('filterProblems', () => {
  it('names every bad filter and an unknown field; none for valid ones', () => {
    const fields = [
      { name: 'CreatedDate', type: 'datetime', createable: false, updateable: false, nillable: false },
      { name: 'LastName', type: 'string', createable: true, updateable: true, nillable: false },
    ];
    expect(filterProblems([{ field: 'lastname', op: '=', value: 'A' }], fields)).toEqual([]);
    expect(
      filterProblems(
        [
          { field: 'CreatedDate', op: '>', value: '2026-13-01T00:00:00Z' },
          { field: 'Nope', op: '=', value: 1 },
        ],
        fields,
      ),
    ).toEqual([
      expect.stringMatching(/^filter on CreatedDate: must be an ISO-8601/),
      'filter on Nope: no such field',
    ]);
  });

  it('writes numbers without exponents', () => {
    expect(plainNumber(1.5e300).includes('e')).toBe(false);
  });
});
