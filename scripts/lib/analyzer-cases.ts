// Turning a Code Analyzer run (violations + engine error log lines) into one check case per Apex file; shared by
// the PMD and Salesforce Graph Engine gates (scripts/checks/apex-pmd.ts, scripts/checks/apex-graph.ts).
import { resolve } from 'node:path';
import type { Violation } from '@salesforce/code-analyzer-core';
import type { CheckCase } from './check-report.js';
import { displayPath } from './files.js';

/** `file:line:col Rule (severity n): message`, plus the entry point when the path starts in another place. */
function describeViolation(v: Violation): string {
  const loc = v.getPrimaryLocation();
  const where = `${displayPath(loc.getFile() ?? '?')}:${loc.getStartLine() ?? 0}:${loc.getStartColumn() ?? 0}`;
  const rule = v.getRule();
  const locations = v.getCodeLocations();
  const from = locations[0];
  const source =
    locations.length > 1 && from
      ? ` (entry point ${displayPath(from.getFile() ?? '?')}:${from.getStartLine() ?? 0})`
      : '';
  return `${where} ${rule.getName()} (severity ${rule.getSeverityLevel()}): ${v.getMessage().trim()}${source}`;
}

export interface AnalyzerCasesInput {
  /** Absolute paths of the Apex files checked: one case each. */
  files: string[];
  violations: Violation[];
  /** Engine error log lines; one naming a file fails that file, the others fail one `engine` case. */
  errors: string[];
  /** true when a violation fails its file (false: printed as a warning). */
  fails: (v: Violation) => boolean;
  /** Prefix of an error attributed to a file, e.g. "PMD processing error". */
  errorLabel: string;
  /** Name of the case for errors that name no file, e.g. "PMD engine". */
  engineCase: string;
  /** Problems found before the run, per file (e.g. undocumented directives). */
  initial?: (file: string) => string[];
}

export function analyzerCases(input: AnalyzerCasesInput): { cases: CheckCase[]; warnings: string[] } {
  const problems = new Map<string, string[]>(input.files.map((f) => [f, input.initial?.(f) ?? []]));
  const warnings: string[] = [];
  for (const v of input.violations) {
    if (!input.fails(v)) {
      warnings.push(describeViolation(v));
      continue;
    }
    const file = resolve(v.getPrimaryLocation().getFile() ?? '');
    problems.set(file, [...(problems.get(file) ?? []), describeViolation(v)]);
  }
  const unattributed: string[] = [];
  for (const err of input.errors) {
    const file = input.files.find((f) => err.includes(f));
    if (file) problems.get(file)?.push(`${input.errorLabel}: ${err}`);
    else unattributed.push(err);
  }
  const cases: CheckCase[] = [...problems].map(([file, list]) => ({
    name: displayPath(file),
    ok: list.length === 0,
    message: list.length ? list.join('\n    ') : undefined,
  }));
  if (unattributed.length)
    cases.push({ name: input.engineCase, ok: false, message: unattributed.join('\n    ') });
  return { cases, warnings };
}
