// The stage runner behind `npm test` (scripts/test installs dependencies, then runs this with tsx).
// Makes Redis available (REDIS_URL, else a private redis-server it always stops), exports REDIS_URL to every
// stage, runs every stage in order even after a failure, prints one result line per stage and the output of
// each failing stage, then one summary line "N passed, N failed"; exits 1 when any stage failed.
//
// How cases are counted (the summary adds them up over all stages):
//   * type check, lint, format check: one case each (the whole tool passes or fails);
//   * companion unit / integration / end-to-end tests (vitest) and LWC jest: one case per test case, read from
//     the runner's JSON report; a run that exits non-zero with no failed test (a file that does not load)
//     counts one failed case;
//   * Apex syntax: one case per .cls/.trigger; Apex static analysis: one case per .cls/.trigger;
//     metadata: one case per XML file, per Apex file's meta file, plus conversion and component count.
// A stage whose inputs do not exist yet prints "– <stage>: <reason>" and counts nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckReport } from './lib/check-report.js';
import { listFiles } from './lib/files.js';
import { killRunning } from './lib/proc.js';
import { provideRedis, type RedisHandle } from './lib/redis.js';
import {
  bin,
  fromCheckReport,
  runTestTool,
  toolStage,
  type Stage,
  type StageContext,
  type StageResult,
} from './lib/stage.js';

const tscProblems = (out: string): string => {
  const n = out.match(/error TS\d+/g)?.length ?? 0;
  return n ? `${n} errors` : '';
};
const lintProblems = (out: string): string => out.match(/✖ (\d+ problems?)/)?.[1] ?? '';
const formatProblems = (out: string): string => {
  const files = out.split('\n').filter((l) => /^\[(warn|error)\] (?!Code style issues)/.test(l)).length;
  return files ? `${files} files` : '';
};

function vitestStage(name: string, project: string): Stage {
  return {
    name,
    run(ctx) {
      const report = join(ctx.tmp, `vitest-${project}.json`);
      const args = [
        'run',
        '--project',
        project,
        '--passWithNoTests',
        '--reporter=default',
        '--reporter=json',
      ];
      return runTestTool(bin('vitest'), [...args, `--outputFile.json=${report}`], report, ctx);
    },
  };
}

const lwcStage: Stage = {
  name: 'LWC jest',
  async run(ctx) {
    const bundles = listFiles(join(ctx.cwd ?? '.', 'force-app'), (p) =>
      /[\\/]lwc[\\/][^\\/]+[\\/][^\\/]+\.js-meta\.xml$/.test(p),
    );
    if (bundles.length === 0) return { status: 'skip', passed: 0, failed: 0, note: 'no components yet' };
    const report = join(ctx.tmp, 'jest.json');
    const args = ['--', '--json', `--outputFile=${report}`, '--passWithNoTests'];
    return runTestTool(bin('sfdx-lwc-jest'), args, report, ctx);
  },
};

type Check = (dir: string) => Promise<CheckReport>;

/** A scripts/checks stage, run in-process; the module is loaded only when the stage starts (SDR and PMD are big). */
function checkStage(name: string, load: () => Promise<Check>): Stage {
  return {
    name,
    async run(ctx) {
      try {
        const check = await load();
        return fromCheckReport(await check(join(ctx.cwd ?? '.', 'force-app')));
      } catch (err) {
        const output = err instanceof Error ? (err.stack ?? err.message) : String(err);
        return { status: 'fail', passed: 0, failed: 1, note: 'the check crashed', output };
      }
    },
  };
}

export const STAGES: Stage[] = [
  toolStage('type check', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json'], tscProblems),
  toolStage('lint', bin('eslint'), ['.'], lintProblems),
  toolStage('format check', bin('prettier'), ['--check', '.'], formatProblems),
  vitestStage('companion unit tests', 'unit'),
  vitestStage('companion integration tests', 'integration'),
  vitestStage('end-to-end tests', 'e2e'),
  lwcStage,
  checkStage('Apex syntax', async () => (await import('./checks/apex-syntax.js')).checkApexSyntax),
  checkStage('Apex static analysis', async () => (await import('./checks/apex-pmd.js')).checkApexPmd),
  checkStage('metadata validation', async () => (await import('./checks/metadata.js')).checkMetadata),
];

const MAX_WARNING_LINES = 25;

function printResult(stage: Stage, r: StageResult, seconds: string): void {
  if (r.output) {
    const lines = r.output.trimEnd().split('\n');
    const shown = r.status === 'fail' ? lines : lines.slice(0, MAX_WARNING_LINES);
    console.log(shown.join('\n'));
    if (shown.length < lines.length) console.log(`  … and ${lines.length - shown.length} more`);
  }
  if (r.status === 'skip') console.log(`– ${stage.name}: ${r.note}`);
  else if (r.status === 'pass') console.log(`✔ ${stage.name}${r.note ? ` — ${r.note}` : ''} (${seconds}s)`);
  else console.log(`✘ ${stage.name} — ${r.note} (see above) (${seconds}s)`);
}

export async function runStages(
  stages: Stage[],
  ctx: StageContext,
): Promise<{ passed: number; failed: number; stageFailed: boolean }> {
  let passed = 0;
  let failed = 0;
  let stageFailed = false;
  for (const stage of stages) {
    const started = Date.now();
    const r = await stage.run(ctx);
    printResult(stage, r, ((Date.now() - started) / 1000).toFixed(1));
    passed += r.passed;
    failed += r.failed;
    if (r.status === 'fail') stageFailed = true;
  }
  return { passed, failed, stageFailed };
}

async function main(): Promise<void> {
  let redis: RedisHandle | undefined;
  const tmp = mkdtempSync(join(tmpdir(), 'aloware-test-'));
  const cleanup = async (): Promise<void> => {
    killRunning();
    await redis?.stop();
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
  } catch (err) {
    console.error(`✘ Redis — ${err instanceof Error ? err.message : String(err)}`);
    await cleanup();
    process.exit(1);
  }
  const env = { ...process.env, REDIS_URL: redis.url, ...(process.stdout.isTTY ? { FORCE_COLOR: '1' } : {}) };
  const { passed, failed, stageFailed } = await runStages(STAGES, { env, tmp });
  await cleanup();
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = stageFailed || failed > 0 ? 1 : 0;
}

await main();
