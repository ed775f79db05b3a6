import type { Server } from 'node:http';
import { ConfigError, loadConfig, loadEnvFile, StartupError } from './config/index.js';
import { createCompanionApp } from './http/companion-app.js';
import { drain, listen } from './http/serve.js';
import { createLogger, type Logger } from './logging/index.js';
import { checkRedis } from './queue/redis-preflight.js';
import { buildRuntime, type Role, type Runtime } from './app/runtime.js';

/**
 * The only place that starts things: load `.env`, parse config, check Redis, wire the runtime, listen (every
 * role: the worker role serves only /healthz, /readyz and /metrics), and stop within a bound on signals.
 */
function parseRole(argv: string[]): Role {
  const i = argv.indexOf('--role');
  const value = i >= 0 ? argv[i + 1] : (argv.find((a) => a.startsWith('--role='))?.split('=')[1] ?? 'all');
  if (value === 'all' || value === 'web' || value === 'worker') return value;
  throw new ConfigError([`--role must be web, worker or all (got "${value}")`]);
}

/** Time kept back from the bound for returning jobs and closing connections. */
const CLOSE_RESERVE_MS = 2_000;

function onSignals(logger: Logger, timeoutMs: number, runtime: Runtime, server: Server): void {
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const started = Date.now();
    logger.info({ signal, timeoutMs }, 'shutting down');
    const force = setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown did not finish within SHUTDOWN_TIMEOUT_SECONDS; exiting');
      process.exit(1);
    }, timeoutMs);
    force.unref();
    const graceMs = Math.max(500, timeoutMs - CLOSE_RESERVE_MS);
    try {
      // Web: stop accepting, finish in-flight requests. Workers: stop taking jobs, finish or return them.
      const [, returnedJobs] = await Promise.all([drain(server, graceMs), runtime.stopWorkers(graceMs)]);
      await runtime.close();
      logger.info({ signal, ms: Date.now() - started, returnedJobs }, 'stopped');
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

async function main(): Promise<void> {
  const envFile = loadEnvFile();
  const config = loadConfig();
  const role = parseRole(process.argv.slice(2));
  const logger = createLogger(config.logLevel);
  if (envFile) logger.debug('read .env');
  for (const warning of await checkRedis(config.redisUrl)) logger.warn(warning);
  const runtime = await buildRuntime(config, logger, role, { processMetrics: true });
  const server = await listen(createCompanionApp(config, logger, runtime), config.port);
  logger.info({ port: config.port, role }, 'companion listening');
  onSignals(logger, config.shutdownTimeoutMs, runtime, server);
  await runtime.start();
  logger.info({ role }, 'companion started');
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(`aloware-sync companion cannot start.\n${err.message}\nSee .env.example and README.md.`);
    process.exit(78);
  }
  if (err instanceof StartupError) {
    console.error(`aloware-sync companion cannot start: ${err.message}`);
    process.exit(1);
  }
  console.error('aloware-sync companion failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
