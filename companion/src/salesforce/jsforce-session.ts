import { Connection } from 'jsforce';
import type { Config } from '../config/index.js';
import type { Logger } from '../logging/index.js';
import { createTokenSource, type AccessToken, type TokenSource } from './auth.js';
import type { ApiUsage } from './gateway.js';
import { createLimitTracker, type LimitTracker } from './limits.js';

export interface JsforceSessionOptions {
  salesforce: Config['salesforce'];
  logger: Logger;
  tokenSource?: TokenSource;
  limits?: LimitTracker;
  /** Called once per Salesforce API request sent (metrics). */
  onCall?: (kind: string) => void;
}

/**
 * One jsforce connection for the process: authenticated lazily, re-authenticated through `refreshFn` on a 401
 * (jsforce shares one refresh among every request that failed together), `Sforce-Call-Options:
 * client=AlowareSync` on every call, and the daily API budget applied before each request.
 */
export class JsforceSession {
  private conn: Promise<Connection> | null = null;
  private token: AccessToken | null = null;
  private readonly tokenSource: TokenSource;
  private readonly limits: LimitTracker;
  private calls = 0;

  constructor(private readonly opts: JsforceSessionOptions) {
    this.tokenSource = opts.tokenSource ?? createTokenSource(opts.salesforce);
    this.limits = opts.limits ?? createLimitTracker();
  }

  /** The org id from the token response (after the first call). */
  async orgId(): Promise<string | null> {
    await this.connection();
    return this.token?.orgId ?? null;
  }

  /** The org's instance URL (its My Domain) from the token response. */
  async instanceUrl(): Promise<string> {
    await this.connection();
    return this.token!.instanceUrl;
  }

  usage(): ApiUsage {
    return { ...this.limits.snapshot(), callsMade: this.calls };
  }

  private connection(): Promise<Connection> {
    this.conn ??= this.connect().catch((err: unknown) => {
      this.conn = null;
      throw err;
    });
    return this.conn;
  }

  private async connect(): Promise<Connection> {
    this.token = await this.tokenSource();
    return new Connection({
      instanceUrl: this.token.instanceUrl,
      accessToken: this.token.accessToken,
      version: this.opts.salesforce.apiVersion,
      callOptions: { client: 'AlowareSync' },
      refreshFn: (conn, callback) => {
        this.opts.logger.info('salesforce session expired; requesting a new token');
        this.tokenSource().then(
          (t) => {
            this.token = t;
            conn.instanceUrl = t.instanceUrl;
            callback(null, t.accessToken);
          },
          (err: unknown) => callback(err as Error),
        );
      },
    });
  }

  /** Every API request goes through here: budget delay, counting, limit-header bookkeeping. */
  async call<T>(kind: string, fn: (conn: Connection) => Promise<T>): Promise<T> {
    const conn = await this.connection();
    const delay = this.limits.delayMs();
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    this.calls += 1;
    this.opts.onCall?.(kind);
    try {
      return await fn(conn);
    } finally {
      const info = conn.limitInfo?.apiUsage;
      if (info) this.limits.observe(`api-usage=${info.used}/${info.limit}`);
    }
  }
}
