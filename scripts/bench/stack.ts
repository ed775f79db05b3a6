/**
 * The bench's stack: a private Redis, the Salesforce and Aloware emulators in this process, and the companion as
 * `npm start` runs it (companion/src/server.ts in its own process, so its CPU and peak RSS can be read from /proc),
 * wired to the emulators exactly as the demo wires them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { startAlowareEmulator } from '../../companion/sandbox/aloware/index.js';
import { wireEmulators } from '../../companion/sandbox/demo/companion.js';
import { demoEnv } from '../../companion/sandbox/demo/stack.js';
import {
  startSalesforceEmulator,
  type SalesforceEmulator,
} from '../../companion/sandbox/salesforce/index.js';
import { loadConfig, type Config } from '../../companion/src/config/index.js';
import { freePort, startPrivateRedis, type RedisHandle } from '../lib/redis.js';
import { setTimeout as sleep } from 'node:timers/promises';

export interface BenchStack {
  sf: SalesforceEmulator;
  alowareUrl: string;
  companionUrl: string;
  config: Config;
  companion: ChildProcess;
  redis: RedisHandle;
  /** Tokens for the rep (creates, edits) and the integration user (lower-bound calls). */
  tokens: { rep: string; integration: string };
  stop(): Promise<void>;
}

export interface StackOptions {
  /** Companion environment overrides (e.g. SYNC_COALESCE_MS). */
  env?: Record<string, string>;
  /** Directory for the companion's `--cpu-prof` output (no profile when absent). */
  cpuProfDir?: string;
  /**
   * Run the built companion (`dist/companion/src/server.js`, `npm run build` first) exactly as `npm start` does,
   * instead of the TypeScript sources through tsx (the default: no build step, but tsx's loader, the transpiled
   * sources and their source maps stay in the companion's memory).
   */
  built?: boolean;
}

async function token(sfUrl: string, clientId: string): Promise<string> {
  const res = await fetch(`${sfUrl}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: 'sandbox-secret',
    }),
  });
  if (!res.ok) throw new Error(`token request for ${clientId} failed: ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

async function waitHealthy(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`companion exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/readyz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`companion not ready at ${url} within ${timeoutMs} ms`);
}

export async function startBenchStack(opts: StackOptions = {}): Promise<BenchStack> {
  const redis = await startPrivateRedis();
  const sf = await startSalesforceEmulator({ port: 0, notifyDelayMs: 0 });
  const aloware = await startAlowareEmulator({ port: 0 });
  const port = await freePort();
  const env = {
    ...demoEnv({}, { salesforce: sf.url, aloware: aloware.url }, redis.url, port),
    // The limiter out of the way: the companion itself is measured (README: ALOWARE_REQUESTS_PER_MINUTE).
    ALOWARE_REQUESTS_PER_MINUTE: '10000000',
    RECONCILE_INTERVAL_SECONDS: '0',
    LOG_LEVEL: 'warn',
    ...opts.env,
  };
  const config = loadConfig(env);
  const nodeArgs = opts.built ? ['--enable-source-maps'] : ['--import', 'tsx'];
  if (opts.cpuProfDir) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`);
  const entry = opts.built ? 'dist/companion/src/server.js' : 'companion/src/server.ts';
  if (opts.built && !existsSync(entry)) throw new Error(`${entry} is missing: run npm run build first`);
  const companion = spawn(process.execPath, [...nodeArgs, entry], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const companionUrl = `http://127.0.0.1:${port}`;
  const killChild = () => {
    if (companion.exitCode === null) companion.kill('SIGKILL');
  };
  process.once('exit', killChild);
  const stopAll = async () => {
    if (companion.exitCode === null) {
      await new Promise<void>((resolve) => {
        companion.once('exit', () => resolve());
        companion.kill('SIGTERM');
        setTimeout(killChild, 30_000).unref();
      });
    }
    process.removeListener('exit', killChild);
    await aloware.stop().catch(() => undefined);
    await sf.stop().catch(() => undefined);
    await redis.stop();
  };
  try {
    await waitHealthy(companionUrl, companion);
    await wireEmulators({ salesforce: sf.url, aloware: aloware.url, companion: companionUrl }, config);
    const tokens = {
      rep: await token(sf.url, 'sandbox-rep'),
      integration: await token(sf.url, 'sandbox-integration'),
    };
    return { sf, alowareUrl: aloware.url, companionUrl, config, companion, redis, tokens, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

const CLOCK_TICKS = 100;

/** CPU seconds (user + system) of a process so far, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** Peak resident set (VmHWM) in MB since start or the last `resetPeakRss`. */
export function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Resets VmHWM to the current RSS (Linux clear_refs 5); false when the kernel refuses. */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}
