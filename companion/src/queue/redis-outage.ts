import type { Redis } from 'ioredis';
import type { Logger } from '../logging/index.js';

const CONNECTION_ERROR = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|Connection is closed/i;

/** Whether an error is Redis being unreachable (as opposed to a command failing). */
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  return CONNECTION_ERROR.test(`${String(e?.code ?? '')} ${String(e?.message ?? '')}`);
}

/**
 * One log story per Redis outage for all of a process's connections: one error line when the first connection
 * drops, a progress line at most every `progressEveryMs` while reconnecting, one line when every connection
 * is back — instead of every connection (and every BullMQ worker) printing each failure with its stack.
 */
export class RedisOutageLog {
  private readonly down = new Set<Redis>();
  private since: number | null = null;
  private attempts = 0;
  private lastProgress = 0;

  constructor(
    private readonly logger: Logger,
    private readonly progressEveryMs = 10_000,
  ) {}

  /** Listens to a connection's error / reconnecting / ready events (an 'error' listener also stops ioredis printing). */
  watch(conn: Redis): Redis {
    conn.on('error', (err: Error) => this.failed(err, conn));
    conn.on('reconnecting', (delayMs: number) => this.reconnecting(delayMs));
    conn.on('ready', () => this.ready(conn));
    return conn;
  }

  /** A connection failed: a connection error opens (or continues) the outage; anything else is logged as is. */
  failed(err: unknown, who: Redis): void {
    if (!isConnectionError(err)) {
      this.logger.error({ message: (err as Error)?.message }, 'redis error');
      return;
    }
    this.down.add(who);
    if (this.since !== null) return;
    this.since = Date.now();
    this.lastProgress = this.since;
    const e = err as { code?: unknown; message?: unknown };
    this.logger.error(
      { code: e.code ?? null, message: String(e.message ?? '') },
      'redis unreachable; reconnecting',
    );
  }

  private reconnecting(delayMs: number): void {
    this.attempts++;
    if (this.since === null || Date.now() - this.lastProgress < this.progressEveryMs) return;
    this.lastProgress = Date.now();
    this.logger.warn(
      {
        downForMs: Date.now() - this.since,
        attempts: this.attempts,
        nextAttemptInMs: delayMs,
        connectionsDown: this.down.size,
      },
      'redis still unreachable; reconnecting',
    );
  }

  private ready(conn: Redis): void {
    this.down.delete(conn);
    if (this.since === null || this.down.size > 0) return;
    this.logger.info(
      { downForMs: Date.now() - this.since, attempts: this.attempts },
      'redis reachable again',
    );
    this.since = null;
    this.attempts = 0;
  }
}
