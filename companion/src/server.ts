import type { Server } from 'node:http';
import { ConfigError, loadConfig } from './config/index.js';
import { createCompanionApp } from './http/companion-app.js';
import { createLogger } from './logging/index.js';
import { buildRuntime, type Role } from './runtime.js';

/** The only place that starts things: parse config, wire the runtime, listen, stop cleanly on signals. */
function parseRole(argv: string[]): Role {
  const i = argv.indexOf('--role');
  const value = i >= 0 ? argv[i + 1] : (argv.find((a) => a.startsWith('--role='))?.split('=')[1] ?? 'all');
  if (value === 'all' || value === 'web' || value === 'worker') return value;
  throw new ConfigError([`--role must be web, worker or all (got "${value}")`]);
}

async function main(): Promise<void> {
  let config;
  let role: Role;
  try {
    config = loadConfig();
    role = parseRole(process.argv.slice(2));
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`aloware-sync companion cannot start.\n${err.message}\nSee .env.example and README.md.`);
      process.exit(78);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  const runtime = await buildRuntime(config, logger, role);
  let server: Server | undefined;
  if (role !== 'worker') {
    const app = createCompanionApp(config, logger, runtime);
    server = app.listen(config.port, () => logger.info({ port: config.port, role }, 'companion listening'));
  }
  await runtime.start();
  logger.info({ role }, 'companion started');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 25_000);
    force.unref();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await runtime.stop();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  console.error('aloware-sync companion failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
