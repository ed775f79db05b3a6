// Executes a compiled plan against the store: filter, sort, offset/limit → id list; projection per page.
import { toId18 } from '../ids.js';
import type { Store, Values } from '../store.js';
import { parseSfDate } from '../time.js';
import type { Condition, Expr, FieldPath, Plan } from './compile.js';
import type { Literal } from './literals.js';

export interface QueryResultIds {
  ids: string[];
  totalSize: number;
}

type Scalar = string | number | boolean | null;

export function readPath(store: Store, values: Values, path: FieldPath): Scalar {
  if (!path.relationship) return (values[path.field.name] ?? null) as Scalar;
  const parentId = values[path.relationship.field.name];
  const parent = typeof parentId === 'string' ? store.get(parentId) : undefined;
  return (parent?.values[path.field.name] ?? null) as Scalar;
}

// Stored datetimes have one-second resolution, so many rows share a value: memoise the parse.
const dateCache = new Map<string, number>();
function dateMs(s: string): number {
  let ms = dateCache.get(s);
  if (ms === undefined) {
    ms = parseSfDate(s.length === 10 ? `${s}T00:00:00Z` : s);
    if (dateCache.size > 100_000) dateCache.clear();
    dateCache.set(s, ms);
  }
  return ms;
}

/** Comparable form of a stored value: dates/datetimes → epoch ms, text → lower case. */
function comparable(path: FieldPath, v: Scalar): Scalar {
  if (v === null) return null;
  const t = path.field.type;
  if (t === 'date' || t === 'datetime') return dateMs(String(v));
  return typeof v === 'string' ? v.toLowerCase() : v;
}

function literalComparable(lit: Literal): Literal {
  return typeof lit === 'string' ? lit.toLowerCase() : lit;
}

function likeRegex(pattern: string): RegExp {
  const body = pattern
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/%/g, '.*')
    .replace(/_/g, '.');
  return new RegExp(`^${body}$`, 'is');
}

function compare(v: Scalar, op: string, lit: Literal): boolean {
  if (lit !== null && typeof lit === 'object') {
    if (v === null || typeof v !== 'number') return op === '!=';
    const inRange = v >= lit.start && v < lit.end;
    const cmp: Record<string, boolean> = {
      '=': inRange,
      '!=': !inRange,
      '>': v >= lit.end,
      '>=': v >= lit.start,
      '<': v < lit.start,
      '<=': v < lit.end,
    };
    return cmp[op] ?? false;
  }
  if (op === '=') return v === lit;
  if (op === '!=') return v !== lit;
  if (v === null || lit === null) return false;
  switch (op) {
    case '<':
      return v < lit;
    case '>':
      return v > lit;
    case '<=':
      return v <= lit;
    case '>=':
      return v >= lit;
    default:
      return false;
  }
}

function compileCondition(store: Store, c: Condition): (values: Values) => boolean {
  const read = (values: Values) => comparable(c.path, readPath(store, values, c.path));
  if (c.operator === 'LIKE') {
    const re = likeRegex(String(c.value));
    return (values) => {
      const v = readPath(store, values, c.path);
      return v !== null && re.test(String(v));
    };
  }
  if (c.operator === 'IN' || c.operator === 'NOT IN') {
    const set = new Set((c.value as Literal[]).map(literalComparable));
    const negate = c.operator === 'NOT IN';
    return (values) => {
      const v = read(values);
      return negate ? v !== null && !set.has(v) : set.has(v);
    };
  }
  const lit = literalComparable(c.value as Literal);
  return (values) => compare(read(values), c.operator, lit);
}

function compileExpr(store: Store, e: Expr): (values: Values) => boolean {
  if ('cond' in e) return compileCondition(store, e.cond);
  if ('not' in e) {
    const inner = compileExpr(store, e.not);
    return (v) => !inner(v);
  }
  const parts = ('and' in e ? e.and : e.or).map((p) => compileExpr(store, p));
  return 'and' in e ? (v) => parts.every((p) => p(v)) : (v) => parts.some((p) => p(v));
}

/** Ids that can satisfy the WHERE: a direct lookup for Id/external-id equality in a top-level AND, else all. */
function candidates(store: Store, plan: Plan, includeDeleted: boolean): Iterable<string> {
  const conjuncts = !plan.where ? [] : 'and' in plan.where ? plan.where.and : [plan.where];
  for (const e of conjuncts) {
    if (!('cond' in e) || e.cond.path.relationship) continue;
    const { path, operator, value } = e.cond;
    if (operator !== '=' && operator !== 'IN') continue;
    const values = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
    if (path.field.name === 'Id')
      return values.map((v) => toId18(v)).filter((v): v is string => v !== undefined);
    if (!includeDeleted && store.isIndexed(plan.object.name, path.field.name)) {
      return new Set(values.flatMap((v) => store.lookup(plan.object.name, path.field.name, v)));
    }
  }
  return store.idsOf(plan.object.name);
}

export function execute(store: Store, plan: Plan, includeDeleted: boolean): QueryResultIds {
  const where = plan.where ? compileExpr(store, plan.where) : () => true;
  const ids: string[] = [];
  for (const id of candidates(store, plan, includeDeleted)) {
    const r = store.get(id);
    if (!r || r.type !== plan.object.name) continue;
    if (!includeDeleted && r.values.IsDeleted === true) continue;
    if (where(r.values)) ids.push(id);
  }
  if (plan.orderBy.length > 0) sortIds(store, plan, ids);
  const offset = plan.offset ?? 0;
  const sliced = ids.slice(offset, plan.limit === undefined ? undefined : offset + plan.limit);
  return { ids: sliced, totalSize: sliced.length };
}

function sortIds(store: Store, plan: Plan, ids: string[]): void {
  const rows = ids.map((id) => {
    const values = store.get(id)?.values ?? {};
    return { id, keys: plan.orderBy.map((o) => comparable(o.path, readPath(store, values, o.path))) };
  });
  rows.sort((a, b) => {
    for (let i = 0; i < plan.orderBy.length; i += 1) {
      const o = plan.orderBy[i];
      const x = a.keys[i] ?? null;
      const y = b.keys[i] ?? null;
      if (x === y || !o) continue;
      if (x === null || y === null) return (x === null) === o.nullsLast ? 1 : -1;
      return (x < y ? -1 : 1) * (o.desc ? -1 : 1);
    }
    return 0;
  });
  rows.forEach((row, i) => (ids[i] = row.id));
}
