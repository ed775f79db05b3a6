/** The companion inside the demo: runtime + app on a port, and the emulators pointed at it. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import type { Config } from '../../src/config/index.js';
import { createCompanionApp } from '../../src/http/companion-app.js';
import type { Logger } from '../../src/logging/index.js';
import { buildRuntime, type Runtime, type RuntimeOptions } from '../../src/app/runtime.js';
import { clearPrefix } from '../../src/store/index.js';

/** Things to stop, in reverse order of starting. */
export class Stops {
  private readonly list: (() => Promise<unknown>)[] = [];
  add(stop: () => Promise<unknown>): void {
    this.list.push(stop);
  }
  async run(): Promise<void> {
    for (const stop of this.list.splice(0).reverse()) await stop().catch(() => undefined);
  }
}

function listen(app: ReturnType<typeof createCompanionApp>, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const s = app.listen(port, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
  });
}

export interface DemoCompanion {
  runtime: Runtime;
  url: string;
}

/** Builds the runtime (web + workers in one process), listens, and registers how to stop and clean up. */
export async function startCompanion(
  config: Config,
  logger: Logger,
  opts: { prefix: string; runtime?: RuntimeOptions },
  stops: Stops,
): Promise<DemoCompanion> {
  // The seed stands for data that existed before the package was installed: the first reconcile starts now,
  // so bringing it across is the admin's initial pull (with its dry run), not a side effect of the safety net.
  const runtime = await buildRuntime(config, logger, 'all', {
    prefix: opts.prefix,
    reconcileLookbackMs: 0,
    ...opts.runtime,
  });
  stops.add(async () => {
    await runtime.stop();
    const redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await clearPrefix(redis, opts.prefix).finally(() => redis.disconnect());
  });
  const app = createCompanionApp(config, logger, runtime);
  const server = await listen(app, config.port);
  stops.add(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return { runtime, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function post(url: string, body: unknown): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST ${url} → ${res.status}: ${await res.text()}`);
}

/** As in production: trigger change events → `/webhooks/salesforce`, Aloware webhooks → `/webhooks/aloware`. */
export async function wireEmulators(
  urls: { salesforce: string; aloware: string; companion: string },
  config: Config,
): Promise<void> {
  await post(`${urls.salesforce}/__sandbox/notify`, {
    url: `${urls.companion}/webhooks/salesforce`,
    key: config.salesforceSyncKey,
  });
  await post(`${urls.aloware}/__sandbox/webhooks`, {
    url: `${urls.companion}/webhooks/aloware`,
    auth: { type: 'bearer', token: config.aloware.webhookToken },
  });
}
