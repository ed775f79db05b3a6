// Apex static analysis: PMD through @salesforce/code-analyzer-core + @salesforce/code-analyzer-pmd-engine
// (offline; needs a JRE >= 11). Usage: npm run check:apex-pmd [-- <dir>]   (default force-app)
//
// Rule set: `pmd:Recommended` (Salesforce Code Analyzer's recommended PMD rules for Apex), over every .cls and
// .trigger under the directory; CPD (copy-paste detection) is disabled.
// Failing severity: 1 Critical, 2 High and 3 Moderate violations FAIL; 4 Low and 5 Info are printed as warnings.
// A PMD "processing error" (PMD could not parse a file and skipped it) and any engine error FAIL the run:
// PMD reports those only as log events, not violations, so a broken file would otherwise look clean.
// Counting: one case per Apex file; a file fails when it has a violation of severity 1–3 or a processing error.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  CodeAnalyzer,
  CodeAnalyzerConfig,
  EventType,
  LogLevel,
  type EngineLogEvent,
  type RunResults,
} from '@salesforce/code-analyzer-core';
import * as pmd from '@salesforce/code-analyzer-pmd-engine';
import { analyzerCases } from '../lib/analyzer-cases.js';
import { isMain, runCheckCli, type CheckReport } from '../lib/check-report.js';
import { isApexSource, listFiles } from '../lib/files.js';

export const PMD_RULE_SELECTOR = 'pmd:Recommended';
/** Violations with severity <= this fail (1 Critical, 2 High, 3 Moderate). */
export const PMD_FAILING_SEVERITY = 3;

interface PmdRun {
  results: RunResults;
  /** Processing errors and engine errors, each naming the file when PMD did. */
  errors: string[];
}

async function runPmd(dir: string, files: string[]): Promise<PmdRun> {
  const logFolder = mkdtempSync(join(tmpdir(), 'aloware-pmd-'));
  try {
    const config = CodeAnalyzerConfig.fromObject({
      log_folder: logFolder,
      root_working_folder: logFolder,
      engines: { cpd: { disable_engine: true } },
    });
    const analyzer = new CodeAnalyzer(config);
    const errors: string[] = [];
    analyzer.onEvent(EventType.EngineLogEvent, (e: EngineLogEvent) => {
      if (/processing error/i.test(e.message) || e.logLevel === LogLevel.Error) {
        errors.push(e.message.replace(/\s+/g, ' ').trim());
      }
    });
    await analyzer.addEnginePlugin(pmd.createEnginePlugin());
    const workspace = await analyzer.createWorkspace([resolve(dir)], files);
    const rules = await analyzer.selectRules([PMD_RULE_SELECTOR], { workspace });
    const results = await analyzer.run(rules, { workspace });
    return { results, errors };
  } finally {
    rmSync(logFolder, { recursive: true, force: true });
  }
}

export async function checkApexPmd(dir = 'force-app'): Promise<CheckReport> {
  const check = 'Apex static analysis (PMD)';
  const files = listFiles(dir, isApexSource).map((f) => resolve(f));
  if (files.length === 0) return { check, cases: [], warnings: [], skipped: 'no Apex classes yet' };
  const { results, errors } = await runPmd(dir, files);
  const { cases, warnings } = analyzerCases({
    files,
    violations: results.getViolations(),
    errors,
    fails: (v) => v.getRule().getSeverityLevel() <= PMD_FAILING_SEVERITY,
    errorLabel: 'PMD processing error',
    engineCase: 'PMD engine',
  });
  return { check, cases, warnings };
}

if (isMain(import.meta.url)) await runCheckCli(checkApexPmd);
