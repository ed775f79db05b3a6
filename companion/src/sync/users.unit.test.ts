import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchUsers } from './users.js';

describe('matchUsers', () => {
  it('pairs users by email, case-insensitively, both ways', () => {
    const table = matchUsers(
      [
        { id: 7, email: ' Ann@Example.com ' },
        { id: 8, email: 'solo@example.com' },
        { id: 9, email: null },
      ],
      [
        { Id: '005A', Email: 'ann@EXAMPLE.com' },
        { Id: '005B', Email: 'other@example.com' },
      ],
    );
    expect([...table.alowareToSalesforce]).toEqual([['7', '005A']]);
    expect([...table.salesforceToAloware]).toEqual([['005A', '7']]);
  });

  it('skips inactive Salesforce users', () => {
    const table = matchUsers(
      [{ id: 1, email: 'a@x.io' }],
      [{ Id: '005A', Email: 'a@x.io', IsActive: false }],
    );
    expect(table.alowareToSalesforce.size).toBe(0);
  });

  it('stays one-to-one and order-independent when emails repeat', () => {
    const aloware = [
      { id: 2, email: 'a@x.io' },
      { id: 10, email: 'A@x.io' },
    ];
    const salesforce = [
      { Id: '005B', Email: 'a@x.io' },
      { Id: '005A', Email: 'a@X.io' },
    ];
    fc.assert(
      fc.property(
        fc.shuffledSubarray(aloware, { minLength: 2 }),
        fc.shuffledSubarray(salesforce, { minLength: 2 }),
        (a, s) => {
          const table = matchUsers(a, s);
          expect([...table.alowareToSalesforce]).toEqual([['2', '005A']]);
        },
      ),
    );
  });
});
