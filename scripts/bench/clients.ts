/** HTTP helpers over the bench stack: the rep's and the integration user's REST calls, controls, companion API. */
import { Agent, request } from 'node:http';
import { SANDBOX_API_TOKEN } from '../../companion/sandbox/aloware/index.js';
import type { BenchStack } from './stack.js';
import { setTimeout as sleep } from 'node:timers/promises';

const API = '/services/data/v64.0';

async function json<T>(res: Response, what: string): Promise<T> {
  const text = await res.text();
  if (!res.ok) throw new Error(`${what} → ${res.status}: ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export function clients(stack: BenchStack) {
  /** Delayed jobs of an idle companion (repeatable schedulers), read at the first idle check. */
  let baseline: number | undefined;
  const sfCall = async <T>(who: 'rep' | 'integration', method: string, path: string, body?: unknown) =>
    json<T>(
      await fetch(`${stack.sf.url}${API}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${stack.tokens[who]}`,
          'content-type': 'application/json',
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
      `${method} ${path}`,
    );
  const control = async <T>(base: string, method: string, path: string, body?: unknown) =>
    json<T>(
      await fetch(`${base}/__sandbox${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
      `${method} /__sandbox${path}`,
    );
  const c = {
    sf: sfCall,
    soql: <T = Record<string, unknown>>(q: string) =>
      sfCall<{ records: T[]; totalSize: number }>('integration', 'GET', `/query?q=${encodeURIComponent(q)}`),
    sfControl: <T>(method: string, path: string, body?: unknown) =>
      control<T>(stack.sf.url, method, path, body),
    alowareControl: <T>(method: string, path: string, body?: unknown) =>
      control<T>(stack.alowareUrl, method, path, body),
    /** The Aloware public lookup; null when the contact is not there (404). */
    async lookup(phone: string): Promise<{ id: number } | null> {
      const q = new URLSearchParams({ api_token: SANDBOX_API_TOKEN, phone_number: phone });
      const res = await fetch(`${stack.alowareUrl}/api/v1/webhook/contact/phone-number?${q}`);
      if (res.status === 404) {
        await res.arrayBuffer();
        return null;
      }
      return json(res, 'lookup');
    },
    /** The raw Aloware create (`/forms`), as the companion sends it. */
    async forms(phone: string, lastName: string): Promise<void> {
      await json(
        await fetch(`${stack.alowareUrl}/api/v1/webhook/forms`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            api_token: SANDBOX_API_TOKEN,
            phone_number: phone,
            last_name: lastName,
            force_update: true,
          }),
        }),
        'forms',
      );
    },
    /** Companion API calls made since `sinceMs` to Salesforce (integration user), from the emulator's log. */
    async companionSfCalls(sinceMs: number): Promise<{ total: number; byRoute: Record<string, number> }> {
      const log = await c.sfControl<{ requests: { route: string; userId: string | null }[] }>(
        'GET',
        `/requests?since=${sinceMs}`,
      );
      const byRoute: Record<string, number> = {};
      let total = 0;
      for (const r of log.requests) {
        if (r.userId !== stack.sf.integrationUserId) continue;
        total += 1;
        byRoute[r.route] = (byRoute[r.route] ?? 0) + 1;
      }
      return { total, byRoute };
    },
    /** Aloware public API requests since the log was last cleared (all callers). */
    async alowareRequests(): Promise<{
      count: number;
      byRoute: Record<string, number>;
      log: { at: string; route: string; durationMs: number }[];
    }> {
      return c.alowareControl('GET', '/requests');
    },
    companion: <T>(method: string, path: string, body?: unknown) =>
      fetch(`${stack.companionUrl}${path}`, {
        method,
        headers: {
          'x-aloware-sync-key': stack.config.salesforceSyncKey,
          'content-type': 'application/json',
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      }).then((r) => json<T>(r, `${method} ${path}`)),
    /**
     * Runs `fn` with the Aloware emulator's webhooks off: the bench's own lower-bound calls create contacts that
     * the companion must not bring into Salesforce.
     */
    async withoutAlowareWebhooks<T>(fn: () => Promise<T>): Promise<T> {
      await c.alowareControl('DELETE', '/webhooks');
      try {
        return await fn();
      } finally {
        await c.alowareControl('POST', '/webhooks', {
          url: `${stack.companionUrl}/webhooks/aloware`,
          auth: { type: 'bearer', token: stack.config.aloware.webhookToken },
        });
      }
    },
    /** Waits until nothing is waiting or running and no delayed job beyond the schedulers' own (health). */
    async idle(timeoutMs = 600_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      let quiet = 0;
      while (Date.now() < deadline) {
        const { queues: q } = await c.companion<{
          queues: { waiting: number; active: number; delayed: number };
        }>('GET', '/api/v1/health');
        baseline ??= q.delayed;
        quiet = q.waiting + q.active === 0 && q.delayed <= baseline ? quiet + 1 : 0;
        if (quiet >= 3) return;
        await sleep(100);
      }
      throw new Error('companion did not become idle');
    },
  };
  return c;
}

export type Clients = ReturnType<typeof clients>;

/** A distinct valid US number per (block, i): area codes and exchanges chosen to be valid for libphonenumber. */
export function benchPhone(block: number, i: number): string {
  const areas = ['212', '310', '415', '646', '702', '312', '617', '206', '303', '512'];
  const n = block * 1_000_000 + i;
  const area = areas[n % areas.length]!;
  const rest = Math.floor(n / areas.length);
  const exchange = 200 + (rest % 700);
  const line = String(Math.floor(rest / 700) % 10_000).padStart(4, '0');
  return `+1${area}${exchange}${line}`;
}

export interface LoadResult {
  requests: number;
  ok: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** `connections` keep-alive loops sending requests for `seconds` (node:http, no client-side JSON work). */
export async function load(
  url: string,
  opts: {
    connections: number;
    seconds: number;
    method?: string;
    headers?: Record<string, string>;
    body?: (n: number) => string;
  },
): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: opts.connections });
  const target = new URL(url);
  const latencies: number[] = [];
  let ok = 0;
  let n = 0;
  const started = performance.now();
  const end = started + opts.seconds * 1000;
  const one = () =>
    new Promise<void>((resolve) => {
      const body = opts.body?.(n++);
      const t0 = performance.now();
      const req = request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: opts.method ?? 'GET',
          headers: {
            ...opts.headers,
            ...(body
              ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }
              : {}),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - t0);
            if ((res.statusCode ?? 500) < 300) ok += 1;
            resolve();
          });
        },
      );
      req.on('error', () => {
        latencies.push(performance.now() - t0);
        resolve();
      });
      req.end(body);
    });
  await Promise.all(
    Array.from({ length: opts.connections }, async () => {
      while (performance.now() < end) await one();
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    ok,
    seconds,
    perSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}
