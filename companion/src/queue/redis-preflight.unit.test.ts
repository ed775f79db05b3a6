import { describe, expect, it } from 'vitest';
import { judgeRedis, parseInfo, redactRedisUrl } from './redis-preflight.js';

describe('redis preflight', () => {
  it('parses INFO sections', () => {
    expect(parseInfo('# Memory\r\nused_memory:1024\r\nmaxmemory_policy:noeviction\r\n')).toEqual({
      used_memory: '1024',
      maxmemory_policy: 'noeviction',
    });
  });

  it.each([
    ['redis://:s3cret@cache.internal:6380/2', 'redis://:***@cache.internal:6380/2'],
    ['rediss://default:s3cret@cache.internal:6380', 'rediss://default:***@cache.internal:6380'],
    ['redis://127.0.0.1:6379', 'redis://127.0.0.1:6379'],
    ['not a url', 'REDIS_URL'],
  ])('redacts %s', (url, expected) => {
    expect(redactRedisUrl(url)).toBe(expected);
  });

  it.each([
    ['allkeys-lru', '1', 'has maxmemory-policy allkeys-lru', 0],
    ['volatile-ttl', '1', 'has maxmemory-policy volatile-ttl', 0],
    ['noeviction', '1', undefined, 0],
    ['noeviction', '0', undefined, 1],
  ])('policy %s, aof_enabled %s', (policy, aof, error, warnings) => {
    const verdict = judgeRedis('redis://r', { maxmemory_policy: policy }, { aof_enabled: aof });
    if (error) expect(verdict.error).toContain(error);
    else expect(verdict.error).toBeUndefined();
    expect(verdict.warnings).toHaveLength(warnings);
  });
});
