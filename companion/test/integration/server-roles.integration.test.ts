import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startPrivateRedis } from '../../../scripts/lib/redis.js';
import { OPERATOR_TOKEN, startStack, SYNC_KEY, waitFor, type Stack } from '../support/stack.js';
import { helpers } from '../support/to-aloware-helpers.js';

// The companion as production runs it: compiled by `npm run build`, started by `npm start` (or plain node).
const root = fileURLToPath(new URL('../../../', import.meta.url));
const entry = 'dist/companion/src/server.js';
let stack: Stack;
const children: ChildProcess[] = [];
/** The node pids behind `npm start` (killing npm alone would leave node running after a failed test). */
const nodePids: number[] = [];

/** `npm start -- args` (or `node dist/...` with `via: 'node'`) in the repository, output captured. */
function start(args: string[], env: Record<string, string>, via: 'npm' | 'node' = 'npm') {
  const [cmd, argv] =
    via === 'npm' ? ['npm', ['start', '--silent', '--', ...args]] : ['node', [entry, ...args]];
  const child = spawn(cmd, argv as string[], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  /** The node process's pid, from its first JSON log line (npm's own pid is child.pid). */
  const nodePid = () => Number(/"pid":(\d+)/.exec(output)?.[1]);
  let remembered = false;
  const take = (c: Buffer) => {
    output += c.toString();
    const pid = remembered ? 0 : nodePid();
    if (pid) {
      nodePids.push(pid);
      remembered = true;
    }
  };
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output, nodePid };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function up(base: string, proc: ReturnType<typeof start>): Promise<void> {
  await waitFor(async () => (await fetch(`${base}/healthz`)).ok, 40_000, 100).catch((err: unknown) => {
    throw new Error(`${base} did not start: ${String(err)}\n${proc.output()}`);
  });
}

const changeEvent = (orgId: string, ids: string[]) => ({
  schema: 'aloware-sync.salesforce-change/1',
  orgId,
  deliveryId: `roles-${Date.now()}-${ids.length}`,
  sentAt: new Date().toISOString(),
  changes: ids.map((id) => ({
    object: 'Lead',
    id,
    kind: 'created',
    fields: [],
    modstamp: new Date().toISOString(),
  })),
});

const postChange = (base: string, body: unknown) =>
  fetch(`${base}/webhooks/salesforce`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-aloware-sync-key': SYNC_KEY },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
  // The emulators and a prefix only; the companion runs as real processes.
  stack = await startStack({ alowareWebhooks: false, startWorkers: false, notify: false });
}, 120_000);
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  for (const pid of nodePids) if (alive(pid)) process.kill(pid, 'SIGKILL');
  await stack?.stop();
});

describe('start-up', () => {
  it('refuses to start with a message naming a missing variable', async () => {
    const { exited, output } = start([], { ...stack.env, SALESFORCE_SYNC_KEY: '' }, 'node');
    expect(await exited).toBe(78);
    expect(output()).toContain('SALESFORCE_SYNC_KEY');
  });

  it('stops with one line when the port is taken', async () => {
    const port = await freePort();
    const blocker: Server = await new Promise((resolve) => {
      const s = createServer().listen(port, () => resolve(s));
    });
    try {
      const proc = start([], { ...stack.env, PORT: String(port) }, 'node');
      expect(await proc.exited).toBe(1);
      expect(proc.output()).toContain(
        `cannot start: Port ${port} is already in use. Fix: stop the other process or set PORT.`,
      );
      expect(proc.output()).not.toContain('listening');
    } finally {
      blocker.close();
    }
  });

  it('stops with one line when Redis is unreachable', async () => {
    const port = await freePort();
    const proc = start([], { ...stack.env, REDIS_URL: `redis://:hunter2-secret@127.0.0.1:${port}` }, 'node');
    expect(await proc.exited).toBe(1);
    expect(proc.output()).toMatch(
      new RegExp(
        `cannot start: Redis at redis://:\\*\\*\\*@127\\.0\\.0\\.1:${port} is unreachable .*Fix: start Redis or correct REDIS_URL\\.`,
      ),
    );
    expect(proc.output()).not.toContain('hunter2');
  });

  it('stops with one line when Redis evicts keys', async () => {
    const redis = await startPrivateRedis(['--maxmemory', '64mb', '--maxmemory-policy', 'allkeys-lru']);
    try {
      const proc = start([], { ...stack.env, REDIS_URL: redis.url }, 'node');
      expect(await proc.exited).toBe(1);
      expect(proc.output()).toContain('has maxmemory-policy allkeys-lru');
      expect(proc.output()).toContain('Fix: set maxmemory-policy noeviction');
    } finally {
      await redis.stop();
    }
  });
});

describe('npm start', () => {
  it('--role web serves HTTP, --role worker processes the jobs and serves its probes and metrics; SIGTERM stops both', async () => {
    const [webPort, workerPort] = [await freePort(), await freePort()];
    const env = { ...stack.env, LOG_LEVEL: 'info' };
    const web = start(['--role', 'web'], { ...env, PORT: String(webPort) });
    const base = `http://127.0.0.1:${webPort}`;
    await up(base, web);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    // The test Redis does not persist: a warning, not a refusal.
    expect(web.output()).toContain('does not persist with AOF');
    // Nothing processes jobs yet: the web role only stores and queues.
    const { ids } = await helpers(stack).seed('Lead', [
      { LastName: 'Roles', Company: 'R', Phone: '202-555-0230' },
    ]);
    expect((await postChange(base, changeEvent(stack.sf.orgId, ids))).status).toBe(202);
    await waitFor(async () => web.output().includes('POST /webhooks/salesforce 202'), 5_000);
    expect(web.output()).toMatch(/"req":\{"id":"[\w-]+","method":"POST","path":"\/webhooks\/salesforce"\}/);
    expect(await helpers(stack).byPhone('+12025550230')).toBeUndefined();

    const worker = start(['--role', 'worker'], { ...env, PORT: String(workerPort) });
    const workerBase = `http://127.0.0.1:${workerPort}`;
    await up(workerBase, worker);
    await waitFor(() => helpers(stack).byPhone('+12025550230'), 40_000, 200);
    expect((await fetch(`${workerBase}/readyz`)).status).toBe(200);
    expect((await fetch(`${workerBase}/metrics`)).status).toBe(401);
    const metrics = await fetch(`${workerBase}/metrics`, {
      headers: { authorization: `Bearer ${OPERATOR_TOKEN}` },
    });
    const text = await metrics.text();
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    expect(text).toMatch(/aloware_sync_writes_total\{direction="to_aloware",outcome="created"\} 1/);
    // The worker serves only the probes and its metrics.
    expect((await fetch(`${workerBase}/webhooks/salesforce`, { method: 'POST' })).status).toBe(404);
    expect(worker.output()).not.toContain('2025550230');

    const pids = [web.nodePid(), worker.nodePid()];
    expect(pids.every((p) => p > 0 && p !== web.child.pid && p !== worker.child.pid)).toBe(true);
    const t0 = Date.now();
    web.child.kill('SIGTERM');
    worker.child.kill('SIGTERM');
    expect(await web.exited).toBe(0);
    expect(await worker.exited).toBe(0);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(pids.filter(alive)).toEqual([]);
    expect(web.output()).toContain('"msg":"stopped"');
    expect(worker.output()).toContain('"msg":"stopped"');
  }, 90_000);

  it('SIGTERM during a busy batch exits 0 within the bound; the running job is returned and finished by the next worker', async () => {
    const h = helpers(stack);
    const [webPort, workerPort] = [await freePort(), await freePort()];
    const env = { ...stack.env, LOG_LEVEL: 'info' };
    const web = start(['--role', 'web'], { ...env, PORT: String(webPort) });
    const base = `http://127.0.0.1:${webPort}`;
    await up(base, web);
    const phones = Array.from({ length: 30 }, (_, i) => `+1202555${String(1300 + i)}`);
    const { ids } = await h.seed(
      'Lead',
      phones.map((p, i) => ({ LastName: `Busy${i}`, Company: 'B', Phone: p })),
    );
    // 20 Aloware requests a minute: the batch needs about two per record, so the job is still running (waiting
    // for the limiter) when the signal comes. The limiter's window starts empty: the earlier tests' requests
    // (granted under their own budget) would otherwise fill this budget and delay the first write for a minute.
    const limiter = new Redis(stack.env.REDIS_URL!);
    try {
      await limiter.del('aloware-sync:ratelimit:aloware');
    } finally {
      await limiter.quit();
    }
    const busy = start(['--role', 'worker'], {
      ...env,
      PORT: String(workerPort),
      ALOWARE_REQUESTS_PER_MINUTE: '20',
    });
    await up(`http://127.0.0.1:${workerPort}`, busy);
    expect((await postChange(base, changeEvent(stack.sf.orgId, ids))).status).toBe(202);
    const synced = async () => (await h.contacts()).filter((c) => phones.includes(c.phone_number)).length;
    await waitFor(async () => (await synced()) > 0, 30_000, 100);
    const nodePid = busy.nodePid();
    const t0 = Date.now();
    busy.child.kill('SIGTERM');
    expect(await busy.exited).toBe(0);
    const took = Date.now() - t0;
    expect(took).toBeLessThan(10_000);
    expect(alive(nodePid)).toBe(false);
    expect(busy.output()).toMatch(/"returnedJobs":[1-9]/);
    expect(busy.output()).toContain('"msg":"stopped"');
    expect(await synced()).toBeLessThan(phones.length);

    // Nothing is left active (locked) in Redis: the job is back in its queue at once.
    const redis = new Redis(stack.env.REDIS_URL!);
    try {
      expect(await redis.llen('aloware-sync:sf-changes:active')).toBe(0);
    } finally {
      await redis.quit();
    }
    const next = start(['--role', 'worker'], { ...env, PORT: String(await freePort()) });
    await waitFor(async () => (await synced()) === phones.length, 60_000, 200);
    const failed = await fetch(`${base}/api/v1/failed`, { headers: { 'x-aloware-sync-key': SYNC_KEY } });
    expect(((await failed.json()) as { items: unknown[] }).items).toEqual([]);
    // Exactly one Aloware contact per record: nothing lost, nothing doubled.
    expect((await h.contacts()).filter((c) => phones.includes(c.phone_number))).toHaveLength(phones.length);
    next.child.kill('SIGTERM');
    web.child.kill('SIGTERM');
    expect(await next.exited).toBe(0);
    expect(await web.exited).toBe(0);
  }, 120_000);
});
