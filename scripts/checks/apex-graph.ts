// Apex data-flow analysis: Salesforce Graph Engine (SFGE) through @salesforce/code-analyzer-core +
// @salesforce/code-analyzer-sfge-engine (pinned; its npm tarball ships sfge-1.0.0.jar and every dependency jar
// under dist/java-lib, so no Maven). Offline; needs a JRE >= 11. Usage: npm run check:apex-graph [-- <dir>]
//
// Rules: every sfge rule (selector `sfge`): ApexFlsViolation, ApexNullPointerException,
// AvoidDatabaseOperationInLoop, AvoidMultipleMassSchemaLookups, DatabaseOperationsMustUseWithSharing,
// MissingNullCheckOnSoqlVariable, UnimplementedType. SFGE walks every path from each entry point (@AuraEnabled,
// triggers, Queueables, public methods …) through the whole project.
// What fails (one case per .cls/.trigger; a violation counts against the file of its primary location):
//   * a violation of severity 1–3 (Critical, High, Moderate) — every rule above except UnimplementedType;
//   * UnimplementedType (severity 4, an abstract class or interface nothing implements: dead code) as well;
//   * an engine "internal execution error" (SFGE crashed on or timed out in a path): that path was not checked,
//     so the file of its entry point fails rather than looking clean.
// Suppressions: an SFGE engine directive (`/* sfge-disable-stack RuleName */` …) in force-app must be listed in
// GRAPH_SUPPRESSIONS below with its reason; an unlisted directive fails its file.
// Cache: SFGE takes minutes, so a clean result is kept under the user cache ($APEX_GRAPH_CACHE, else
// ~/.cache/aloware-sync/apex-graph), keyed by the SHA-256 of the engine version, this configuration and every
// .cls/.trigger/-meta.xml under the directory. Only passing runs are cached; `APEX_GRAPH_CACHE=off` disables it.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import {
  CodeAnalyzer,
  CodeAnalyzerConfig,
  EventType,
  LogLevel,
  type EngineLogEvent,
  type Violation,
} from '@salesforce/code-analyzer-core';
import * as sfge from '@salesforce/code-analyzer-sfge-engine';
import { analyzerCases } from '../lib/analyzer-cases.js';
import { isMain, runCheckCli, type CheckReport } from '../lib/check-report.js';
import { defaultCacheRoot } from '../lib/class-version-overlay.js';
import { displayPath, isApexSource, listFiles } from '../lib/files.js';
import { findJavaRuntimes } from '../lib/java.js';

export const GRAPH_RULE_SELECTOR = 'sfge';
/** Violations with severity <= this fail (1 Critical, 2 High, 3 Moderate) … */
export const GRAPH_FAILING_SEVERITY = 3;
/** … and so do these lower-severity rules. */
export const GRAPH_FAILING_RULES = new Set(['UnimplementedType']);
/** Per-path time limit. SFGE's default (30 s) times out on the mapping editor's paths on a loaded 2-core box. */
export const GRAPH_PATH_TIMEOUT_MS = 300_000;

/**
 * Documented SFGE directives: file (relative to force-app's parent) → rule → why the finding is intended.
 * The package runs some code as the integration user on purpose (README "Security model"); those reads and writes
 * use `WITH SYSTEM_MODE` / `AccessLevel.SYSTEM_MODE`, which SFGE accepts without a directive, so this list is
 * empty today.
 */
export const GRAPH_SUPPRESSIONS: Record<string, Record<string, string>> = {};

const DIRECTIVE = /sfge-disable(?:-next-line|-stack)?\s+([A-Za-z, ]+)/g;

function engineVersion(): string {
  const pkg = resolve(
    import.meta.dirname,
    '..',
    '..',
    'node_modules',
    '@salesforce',
    'code-analyzer-sfge-engine',
  );
  return (JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { version: string }).version;
}

function cacheDir(env: NodeJS.ProcessEnv): string | undefined {
  if (env.APEX_GRAPH_CACHE === 'off') return undefined;
  return env.APEX_GRAPH_CACHE ?? join(defaultCacheRoot(env), 'apex-graph');
}

/** The cache key: engine version, this check's settings and the content of every file SFGE reads. */
export function graphCacheKey(dir: string): string {
  const h = createHash('sha256');
  h.update(
    `sfge ${engineVersion()} ${GRAPH_RULE_SELECTOR} ${GRAPH_FAILING_SEVERITY} ${GRAPH_PATH_TIMEOUT_MS}\n`,
  );
  h.update(JSON.stringify(GRAPH_SUPPRESSIONS));
  for (const f of listFiles(dir, (p) => isApexSource(p) || p.endsWith('-meta.xml')).sort()) {
    h.update(`${relative(dir, f)}\n`);
    h.update(readFileSync(f));
  }
  return h.digest('hex');
}

interface GraphRun {
  violations: Violation[];
  /** Internal execution errors (crash or timeout in a path), with the entry point's file when SFGE named it. */
  errors: string[];
}

async function runGraphEngine(dir: string, javaCommand: string): Promise<GraphRun> {
  const logFolder = mkdtempSync(join(tmpdir(), 'aloware-sfge-'));
  try {
    const config = CodeAnalyzerConfig.fromObject({
      log_folder: logFolder,
      root_working_folder: logFolder,
      engines: {
        sfge: { java_command: javaCommand, java_thread_count: 2, java_thread_timeout: GRAPH_PATH_TIMEOUT_MS },
      },
    });
    const analyzer = new CodeAnalyzer(config);
    const errors: string[] = [];
    analyzer.onEvent(EventType.EngineLogEvent, (e: EngineLogEvent) => {
      if (e.logLevel === LogLevel.Error) errors.push(e.message.replace(/\s+/g, ' ').trim());
    });
    await analyzer.addEnginePlugin(sfge.createEnginePlugin());
    const workspace = await analyzer.createWorkspace([resolve(dir)]);
    const rules = await analyzer.selectRules([GRAPH_RULE_SELECTOR], { workspace });
    const results = await analyzer.run(rules, { workspace });
    return { violations: results.getViolations(), errors };
  } finally {
    rmSync(logFolder, { recursive: true, force: true });
  }
}

/** SFGE directives in a file that GRAPH_SUPPRESSIONS does not document. */
function undocumentedDirectives(file: string, root: string): string[] {
  const documented = GRAPH_SUPPRESSIONS[relative(root, file)] ?? {};
  const out: string[] = [];
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, i) => {
    for (const m of line.matchAll(DIRECTIVE)) {
      for (const rule of (m[1] ?? '').split(/[ ,]+/).filter(Boolean)) {
        if (!documented[rule]) {
          out.push(
            `${displayPath(file)}:${i + 1} undocumented SFGE directive for ${rule} (add it to GRAPH_SUPPRESSIONS)`,
          );
        }
      }
    }
  });
  return out;
}

export async function checkApexGraph(
  dir = 'force-app',
  env: NodeJS.ProcessEnv = process.env,
): Promise<CheckReport> {
  const check = 'Apex graph analysis (SFGE)';
  const files = listFiles(dir, isApexSource).map((f) => resolve(f));
  if (files.length === 0) return { check, cases: [], warnings: [], skipped: 'no Apex classes yet' };
  const cache = cacheDir(env);
  const key = graphCacheKey(dir);
  const cached = cache ? join(cache, `${key}.json`) : undefined;
  if (cached && existsSync(cached)) {
    const report = JSON.parse(readFileSync(cached, 'utf8')) as CheckReport;
    return { ...report, check: `${check} — cached, unchanged since a clean run` };
  }
  const java = findJavaRuntimes(env)[0];
  if (!java || java.major < 11) {
    throw new Error(
      `Salesforce Graph Engine needs a Java runtime >= 11 (found ${java ? java.major : 'none'})`,
    );
  }
  const { violations, errors } = await runGraphEngine(dir, java.path);
  const root = resolve(dir, '..');
  const { cases, warnings } = analyzerCases({
    files,
    violations,
    errors,
    fails: (v) =>
      v.getRule().getSeverityLevel() <= GRAPH_FAILING_SEVERITY ||
      GRAPH_FAILING_RULES.has(v.getRule().getName()),
    errorLabel: 'SFGE internal execution error (path not checked)',
    engineCase: 'SFGE engine',
    initial: (file) => undocumentedDirectives(file, root),
  });
  const report: CheckReport = { check, cases, warnings };
  if (cache && cached && cases.every((c) => c.ok)) {
    mkdirSync(cache, { recursive: true });
    writeFileSync(cached, JSON.stringify(report));
  }
  return report;
}

if (isMain(import.meta.url)) await runCheckCli((dir) => checkApexGraph(dir));
