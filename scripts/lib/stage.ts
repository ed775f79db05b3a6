import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { failures, formatDetails, type CheckReport } from './check-report.js';
import { runCommand } from './proc.js';

/** The outcome of one stage of `npm test`. passed/failed count test cases (see scripts/run-checks.ts). */
export interface StageResult {
  status: 'pass' | 'fail' | 'skip';
  passed: number;
  failed: number;
  /** Short text for the result line: "42 tests", "3 problems", "no components yet". */
  note: string;
  /** Printed before the result line: the tool's output when it failed, warnings otherwise. */
  output?: string;
}

export interface StageContext {
  env: NodeJS.ProcessEnv;
  /** Project root the stage runs in (default: the working directory). */
  cwd?: string;
  /** Scratch directory for JSON reports; removed by the runner. */
  tmp: string;
}

export interface Stage {
  name: string;
  run(ctx: StageContext): Promise<StageResult>;
}

export const bin = (name: string): string => join('node_modules', '.bin', name);

/** A tool that is one case: passes when it exits 0; `problems` extracts "3 problems" from its output. */
export function toolStage(
  name: string,
  cmd: string,
  args: string[],
  problems: (out: string) => string,
): Stage {
  return {
    name,
    async run({ env, cwd }) {
      const { code, output } = await runCommand(cmd, args, env, cwd);
      if (code === 0) return { status: 'pass', passed: 1, failed: 0, note: '' };
      return { status: 'fail', passed: 0, failed: 1, note: problems(output) || `exit code ${code}`, output };
    },
  };
}

interface JsonTestReport {
  numTotalTestSuites?: number;
  numTotalTests?: number;
  numPassedTests?: number;
  numFailedTests?: number;
}

function readJsonReport(file: string): JsonTestReport | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as JsonTestReport;
  } catch {
    return undefined;
  }
}

/**
 * A test runner with a Jest-shaped JSON report (vitest's json reporter, jest --json). Counts test cases from the
 * report. No test files at all is "no tests yet" (the runner is called with passWithNoTests); a non-zero exit
 * without failed tests (a file that does not load, an unhandled error) counts as one failed case.
 */
export async function runTestTool(
  cmd: string,
  args: string[],
  report: string,
  ctx: StageContext,
): Promise<StageResult> {
  const { code, output } = await runCommand(cmd, args, ctx.env, ctx.cwd);
  const json = readJsonReport(report);
  if (code === 0 && json && (json.numTotalTestSuites ?? 0) === 0) {
    return { status: 'skip', passed: 0, failed: 0, note: 'no tests yet' };
  }
  const passed = json?.numPassedTests ?? 0;
  const failedTests = json?.numFailedTests ?? 0;
  const failed = code !== 0 && failedTests === 0 ? 1 : failedTests;
  const total = json?.numTotalTests ?? passed + failed;
  if (code === 0 && failed === 0) return { status: 'pass', passed, failed, note: `${total} tests` };
  const note = failedTests
    ? `${failedTests} of ${total} tests failed`
    : `exit code ${code} without a failing test (a test file did not load, or an error outside tests)`;
  return { status: 'fail', passed, failed, note, output };
}

/** Adapts a scripts/checks report (one case per checked file or per check). */
export function fromCheckReport(report: CheckReport): StageResult {
  if (report.skipped) return { status: 'skip', passed: 0, failed: 0, note: report.skipped };
  const failed = failures(report).length;
  const passed = report.cases.length - failed;
  const warn = report.warnings.length ? `, ${report.warnings.length} warnings` : '';
  const note = failed ? `${failed} of ${report.cases.length} failed${warn}` : `${passed} checked${warn}`;
  const details = formatDetails(report);
  return { status: failed ? 'fail' : 'pass', passed, failed, note, output: details || undefined };
}
