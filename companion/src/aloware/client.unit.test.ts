import { describe, expect, it } from 'vitest';
import { contactFromLookup, formsBody } from './client.js';

describe('Aloware client payloads', () => {
  it('sends other phone numbers as {label, phone_number} entries and the token in the body', () => {
    expect(
      formsBody(
        {
          phone_number: '+12025550143',
          first_name: 'Ada',
          'other_phone_numbers.mobile': '+12025550199',
          'other_phone_numbers.home': null,
          email: undefined,
        },
        'tok',
        true,
      ),
    ).toEqual({
      api_token: 'tok',
      force_update: 1,
      phone_number: '+12025550143',
      first_name: 'Ada',
      other_phone_numbers: [{ label: 'mobile', phone_number: '+12025550199' }],
    });
  });

  it('flattens a lookup body back to Aloware field names', () => {
    const c = contactFromLookup({
      id: 30000001,
      phone_number: '+12025550143',
      first_name: 'Ada',
      user_id: 12,
      is_dnc: 0,
      updated_at: '2026-11-28 13:00:00',
      other_phone_numbers: [{ label: 'home', phone_number: '+12025550198' }],
    });
    expect(c).toEqual({
      id: '30000001',
      phoneNumber: '+12025550143',
      updatedAt: '2026-11-28 13:00:00',
      values: {
        phone_number: '+12025550143',
        first_name: 'Ada',
        user_id: '12',
        updated_at: '2026-11-28 13:00:00',
        'other_phone_numbers.home': '+12025550198',
      },
    });
  });
});
