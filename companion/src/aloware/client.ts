import type { Logger } from '../logging/index.js';
import type { AlowareValues } from '../sync/index.js';
import type { RateLimiter } from './rate-limiter.js';

/** An Aloware contact as the public lookup returns it (ids as strings on our side). */
export interface AlowareContact {
  id: string;
  phoneNumber: string;
  /** Every field of the lookup body as Aloware field names (docs/contracts.md §6, other_phone_numbers.*). */
  values: AlowareValues;
  updatedAt: string | null;
}

export interface AlowareUser {
  id: string;
  name: string;
  email: string | null;
}

export interface UpsertOutcome {
  /** 201 → created, 200 → updated. */
  created: boolean;
  /** From the response when present, otherwise from a follow-up lookup by phone. */
  contactId: string;
}

export class AlowareError extends Error {
  constructor(
    message: string,
    public readonly status: number | null,
    public readonly code: 'http' | 'not_json' | 'network' | 'rate_limited' | 'invalid',
    /** false for 4xx other than 429: retrying will not help. */
    public readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'AlowareError';
  }
}

/** What the companion needs from Aloware's public API. */
export interface AlowareClient {
  /** `POST /api/v1/webhook/forms` (phone_number required; other_phone_numbers.* become entries). */
  upsertContact(values: AlowareValues, opts?: { forceUpdate?: boolean }): Promise<UpsertOutcome>;
  /** `GET /api/v1/webhook/contact/phone-number`; null on 404. */
  findByPhone(e164: string): Promise<AlowareContact | null>;
  /** `GET /api/v1/webhook/users`. */
  listUsers(): Promise<AlowareUser[]>;
  /** True when the API answers JSON to an authenticated call. */
  ping(): Promise<boolean>;
}

export interface HttpAlowareClientOptions {
  baseUrl: string;
  apiToken: string;
  limiter: RateLimiter;
  logger: Logger;
  /**
   * Attempts per request for a 429 with Retry-After (default 5); the only retry in the client — 5xx and network
   * errors are thrown (retryable) for the job's backoff.
   */
  maxAttempts?: number;
  /** The longest Retry-After the client waits out itself (default 60,000 ms); a longer one goes to the job. */
  maxRetryAfterMs?: number;
  /** Called once per HTTP request sent (metrics). */
  onRequest?: (endpoint: string, status: number | null) => void;
  timeoutMs?: number;
}

const OTHER_PREFIX = 'other_phone_numbers.';

/** Flat `other_phone_numbers.<label>` keys → `{label, phone_number}` entries; blanks dropped. */
export function formsBody(
  values: AlowareValues,
  apiToken: string,
  forceUpdate: boolean,
): Record<string, unknown> {
  const body: Record<string, unknown> = { api_token: apiToken, force_update: forceUpdate ? 1 : 0 };
  const others: { label: string; phone_number: string }[] = [];
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    if (key.startsWith(OTHER_PREFIX)) {
      if (value) others.push({ label: key.slice(OTHER_PREFIX.length), phone_number: value });
      continue;
    }
    body[key] = value;
  }
  if (others.length > 0) body.other_phone_numbers = others;
  return body;
}

/** A lookup body → flat Aloware values (docs/contracts.md §6 names). */
export function contactFromLookup(body: Record<string, unknown>): AlowareContact {
  const values: AlowareValues = {};
  for (const [key, value] of Object.entries(body)) {
    if (value === null || typeof value === 'string') values[key] = value;
    else if (typeof value === 'number' && key === 'user_id') values[key] = String(value);
  }
  const others = Array.isArray(body.other_phone_numbers) ? body.other_phone_numbers : [];
  for (const o of others as { label?: unknown; phone_number?: unknown }[]) {
    if (typeof o.label === 'string' && typeof o.phone_number === 'string') {
      values[`${OTHER_PREFIX}${o.label}`] = o.phone_number;
    }
  }
  return {
    id: String(body.id),
    phoneNumber: String(body.phone_number ?? ''),
    values,
    updatedAt: typeof body.updated_at === 'string' ? body.updated_at : null,
  };
}
