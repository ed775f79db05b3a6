import type { Redis } from 'ioredis';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export type SyncDirection = 'to_aloware' | 'to_salesforce';

/**
 * The companion's Prometheus metrics (one registry per runtime, so tests never share state). Both directions
 * increment the same metrics. Latency samples are also kept in Redis (capped) so every process can report
 * cluster-wide p50/p95 in `/api/v1/health`.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly eventsReceived = new Counter({
    name: 'aloware_sync_events_received_total',
    help: 'Change events and webhook deliveries received',
    labelNames: ['source', 'kind'] as const,
    registers: [this.registry],
  });
  readonly syncLatency = new Histogram({
    name: 'aloware_sync_latency_seconds',
    help: 'From event received to the write in the other system',
    labelNames: ['direction'] as const,
    buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
    registers: [this.registry],
  });
  readonly apiCalls = new Counter({
    name: 'aloware_sync_api_calls_total',
    help: 'Requests sent to Salesforce and Aloware',
    labelNames: ['system', 'endpoint'] as const,
    registers: [this.registry],
  });
  readonly failures = new Counter({
    name: 'aloware_sync_failures_total',
    help: 'Items that failed (after retries, or not retryable)',
    labelNames: ['area'] as const,
    registers: [this.registry],
  });
  readonly queueDepth = new Gauge({
    name: 'aloware_sync_queue_depth',
    help: 'Jobs waiting, delayed or active per queue',
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });
  readonly writes = new Counter({
    name: 'aloware_sync_writes_total',
    help: 'Records written per direction and outcome',
    labelNames: ['direction', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly webhooksRejected = new Counter({
    name: 'aloware_sync_webhooks_rejected_total',
    help: 'Webhook deliveries refused before they were stored (bad credentials, invalid body)',
    labelNames: ['source', 'reason'] as const,
    registers: [this.registry],
  });
  readonly httpRequests = new Counter({
    name: 'aloware_sync_http_requests_total',
    help: 'HTTP requests served, by route pattern and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'aloware_sync_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  constructor(
    private readonly redis?: Redis,
    private readonly latencyKey = 'aloware-sync:latency',
    opts: { processMetrics?: boolean } = {},
  ) {
    // CPU, memory, event loop lag, GC, handles: once per process (server.ts), not per test runtime.
    if (opts.processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /** Observes one latency (ms) in the histogram and the shared Redis sample list. */
  async latency(direction: SyncDirection, ms: number): Promise<void> {
    this.syncLatency.observe({ direction }, ms / 1000);
    if (!this.redis) return;
    const key = `${this.latencyKey}:${direction}`;
    await this.redis
      .multi()
      .lpush(key, String(Math.round(ms)))
      .ltrim(key, 0, 999)
      .exec();
  }

  /** p50/p95 (ms) of the recent shared samples; null when there are none. */
  async percentiles(direction: SyncDirection): Promise<{ p50: number | null; p95: number | null }> {
    if (!this.redis) return { p50: null, p95: null };
    const raw = await this.redis.lrange(`${this.latencyKey}:${direction}`, 0, 999);
    const sorted = raw.map(Number).sort((a, b) => a - b);
    const at = (q: number) =>
      sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : null;
    return { p50: at(0.5), p95: at(0.95) };
  }
}
