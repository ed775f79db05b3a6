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
 * global limiter; 429 pauses the limiter for every process for `Retry-After` (the retry then waits on the
 * limiter, outside any lock its caller holds);
 * 5xx and network errors retry with capped exponential backoff and equal jitter (half the step fixed, half
 * random); a 200 that is not JSON (the SPA shell for an unknown path) is an error. The api_token is never logged.
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
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once(endpoint, method, path, body);
      } catch (err) {
        if (err instanceof SlotBusyError) throw err;
        const e = err instanceof AlowareError ? err : new AlowareError(String(err), null, 'network', true);
        if (!e.retryable || attempt >= max) throw e;
        const wait = e instanceof RetryAfter ? e.waitMs : this.backoff(attempt);
        this.opts.logger.warn(
          { endpoint, status: e.status, attempt, waitMs: wait },
          'aloware request will be retried',
        );
        if (e instanceof RetryAfter) await this.opts.limiter.pause(wait);
        else await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  private backoff(attempt: number): number {
    const cap = this.opts.backoffCapMs ?? 8_000;
    const exp = Math.min(cap, (this.opts.backoffBaseMs ?? 250) * 2 ** (attempt - 1));
    return Math.floor(exp / 2 + Math.random() * (exp / 2));
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

/** 429: wait what Retry-After says (seconds or an HTTP date), 1 s when absent. */
class RetryAfter extends AlowareError {
  readonly waitMs: number;
  constructor(header: string | null) {
    super('Aloware rate limit (429)', 429, 'rate_limited', true);
    const seconds = Number(header);
    const date = header ? Date.parse(header) : NaN;
    this.waitMs = Number.isFinite(seconds)
      ? Math.max(0, seconds * 1000)
      : Number.isNaN(date)
        ? 1_000
        : Math.max(0, date - Date.now());
  }
}
