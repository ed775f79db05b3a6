import type { AlowareValues } from '../sync/index.js';
import { requestJson, type RawAnswer } from './http-request.js';
import { SlotBusyError } from './rate-limiter.js';
import {
  AlowareError,
  contactFromLookup,
  formsBody,
  type AlowareClient,
  type AlowareContact,
  type AlowareUser,
  type HttpAlowareClientOptions,
  type UpsertOutcome,
} from './client.js';

interface Sent {
  status: number;
  body: unknown;
}

/**
 * The Aloware public API over node:http(s) with keep-alive (http-request.ts). Every request waits for the
 * global limiter. The one retry here is a 429 with `Retry-After`: it pauses the limiter for every process that
 * long and the request is sent again (the wait is on the limiter, outside any lock its caller holds), at most
 * `maxAttempts` times and only for a Retry-After within `maxRetryAfterMs`. Every other failure — 5xx, network, a
 * 429 without Retry-After or past those bounds — is thrown as a retryable AlowareError: the job's BullMQ backoff
 * retries it (one retry layer, queue/names.ts). A 200 that is not JSON (the SPA shell for an unknown path) is an
 * error. The api_token is never logged.
 */
export class HttpAlowareClient implements AlowareClient {
  constructor(private readonly opts: HttpAlowareClientOptions) {}

  async upsertContact(values: AlowareValues, opts: { forceUpdate?: boolean } = {}): Promise<UpsertOutcome> {
    const phone = values.phone_number;
    if (!phone) throw new AlowareError('phone_number is required', null, 'invalid', false);
    const body = formsBody(values, this.opts.apiToken, opts.forceUpdate ?? true);
    const res = await this.send('forms', 'POST', '/api/v1/webhook/forms', body);
    if (res.status !== 200 && res.status !== 201) throw this.httpError('forms', res);
    const fromBody = (res.body as { id?: unknown; contact_id?: unknown; contact?: { id?: unknown } }) ?? {};
    const id = fromBody.id ?? fromBody.contact_id ?? fromBody.contact?.id;
    if (id !== undefined && id !== null) return { created: res.status === 201, contactId: String(id) };
    const found = await this.findByPhone(phone);
    if (!found) throw new AlowareError('Contact not found after upsert', res.status, 'http', true);
    return { created: res.status === 201, contactId: found.id };
  }

  async findByPhone(e164: string): Promise<AlowareContact | null> {
    const query = new URLSearchParams({ api_token: this.opts.apiToken, phone_number: e164 });
    const res = await this.send('lookup', 'GET', `/api/v1/webhook/contact/phone-number?${query}`);
    if (res.status === 404) return null;
    if (res.status !== 200) throw this.httpError('lookup', res);
    return contactFromLookup(res.body as Record<string, unknown>);
  }

  async listUsers(): Promise<AlowareUser[]> {
    const query = new URLSearchParams({ api_token: this.opts.apiToken });
    const res = await this.send('users', 'GET', `/api/v1/webhook/users?${query}`);
    if (res.status !== 200 || !Array.isArray(res.body)) throw this.httpError('users', res);
    return (res.body as Record<string, unknown>[]).map((u) => ({
      id: String(u.id),
      name: String(u.name ?? ''),
      email: typeof u.email === 'string' ? u.email : null,
    }));
  }

  async ping(): Promise<boolean> {
    try {
      await this.listUsers();
      return true;
    } catch {
      return false;
    }
  }

  private httpError(endpoint: string, res: Sent): AlowareError {
    const b = (res.body ?? {}) as { error?: unknown; message?: unknown };
    const detail = typeof b.error === 'string' ? b.error : typeof b.message === 'string' ? b.message : '';
    return new AlowareError(
      `Aloware ${endpoint} answered ${res.status} ${detail}`.trim(),
      res.status,
      'http',
      false,
    );
  }

  private async send(endpoint: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Sent> {
    const max = this.opts.maxAttempts ?? 5;
    const maxWait = this.opts.maxRetryAfterMs ?? 60_000;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once(endpoint, method, path, body);
      } catch (err) {
        if (err instanceof SlotBusyError) throw err;
        if (!(err instanceof RetryAfter)) {
          throw err instanceof AlowareError ? err : new AlowareError(String(err), null, 'network', true);
        }
        // Every process holds back for the 429's wait, whether this request retries it or its job does.
        await this.opts.limiter.pause(err.waitMs ?? NO_RETRY_AFTER_PAUSE_MS);
        if (err.waitMs === null || err.waitMs > maxWait || attempt >= max) throw err;
        this.opts.logger.warn(
          { endpoint, status: 429, attempt, waitMs: err.waitMs },
          'aloware request will be retried',
        );
      }
    }
  }

  private async once(endpoint: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Sent> {
    await this.opts.limiter.acquire();
    const started = Date.now();
    let res: RawAnswer;
    try {
      res = await requestJson(
        `${this.opts.baseUrl}${path}`,
        method,
        body ? JSON.stringify(body) : undefined,
        this.opts.timeoutMs ?? 30_000,
      );
    } catch (err) {
      this.opts.onRequest?.(endpoint, null);
      throw new AlowareError(
        `Aloware ${endpoint} network error: ${(err as Error).message}`,
        null,
        'network',
        true,
      );
    }
    this.opts.onRequest?.(endpoint, res.status);
    // The endpoint name only: the path's query string carries the API token and phone numbers.
    this.opts.logger.debug({ endpoint, status: res.status, ms: Date.now() - started }, 'aloware request');
    if (res.status === 429) throw new RetryAfter(res.header('retry-after'));
    if (res.status >= 500)
      throw new AlowareError(`Aloware ${endpoint} answered ${res.status}`, res.status, 'http', true);
    const isJson = /^application\/json/i.test(res.header('content-type') ?? '');
    let parsed: unknown;
    try {
      parsed = isJson ? JSON.parse(res.text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (parsed === undefined) {
      throw new AlowareError(
        `Aloware ${endpoint} answered ${res.status} with a non-JSON body`,
        res.status,
        'not_json',
        false,
      );
    }
    return { status: res.status, body: parsed };
  }
}

/** A 429 without a usable Retry-After still holds every process back this long (its job retries it). */
const NO_RETRY_AFTER_PAUSE_MS = 1_000;

/** 429: the wait Retry-After says (seconds or an HTTP date); null when absent or unreadable. */
class RetryAfter extends AlowareError {
  readonly waitMs: number | null;
  constructor(header: string | null) {
    super('Aloware rate limit (429)', 429, 'rate_limited', true);
    const seconds = header?.trim() ? Number(header) : NaN;
    const date = header ? Date.parse(header) : NaN;
    this.waitMs = Number.isFinite(seconds)
      ? Math.max(0, seconds * 1000)
      : Number.isNaN(date)
        ? null
        : Math.max(0, date - Date.now());
  }
}
