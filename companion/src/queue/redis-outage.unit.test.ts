import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logging/index.js';
import { isConnectionError, RedisOutageLog } from './redis-outage.js';

const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6390'), { code: 'ECONNREFUSED' });

function setup(progressEveryMs: number) {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger(
    'info',
    new Writable({ write: (c, _e, cb) => (lines.push(JSON.parse(String(c))), cb()) }),
  );
  const log = new RedisOutageLog(logger, progressEveryMs);
  const conns = [new EventEmitter(), new EventEmitter()];
  for (const c of conns) log.watch(c as unknown as Redis);
  return { lines, conns };
}

describe('RedisOutageLog', () => {
  it('logs an outage of several connections once, with progress, and once when all are back', async () => {
    const { lines, conns } = setup(0);
    for (let i = 0; i < 40; i++) {
      for (const c of conns) {
        c.emit('error', refused);
        c.emit('reconnecting', 100 * i);
      }
    }
    await expect.poll(() => lines.length).toBeGreaterThan(0);
    const errors = lines.filter((l) => l.level === 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ msg: 'redis unreachable; reconnecting', code: 'ECONNREFUSED' });
    expect(JSON.stringify(lines)).not.toContain('stack');
    expect(lines.some((l) => l.msg === 'redis still unreachable; reconnecting' && l.attempts)).toBe(true);
    conns[0]!.emit('ready');
    expect(lines.some((l) => l.msg === 'redis reachable again')).toBe(false);
    conns[1]!.emit('ready');
    await expect.poll(() => lines.filter((l) => l.msg === 'redis reachable again')).toHaveLength(1);
  });

  it('throttles progress lines', () => {
    const { lines, conns } = setup(60_000);
    for (let i = 0; i < 40; i++) {
      conns[0]!.emit('error', refused);
      conns[0]!.emit('reconnecting', 50);
    }
    expect(lines.filter((l) => l.msg === 'redis still unreachable; reconnecting')).toHaveLength(0);
    expect(lines).toHaveLength(1);
  });

  it('tells connection errors from command errors', () => {
    expect(isConnectionError(refused)).toBe(true);
    expect(isConnectionError(new Error('Connection is closed.'))).toBe(true);
    expect(isConnectionError(new Error('WRONGTYPE Operation against a key'))).toBe(false);
  });
});
