// npm run soak: the bounded fault soak of companion/test/soak/soak.ts against a private Redis with AOF that it
// restarts once mid-run. Flags: --events N --duration-min M --workers W --budget R --faults F (0..1) --kills K
// --seed S --drain-min D. The defaults (300 events over 8 minutes, 3 workers, 120 Aloware requests/min, every
// fault, 2 kills) offer more Aloware requests than the budget lets through (measured: ~3-4 per event, most of
// them phone-number lookups), so the budget stays saturated and the backlog drains in a few more minutes. Prints
// the verifier's report and exits non-zero when anything is lost, duplicated, diverged, failed, over budget or
// not drained.
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { startRestartableRedis } from './lib/redis.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '300' },
    'duration-min': { type: 'string', default: '8' },
    workers: { type: 'string', default: '3' },
    budget: { type: 'string', default: '120' },
    faults: { type: 'string', default: '1' },
    kills: { type: 'string', default: '2' },
    seed: { type: 'string', default: '1' },
    'drain-min': { type: 'string', default: '10' },
  },
});

const redis = await startRestartableRedis();
process.env.REDIS_URL = redis.url;
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
        await redis.down();
        await sleep(2_000);
        await redis.up();
      },
      log: (line) => console.log(`[soak ${Math.round((Date.now() - started) / 1000)}s] ${line}`),
    }),
  );
  console.log(JSON.stringify(report, null, 2));
  console.log(report.ok ? '✔ soak passed' : '✘ soak found problems');
  code = report.ok ? 0 : 1;
} finally {
  await redis.stop();
}
process.exit(code);
