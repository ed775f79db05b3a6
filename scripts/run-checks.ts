// The stage runner behind `npm test` (scripts/test installs dependencies, then runs this with tsx).
// Makes Redis available (REDIS_URL, else a private redis-server it always stops), exports REDIS_URL to every
// stage, runs every stage in order even after a failure, prints one result line per stage and the output of
// each failing stage, then one summary line "N passed, N failed"; exits 1 when any stage failed.
//
// How cases are counted (the summary adds them up over all stages):
//   * type check, lint, format check, unused code (knip), dependency rules: one case each (the whole tool passes
//     or fails);
//   * companion unit / integration / end-to-end tests (vitest) and LWC jest: one case per test case, read from
//     the runner's JSON report; a run that exits non-zero with no failed test (a file that does not load)
//     counts one failed case;
//   * Apex syntax, Apex static analysis, Apex semantic, Apex graph analysis: one case per .cls/.trigger each;
//     metadata: one case per XML file, per Apex file's meta file, plus conversion and component count;
//     metadata schema: one case per -meta.xml.
// A stage whose inputs do not exist yet prints "– <stage>: <reason>" and counts nothing.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killRunning } from './lib/proc.js';
import { provideRedis, type RedisHandle } from './lib/redis.js';
import { runStages, STAGES } from './lib/stages.js';

/** scripts/test passes a pid file so its exit trap can stop our Redis even if this process is killed hard. */
function recordPid(redis: RedisHandle | undefined): void {
  const file = process.env.ALOWARE_TEST_REDIS_PIDFILE;
  if (file) writeFileSync(file, redis?.pid ? String(redis.pid) : '');
}

async function main(): Promise<void> {
  let redis: RedisHandle | undefined;
  const tmp = mkdtempSync(join(tmpdir(), 'aloware-test-'));
  const cleanup = async (): Promise<void> => {
    killRunning();
    await redis?.stop();
    if (redis) recordPid(undefined);
    rmSync(tmp, { recursive: true, force: true });
  };
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping`);
      void cleanup().finally(() => process.exit(code));
    });
  }
  try {
    redis = await provideRedis();
    recordPid(redis);
  } catch (err) {
    console.error(`✘ Redis — ${err instanceof Error ? err.message : String(err)}`);
    await cleanup();
    process.exit(1);
  }
  // Stage output is captured (and printed on failure): keep colours for a terminal, plain text for a log.
  const colour = process.stdout.isTTY ? { FORCE_COLOR: '1' } : { NO_COLOR: '1' };
  const env = { ...process.env, REDIS_URL: redis.url, ...colour };
  const { passed, failed, stageFailed } = await runStages(STAGES, { env, tmp });
  await cleanup();
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = stageFailed || failed > 0 ? 1 : 0;
}

await main();
