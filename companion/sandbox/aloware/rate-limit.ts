export type RateDecision =
  | { allowed: true; limit: number; remaining: number }
  | { allowed: false; limit: number; retryAfterSeconds: number; resetAt: number };

/**
 * Requests-per-minute limit. Aloware documents NO rate limit (see companion/sandbox/aloware/README.md); the emulator
 * offers one so the companion's limiter can be tested. It behaves like Laravel's throttle middleware (the
 * service is Laravel): a fixed 60-second window that starts with the first request, 429 with `Retry-After` when
 * exceeded; rejected requests do not count.
 */
export class RateLimiter {
  private windowStart = 0;
  private used = 0;

  constructor(private perMinute: number | undefined) {}

  configure(perMinute: number | undefined): void {
    this.perMinute = perMinute && perMinute > 0 ? perMinute : undefined;
    this.windowStart = 0;
    this.used = 0;
  }

  get requestsPerMinute(): number | null {
    return this.perMinute ?? null;
  }

  hit(now = Date.now()): RateDecision | undefined {
    if (this.perMinute === undefined) return undefined;
    if (now - this.windowStart >= 60_000) {
      this.windowStart = now;
      this.used = 0;
    }
    const resetAt = this.windowStart + 60_000;
    if (this.used >= this.perMinute) {
      return {
        allowed: false,
        limit: this.perMinute,
        retryAfterSeconds: Math.max(1, Math.ceil((resetAt - now) / 1000)),
        resetAt,
      };
    }
    this.used++;
    return { allowed: true, limit: this.perMinute, remaining: this.perMinute - this.used };
  }
}
