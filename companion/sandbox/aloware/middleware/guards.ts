import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { SANDBOX_API_TOKEN, type EmulatorState } from '../state.js';

const SERVER_ERROR_MESSAGES: Record<number, string> = { 503: 'Service Unavailable' };

/**
 * The middleware chain in front of every public `/api/v1/webhook/*` route: request log → injected latency →
 * injected 5xx/429 → rate limit → api_token check. `tokenIn` says where the route reads `api_token`
 * (GET: query string; POST: JSON body, query string accepted too, as the n8n node sends both).
 */
export function publicGuards(
  state: EmulatorState,
  route: string,
  tokenIn: 'query' | 'body',
): RequestHandler[] {
  return [logRequest(state, route), applyFaults(state, route), rateLimit(state), checkToken(tokenIn)];
}

function logRequest(state: EmulatorState, route: string): RequestHandler {
  return (req, res, next) => {
    const started = Date.now();
    res.on('finish', () => {
      state.requests.record({
        at: new Date(started).toISOString(),
        method: req.method,
        route,
        status: res.statusCode,
        durationMs: Date.now() - started,
      });
    });
    next();
  };
}

function applyFaults(state: EmulatorState, route: string): RequestHandler {
  return async (req, res, next) => {
    const key = `${req.method} ${route}`;
    const latency = state.faults.latencyFor(key);
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    const fault = state.faults.httpFaultFor(key);
    if (!fault) return next();
    if (fault.status === 429) {
      res.set('Retry-After', String(fault.retryAfterSeconds ?? 60));
      res.status(429).json({ message: 'Too Many Attempts.' });
      return;
    }
    res.status(fault.status).json({ message: SERVER_ERROR_MESSAGES[fault.status] ?? 'Server Error' });
  };
}

/** Laravel throttle style: X-RateLimit-* headers, 429 `{"message":"Too Many Attempts."}` (body undocumented). */
function rateLimit(state: EmulatorState): RequestHandler {
  return (_req, res, next) => {
    const decision = state.limiter.hit();
    if (!decision) return next();
    res.set('X-RateLimit-Limit', String(decision.limit));
    if (decision.allowed) {
      res.set('X-RateLimit-Remaining', String(decision.remaining));
      return next();
    }
    res.set({
      'X-RateLimit-Remaining': '0',
      'Retry-After': String(decision.retryAfterSeconds),
      'X-RateLimit-Reset': String(Math.ceil(decision.resetAt / 1000)),
    });
    res.status(429).json({ message: 'Too Many Attempts.' });
  };
}

/**
 * A wrong or missing token. Aloware documents no body for this (unverified). The emulator answers as Laravel's
 * authentication does: 401 `{"message":"Unauthenticated."}` when the client asks for JSON (the docs tell clients
 * to send `Accept: application/json`), otherwise a redirect to the login page — the SPA's HTML shell, which is
 * why third-party clients warn that a bad token can come back as HTML (see companion/sandbox/aloware/README.md).
 */
function checkToken(tokenIn: 'query' | 'body'): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const token = tokenIn === 'body' ? (body.api_token ?? req.query.api_token) : req.query.api_token;
    if (token === SANDBOX_API_TOKEN) return next();
    if (wantsJson(req)) {
      res.status(401).json({ message: 'Unauthenticated.' });
      return;
    }
    res.redirect(302, '/login');
  };
}

function wantsJson(req: Request): boolean {
  const first = (req.get('accept') ?? '').split(',')[0] ?? '';
  return /[/+]json/i.test(first) || req.get('x-requested-with') === 'XMLHttpRequest';
}
