import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit.js';

describe('RateLimiter', () => {
  it('allows the budget per fixed 60 s window, then gives the seconds left', () => {
    const limiter = new RateLimiter(2);
    expect(limiter.hit(0)).toMatchObject({ allowed: true, remaining: 1 });
    expect(limiter.hit(1_000)).toMatchObject({ allowed: true, remaining: 0 });
    expect(limiter.hit(15_500)).toMatchObject({ allowed: false, retryAfterSeconds: 45 });
    expect(limiter.hit(60_000)).toMatchObject({ allowed: true, remaining: 1 });
  });

  it('is off without a limit', () => {
    const limiter = new RateLimiter(undefined);
    expect(limiter.hit(0)).toBeUndefined();
    limiter.configure(0);
    expect(limiter.hit(0)).toBeUndefined();
  });
});
