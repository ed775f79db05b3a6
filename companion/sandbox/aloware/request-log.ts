export interface RequestEntry {
  at: string;
  method: string;
  route: string;
  status: number;
  durationMs: number;
}

// Enough for a whole default soak (npm run soak checks the budget over every sliding window of this log).
const MAX_ENTRIES = 50_000;

/** Count and log of public API calls by route (never the token or the query string). */
export class RequestLog {
  private entries: RequestEntry[] = [];
  private readonly byRoute = new Map<string, number>();
  private total = 0;

  record(entry: RequestEntry): void {
    this.total++;
    const key = `${entry.method} ${entry.route}`;
    this.byRoute.set(key, (this.byRoute.get(key) ?? 0) + 1);
    this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
  }

  /** Requests in the last minute, for health views. */
  usedLastMinute(now = Date.now()): number {
    const since = now - 60_000;
    return this.entries.filter((e) => Date.parse(e.at) >= since).length;
  }

  snapshot() {
    return {
      count: this.total,
      byRoute: Object.fromEntries(this.byRoute),
      usedLastMinute: this.usedLastMinute(),
      log: [...this.entries],
    };
  }

  clear(): void {
    this.entries = [];
    this.byRoute.clear();
    this.total = 0;
  }
}
