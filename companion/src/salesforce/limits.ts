/**
 * API usage from `Sforce-Limit-Info: api-usage=used/limit`, and the companion's daily budget: it never uses
 * more than `budgetShare` of the org's daily limit. Past `slowdownShare` of the budget every call waits a
 * little (up to `maxDelayMs`, spreading the rest over the day); at the budget only one call a minute goes out.
 */
export interface LimitTracker {
  observe(header: string | undefined | null): void;
  /** Delay (ms) before the next call: 0 normally, more as the budget runs out. */
  delayMs(): number;
  snapshot(): { used: number; limit: number; budget: number; throttled: boolean };
}

const HEADER = /(?:^|[\s,;])api-usage=(\d+)\/(\d+)/;

export function parseLimitInfo(header: string | undefined | null): { used: number; limit: number } | null {
  const match = header ? HEADER.exec(header) : null;
  return match ? { used: Number(match[1]), limit: Number(match[2]) } : null;
}

export function createLimitTracker(
  opts: { budgetShare?: number; slowdownShare?: number; maxDelayMs?: number; exhaustedDelayMs?: number } = {},
): LimitTracker {
  const budgetShare = opts.budgetShare ?? 0.8;
  const slowdownShare = opts.slowdownShare ?? 0.9;
  const maxDelayMs = opts.maxDelayMs ?? 5_000;
  /** At the budget: one call a minute, enough to notice when the rolling 24-hour usage drops again. */
  const exhaustedDelayMs = opts.exhaustedDelayMs ?? 60_000;
  let used = 0;
  let limit = 0;
  const budget = () => Math.floor(limit * budgetShare);
  return {
    observe(header) {
      const parsed = parseLimitInfo(header);
      if (!parsed) return;
      used = parsed.used;
      limit = parsed.limit;
    },
    delayMs() {
      if (limit === 0) return 0;
      const b = budget();
      if (used >= b) return exhaustedDelayMs;
      const soft = b * slowdownShare;
      if (used < soft) return 0;
      return Math.ceil(((used - soft) / (b - soft)) * maxDelayMs);
    },
    snapshot() {
      return { used, limit, budget: budget(), throttled: limit > 0 && used >= budget() * slowdownShare };
    },
  };
}
