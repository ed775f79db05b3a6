import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** A Redis the scripts can use: the one in REDIS_URL, or a private redis-server they started. */
export interface RedisHandle {
  url: string;
  /** true when this process started the server (and stop() will end it). */
  owned: boolean;
  /** process id of the redis-server this process started (owned handles only). */
  pid?: number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function findRedisServer(): string | undefined {
  for (const candidate of ['redis-server', '/usr/bin/redis-server', '/usr/local/bin/redis-server']) {
    const r = spawnSync(candidate, ['--version'], { stdio: 'ignore' });
    if (r.status === 0) return candidate;
  }
  return undefined;
}

/** Finds redis-server; installs Debian's package when missing and running as root; otherwise explains the fix. */
function ensureRedisServerBinary(): string {
  const found = findRedisServer();
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (isRoot && hasApt) {
    console.error('redis-server not found: installing Debian package redis-server with apt-get …');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    spawnSync('apt-get', ['install', '-y', '-qq', 'redis-server'], { stdio: 'inherit', env });
    const after = findRedisServer();
    if (after) return after;
  }
  throw new Error(
    'redis-server is not installed. Fix: install it (Debian/Ubuntu: `sudo apt-get install redis-server`, ' +
      'macOS: `brew install redis`) or set REDIS_URL to a Redis you already run (e.g. redis://127.0.0.1:6379).',
  );
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.end();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await sleep(50);
  }
  throw new Error(`redis-server did not accept connections on port ${port} within ${timeoutMs} ms`);
}

/** Starts a private, non-persistent redis-server on a free port in a temp directory (`extraArgs`: more options). */
export async function startPrivateRedis(extraArgs: string[] = []): Promise<RedisHandle> {
  const bin = ensureRedisServerBinary();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'aloware-sync-redis-'));
  const child: ChildProcess = spawn(
    bin,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      ...extraArgs,
    ],
    { stdio: 'ignore' },
  );
  const killChild = () => {
    if (child.exitCode === null) child.kill('SIGTERM');
  };
  process.once('exit', killChild);
  await waitForPort(port, 10_000);
  return {
    url: `redis://127.0.0.1:${port}`,
    owned: true,
    pid: child.pid,
    async stop() {
      process.removeListener('exit', killChild);
      if (child.exitCode === null) {
        await new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
          setTimeout(() => {
            if (child.exitCode === null) child.kill('SIGKILL');
          }, 3000).unref();
        });
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** REDIS_URL when set, else a private server. */
export async function provideRedis(env: NodeJS.ProcessEnv = process.env): Promise<RedisHandle> {
  if (env.REDIS_URL) return { url: env.REDIS_URL, owned: false, stop: async () => undefined };
  return startPrivateRedis();
}

/** A private redis-server with AOF (fsync every second) that can be stopped and started again on its port. */
export interface RestartableRedis {
  url: string;
  /** Starts the server (again), keeping its AOF; resolves once it accepts connections. */
  up(): Promise<void>;
  /** Stops the server (SIGTERM; it writes its AOF first). */
  down(): Promise<void>;
  /** down, then removes its directory. */
  stop(): Promise<void>;
}

export async function startRestartableRedis(): Promise<RestartableRedis> {
  const bin = ensureRedisServerBinary();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'aloware-sync-redis-aof-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--appendonly', 'yes'];
  let child: ChildProcess | null = null;
  const down = async () => {
    const c = child;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGTERM');
    });
  };
  process.once('exit', () => child?.kill('SIGKILL'));
  const handle: RestartableRedis = {
    url: `redis://127.0.0.1:${port}`,
    async up() {
      if (child && child.exitCode === null) return;
      child = spawn(bin, [...args, '--appendfsync', 'everysec', '--save', '', '--dir', dir], {
        stdio: 'ignore',
      });
      await waitForPort(port, 10_000);
    },
    down,
    async stop() {
      await down();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await handle.up();
  return handle;
}
