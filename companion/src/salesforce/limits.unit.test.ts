import { describe, expect, it } from 'vitest';
import { createLimitTracker, parseLimitInfo } from './limits.js';

describe('Sforce-Limit-Info', () => {
  it('parses the api-usage header', () => {
    expect(parseLimitInfo('api-usage=18/15000')).toEqual({ used: 18, limit: 15000 });
    expect(parseLimitInfo('per-app-api-usage=17/250(appName=x), api-usage=20/100')).toEqual({
      used: 20,
      limit: 100,
    });
    expect(parseLimitInfo(undefined)).toBeNull();
  });

  it('does not slow down well under the budget', () => {
    const t = createLimitTracker({ budgetShare: 0.8, slowdownShare: 0.9, maxDelayMs: 1000 });
    t.observe('api-usage=100/1000');
    expect(t.delayMs()).toBe(0);
    expect(t.snapshot()).toEqual({ used: 100, limit: 1000, budget: 800, throttled: false });
  });

  it('slows down near the budget and says it is throttled', () => {
    const t = createLimitTracker({
      budgetShare: 0.8,
      slowdownShare: 0.9,
      maxDelayMs: 1000,
      exhaustedDelayMs: 60_000,
    });
    t.observe('api-usage=760/1000');
    expect(t.delayMs()).toBeGreaterThan(0);
    expect(t.delayMs()).toBeLessThan(1000);
    expect(t.snapshot().throttled).toBe(true);
    t.observe('api-usage=800/1000');
    expect(t.delayMs()).toBe(60_000);
  });
});
