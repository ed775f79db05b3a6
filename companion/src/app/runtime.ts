import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { RequestHandler, Router } from 'express';
import type { AlowareClient } from '../aloware/client.js';
import { HttpAlowareClient } from '../aloware/http-client.js';
import { createRedisRateLimiter, type RateLimiter } from '../aloware/rate-limiter.js';
import type { Config } from '../config/index.js';
import type { RouteAuth, RouteDef } from '../http/route.js';
import { healthz } from '../http/routes/healthz.js';
import { buildToSalesforce, type ToSalesforce } from './to-salesforce.js';
import { salesforceWebhook } from '../http/routes/salesforce-webhook.js';
import { bullBoardMount } from '../http/bull-board.js';
import { alowareFields } from '../http/routes/api-aloware-fields.js';
import { configRefresh } from '../http/routes/api-config.js';
import { failedRoutes } from '../http/routes/api-failed.js';
import { apiHealth } from '../http/routes/api-health.js';
import { identityReport } from '../http/routes/api-identity-report.js';
import { operationRoutes } from '../http/routes/api-operations.js';
import { recordRoutes } from '../http/routes/api-records.js';
import { syncLogRoute } from '../http/routes/api-sync-log.js';
import { metricsRoute } from '../http/routes/metrics.js';
import { readyz } from '../http/routes/readyz.js';
import { Reachability } from '../health/health.js';
import { Operations } from '../pulls/operations.js';
import { operationsWorker } from '../pulls/worker.js';
import { reconcileWorker } from '../reconcile/worker.js';
import { JOBS } from '../queue/names.js';
import type { Logger } from '../logging/index.js';
import { Metrics } from '../metrics/index.js';
import type { ToAlowareDeps } from '../to-aloware/flush.js';
import { SalesforceIngest } from '../to-aloware/ingest.js';
import { requeueSharedPhones } from '../to-aloware/skips.js';
import { cachedUserTable, type UserTableSource } from '../mapping/users.js';
import { sfChangesWorker } from '../to-aloware/worker.js';
import { connect } from '../queue/connection.js';
import { isConnectionError, RedisOutageLog } from '../queue/redis-outage.js';
import { closeQueues, createQueues, type Queues } from '../queue/queues.js';
import { stopWorkers as stopWorkersWithin } from '../queue/worker-factory.js';
import { ChangeBuffer } from '../queue/sf-changes.js';
import type { SalesforceGateway } from '../salesforce/gateway.js';
import { JsforceGateway } from '../salesforce/jsforce-gateway.js';
import { createStore, type ActiveConfig, type Store } from '../store/index.js';

export type Role = 'all' | 'web' | 'worker';

/** Tunables beyond the environment (tests use small windows and their own prefix). */
export interface RuntimeOptions {
  /** Redis key prefix and BullMQ prefix (default `aloware-sync`). */
  prefix?: string;
  /** Coalescing window for Salesforce change ids (default: SYNC_COALESCE_MS). */
  coalesceMs?: number;
  /** Coalescing window of the Task writer (default: `coalesceMs` when given, else TASK_COALESCE_MS). */
  taskCoalesceMs?: number;
  concurrency?: number;
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  configCheckEveryMs?: number;
  /** Aloware → Salesforce: how often parked activities are checked for their record (default 30,000 ms). */
  parkedSweepMs?: number;
  /**
   * The Aloware limiter's window (default 60,000 ms); the budget is scaled to it, so tests can check
   * ALOWARE_REQUESTS_PER_MINUTE over a short window.
   */
  alowareWindowMs?: number;
  /** Job retry budget and first backoff (defaults 5 attempts, 1,000 ms exponential). */
  jobAttempts?: number;
  jobBackoffMs?: number;
  /** Aloware client attempts per request for a 429 with Retry-After (default 5); other errors retry as jobs. */
  alowareMaxAttempts?: number;
  /** Pulls of at least this many records use Bulk API 2.0 (default 50,000). */
  bulkThreshold?: number;
  /** First reconcile run looks this far back (default 5 minutes). */
  reconcileLookbackMs?: number;
  /** Replaces the jsforce gateway (tests that need to observe calls). */
  gateway?: SalesforceGateway;
  /** Registers prom-client's default process metrics (server.ts: one runtime per process). */
  processMetrics?: boolean;
}

/** What the process is doing; /readyz answers 503 once a stop has begun. */
interface ServiceState {
  stopping: boolean;
}

/** Everything routes and workers share. */
interface CompanionDeps {
  config: Config;
  logger: Logger;
  redis: Redis;
  store: Store;
  gateway: SalesforceGateway;
  aloware: AlowareClient;
  limiter: RateLimiter;
  metrics: Metrics;
  queues: Queues;
  buffer: ChangeBuffer;
  users: UserTableSource;
  salesforceIngest: SalesforceIngest;
  /** The to-Aloware deps with the whole gateway: pulls (PullDeps) and reconcile (ReconcileDeps) run on them. */
  toAloware: ToAlowareDeps & { gateway: SalesforceGateway };
  operations: Operations;
  reach: Reachability;
  state: ServiceState;
  /** Parked activities count for health (the to-Salesforce side's parked list). */
  parkedCount: () => Promise<number>;
  prefix: string;
  /** Creates a new Redis connection with the BullMQ options (each Worker needs its own). */
  connection: () => Redis;
}

/** What server.ts needs: the HTTP surface (web role) and the background parts (worker role). */
export interface Runtime {
  routes: RouteDef<CompanionDeps>[];
  deps: CompanionDeps;
  mounts: { path: string; auth: RouteAuth; router: Router | RequestHandler }[];
  /** Aloware → Salesforce: ingest, workers, parked list, and `lifecycle` for the Salesforce change path. */
  toSalesforce: ToSalesforce;
  /** Starts workers and schedulers for the role. */
  start(): Promise<void>;
  /**
   * Workers stop taking jobs and finish the running ones within `graceMs` (default 30 s); jobs still running
   * then are returned to their queues. Resolves with the number returned.
   */
  stopWorkers(graceMs?: number): Promise<number>;
  /** Closes queues and every Redis connection (after stopWorkers and the HTTP drain). */
  close(): Promise<void>;
  /** stopWorkers, then close. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * The one composition root: builds every part once, in order, each from the values built before it (nothing is
 * set on a part after it is built), and returns the routes for the role, `start` (workers and schedulers),
 * `stopWorkers` and `close`.
 */
export async function buildRuntime(
  config: Config,
  logger: Logger,
  role: Role,
  options: RuntimeOptions = {},
): Promise<Runtime> {
  const prefix = options.prefix ?? 'aloware-sync';
  // Every Redis connection is watched for outages (one log line each) and closed by `close`.
  const connections: Redis[] = [];
  const outage = new RedisOutageLog(logger.child({ area: 'redis' }));
  const connection = (extra: Parameters<typeof connect>[1] = {}) => {
    const c = outage.watch(connect(config.redisUrl, extra));
    connections.push(c);
    return c;
  };
  // The shared (non-blocking) connection pipelines concurrent commands into one write.
  const redis = connection({ enableAutoPipelining: true });
  const metrics = new Metrics(redis, `${prefix}:latency`, { processMetrics: options.processMetrics });
  const gateway =
    options.gateway ??
    new JsforceGateway({
      salesforce: config.salesforce,
      logger: logger.child({ area: 'salesforce' }),
      onCall: (kind) => metrics.apiCalls.inc({ system: 'salesforce', endpoint: kind }),
    });
  // A changed priority (or object toggle) is applied to the phones records share at once, not at their next edit
  // (called by the config cache only after a load, so `toAloware` below exists by then).
  const onIdentityRulesChanged = async (_before: ActiveConfig, after: ActiveConfig) => {
    try {
      const phones = await requeueSharedPhones(toAloware);
      logger.info(
        { priorityObject: after.settings.priorityObject, phones },
        'identity rules changed; shared phones resolved again',
      );
    } catch (err) {
      logger.warn({ err }, 'could not queue the shared phones after an identity rule change');
    }
  };
  const store = createStore(
    redis,
    prefix,
    gateway,
    { checkEveryMs: options.configCheckEveryMs, onIdentityRulesChanged },
    config.jobLockMs,
  );
  const windowMs = options.alowareWindowMs ?? 60_000;
  const limiter = createRedisRateLimiter({
    redis,
    key: `${prefix}:ratelimit:aloware`,
    limit: Math.max(1, Math.floor((config.aloware.requestsPerMinute * windowMs) / 60_000)),
    windowMs,
  });
  const aloware = new HttpAlowareClient({
    baseUrl: config.aloware.baseUrl,
    apiToken: config.aloware.apiToken,
    limiter,
    logger: logger.child({ area: 'aloware' }),
    maxAttempts: options.alowareMaxAttempts,
    onRequest: (endpoint) => metrics.apiCalls.inc({ system: 'aloware', endpoint }),
  });
  // The queues get their own connection: BullMQ defines its ~64 Lua scripts as commands on the connection it is
  // given, and ioredis copies every defined command into each Pipeline it builds, so on the shared auto-pipelined
  // connection every store call paid for that copy (11% of the companion's CPU in a profiled pull).
  const queues = createQueues(
    connection(),
    prefix,
    { attempts: options.jobAttempts, backoffMs: options.jobBackoffMs },
    // The connection's outage is logged once by RedisOutageLog; other errors are the queue's own.
    (err, queue) => {
      if (!isConnectionError(err))
        logger.error({ area: 'queue', queue, message: err.message }, 'queue error');
    },
  );
  const buffer = new ChangeBuffer(
    redis,
    store.keys,
    queues.sfChanges,
    options.coalesceMs ?? config.coalesceMs,
  );
  const users = cachedUserTable(aloware, gateway, logger);
  // Aloware → Salesforce: POST /webhooks/aloware (mount), /api/v1/parked, contact/activity/parked workers, and the
  // link moves of Salesforce's lifecycle changes.
  const toSalesforce = buildToSalesforce({
    gateway,
    aloware,
    store,
    users,
    logger: logger.child({ area: 'to_salesforce' }),
    redis,
    queues,
    metrics,
    coalesceMs: options.taskCoalesceMs ?? options.coalesceMs ?? config.taskCoalesceMs,
  });
  const toAloware: CompanionDeps['toAloware'] = {
    gateway,
    aloware,
    store,
    buffer,
    users,
    logger: logger.child({ area: 'to_aloware' }),
    metrics,
    linkLifecycle: (change) => toSalesforce.lifecycle(change),
  };
  const salesforceIngest = new SalesforceIngest(
    store.inbox,
    buffer,
    logger.child({ area: 'ingest' }),
    metrics,
  );
  const deps: CompanionDeps = {
    config,
    logger,
    redis,
    store,
    gateway,
    aloware,
    limiter,
    metrics,
    queues,
    buffer,
    users,
    salesforceIngest,
    toAloware,
    operations: new Operations(toAloware, queues.operations),
    reach: new Reachability(),
    state: { stopping: false },
    parkedCount: () => toSalesforce.parked.count(),
    prefix,
    connection,
  };
  const workers: Worker[] = [];
  let requeueTimer: NodeJS.Timeout | undefined;
  const workerOptions = {
    connection: deps.connection,
    prefix: deps.prefix,
    concurrency: options.concurrency,
    lockDurationMs: options.lockDurationMs ?? config.jobLockMs,
    stalledIntervalMs: options.stalledIntervalMs ?? config.jobLockMs,
    metrics: deps.metrics,
  };
  // Every role answers the probes and serves its own metrics; the worker role serves nothing else.
  const probes: RouteDef<CompanionDeps>[] = [healthz, readyz, metricsRoute];
  const routes: RouteDef<CompanionDeps>[] = [
    ...probes,
    salesforceWebhook,
    alowareFields,
    apiHealth,
    identityReport,
    configRefresh,
    ...operationRoutes,
    ...failedRoutes,
    ...recordRoutes,
    syncLogRoute,
    ...toSalesforce.routes,
  ];
  const stopWorkers = async (graceMs = 30_000) => {
    deps.state.stopping = true;
    if (requeueTimer) clearInterval(requeueTimer);
    const returned = await stopWorkersWithin(workers, graceMs, logger.child({ area: 'worker' }));
    // Returned jobs' processors may still hold per-phone locks: free them for the worker that takes over.
    if (returned > 0) {
      const released = await deps.store.locks.releaseAll();
      logger.info({ returned, released }, 'returned jobs and released their locks');
    }
    return returned;
  };
  const close = async () => {
    await closeQueues(queues);
    await Promise.all(connections.map((c) => c.quit().catch(() => c.disconnect())));
  };
  return {
    routes: role === 'worker' ? probes : routes,
    deps,
    mounts: role === 'worker' ? [] : [...toSalesforce.mounts, bullBoardMount(deps.queues)],
    toSalesforce,
    async start() {
      if (role === 'web') return;
      workers.push(sfChangesWorker(deps.toAloware, workerOptions, logger.child({ area: 'worker' })));
      const opsOptions = {
        ...workerOptions,
        reconcileLookbackMs: options.reconcileLookbackMs,
        bulkThreshold: options.bulkThreshold,
      };
      const opsLogger = logger.child({ area: 'ops' });
      workers.push(
        operationsWorker(deps.toAloware, deps.operations.ops, opsOptions, opsLogger),
        reconcileWorker(deps.toAloware, opsOptions, opsLogger),
      );
      if (config.reconcileIntervalSeconds > 0) {
        const every = config.reconcileIntervalSeconds * 1000;
        await deps.queues.reconcile.upsertJobScheduler('reconcile', { every }, { name: JOBS.reconcile });
      }
      workers.push(...(await toSalesforce.start({ ...workerOptions, sweepEveryMs: options.parkedSweepMs })));
      await Promise.all(workers.map((w) => w.waitUntilReady()));
      // Events stored but never queued (Redis blip between the two) are picked up every minute.
      requeueTimer = setInterval(() => {
        deps.salesforceIngest
          .requeuePending(60_000)
          .catch((err: unknown) => logger.warn({ err }, 'requeue failed'));
      }, 60_000);
      requeueTimer.unref();
      await deps.salesforceIngest
        .requeuePending()
        .catch((err: unknown) => logger.warn({ err }, 'requeue failed'));
    },
    stopWorkers,
    close,
    async stop(graceMs) {
      await stopWorkers(graceMs);
      await close();
    },
  };
}
