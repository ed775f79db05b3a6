import { existsSync } from 'node:fs';
import { z } from 'zod';

/**
 * The companion's configuration: one zod schema, parsed once at boot. Nothing else reads process.env.
 * Secrets have no defaults; a missing or bad variable stops start-up with a message naming it.
 */
const secret = (name: string) =>
  z.string({ error: `${name} is required` }).min(16, { error: `${name} must be at least 16 characters` });

const url = (name: string) => z.url({ error: `${name} must be a URL (http:// or https://)` });

/**
 * The generic login hosts. The client credentials flow is not supported on them: Salesforce issues that token
 * only on the org's My Domain (`https://<my-domain>.my.salesforce.com`, sandboxes
 * `https://<my-domain>--<sandbox>.sandbox.my.salesforce.com`).
 */
const GENERIC_LOGIN_HOSTS = new Set(['login.salesforce.com', 'test.salesforce.com']);

function isGenericLoginHost(loginUrl: string): boolean {
  try {
    return GENERIC_LOGIN_HOSTS.has(new URL(loginUrl).hostname.toLowerCase());
  } catch {
    return false;
  }
}

const configSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    REDIS_URL: z.string({ error: 'REDIS_URL is required' }).regex(/^rediss?:\/\//, {
      error: 'REDIS_URL must start with redis:// or rediss://',
    }),
    SF_LOGIN_URL: url('SF_LOGIN_URL'),
    SF_AUTH: z.enum(['jwt', 'client_credentials'], { error: 'SF_AUTH must be jwt or client_credentials' }),
    SF_CLIENT_ID: z
      .string({ error: 'SF_CLIENT_ID is required' })
      .min(1, { error: 'SF_CLIENT_ID is required' }),
    SF_CLIENT_SECRET: z.string().optional(),
    SF_USERNAME: z.string().optional(),
    SF_PRIVATE_KEY_FILE: z.string().optional(),
    SF_API_VERSION: z
      .string()
      .regex(/^\d{2}\.0$/, { error: 'SF_API_VERSION must look like 64.0' })
      .default('64.0'),
    ALOWARE_BASE_URL: url('ALOWARE_BASE_URL'),
    ALOWARE_API_TOKEN: z
      .string({ error: 'ALOWARE_API_TOKEN is required' })
      .min(1, { error: 'ALOWARE_API_TOKEN is required' }),
    // Aloware documents no rate limit for /api/v1/webhook/*: 60 a minute (one a second) is the conservative
    // default that an unknown limit will not refuse; raise it once Aloware confirms your account's limit.
    ALOWARE_REQUESTS_PER_MINUTE: z.coerce.number().int().positive().default(60),
    ALOWARE_WEBHOOK_TOKEN: secret('ALOWARE_WEBHOOK_TOKEN'),
    SALESFORCE_SYNC_KEY: secret('SALESFORCE_SYNC_KEY'),
    OPERATOR_TOKEN: secret('OPERATOR_TOKEN'),
    SYNC_COALESCE_MS: z.coerce.number().int().min(0).max(60_000).default(250),
    // A call's deliveries trickle in over a few seconds and a Task seen 2 s later costs a rep nothing; the first
    // pending communication is still written at once.
    TASK_COALESCE_MS: z.coerce.number().int().min(0).max(60_000).default(2_000),
    RECONCILE_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(300),
    SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().min(1).max(600).default(10),
    JOB_LOCK_SECONDS: z.coerce.number().int().min(5).max(600).default(30),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .superRefine((c, ctx) => {
    if (c.SF_AUTH === 'client_credentials' && !c.SF_CLIENT_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['SF_CLIENT_SECRET'],
        message: 'SF_CLIENT_SECRET is required when SF_AUTH=client_credentials',
      });
    }
    if (c.SF_AUTH === 'client_credentials' && isGenericLoginHost(c.SF_LOGIN_URL)) {
      ctx.addIssue({
        code: 'custom',
        path: ['SF_LOGIN_URL'],
        message:
          "SF_LOGIN_URL must be the org's My Domain URL (https://<my-domain>.my.salesforce.com) when " +
          'SF_AUTH=client_credentials: Salesforce does not support the client credentials flow on ' +
          'login.salesforce.com or test.salesforce.com',
      });
    }
    if (c.SF_AUTH === 'jwt') {
      for (const key of ['SF_USERNAME', 'SF_PRIVATE_KEY_FILE'] as const) {
        if (!c[key])
          ctx.addIssue({ code: 'custom', path: [key], message: `${key} is required when SF_AUTH=jwt` });
      }
    }
  });

type RawConfig = z.infer<typeof configSchema>;

export interface Config {
  port: number;
  redisUrl: string;
  salesforce: {
    loginUrl: string;
    auth: 'jwt' | 'client_credentials';
    clientId: string;
    clientSecret?: string;
    username?: string;
    privateKeyFile?: string;
    apiVersion: string;
  };
  aloware: { baseUrl: string; apiToken: string; requestsPerMinute: number; webhookToken: string };
  salesforceSyncKey: string;
  operatorToken: string;
  /** Salesforce → Aloware: changes within this many ms after a flush wait for the next (batched) flush. */
  coalesceMs: number;
  /** Task logging: communications pending within this many ms after a Task flush wait for the next one. */
  taskCoalesceMs: number;
  reconcileIntervalSeconds: number;
  /** The bound on a graceful stop: in-flight work gets all but the last 2 s, then jobs are returned. */
  shutdownTimeoutMs: number;
  /**
   * How long a crashed worker's claims outlive it: its jobs' BullMQ locks (renewed every half of it by a live
   * worker; the stalled-job check runs as often) and its per-phone locks (renewed every third). Work of a worker
   * killed with SIGKILL resumes elsewhere within about twice this.
   */
  jobLockMs: number;
  logLevel: RawConfig['LOG_LEVEL'];
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** A start-up problem outside the variables (port taken, Redis unfit); its message is one line naming the fix. */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

/** Parses the environment (or any record) into a Config; throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const name = i.path.join('.') || 'environment';
        return i.message.includes(name) ? i.message : `${name}: ${i.message}`;
      }),
    );
  }
  const c = parsed.data;
  return {
    port: c.PORT,
    redisUrl: c.REDIS_URL,
    salesforce: {
      loginUrl: c.SF_LOGIN_URL.replace(/\/$/, ''),
      auth: c.SF_AUTH,
      clientId: c.SF_CLIENT_ID,
      clientSecret: c.SF_CLIENT_SECRET,
      username: c.SF_USERNAME,
      privateKeyFile: c.SF_PRIVATE_KEY_FILE,
      apiVersion: c.SF_API_VERSION,
    },
    aloware: {
      baseUrl: c.ALOWARE_BASE_URL.replace(/\/$/, ''),
      apiToken: c.ALOWARE_API_TOKEN,
      requestsPerMinute: c.ALOWARE_REQUESTS_PER_MINUTE,
      webhookToken: c.ALOWARE_WEBHOOK_TOKEN,
    },
    salesforceSyncKey: c.SALESFORCE_SYNC_KEY,
    operatorToken: c.OPERATOR_TOKEN,
    coalesceMs: c.SYNC_COALESCE_MS,
    taskCoalesceMs: c.TASK_COALESCE_MS,
    reconcileIntervalSeconds: c.RECONCILE_INTERVAL_SECONDS,
    shutdownTimeoutMs: Math.round(c.SHUTDOWN_TIMEOUT_SECONDS * 1000),
    jobLockMs: c.JOB_LOCK_SECONDS * 1000,
    logLevel: c.LOG_LEVEL,
  };
}

/**
 * Loads `path` (default `.env` in the working directory) into process.env when it exists, with Node's own
 * parser. Variables already set in the environment win over the file. Returns whether a file was read.
 */
export function loadEnvFile(path = '.env'): boolean {
  if (!existsSync(path)) return false;
  process.loadEnvFile(path);
  return true;
}
