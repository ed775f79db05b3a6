import { describe, expect, it } from 'vitest';
import { alowareTimeToIso, contactValues } from './contact-values.js';
import { classifyDelivery, type AlowareContactBody } from './webhooks.js';

describe('contactValues', () => {
  const fields = [
    'phone_number',
    'first_name',
    'last_name',
    'email',
    'user_id',
    'city',
    'other_phone_numbers.mobile',
  ];
  const parse = (body: object) => {
    const c = classifyDelivery({ event: 'Contact-Updated', body });
    if (c.kind !== 'contact') throw new Error('not a contact');
    return c.contact as AlowareContactBody;
  };

  it('flattens plain fields, user id and labelled other numbers', () => {
    const values = contactValues(
      parse({
        id: 1,
        phone_number: '+13107201619',
        first_name: 'Ada',
        last_name: null,
        user_id: 101,
        other_phone_numbers: [
          { label: 'Mobile', phone_number: '+13107201620' },
          { label: 'mobile', phone_number: '+13107201621' },
        ],
      }),
      fields,
    );
    expect(values).toEqual({
      phone_number: '+13107201619',
      first_name: 'Ada',
      last_name: null,
      user_id: '101',
      'other_phone_numbers.mobile': '+13107201620',
      'other_phone_numbers.home': null,
      'other_phone_numbers.other': null,
    });
  });

  it('leaves out what the payload does not carry (unknown is not blank)', () => {
    const values = contactValues(parse({ id: 1, phone_number: '+13107201619' }), fields);
    expect(values).toEqual({ phone_number: '+13107201619' });
  });
});

describe('alowareTimeToIso', () => {
  it.each([
    ['2026-11-28 13:23:50', '2026-11-28T13:23:50.000Z'],
    ['2026-11-28T13:23:50', '2026-11-28T13:23:50.000Z'],
    ['soon', null],
    [null, null],
  ])('%j → %j', (input, expected) => expect(alowareTimeToIso(input)).toBe(expected));
});
