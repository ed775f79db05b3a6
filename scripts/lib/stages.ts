// The stages of `npm test`, in order (see scripts/run-checks.ts for how cases are counted).
import { join } from 'node:path';
import type { CheckReport } from './check-report.js';
import { listFiles } from './files.js';
import {
  bin,
  fromCheckReport,
  runTestTool,
  toolStage,
  type Stage,
  type StageContext,
  type StageResult,
} from './stage.js';

const tscProblems = (out: string): string => {
  const n = out.match(/error TS\d+/g)?.length ?? 0;
  return n ? `${n} error${n === 1 ? '' : 's'}` : '';
};
const lintProblems = (out: string): string => out.match(/✖ (\d+ problems?)/)?.[1] ?? '';
/** knip's section headers, `Unused exports (3)`, summed (configuration hints are advice, not findings). */
const knipProblems = (out: string): string => {
  const n = [...out.matchAll(/^(?!Configuration hints)[A-Z][A-Za-z ]+ \((\d+)\)\s*$/gm)].reduce(
    (sum, m) => sum + Number(m[1]),
    0,
  );
  return n ? `${n} finding${n === 1 ? '' : 's'}` : '';
};
/** scripts/checks/deps.ts's last line, `✘ 3 dependency problems (…)`. */
const depsProblems = (out: string): string => out.match(/✘ (\d+ dependency problems?)/)?.[1] ?? '';
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
  // The two knip runs of `npm run check:knip` (knip.ts: entries and the production files).
  toolStage('unused code (knip)', 'npm', ['run', '--silent', 'check:knip'], knipProblems),
  // The layers and no cycle, file or folder (.dependency-cruiser.cjs, scripts/checks/deps.ts).
  toolStage('dependency rules', 'npm', ['run', '--silent', 'check:deps'], depsProblems),
  vitestStage('companion unit tests', 'unit'),
  vitestStage('companion integration tests', 'integration'),
  vitestStage('model-based test', 'model'),
  vitestStage('end-to-end tests', 'e2e'),
  lwcStage,
  checkStage('Apex syntax', async () => (await import('../checks/apex-syntax.js')).checkApexSyntax),
  checkStage('Apex static analysis', async () => (await import('../checks/apex-pmd.js')).checkApexPmd),
  checkStage('Apex semantic', async () => {
    const { checkApexSemantic } = await import('../checks/apex-semantic.js');
    return (dir) => checkApexSemantic(dir);
  }),
  checkStage('metadata validation', async () => (await import('../checks/metadata.js')).checkMetadata),
  checkStage(
    'metadata schema',
    async () => (await import('../checks/metadata-schema.js')).checkMetadataSchema,
  ),
  checkStage('Apex graph analysis', async () => {
    const { checkApexGraph } = await import('../checks/apex-graph.js');
    return (dir) => checkApexGraph(dir);
  }),
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
