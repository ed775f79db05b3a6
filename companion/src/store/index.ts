import type { Redis } from 'ioredis';
import { ConfigCache, type ConfigCacheOptions, type ConfigSource } from './config-cache.js';
import { FailedStore } from './failed.js';
import { FingerprintStore } from './fingerprints.js';
import { IdentityIndex } from './identity.js';
import { Inbox } from './inbox.js';
import { Keys } from './keys.js';
import { LinkStore } from './links.js';
import { Locks } from './locks.js';
import { SyncLog } from './sync-log.js';

export { ConfigCache, type ActiveConfig, type ConfigSource } from './config-cache.js';
export { type FailedItem } from './failed.js';
export { Inbox } from './inbox.js';
export { Keys } from './keys.js';
export { type Link } from './links.js';
export { Locks, LockTimeoutError, phoneLockName } from './locks.js';
export { SyncLog, type SyncLogEntry } from './sync-log.js';

/** Every Redis-backed store under one key prefix. */
export interface Store {
  redis: Redis;
  keys: Keys;
  links: LinkStore;
  fingerprints: FingerprintStore;
  identity: IdentityIndex;
  syncLog: SyncLog;
  inbox: Inbox;
  locks: Locks;
  failed: FailedStore;
  config: ConfigCache;
}

export function createStore(
  redis: Redis,
  prefix: string,
  configSource: ConfigSource,
  configOpts?: ConfigCacheOptions,
  lockTtlMs?: number,
): Store {
  const keys = new Keys(prefix);
  return {
    redis,
    keys,
    links: new LinkStore(redis, keys),
    fingerprints: new FingerprintStore(redis, keys),
    identity: new IdentityIndex(redis, keys),
    syncLog: new SyncLog(redis, keys),
    inbox: new Inbox(redis, keys),
    locks: new Locks(redis, keys, lockTtlMs),
    failed: new FailedStore(redis, keys),
    config: new ConfigCache(redis, keys, configSource, configOpts),
  };
}

/** Deletes every key under the prefix (tests). */
export async function clearPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}
