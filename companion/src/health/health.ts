import type { AlowareClient } from '../aloware/client.js';
import type { RateLimiter } from '../aloware/rate-limiter.js';
import type { Metrics } from '../metrics/index.js';
import { queueDepths, type Queues } from '../queue/queues.js';
import type { ApiStatus } from '../salesforce/gateway.js';
import type { Store } from '../store/index.js';

export interface HealthDeps {
  store: Store;
  gateway: ApiStatus;
  aloware: AlowareClient;
  limiter: RateLimiter;
  metrics: Metrics;
  queues: Queues;
  /** ALOWARE_REQUESTS_PER_MINUTE as configured. */
  config: { aloware: { requestsPerMinute: number } };
  /** Parked activities (activity/parked.ts); 0 when not wired. */
  parkedCount?: () => Promise<number>;
}

/** Reachability checks are cached so health polling never burns the API budgets. */
export class Reachability {
  private cache = new Map<string, { ok: boolean; at: number }>();
  constructor(private readonly ttlMs = 15_000) {}

  async check(name: string, probe: () => Promise<boolean>): Promise<boolean> {
    const hit = this.cache.get(name);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.ok;
    const ok = await probe().catch(() => false);
    this.cache.set(name, { ok, at: Date.now() });
    return ok;
  }
}

/** PING within `timeoutMs` (commands queue while the connection is down, so a bare PING could hang). */
export async function redisReachable(store: Pick<Store, 'redis'>, timeoutMs = 2_000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  try {
    return await Promise.race([store.redis.ping().then((r) => r === 'PONG'), late]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** A window at least this full, with work queued, means the Aloware budget is what sets the pace. */
const BUDGET_BINDS_AT = 0.9;

function idleBudget(deps: HealthDeps) {
  return {
    requestsPerMinute: deps.config.aloware.requestsPerMinute,
    usedLastMinute: 0,
    budgetLimiting: false,
  };
}

/** ALOWARE_REQUESTS_PER_MINUTE, what the shared limiter granted in its window, and whether it binds. */
async function budget(deps: HealthDeps, queued: number) {
  const used = await deps.limiter.usedInWindow();
  return {
    ...idleBudget(deps),
    usedLastMinute: used,
    budgetLimiting: queued > 0 && used >= deps.limiter.limit * BUDGET_BINDS_AT,
  };
}

/** docs/contracts.md §3 `Health`. */
export async function health(deps: HealthDeps, reach: Reachability) {
  const redis = await redisReachable(deps.store);
  const [salesforce, aloware] = await Promise.all([
    reach.check('salesforce', () => deps.gateway.ping()),
    reach.check('aloware', () => deps.aloware.ping()),
  ]);
  const usage = deps.gateway.usage();
  const queues = redis ? await queueDepths(deps.queues) : { depth: 0, waiting: 0, active: 0, delayed: 0 };
  const [toAloware, toSalesforce] = await Promise.all([
    deps.metrics.percentiles('to_aloware'),
    deps.metrics.percentiles('to_salesforce'),
  ]);
  const failedCount = redis ? await deps.store.failed.count() : 0;
  const parkedCount = redis && deps.parkedCount ? await deps.parkedCount() : 0;
  const status = !redis ? 'down' : !salesforce || !aloware || usage.throttled ? 'degraded' : 'ok';
  return {
    status,
    checkedAt: new Date().toISOString(),
    redis: { reachable: redis },
    salesforce: {
      reachable: salesforce,
      apiUsed: usage.used,
      apiLimit: usage.limit,
      throttled: usage.throttled,
    },
    aloware: { reachable: aloware, ...(redis ? await budget(deps, queues.depth) : idleBudget(deps)) },
    queues: { depth: queues.depth, waiting: queues.waiting, active: queues.active, delayed: queues.delayed },
    latency: {
      toAlowareP50Ms: toAloware.p50,
      toAlowareP95Ms: toAloware.p95,
      toSalesforceP50Ms: toSalesforce.p50,
      toSalesforceP95Ms: toSalesforce.p95,
    },
    failedCount,
    parkedCount,
    recentErrors: redis ? await deps.store.syncLog.errors(20) : [],
  };
}
