import { hostname } from 'node:os';
import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/**
 * One logger module. Redaction is the safety net, not the plan: callers log ids and masked phones only.
 * Any key that looks like a secret or personal data is censored wherever it appears (two levels deep).
 */
const SENSITIVE_KEYS = [
  'authorization',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'api_token',
  'apiToken',
  'password',
  'secret',
  'clientSecret',
  'assertion',
  'x-aloware-sync-key',
  'email',
  'Email',
  'phone',
  'Phone',
  'phone_number',
  'MobilePhone',
  'HomePhone',
  'OtherPhone',
];

const redactPaths = SENSITIVE_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]).map((p) =>
  p.includes('-') ? p.replace(/([^.*]*-[^.]*)$/, '["$1"]') : p,
);

export function createLogger(
  level: LoggerOptions['level'] = 'info',
  destination?: pino.DestinationStream,
): Logger {
  const options: LoggerOptions = {
    level,
    base: { service: 'aloware-sync-companion', pid: process.pid, hostname: hostname() },
    redact: { paths: redactPaths, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
}

/** A silent logger for tests and tools. */
export const silentLogger: Logger = pino({ level: 'silent' });
