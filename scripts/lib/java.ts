// Finding a Java runtime for the Java-based checks (ApexLink). Looks at $APEXLINK_JAVA (an explicit choice, used
// alone), then $JAVA_HOME, `java` on PATH and every JDK/JRE under /usr/lib/jvm, and reads each one's major
// version from `java -version`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface JavaRuntime {
  /** The java executable. */
  path: string;
  /** Feature release: 17, 21, 25 … */
  major: number;
}

/** The major version of a java executable, or undefined when it does not run. */
function javaMajor(path: string): number | undefined {
  const r = spawnSync(path, ['-version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return undefined;
  const m = /version "(\d+)(?:\.(\d+))?/.exec(`${r.stderr}${r.stdout}`);
  if (!m) return undefined;
  // Java 8 and older report "1.8.0_…".
  return m[1] === '1' ? Number(m[2]) : Number(m[1]);
}

function candidates(env: NodeJS.ProcessEnv): string[] {
  const out: string[] = [];
  if (env.JAVA_HOME) out.push(join(env.JAVA_HOME, 'bin', 'java'));
  out.push('java');
  const jvm = '/usr/lib/jvm';
  if (existsSync(jvm)) {
    for (const d of readdirSync(jvm).sort()) out.push(join(jvm, d, 'bin', 'java'));
  }
  return out;
}

/** Every runtime found, newest first (duplicates by path removed). */
export function findJavaRuntimes(env: NodeJS.ProcessEnv = process.env): JavaRuntime[] {
  const explicit = env.APEXLINK_JAVA;
  const paths = explicit ? [explicit] : [...new Set(candidates(env))];
  const found: JavaRuntime[] = [];
  for (const path of paths) {
    if (path !== 'java' && !existsSync(path)) continue;
    const major = javaMajor(path);
    if (major !== undefined) found.push({ path, major });
  }
  return found.sort((a, b) => b.major - a.major);
}
