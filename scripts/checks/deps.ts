// `npm run check:deps`: the companion's dependency rules (.dependency-cruiser.cjs: the layers, no file cycle) and
// no folder cycle, over companion/src (tests are not layered). Prints each violation and exits 1 on any.
// dependency-cruiser's CLI refuses Node 20 (its engines field), so this runs its `cruise` API, which works there.
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { cruise, type ICruiseResult, type IForbiddenRuleType, type ICruiseOptions } from 'dependency-cruiser';
import { isMain } from '../lib/check-report.js';

interface Config {
  forbidden: IForbiddenRuleType[];
  options: ICruiseOptions;
}

const SRC = 'companion/src/';

/** The folder of companion/src a module belongs to; a file directly in it is its own unit (server.ts). */
const unitOf = (path: string): string | null => {
  if (!path.startsWith(SRC)) return null;
  const rest = path.slice(SRC.length);
  const slash = rest.indexOf('/');
  return slash < 0 ? rest : `${rest.slice(0, slash)}/`;
};

/** Folder cycles (strongly connected folders, Tarjan), each with one import per edge as the evidence. */
function folderCycles(result: ICruiseResult): string[] {
  const edges = new Map<string, Map<string, string>>();
  for (const m of result.modules) {
    const from = unitOf(m.source);
    if (!from) continue;
    for (const d of m.dependencies) {
      const to = unitOf(d.resolved);
      if (!to || to === from) continue;
      const out = edges.get(from) ?? new Map<string, string>();
      if (!out.has(to)) out.set(to, `${m.source} → ${d.resolved}`);
      edges.set(from, out);
    }
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const scc: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      scc.push(w);
    } while (w !== v);
    if (scc.length > 1) found.push(scc.sort());
  };
  for (const v of [...edges.keys()].sort()) if (!index.has(v)) visit(v);
  return found.map((scc) => {
    const inside = new Set(scc);
    const evidence = scc.flatMap((a) =>
      [...(edges.get(a) ?? [])].filter(([b]) => inside.has(b)).map(([, imp]) => `      ${imp}`),
    );
    return `  error folder-cycle: ${SRC}{${scc.join(', ')}} import each other\n${evidence.join('\n')}`;
  });
}

export interface DepsReport {
  /** Rule violations (layers, file cycles) and folder cycles, one text block each. */
  problems: string[];
  modules: number;
  dependencies: number;
}

/** Cruises `cwd`/companion/src with `cwd`/.dependency-cruiser.cjs. */
export async function checkDependencies(cwd = '.'): Promise<DepsReport> {
  const root = resolve(cwd);
  const config = createRequire(join(root, 'package.json'))(join(root, '.dependency-cruiser.cjs')) as Config;
  const { output } = await cruise(['companion/src'], {
    ...config.options,
    baseDir: root,
    validate: true,
    ruleSet: { forbidden: config.forbidden },
  });
  const result = output as ICruiseResult;
  const problems = result.summary.violations.map((v) => {
    const via = v.cycle?.length ? ` (cycle: ${[v.from, ...v.cycle.map((c) => c.name)].join(' → ')})` : '';
    return `  error ${v.rule.name}: ${v.from} → ${v.to}${via}`;
  });
  problems.push(...folderCycles(result));
  return {
    problems,
    modules: result.summary.totalCruised,
    dependencies: result.summary.totalDependenciesCruised ?? 0,
  };
}

if (isMain(import.meta.url)) {
  const report = await checkDependencies(process.argv[2] ?? '.');
  for (const p of report.problems) console.log(p);
  const n = report.problems.length;
  const counted = `${report.modules} modules, ${report.dependencies} dependencies cruised`;
  console.log(
    n
      ? `✘ ${n} dependency problem${n === 1 ? '' : 's'} (${counted})`
      : `✔ no dependency problems (${counted})`,
  );
  process.exitCode = n ? 1 : 0;
}
