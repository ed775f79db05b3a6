import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { HttpError } from './errors.js';

/**
 * Constant-time comparison of two secrets. Both sides are hashed first so the comparison takes the same time
 * whatever the lengths (timingSafeEqual alone throws on a length mismatch, which leaks the length).
 */
export function safeEqual(given: string | undefined, expected: string): boolean {
  if (typeof given !== 'string' || expected.length === 0) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** `X-Aloware-Sync-Key` (Salesforce Named Credential) — for /webhooks/salesforce and /api/v1. */
export function requireSyncKey(expected: string): RequestHandler {
  return (req, _res, next) => {
    if (safeEqual(req.get('x-aloware-sync-key'), expected)) return next();
    next(new HttpError(401, 'unauthorized', 'Missing or invalid X-Aloware-Sync-Key header'));
  };
}

/** `Authorization: Bearer <token>` or Basic with the token as password (Aloware webhook settings support both). */
function bearerOrBasicToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const [scheme, value] = header.split(/\s+/, 2);
  if (!scheme || !value) return undefined;
  if (scheme.toLowerCase() === 'bearer') return value;
  if (scheme.toLowerCase() === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 ? decoded.slice(colon + 1) : decoded;
  }
  return undefined;
}

/** The token as Bearer, or as the Basic password; a 401 challenges with `challenge` (Basic for browsers). */
export function requireBearer(
  expected: string,
  realm: string,
  challenge: 'Bearer' | 'Basic' = 'Bearer',
): RequestHandler {
  return (req, res, next) => {
    if (safeEqual(bearerOrBasicToken(req.get('authorization')), expected)) return next();
    res.set(
      'WWW-Authenticate',
      `${challenge} realm="${realm}"${challenge === 'Basic' ? ', charset="UTF-8"' : ''}`,
    );
    next(new HttpError(401, 'unauthorized', 'Missing or invalid Authorization header'));
  };
}
