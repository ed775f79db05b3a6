import {
  isSupportedCountry,
  parsePhoneNumberWithError,
  ParseError,
  validatePhoneNumberLength,
} from 'libphonenumber-js/max';
import type { CountryCode } from 'libphonenumber-js/max';
import { nanpFastPath } from './phone-nanp.js';
import type { PhoneRejectReason, PhoneResult } from './types.js';

/** An extension marker at the end (`x123`, `ext. 5`, `extension 12`, `;ext=5`, `#7`): letters there are fine. */
const EXTENSION_TAIL = /(?:ext(?:ension|n)?[.=]?|x|#)\s*\d{1,7}\s*$/i;
const LETTERS = /[a-z]/i;

function reasonOf(code: string | undefined): PhoneRejectReason {
  switch (code) {
    case 'TOO_SHORT':
      return 'too_short';
    case 'TOO_LONG':
      return 'too_long';
    case 'NOT_A_NUMBER':
      return 'not_a_number';
    default:
      return 'invalid_for_region';
  }
}

/** The default region, or none when it is not a supported ISO code (then only `+…` numbers parse). */
function regionOf(region: string): CountryCode | undefined {
  const code = region.trim().toUpperCase();
  return isSupportedCountry(code) ? code : undefined;
}

/**
 * Normalise a typed phone number to E.164 with the default region for national formats.
 * Vanity letters (`1-800-FLOWERS`) are rejected as `not_a_number` rather than guessed: libphonenumber
 * would silently stop at the first letter. International prefixes (`00`, `011`) are understood through
 * the region's metadata. Extensions are stripped from the identity and reported.
 */
export function normalizePhone(raw: unknown, region: string): PhoneResult {
  return { ...memoizedPhone(raw, region) };
}

/**
 * `normalizePhone` without the copy: the memo's own result, shared by every caller (read it, never change it).
 * The hot paths (identity grouping, `phoneKey` in every canonical comparison) look the same numbers up many times.
 */
export function memoizedPhone(raw: unknown, region: string): Readonly<PhoneResult> {
  if (raw === null || raw === undefined) return EMPTY;
  const text = typeof raw === 'string' ? raw.trim() : String(raw).trim();
  if (text === '') return EMPTY;
  let byText = region === lastRegion ? lastByText : memo.get(region);
  if (!byText) {
    byText = new Map();
    memo.set(region, byText);
  }
  lastRegion = region;
  lastByText = byText;
  const cached = byText.get(text);
  if (cached) return cached;
  const result = parse(text, region);
  if (memoSize >= MEMO_LIMIT) {
    for (const m of memo.values()) m.clear();
    memoSize = 0;
  }
  byText.set(text, result);
  memoSize++;
  if (result.ok && result.e164 !== text) {
    byText.set(result.e164, { ok: true, e164: result.e164, country: result.country });
    memoSize++;
  }
  return result;
}

const EMPTY: Readonly<PhoneResult> = Object.freeze({ ok: false, reason: 'empty' });

/**
 * Parsing dominates the core's cost (metadata regexes), and the same numbers recur: an Aloware value and
 * its Salesforce copy, every field of a merge, a plan and its fingerprint. A bounded memo (per region, then
 * by the trimmed text) keeps memory flat.
 */
const MEMO_LIMIT = 20_000;
const memo = new Map<string, Map<string, PhoneResult>>();
let memoSize = 0;
/** The last region's map (one region per run in practice): saves the outer lookup per call. */
let lastRegion: string | undefined;
let lastByText: Map<string, PhoneResult> | undefined;

function parse(text: string, region: string): PhoneResult {
  const fast = nanpFastPath(text, regionOf(region));
  if (fast) return { ok: true, e164: fast.e164, country: fast.country };
  return parseWithLibrary(text, region);
}

/** libphonenumber's own parse and validation (`phone-nanp.ts` answers the common valid NANP case first). */
export function parseWithLibrary(text: string, region: string): PhoneResult {
  if (LETTERS.test(text.replace(EXTENSION_TAIL, ''))) return { ok: false, reason: 'not_a_number' };
  if (!/\p{Nd}/u.test(text)) return { ok: false, reason: 'not_a_number' };
  const country = regionOf(region);
  try {
    const parsed = parsePhoneNumberWithError(text, country);
    if (!parsed.isValid()) {
      return { ok: false, reason: reasonOf(validatePhoneNumberLength(text, country)) };
    }
    const result: PhoneResult = { ok: true, e164: parsed.number };
    if (parsed.country) result.country = parsed.country;
    if (parsed.ext) result.extension = parsed.ext;
    return result;
  } catch (error) {
    if (error instanceof ParseError) return { ok: false, reason: reasonOf(error.message) };
    throw error;
  }
}

/** E.164 or null: the identity key for a phone value. */
export function phoneKey(raw: unknown, region: string): string | null {
  const result = memoizedPhone(raw, region);
  return result.ok ? result.e164 : null;
}

/** `+12025550143` → `+1******0143`: country code and the last four digits only, for logs. */
export function maskPhone(value: string | null | undefined): string {
  if (!value) return '';
  const digits = value.replace(/\D/g, '');
  if (digits.length <= 4) return '*'.repeat(digits.length);
  const e164 = value.trim().startsWith('+');
  const cc = e164 ? countryCallingCode(value) : '';
  const hidden = digits.length - cc.length - 4;
  return `${e164 ? '+' : ''}${cc}${'*'.repeat(Math.max(hidden, 0))}${digits.slice(-4)}`;
}

/** Masking runs on log paths per record: the calling code of a number is parsed once (bounded memo). */
const callingCodes = new Map<string, string>();

function countryCallingCode(value: string): string {
  const cached = callingCodes.get(value);
  if (cached !== undefined) return cached;
  let code = '';
  try {
    code = parsePhoneNumberWithError(value).countryCallingCode;
  } catch {
    code = '';
  }
  if (callingCodes.size >= MEMO_LIMIT) callingCodes.clear();
  callingCodes.set(value, code);
  return code;
}

/**
 * The formats people type for one number, for a Salesforce `WHERE Phone IN (...)` over phone fields
 * (Salesforce stores phones as typed). Includes E.164, national digits, and for NANP numbers the usual
 * US punctuations with and without the leading 1. Empty for an invalid number.
 */
export function phoneSearchVariants(e164: string, region: string): string[] {
  let parsed;
  try {
    parsed = parsePhoneNumberWithError(e164, regionOf(region));
  } catch {
    return [];
  }
  if (!parsed.isValid()) return [];
  const national = parsed.nationalNumber;
  const cc = parsed.countryCallingCode;
  const out = new Set<string>([
    parsed.number,
    national,
    `${cc}${national}`,
    parsed.formatNational(),
    parsed.formatInternational(),
    parsed.formatNational().replace(/[^\d]/g, ''),
  ]);
  if (cc === '1' && national.length === 10) {
    const [a, b, c] = [national.slice(0, 3), national.slice(3, 6), national.slice(6)];
    for (const v of [`(${a}) ${b}-${c}`, `${a}-${b}-${c}`, `${a}.${b}.${c}`, `${a} ${b} ${c}`]) {
      out.add(v);
      out.add(`1 ${v}`);
      out.add(`+1 ${v}`);
    }
    out.add(`1-${a}-${b}-${c}`);
    out.add(`1${national}`);
  }
  return [...out].sort();
}
