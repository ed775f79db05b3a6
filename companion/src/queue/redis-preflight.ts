import { Redis } from 'ioredis';
import { StartupError } from '../config/index.js';

/** The Redis URL without its password (for messages and logs). */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString().replace(/\/$/, '');
  } catch {
    return 'REDIS_URL';
  }
}

/** `INFO <section>` parsed into key → value. */
export function parseInfo(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0 && !line.startsWith('#')) out[line.slice(0, i)] = line.slice(i + 1).trim();
  }
  return out;
}

/**
 * What BullMQ's production guide asks of Redis, given `INFO memory` and `INFO persistence`: an evicting
 * maxmemory-policy silently deletes sync state (links, fingerprints) and queued jobs, so it stops start-up;
 * no AOF means a Redis restart loses recent state, which is a warning.
 */
export function judgeRedis(
  where: string,
  memory: Record<string, string>,
  persistence: Record<string, string>,
): { error?: string; warnings: string[] } {
  const policy = memory.maxmemory_policy;
  if (policy && policy !== 'noeviction') {
    return {
      error:
        `Redis at ${where} has maxmemory-policy ${policy}: it would evict sync state and queued jobs. ` +
        'Fix: set maxmemory-policy noeviction (redis.conf, or your provider’s parameter group).',
      warnings: [],
    };
  }
  const warnings: string[] = [];
  if (persistence.aof_enabled !== '1') {
    warnings.push(
      `Redis at ${where} does not persist with AOF (appendonly no): a Redis restart loses recent links, ` +
        'fingerprints and queued jobs. Set appendonly yes (see docs/operations.md).',
    );
  }
  return { warnings };
}

/**
 * Connects once (no retries) and checks the server; throws StartupError when Redis is unreachable, rejects the
 * credentials, or evicts keys. Returns the warnings to log.
 */
export async function checkRedis(url: string, timeoutMs = 5_000): Promise<string[]> {
  const where = redactRedisUrl(url);
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  let lastError: Error | undefined;
  client.on('error', (err: Error) => (lastError = err));
  try {
    try {
      await client.connect();
    } catch (err) {
      const cause = (lastError ?? (err as Error)).message.split('\n')[0];
      throw new StartupError(
        `Redis at ${where} is unreachable (${cause}). Fix: start Redis or correct REDIS_URL.`,
      );
    }
    const [memory, persistence] = await Promise.all([client.info('memory'), client.info('persistence')]);
    const verdict = judgeRedis(where, parseInfo(memory), parseInfo(persistence));
    if (verdict.error) throw new StartupError(verdict.error);
    return verdict.warnings;
  } finally {
    client.disconnect();
  }
}
