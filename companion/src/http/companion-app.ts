import type { Config } from '../config/index.js';
import type { Logger } from '../logging/index.js';
import { createApp, type AppOptions } from './app.js';
import type { HttpMetrics } from './observe.js';

/** The companion's express app for a wired runtime: its routes and mounts behind the configured secrets. */
export function createCompanionApp<Deps extends { metrics: HttpMetrics }>(
  config: Config,
  logger: Logger,
  runtime: { routes: AppOptions<Deps>['routes']; deps: Deps; mounts: AppOptions<Deps>['mounts'] },
) {
  return createApp({
    secrets: {
      salesforceSyncKey: config.salesforceSyncKey,
      alowareWebhookToken: config.aloware.webhookToken,
      operatorToken: config.operatorToken,
    },
    logger,
    routes: runtime.routes,
    deps: runtime.deps,
    mounts: runtime.mounts,
    metrics: runtime.deps.metrics,
  });
}
