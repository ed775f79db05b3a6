import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** One counted case of an offline check: a file that was checked, or one named check. */
export interface CheckCase {
  name: string;
  ok: boolean;
  /** Why it failed (file:line:col and the tool's message when known). */
  message?: string;
}

/** What a check in scripts/checks returns; the runner and the CLIs print it the same way. */
export interface CheckReport {
  check: string;
  cases: CheckCase[];
  /** Printed but never failing (e.g. low-severity PMD findings). */
  warnings: string[];
  /** Set when the check had no inputs: it says so and counts nothing. */
  skipped?: string;
}

export function failures(report: CheckReport): CheckCase[] {
  return report.cases.filter((c) => !c.ok);
}

/** Human-readable details: every failure and warning, one block per line. */
export function formatDetails(report: CheckReport): string {
  const lines: string[] = [];
  for (const f of failures(report)) {
    const text = !f.message ? f.name : f.message.startsWith(f.name) ? f.message : `${f.name}: ${f.message}`;
    lines.push(`  ✘ ${text}`);
  }
  for (const w of report.warnings) lines.push(`  ⚠ ${w}`);
  return lines.join('\n');
}

function formatSummary(report: CheckReport): string {
  if (report.skipped) return `– ${report.check}: ${report.skipped}`;
  const failed = failures(report).length;
  const passed = report.cases.length - failed;
  const warn = report.warnings.length ? `, ${report.warnings.length} warnings` : '';
  return `${failed ? '✘' : '✔'} ${report.check}: ${passed} passed, ${failed} failed${warn}`;
}

/** true when the module at `metaUrl` is the script node/tsx was started with. */
export function isMain(metaUrl: string): boolean {
  const entry = process.argv[1];
  return entry !== undefined && pathToFileURL(resolve(entry)).href === metaUrl;
}

/** CLI wrapper for a check: first argument is the directory (default force-app); exit 1 on any failure. */
export async function runCheckCli(check: (dir: string) => Promise<CheckReport>): Promise<void> {
  const dir = process.argv[2] ?? 'force-app';
  try {
    const report = await check(dir);
    const details = formatDetails(report);
    if (details) console.log(details);
    console.log(formatSummary(report));
    process.exitCode = failures(report).length ? 1 : 0;
  } catch (err) {
    console.error(`check crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = 2;
  }
}
