import { Metadata } from 'libphonenumber-js/max';
import type { CountryCode } from 'libphonenumber-js/max';

/**
 * A fast path for the most common input, a North American number (`(212) 555-0143`, `212.555.0143`,
 * `+1 212 555 0143`): the same decision libphonenumber's `parsePhoneNumberWithError(text, region).isValid()`
 * makes, from the same metadata, with the regular expressions compiled once instead of on every check
 * (libphonenumber builds a `RegExp` from the pattern text per test, which dominated the sync core's profile).
 *
 * It only ever answers "valid, this E.164, this country"; anything else (other shapes, letters, a
 * national prefix, a number it does not find valid) returns undefined and takes libphonenumber's path,
 * so rejections and their reasons stay libphonenumber's. `phone-nanp.unit.test.ts` compares both paths.
 */

interface TypeRule {
  pattern: RegExp;
  lengths: readonly number[] | undefined;
}

interface CountryRule {
  country: CountryCode;
  leadingDigits: RegExp | undefined;
  national: RegExp;
  types: TypeRule[];
}

interface PlanType {
  pattern(): string | undefined;
  possibleLengths(): number[] | undefined;
}
interface NumberingPlan {
  nationalNumberPattern(): string;
  leadingDigits(): string | undefined;
  nationalPrefixForParsing(): string | undefined;
  type(type: string): PlanType | undefined;
}
interface MetadataApi {
  selectNumberingPlan(country: string): void;
  numberingPlan: NumberingPlan;
  getCountryCodesForCallingCode(code: string): CountryCode[] | undefined;
}

/** The types libphonenumber's getNumberType tries (fixed line first); a match on any makes a number valid. */
const TYPES = [
  'FIXED_LINE',
  'MOBILE',
  'PREMIUM_RATE',
  'TOLL_FREE',
  'SHARED_COST',
  'VOIP',
  'PERSONAL_NUMBER',
  'PAGER',
  'UAN',
  'VOICEMAIL',
];

const whole = (pattern: string): RegExp => new RegExp(`^(?:${pattern})$`);

let rules: CountryRule[] | undefined;
const nationalPrefix = new Map<string, RegExp | null>();

function metadata(): MetadataApi {
  return new Metadata() as unknown as MetadataApi;
}

/** The NANP countries in libphonenumber's order (it picks the first whose rules take the number). */
function nanpRules(): CountryRule[] {
  if (rules) return rules;
  const meta = metadata();
  rules = (meta.getCountryCodesForCallingCode('1') ?? []).map((country) => {
    meta.selectNumberingPlan(country);
    const plan = meta.numberingPlan;
    const leading = plan.leadingDigits();
    const types: TypeRule[] = [];
    for (const name of TYPES) {
      const type = plan.type(name);
      const pattern = type?.pattern();
      if (type && pattern) types.push({ pattern: whole(pattern), lengths: type.possibleLengths() });
    }
    return {
      country,
      leadingDigits: leading ? new RegExp(leading) : undefined,
      national: whole(plan.nationalNumberPattern()),
      types,
    };
  });
  return rules;
}

/** libphonenumber's `getNumberType(...) !== undefined` for a national number in one country. */
function hasType(rule: CountryRule, national: string): boolean {
  if (!rule.national.test(national)) return false;
  return rule.types.some(
    (t) => (t.lengths === undefined || t.lengths.includes(national.length)) && t.pattern.test(national),
  );
}

/** The national-prefix rule of a NANP default region (null when the region is not in NANP). */
function prefixRule(region: CountryCode | undefined): RegExp | null {
  if (!region) return null;
  const cached = nationalPrefix.get(region);
  if (cached !== undefined) return cached;
  let rule: RegExp | null = null;
  if (nanpRules().some((r) => r.country === region)) {
    const meta = metadata();
    meta.selectNumberingPlan(region);
    const prefix = meta.numberingPlan.nationalPrefixForParsing();
    rule = new RegExp(`^(?:${prefix ?? '1'})`);
  }
  nationalPrefix.set(region, rule);
  return rule;
}

const SHAPE = /^\+?[0-9 ().-]+$/;

/** `{ e164, country }` when the fast path is sure the number is valid; undefined to ask libphonenumber. */
export function nanpFastPath(
  text: string,
  region: CountryCode | undefined,
): { e164: string; country: CountryCode } | undefined {
  if (text.length > 32 || !SHAPE.test(text)) return undefined;
  const international = text.startsWith('+');
  const digits = text.replace(/[^0-9]/g, '');
  let national: string;
  if (international) {
    if (digits.length !== 11 || digits[0] !== '1') return undefined;
    national = digits.slice(1);
    if (national[0] === '0' || national[0] === '1') return undefined;
  } else {
    const prefix = prefixRule(region);
    if (!prefix || digits.length !== 10 || prefix.test(digits)) return undefined;
    national = digits;
  }
  for (const rule of nanpRules()) {
    const picked = rule.leadingDigits ? national.search(rule.leadingDigits) === 0 : hasType(rule, national);
    if (!picked) continue;
    return hasType(rule, national) ? { e164: `+1${national}`, country: rule.country } : undefined;
  }
  return undefined;
}
