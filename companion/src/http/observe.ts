import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../logging/index.js';
import type { Metrics } from '../metrics/index.js';
import { HttpError } from './errors.js';

export type HttpMetrics = Pick<Metrics, 'httpRequests' | 'httpDuration' | 'webhooksRejected' | 'failures'>;

const PROBES = new Set(['/healthz', '/readyz', '/metrics']);
const REQUEST_ID = /^[\w.:-]{1,64}$/;
/** The path of a request URL, never its query string (which could carry personal data). */
const pathOf = (req: { url?: string; originalUrl?: string }) =>
  (req.originalUrl ?? req.url ?? '').split('?')[0]!;

/** Labels a request with its route pattern (bounded metric cardinality; never the raw URL). */
export const routeLabel =
  (pattern: string): RequestHandler =>
  (_req, res, next) => {
    res.locals.route = pattern;
    next();
  };

/**
 * One log line per request (pino-http) with a request id — the caller's `X-Request-Id` when it is sane, else a
 * new one, echoed back — at info (probes at debug, 4xx at warn, 5xx at error). Only method, path (no query
 * string), status and time are logged: no headers (tokens), no bodies (personal data).
 */
export function requestLogging(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    genReqId: (req, res) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customLogLevel: (req, res, err) => {
      if (err || res.statusCode >= 500) return 'error';
      if (res.statusCode >= 400) return 'warn';
      return PROBES.has(pathOf(req)) ? 'debug' : 'info';
    },
    serializers: {
      req: (req: { id: unknown; method: string; url: string; originalUrl?: string }) => ({
        id: req.id,
        method: req.method,
        path: pathOf(req),
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    wrapSerializers: false,
    customSuccessMessage: (req, res) => `${req.method} ${pathOf(req)} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${pathOf(req)} ${res.statusCode}`,
  }) as unknown as RequestHandler;
}

/** Counts every answered request by route pattern and status, and its duration. */
export function requestMetrics(metrics: HttpMetrics): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const route = typeof res.locals.route === 'string' ? res.locals.route : 'unmatched';
      const method = req.method;
      metrics.httpRequests.inc({ method, route, status: String(res.statusCode) });
      metrics.httpDuration.observe({ method, route }, Number(process.hrtime.bigint() - started) / 1e9);
      if (res.statusCode >= 500) metrics.failures.inc({ area: 'http' });
    });
    next();
  };
}

interface StatusError {
  status?: number;
  statusCode?: number;
  type?: string;
  message?: string;
}

/**
 * A webhook refused before it was stored (401 credentials, 400/413 body) is logged with its reason — never its
 * body or headers — and counted, then handed on to the error handler. Senders rarely surface these errors, so
 * this line and `aloware_sync_webhooks_rejected_total` are how an operator finds a wrong token.
 */
export function webhookRejections(logger: Logger, metrics?: HttpMetrics): ErrorRequestHandler {
  return (err: unknown, req, _res, next) => {
    const source = /^\/webhooks\/(salesforce|aloware)\b/.exec(req.path)?.[1];
    const e = (err ?? {}) as StatusError;
    const status = err instanceof HttpError ? err.status : (e.status ?? e.statusCode ?? 500);
    if (source && status >= 400 && status < 500) {
      const reason = err instanceof HttpError ? err.code : (e.type ?? 'bad_request').replace(/\W+/g, '_');
      logger.warn(
        {
          source,
          status,
          reason,
          detail: err instanceof HttpError ? err.message : undefined,
          requestId: req.id,
        },
        'webhook rejected',
      );
      metrics?.webhooksRejected.inc({ source, reason });
    }
    next(err);
  };
}
