import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The nearest sfdx-project.json at or above `dir`, or undefined. */
export function findSfdxProject(dir: string): string | undefined {
  let current = resolve(dir);
  for (;;) {
    const candidate = join(current, 'sfdx-project.json');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/** sourceApiVersion from the nearest sfdx-project.json (throws with the reason when it is missing or bad). */
export function sourceApiVersion(dir: string): string {
  const file = findSfdxProject(dir);
  if (!file) throw new Error(`no sfdx-project.json at or above ${dir}`);
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { sourceApiVersion?: unknown };
  const version = parsed.sourceApiVersion;
  if (typeof version !== 'string' || !/^\d+\.0$/.test(version)) {
    throw new Error(`${file}: sourceApiVersion must be a string like "64.0", got ${JSON.stringify(version)}`);
  }
  return version;
}
