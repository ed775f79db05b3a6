import { readdirSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';

const SKIP_DIRS = new Set(['node_modules', '.git', '.sfdx', '.sf', '.localdevserver', 'coverage']);

/** Every file under `dir` (recursively, sorted) whose path satisfies `keep`; [] when `dir` does not exist. */
export function listFiles(dir: string, keep: (path: string) => boolean): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) walk(p);
      } else if (e.isFile() && keep(p)) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

export const isApexSource = (p: string): boolean => p.endsWith('.cls') || p.endsWith('.trigger');

/** Runs `fn` over `items` with at most `limit` in flight; results keep the input order. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** A path as the user should see it: relative to the working directory when inside it, else absolute. */
export function displayPath(p: string): string {
  const rel = relative(process.cwd(), p);
  return rel.startsWith('..') || isAbsolute(rel) ? p : rel;
}
