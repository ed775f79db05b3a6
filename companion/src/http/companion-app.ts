import type { Config } from '../config/index.js';
import type { Logger } from '../logging/index.js';
import type { Runtime } from '../runtime.js';
import { createApp } from './app.js';

/** The companion's express app for a wired runtime: its routes and mounts behind the configured secrets. */
export function createCompanionApp(
  config: Config,
  logger: Logger,
  runtime: Pick<Runtime, 'routes' | 'deps' | 'mounts'>,
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
