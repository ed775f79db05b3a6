// Per-request plumbing for the REST API: request log, daily API limit + Sforce-Limit-Info, injected faults.
import type { NextFunction, Request, Response } from 'express';
import { ApiError, param, sendApiError } from './http.js';
import type { EmulatorState, Fault } from './state.js';

const MAX_LOG = 50_000;

/** The SOQL a query call carried (REST `?q=`, a Bulk job's `query`), so tests can see what reached the org. */
function soqlOf(req: Request): { soql?: string } {
  const q = (req.query as Record<string, unknown> | undefined)?.q;
  if (typeof q === 'string') return { soql: q };
  const body = req.body as { query?: unknown } | undefined;
  return body && typeof body.query === 'string' ? { soql: body.query } : {};
}

/** Records every API call (method, route pattern, user, status) once its response is sent. */
export function requestLog(state: EmulatorState) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const at = new Date().toISOString();
    res.on('finish', () => {
      const pattern = (req.route as { path?: string | string[] } | undefined)?.path;
      const type = param(req, 'type');
      const routePath = pattern ? String(pattern).replace(':type', type || ':type') : req.path;
      state.requestCount += 1;
      state.requests.push({
        at,
        method: req.method,
        route: `${req.method} ${routePath}`,
        path: req.originalUrl.split('?')[0] ?? req.originalUrl,
        userId: (res.locals.userId as string | undefined) ?? null,
        status: res.statusCode,
        ...soqlOf(req),
      });
      if (state.requests.length > MAX_LOG) state.requests.splice(0, state.requests.length - MAX_LOG);
    });
    next();
  };
}

/** Counts the call against the daily limit (403 once exhausted) and sets Sforce-Limit-Info. */
export function apiLimit(state: EmulatorState) {
  return (_req: Request, res: Response, next: NextFunction): void => {
    if (state.api.used >= state.api.limit) {
      res.set('Sforce-Limit-Info', `api-usage=${state.api.used}/${state.api.limit}`);
      sendApiError(res, new ApiError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'));
      return;
    }
    state.api.used += 1;
    res.set('Sforce-Limit-Info', `api-usage=${state.api.used}/${state.api.limit}`);
    next();
  };
}

function faultError(state: EmulatorState, fault: Fault, token: string | undefined): ApiError {
  switch (fault.error) {
    case 'UNABLE_TO_LOCK_ROW':
      return new ApiError(
        400,
        'UNABLE_TO_LOCK_ROW',
        'unable to obtain exclusive access to this record or 1 records',
        [],
      );
    case 'REQUEST_LIMIT_EXCEEDED':
      return new ApiError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
    case 'INVALID_SESSION_ID': {
      const session = token ? state.tokens.get(token) : undefined;
      if (session) session.expired = true;
      return new ApiError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
    }
    default:
      return new ApiError(503, 'SERVER_UNAVAILABLE', 'Server temporarily unavailable, please retry');
  }
}

/** Applies injected latency and errors whose route pattern matches "METHOD /path-after-version". */
export function faults(state: EmulatorState) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const key = `${req.method} ${req.path}`;
    for (const fault of state.faults) {
      if (fault.route && !new RegExp(fault.route).test(key)) continue;
      if (fault.latencyMs) await new Promise((r) => setTimeout(r, fault.latencyMs));
      if (!fault.error && fault.errorRate === undefined) continue;
      if (fault.count !== undefined && fault.count <= 0) continue;
      if (fault.errorRate !== undefined && Math.random() >= fault.errorRate) continue;
      if (fault.count !== undefined) fault.count -= 1;
      sendApiError(res, faultError(state, fault, res.locals.token as string | undefined));
      return;
    }
    next();
  };
}
