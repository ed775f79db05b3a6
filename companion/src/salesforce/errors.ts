import type { SaveResult } from './gateway.js';

/** One Salesforce error as the companion reads it: `errorCode` (REST) or `statusCode` (collections). */
export interface SalesforceError {
  code: string;
  message: string;
  fields?: string[];
}

interface RawError {
  errorCode?: unknown;
  statusCode?: unknown;
  message?: unknown;
  fields?: unknown;
}

function fromRaw(raw: RawError): SalesforceError | null {
  const code = typeof raw.errorCode === 'string' ? raw.errorCode : raw.statusCode;
  if (typeof code !== 'string') return null;
  const fields = Array.isArray(raw.fields) ? raw.fields.map(String) : undefined;
  return { code, message: String(raw.message ?? ''), ...(fields ? { fields } : {}) };
}

/**
 * The errors of a thrown jsforce `HttpApiError`. jsforce keeps the answer's body under `err.data`: the one
 * `{message, errorCode, fields}` item, or — when Salesforce answered several (`errorCode` is then
 * `MULTIPLE_API_ERRORS`) — the array of them. Null when `err` is not an answer from the API.
 */
export function apiErrorsOf(err: unknown): SalesforceError[] | null {
  const e = err as { errorCode?: unknown; data?: unknown } | null;
  if (!e || typeof e.errorCode !== 'string') return null;
  const items = Array.isArray(e.data) ? (e.data as RawError[]) : [e.data as RawError | undefined];
  const errors = items.flatMap((raw) => {
    const parsed = raw && typeof raw === 'object' ? fromRaw(raw) : null;
    return parsed ? [parsed] : [];
  });
  if (errors.length > 0) return errors;
  return [{ code: e.errorCode, message: String((err as Error).message ?? '') }];
}

/** A thrown API rejection of a write as a failed save result; anything else (network, bugs) is rethrown. */
export function failedSave(err: unknown): SaveResult {
  const errors = apiErrorsOf(err);
  if (!errors) throw err;
  return { success: false, errors };
}

/** Salesforce rejections that no retry will fix (the data or the org's rules say no). */
const PERMANENT_CODES: ReadonlySet<string> = new Set([
  'REQUIRED_FIELD_MISSING',
  'INVALID_EMAIL_ADDRESS',
  'FIELD_CUSTOM_VALIDATION_EXCEPTION',
  'FIELD_INTEGRITY_EXCEPTION',
  'STRING_TOO_LONG',
  'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
  'INVALID_FIELD_FOR_INSERT_UPDATE',
  'INVALID_FIELD',
  'INVALID_TYPE_ON_FIELD_IN_RECORD',
  'JSON_PARSER_ERROR',
  'MALFORMED_ID',
  'MALFORMED_QUERY',
  'INVALID_QUERY_FILTER_OPERATOR',
  'DUPLICATES_DETECTED',
  'DUPLICATE_VALUE',
  'CANNOT_UPDATE_CONVERTED_LEAD',
  'INACTIVE_OWNER_OR_USER',
  'INSUFFICIENT_ACCESS_OR_READONLY',
  'INVALID_TYPE',
]);

/**
 * Several errors in one answer are classified by the most severe: one permanent rejection makes the whole
 * answer permanent (retrying cannot fix it, whatever transient error came with it).
 */
export function isPermanent(codes: readonly string[]): boolean {
  return codes.some((c) => PERMANENT_CODES.has(c));
}

/**
 * The Salesforce error codes an error carries (`codes` of a failed save, or the errors jsforce keeps under
 * `err.data`), classified by the most severe: a permanent one wins over transient ones.
 */
export function isPermanentFailure(err: unknown): boolean {
  const e = err as { codes?: unknown } | null;
  const codes = Array.isArray(e?.codes) ? e.codes.map(String) : (apiErrorsOf(err)?.map((x) => x.code) ?? []);
  return isPermanent(codes);
}
