import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * Normalises a phone number the way the emulator stores it: E.164.
 *
 * Accepts 10-digit US numbers (`2025550143`), `1XXXXXXXXXX`, E.164 (`+12025550143`) and the usual punctuation.
 * Aloware's real normalisation is UNVERIFIED (see companion/sandbox/aloware/README.md): its docs only show 10-digit
 * US examples, the n8n node says "E.164 or local format", and webhooks carry E.164. The emulator assumes that all
 * those forms resolve to the same contact and that numbers libphonenumber deems invalid are refused.
 */
export function normalisePhone(input: unknown): string | undefined {
  const parsed = parse(input);
  return parsed?.isValid() ? parsed.number : undefined;
}

/** A number that has the right length but is not assignable (e.g. `555-1234`): SMS to it is accepted then fails. */
export function isPossibleButInvalid(input: unknown): boolean {
  const parsed = parse(input);
  return parsed !== undefined && parsed.isPossible() && !parsed.isValid();
}

/** E.164 for a possible number (valid or not), used for the `lead_number` of communications. */
export function possibleE164(input: unknown): string | undefined {
  const parsed = parse(input);
  return parsed?.isPossible() ? parsed.number : undefined;
}

function parse(input: unknown) {
  if (typeof input !== 'string' && typeof input !== 'number') return undefined;
  const text = String(input).trim();
  if (text === '' || /[a-z]/i.test(text.replace(/\s*(ext\.?|x)\s*\d+$/i, ''))) return undefined;
  return parsePhoneNumberFromString(text, 'US');
}
