// A companion worker in its own process, for tests that kill it (SIGKILL) or run several against one Redis.
// Environment: the companion's variables (see stackEnv) plus STACK_RUNTIME_OPTIONS (JSON RuntimeOptions).
import { loadConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/logging/index.js';
import { buildRuntime, type RuntimeOptions } from '../../src/app/runtime.js';

const config = loadConfig(process.env);
const options = JSON.parse(process.env.STACK_RUNTIME_OPTIONS ?? '{}') as RuntimeOptions;
const logger = createLogger(config.logLevel);
const runtime = await buildRuntime(config, logger, 'worker', options);
await runtime.start();
process.stdout.write(`worker-ready ${process.pid}\n`);
process.on('SIGTERM', () => {
  void runtime.stop().then(() => process.exit(0));
});
