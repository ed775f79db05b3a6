// npm run soak: the bounded fault soak of companion/test/soak/soak.ts against a private Redis with AOF that it
// restarts once mid-run. Flags: --events N --duration-min M --workers W --budget R --faults F (0..1) --kills K
// --seed S. Prints the verifier's report and exits non-zero when anything is lost, duplicated, diverged,
// failed, over budget or not drained.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureRedisServerBinary, freePort } from './lib/redis.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '2500' },
    'duration-min': { type: 'string', default: '10' },
    workers: { type: 'string', default: '3' },
    budget: { type: 'string', default: '120' },
    faults: { type: 'string', default: '1' },
    kills: { type: 'string', default: '2' },
    seed: { type: 'string', default: '1' },
    'drain-min': { type: 'string', default: '10' },
  },
});

const bin = ensureRedisServerBinary();
const port = await freePort();
const dir = mkdtempSync(join(tmpdir(), 'aloware-soak-redis-'));
let redis: ChildProcess | null = null;

async function startRedis(): Promise<void> {
  redis = spawn(
    bin,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--appendonly',
      'yes',
      '--appendfsync',
      'everysec',
      '--save',
      '',
      '--dir',
      dir,
    ],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 200; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1', () => (s.end(), resolve(true)));
      s.on('error', () => resolve(false));
    });
    if (up) return;
    await sleep(50);
  }
  throw new Error('redis-server did not start');
}

async function stopRedis(): Promise<void> {
  const r = redis;
  if (!r || r.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    r.once('exit', () => resolve());
    r.kill('SIGTERM');
  });
}

await startRedis();
process.env.REDIS_URL = `redis://127.0.0.1:${port}`;
const { judge, runSoak } = await import('../companion/test/soak/soak.js');
const started = Date.now();
let code = 1;
try {
  const report = judge(
    await runSoak({
      events: Number(values.events),
      durationMs: Number(values['duration-min']) * 60_000,
      workers: Number(values.workers),
      budget: Number(values.budget),
      faults: Number(values.faults),
      kills: Number(values.kills),
      seed: Number(values.seed),
      drainTimeoutMs: Number(values['drain-min']) * 60_000,
      restartRedis: async () => {
        await stopRedis();
        await sleep(2_000);
        await startRedis();
      },
      log: (line) => console.log(`[soak ${Math.round((Date.now() - started) / 1000)}s] ${line}`),
    }),
  );
  console.log(JSON.stringify(report, null, 2));
  console.log(report.ok ? '✔ soak passed' : '✘ soak found problems');
  code = report.ok ? 0 : 1;
} finally {
  await stopRedis();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(code);
