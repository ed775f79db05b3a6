import type { SfObject } from './types.js';

/** Aloware field names (docs/contracts.md §6); `other_phone_numbers.*` are virtual (the Aloware client's). */
export const ALOWARE_FIELD_NAMES: readonly string[] = Object.freeze(
  (
    'phone_number email first_name last_name name company_name lead_source website notes address city state ' +
    'zipcode country date_of_birth timezone csf1 csf2 user_id ' +
    'other_phone_numbers.mobile other_phone_numbers.home other_phone_numbers.other'
  ).split(' '),
);

/** Standard fields that exist on one of the two objects only (used when no describe is at hand). */
export const ONLY_ON: Readonly<Record<SfObject, ReadonlySet<string>>> = {
  Lead: new Set('Company Street City State PostalCode Country Status Industry Rating'.split(' ')),
  Contact: new Set(
    (
      'HomePhone OtherPhone AssistantPhone AccountId Birthdate Department ReportsToId ' +
      'MailingStreet MailingCity MailingState MailingPostalCode MailingCountry ' +
      'OtherStreet OtherCity OtherState OtherPostalCode OtherCountry'
    ).split(' '),
  ),
};
