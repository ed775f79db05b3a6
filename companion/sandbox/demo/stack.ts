/**
 * The demo wiring: Salesforce emulator + Aloware emulator + companion (web and workers) + sandbox console, wired
 * together exactly as in production — the emulated Apex triggers post change events to `/webhooks/salesforce` with
 * the sync key, Aloware's webhooks go to `/webhooks/aloware` with the Bearer token. `npm run demo` and the e2e tests
 * both start it; tests pass port 0 and a unique prefix.
 */
import { randomBytes } from 'node:crypto';
import { startAdminPreview } from '../admin-preview/index.js';
import { startAlowareEmulator } from '../aloware/index.js';
import { startConsole } from '../console/index.js';
import {
  startSalesforceEmulator,
  TEST_ONLY_PRIVATE_KEY_FILE,
  type SalesforceEmulator,
} from '../salesforce/index.js';
import { loadConfig, type Config } from '../../src/config/index.js';
import { createLogger, silentLogger, type Logger } from '../../src/logging/index.js';
import type { Runtime, RuntimeOptions } from '../../src/app/runtime.js';
import { startCompanion, Stops, wireEmulators } from './companion.js';
import { seedSalesforce, type SeededOrg } from './seed-salesforce.js';
import type { SeedOptions } from './seed.js';

export interface DemoStackOptions {
  /** Environment (the README's configuration table + SANDBOX_*_PORT); every variable set here wins over the generated one. */
  env?: Record<string, string | undefined>;
  /** Redis (default env.REDIS_URL). */
  redisUrl?: string;
  /** Port overrides (0 = free port); otherwise env, otherwise 3000 / 4010 / 4020 / 4000. */
  ports?: Partial<Record<'companion' | 'salesforce' | 'aloware' | 'console' | 'admin', number>>;
  /** Redis key and BullMQ prefix (default a fresh `demo-xxxxxx`, deleted on stop). */
  prefix?: string;
  /** Seed the Salesforce emulator (default: 300 Leads + 300 Contacts); false = empty org. */
  seed?: SeedOptions | false;
  /** Start the console (default true). */
  console?: boolean;
  /** Start the admin preview: the LWC panels compiled and served against the emulator and companion (default true). */
  adminPreview?: boolean;
  runtime?: RuntimeOptions;
  logger?: Logger;
}

export interface DemoStack {
  urls: {
    companion: string;
    salesforce: string;
    aloware: string;
    console: string | undefined;
    adminPreview: string | undefined;
  };
  secrets: { syncKey: string; webhookToken: string; operatorToken: string };
  orgId: string;
  config: Config;
  prefix: string;
  seeded: SeededOrg | undefined;
  runtime: Runtime;
  stop(): Promise<void>;
}

const secret = () => randomBytes(24).toString('base64url');

function portOf(
  env: Record<string, string | undefined>,
  name: string,
  override: number | undefined,
  fallback: number,
) {
  if (override !== undefined) return override;
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new Error(`${name} must be a port number, got "${raw}"`);
  return n;
}

/** The companion's environment: generated values (emulator URLs, random secrets), then whatever the caller set. */
export function demoEnv(
  env: Record<string, string | undefined>,
  urls: { salesforce: string; aloware: string },
  redisUrl: string,
  port: number,
): Record<string, string> {
  const generated: Record<string, string> = {
    PORT: String(port),
    REDIS_URL: redisUrl,
    SF_LOGIN_URL: urls.salesforce,
    SF_AUTH: 'client_credentials',
    SF_CLIENT_ID: 'sandbox-integration',
    SF_CLIENT_SECRET: 'sandbox-secret',
    // used when SF_AUTH=jwt: the emulator trusts the repository's test-only key pair
    SF_USERNAME: 'integration@sandbox.example',
    SF_PRIVATE_KEY_FILE: TEST_ONLY_PRIVATE_KEY_FILE,
    SF_API_VERSION: '64.0',
    ALOWARE_BASE_URL: urls.aloware,
    ALOWARE_API_TOKEN: 'sandbox-token',
    ALOWARE_REQUESTS_PER_MINUTE: '6000',
    ALOWARE_WEBHOOK_TOKEN: secret(),
    SALESFORCE_SYNC_KEY: secret(),
    OPERATOR_TOKEN: secret(),
    SYNC_COALESCE_MS: '250',
    RECONCILE_INTERVAL_SECONDS: '300',
    LOG_LEVEL: 'warn',
  };
  for (const key of Object.keys(generated)) {
    const value = env[key];
    if (value !== undefined && value !== '' && key !== 'PORT') generated[key] = value;
  }
  return generated;
}

export async function startDemoStack(opts: DemoStackOptions = {}): Promise<DemoStack> {
  const env = opts.env ?? process.env;
  const redisUrl = opts.redisUrl ?? env.REDIS_URL;
  if (!redisUrl) throw new Error('REDIS_URL is not set (scripts/demo provides one)');
  const stops = new Stops();
  try {
    const sf = await startSalesforceEmulator({
      port: portOf(env, 'SANDBOX_SF_PORT', opts.ports?.salesforce, 4010),
      notifyDelayMs: 0,
    });
    stops.add(() => sf.stop());
    const aloware = await startAlowareEmulator({
      port: portOf(env, 'SANDBOX_ALOWARE_PORT', opts.ports?.aloware, 4020),
    });
    stops.add(() => aloware.stop());
    const seeded = opts.seed === false ? undefined : await seedSalesforce(sf.url, opts.seed);
    const companionPort = portOf(env, 'PORT', opts.ports?.companion, 3000);
    const config = loadConfig(
      demoEnv(env, { salesforce: sf.url, aloware: aloware.url }, redisUrl, companionPort),
    );
    const logger =
      opts.logger ?? (config.logLevel === 'silent' ? silentLogger : createLogger(config.logLevel));
    const prefix = opts.prefix ?? `demo-${randomBytes(3).toString('hex')}`;
    const companion = await startCompanion(config, logger, { prefix, runtime: opts.runtime }, stops);
    await wireEmulators({ salesforce: sf.url, aloware: aloware.url, companion: companion.url }, config);
    await companion.runtime.start();
    const targets = demoTargets(sf, aloware.url, companion.url, config);
    const consoleUrl =
      opts.console === false
        ? undefined
        : await serve(
            stops,
            startConsole({
              ...targets,
              port: portOf(env, 'SANDBOX_CONSOLE_PORT', opts.ports?.console, 4000),
            }),
          );
    const adminPreviewUrl =
      opts.adminPreview === false
        ? undefined
        : await serve(
            stops,
            startAdminPreview({
              ...targets,
              port: portOf(env, 'SANDBOX_ADMIN_PORT', opts.ports?.admin, 4001),
            }),
          );
    return {
      urls: {
        companion: companion.url,
        salesforce: sf.url,
        aloware: aloware.url,
        console: consoleUrl,
        adminPreview: adminPreviewUrl,
      },
      secrets: {
        syncKey: config.salesforceSyncKey,
        webhookToken: config.aloware.webhookToken,
        operatorToken: config.operatorToken,
      },
      orgId: sf.orgId,
      config,
      prefix,
      seeded,
      runtime: companion.runtime,
      stop: () => stops.run(),
    };
  } catch (err) {
    await stops.run();
    throw err;
  }
}

/** The sandbox servers' view of the stack (console and admin preview): the three systems and the sync key. */
function demoTargets(sf: SalesforceEmulator, alowareUrl: string, companionUrl: string, config: Config) {
  return {
    salesforceUrl: sf.url,
    alowareUrl,
    companionUrl,
    syncKey: config.salesforceSyncKey,
    apiVersion: config.salesforce.apiVersion,
    orgId: sf.orgId,
  };
}

/** Starts one sandbox server, registers its stop, returns its URL. */
async function serve(
  stops: Stops,
  started: Promise<{ url: string; stop(): Promise<void> }>,
): Promise<string> {
  const server = await started;
  stops.add(() => server.stop());
  return server.url;
}
