import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { Redis } from 'ioredis';
import {
  startAlowareEmulator,
  type AlowareEmulator,
  type AlowareEmulatorOptions,
} from '../../sandbox/aloware/index.js';
import {
  startSalesforceEmulator,
  type SalesforceEmulator,
  type SalesforceEmulatorOptions,
} from '../../sandbox/salesforce/index.js';
import { loadConfig, type Config } from '../../src/config/index.js';
import { createCompanionApp } from '../../src/http/companion-app.js';
import { createLogger, silentLogger, type Logger } from '../../src/logging/index.js';
import { buildRuntime, type Role, type Runtime, type RuntimeOptions } from '../../src/app/runtime.js';
import { clearPrefix } from '../../src/store/index.js';
import { waitFor } from './poll.js';

export { waitFor };

export const SYNC_KEY = 'stack-sync-key-0123456789';
export const WEBHOOK_TOKEN = 'stack-webhook-token-0123456789';
export const OPERATOR_TOKEN = 'stack-operator-token-0123456789';

export interface StackOptions {
  role?: Role;
  /** Extra/overriding environment for loadConfig (e.g. ALOWARE_REQUESTS_PER_MINUTE). */
  env?: Record<string, string>;
  runtime?: RuntimeOptions;
  salesforce?: SalesforceEmulatorOptions;
  aloware?: AlowareEmulatorOptions;
  /** Wire the SF emulator's change events to the companion (default true). */
  notify?: boolean;
  /** Register the companion as the Aloware emulator's webhook target (default true). */
  alowareWebhooks?: boolean;
  /** Start workers (default true). */
  startWorkers?: boolean;
  logger?: Logger;
}

export interface Stack {
  sf: SalesforceEmulator;
  aloware: AlowareEmulator;
  /** A plain Redis client for assertions (same REDIS_URL). */
  redis: Redis;
  prefix: string;
  env: Record<string, string>;
  config: Config;
  runtime: Runtime;
  app: Express;
  /** Companion base URL. */
  url: string;
  /** Salesforce sandbox control call (`/__sandbox/...`). */
  sfControl<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  /** Aloware sandbox control call (`/__sandbox/...`). */
  alowareControl<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

export async function call<T>(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 500)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** The environment the companion would get in production, pointing at the two emulators. */
function stackEnv(
  sf: SalesforceEmulator,
  aloware: AlowareEmulator,
  extra: Record<string, string> = {},
): Record<string, string> {
  const redisUrl = process.env.REDIS_URL;
  if (!redisUrl) throw new Error('REDIS_URL is not set (integration tests get it from global-redis.ts)');
  return {
    PORT: '0',
    REDIS_URL: redisUrl,
    SF_LOGIN_URL: sf.url,
    SF_AUTH: 'client_credentials',
    SF_CLIENT_ID: 'sandbox-integration',
    SF_CLIENT_SECRET: 'sandbox-secret',
    SF_API_VERSION: '64.0',
    ALOWARE_BASE_URL: aloware.url,
    ALOWARE_API_TOKEN: aloware.apiToken,
    ALOWARE_REQUESTS_PER_MINUTE: '100000',
    ALOWARE_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
    SALESFORCE_SYNC_KEY: SYNC_KEY,
    OPERATOR_TOKEN,
    RECONCILE_INTERVAL_SECONDS: '0',
    LOG_LEVEL: process.env.STACK_LOG_LEVEL ?? 'silent',
    ...extra,
  };
}

/**
 * Both emulators + the companion (runtime, app on port 0) on the real Redis under a unique prefix, wired
 * together: Salesforce change events → `/webhooks/salesforce`, Aloware webhooks → `/webhooks/aloware`.
 */
export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const sf = await startSalesforceEmulator({ notifyDelayMs: 0, ...opts.salesforce });
  const aloware = await startAlowareEmulator({ ...opts.aloware });
  const prefix = `t${randomUUID().slice(0, 8)}`;
  const env = stackEnv(sf, aloware, opts.env);
  const config = loadConfig(env);
  const logger = opts.logger ?? (env.LOG_LEVEL === 'silent' ? silentLogger : createLogger(config.logLevel));
  const role = opts.role ?? 'all';
  const runtime = await buildRuntime(config, logger, role, {
    prefix,
    coalesceMs: 150,
    configCheckEveryMs: 500,
    ...opts.runtime,
  });
  const app = createCompanionApp(config, logger, runtime);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const redis = new Redis(env.REDIS_URL!);
  // Tests that restart Redis: without a listener ioredis prints every failed reconnect with its stack.
  redis.on('error', () => undefined);
  const sfControl = <T>(method: string, path: string, body?: unknown) =>
    call<T>(sf.url, method, `/__sandbox${path}`, body);
  const alowareControl = <T>(method: string, path: string, body?: unknown) =>
    call<T>(aloware.url, method, `/__sandbox${path}`, body);
  if (opts.notify !== false)
    await sfControl('POST', '/notify', { url: `${url}/webhooks/salesforce`, key: SYNC_KEY });
  if (opts.alowareWebhooks !== false) {
    await alowareControl('POST', '/webhooks', {
      url: `${url}/webhooks/aloware`,
      auth: { type: 'bearer', token: WEBHOOK_TOKEN },
    });
  }
  if (opts.startWorkers !== false) await runtime.start();
  return {
    sf,
    aloware,
    redis,
    prefix,
    env,
    config,
    runtime,
    app,
    url,
    sfControl,
    alowareControl,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await runtime.stop();
      await sf.stop();
      await aloware.stop();
      await clearPrefix(redis, prefix);
      await redis.quit();
    },
  };
}

/**
 * The whole stack at rest, the wait for "nothing (more) happens": no Aloware webhook scheduled and no Salesforce
 * change notification unanswered, nothing pending in the companion's inbox or change buffer, no job waiting,
 * active or delayed in its queues — and no delivery or notification was made while that was checked (so no
 * work started behind the check). Only timers the tests turn off (reconcile) could start work after it.
 */
export async function quiescent(
  stack: Pick<Stack, 'runtime' | 'alowareControl' | 'sfControl'>,
  timeoutMs = 30_000,
): Promise<void> {
  const { queues, store, buffer } = stack.runtime.deps;
  const emulators = async () => {
    const aloware = await stack.alowareControl<{ count: number; pending: number }>('GET', '/deliveries');
    const { notifications } = await stack.sfControl<{ notifications: { outcome: string }[] }>(
      'GET',
      '/notifications',
    );
    const unanswered = notifications.filter((n) => n.outcome === 'pending').length;
    return { busy: aloware.pending + unanswered, seen: aloware.count + notifications.length };
  };
  await waitFor(async () => {
    const before = await emulators();
    if (before.busy > 0) throw new Error(`${before.busy} webhook(s)/notification(s) in flight`);
    const inbox =
      (await store.inbox.pendingCount('aloware')) + (await store.inbox.pendingCount('salesforce'));
    if (inbox > 0) throw new Error(`${inbox} inbox entries pending`);
    const buffered = (await buffer.pendingCount('Lead')) + (await buffer.pendingCount('Contact'));
    if (buffered > 0) throw new Error(`${buffered} changes buffered`);
    for (const q of [queues.sfChanges, queues.alowareEvents, queues.activities]) {
      const c = await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      if ((c.waiting ?? 0) + (c.active ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0) > 0)
        throw new Error(`queue ${q.name} busy: ${JSON.stringify(c)}`);
    }
    const after = await emulators();
    return after.busy === 0 && after.seen === before.seen;
  }, timeoutMs);
}

/** An access token for the sandbox's sales rep, whose REST edits fire the emulated triggers (unlike ours). */
export async function repToken(sfUrl: string): Promise<string> {
  const res = await fetch(`${sfUrl}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: 'sandbox-rep',
      client_secret: 'sandbox-secret',
    }),
  });
  if (!res.ok) throw new Error(`rep token request failed: ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

export interface WorkerProcess {
  pid: number;
  kill(signal?: NodeJS.Signals): void;
  exited: Promise<number | null>;
}

/** Starts `worker-process.ts` with the stack's environment and prefix; resolves once its workers are ready. */
export async function spawnWorker(stack: Stack, runtime: RuntimeOptions = {}): Promise<WorkerProcess> {
  const { spawn } = await import('node:child_process');
  const { fileURLToPath } = await import('node:url');
  const script = fileURLToPath(new URL('./worker-process.ts', import.meta.url));
  // node itself with tsx as a loader (not the tsx CLI, which runs the script in a child node process): the pid we
  // hold is the worker, so kill('SIGKILL') really kills it instead of orphaning a still-running worker.
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: {
      ...process.env,
      ...stack.env,
      STACK_RUNTIME_OPTIONS: JSON.stringify({
        prefix: stack.prefix,
        coalesceMs: 150,
        configCheckEveryMs: 500,
        ...runtime,
      }),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  // The ready line names the pid of the process running the worker, so a test can check that a kill reached it.
  const workerPid = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const ready = /worker-ready (\d+)/.exec(out);
      if (ready) resolve(Number(ready[1]));
    });
    void exited.then((code) => reject(new Error(`worker exited early (${code})`)));
  });
  return { pid: workerPid, kill: (signal = 'SIGTERM') => child.kill(signal), exited };
}
