import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Keys } from './keys.js';

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

export class LockTimeoutError extends Error {
  constructor(name: string) {
    super(`Timed out waiting for lock ${name}`);
    this.name = 'LockTimeoutError';
  }
}

/**
 * Per-phone (or any name) mutex: SET NX PX with a random token, released only by its holder, so two workers
 * never "find or create" the same phone at once. A holder that dies loses the lock after `ttlMs`.
 */
export class Locks {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  private k = (name: string) => this.keys.key('lock', name);

  /** The token when taken, null when someone else holds it. */
  async tryAcquire(name: string, ttlMs = 30_000): Promise<string | null> {
    const token = randomUUID();
    const ok = await this.redis.set(this.k(name), token, 'PX', ttlMs, 'NX');
    return ok ? token : null;
  }

  async release(name: string, token: string): Promise<boolean> {
    return Number(await this.redis.eval(RELEASE, 1, this.k(name), token)) === 1;
  }

  /** Waits (polling with jitter) up to `waitMs` for the lock, runs `fn`, releases. */
  async withLock<T>(
    name: string,
    fn: () => Promise<T>,
    opts: { ttlMs?: number; waitMs?: number } = {},
  ): Promise<T> {
    const deadline = Date.now() + (opts.waitMs ?? 15_000);
    let token = await this.tryAcquire(name, opts.ttlMs);
    while (!token) {
      if (Date.now() > deadline) throw new LockTimeoutError(name);
      await new Promise((r) => setTimeout(r, 25 + Math.random() * 50));
      token = await this.tryAcquire(name, opts.ttlMs);
    }
    try {
      return await fn();
    } finally {
      await this.release(name, token);
    }
  }
}
