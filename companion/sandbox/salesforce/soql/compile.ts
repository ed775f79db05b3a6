// Parses SOQL with @jetstreamapp/soql-parser-js and resolves it against the schema into an executable plan.
import { parseQuery, type Query, type WhereClause } from '@jetstreamapp/soql-parser-js';
import { toId18 } from '../ids.js';
import type { FieldDef, ObjectDef, Schema } from '../schema/index.js';
import { positioned, SoqlError } from './errors.js';
import { parseLiteral, type Literal } from './literals.js';

/** A (possibly parent-relationship) field reference: `Phone` or `Owner.Email`. */
export interface FieldPath {
  name: string; // canonical, as returned: 'Phone', 'Owner.Email'
  relationship?: { field: FieldDef; name: string }; // the lookup field (OwnerId) and relationship name (Owner)
  field: FieldDef; // the terminal field (on the parent's first possible type when polymorphic)
}

export interface Condition {
  path: FieldPath;
  operator: string; // = != < > <= >= IN NOT IN LIKE
  value: Literal | Literal[];
}

export type Expr = { and: Expr[] } | { or: Expr[] } | { not: Expr } | { cond: Condition };

export interface Plan {
  object: ObjectDef;
  fields: FieldPath[];
  count: 'none' | 'count' | 'aggregate'; // COUNT() vs COUNT(field)
  where?: Expr;
  orderBy: { path: FieldPath; desc: boolean; nullsLast: boolean }[];
  limit?: number;
  offset?: number;
}

function resolvePath(schema: Schema, object: ObjectDef, raw: string, soql: string): FieldPath {
  const parts = raw.split('.');
  const noColumn = () =>
    new SoqlError(
      'INVALID_FIELD',
      positioned(
        soql,
        raw,
        `No such column '${parts[parts.length - 1]}' on entity '${object.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
      ),
    );
  if (parts.length === 1) {
    const field = object.fields.get(raw.toLowerCase());
    if (!field) throw noColumn();
    return { name: field.name, field };
  }
  if (parts.length > 2)
    throw new SoqlError('MALFORMED_QUERY', `the emulator supports one level of parent relationship: ${raw}`);
  const [relName = '', fieldName = ''] = parts;
  const lookup = [...object.fields.values()].find(
    (f) => f.relationshipName?.toLowerCase() === relName.toLowerCase(),
  );
  if (!lookup) throw noColumn();
  for (const target of lookup.referenceTo ?? []) {
    const field = schema.object(target)?.fields.get(fieldName.toLowerCase());
    if (field)
      return {
        name: `${lookup.relationshipName}.${field.name}`,
        relationship: { field: lookup, name: lookup.relationshipName ?? '' },
        field,
      };
  }
  throw noColumn();
}

type Token = '(' | ')' | 'AND' | 'OR' | 'NOT' | { cond: Condition };

function flattenWhere(
  node: WhereClause | undefined,
  toCondition: (c: Record<string, unknown>) => Condition,
  out: Token[],
): Token[] {
  if (!node) return out;
  const left = node.left as Record<string, unknown> | null | undefined;
  if (left) {
    for (let i = 0; i < Number(left.openParen ?? 0); i += 1) out.push('(');
    out.push({ cond: toCondition(left) });
    for (let i = 0; i < Number(left.closeParen ?? 0); i += 1) out.push(')');
  }
  const op = (node as { operator?: string }).operator;
  if (op === 'AND' || op === 'OR' || op === 'NOT') out.push(op);
  return flattenWhere((node as { right?: WhereClause }).right, toCondition, out);
}

/** Precedence parser over the flat token list: NOT binds tighter than AND, AND tighter than OR. */
function buildExpr(tokens: Token[]): Expr {
  let pos = 0;
  const peek = () => tokens[pos];
  const orExpr = (): Expr => {
    const items = [andExpr()];
    while (peek() === 'OR') {
      pos += 1;
      items.push(andExpr());
    }
    return items.length === 1 ? (items[0] as Expr) : { or: items };
  };
  const andExpr = (): Expr => {
    const items = [notExpr()];
    while (peek() === 'AND') {
      pos += 1;
      items.push(notExpr());
    }
    return items.length === 1 ? (items[0] as Expr) : { and: items };
  };
  const notExpr = (): Expr => {
    const t = tokens[pos];
    pos += 1;
    if (t === 'NOT') return { not: notExpr() };
    if (t === '(') {
      const inner = orExpr();
      if (tokens[pos] !== ')') throw new SoqlError('MALFORMED_QUERY', 'unbalanced parentheses in WHERE');
      pos += 1;
      return inner;
    }
    if (t && typeof t === 'object') return t;
    throw new SoqlError('MALFORMED_QUERY', 'unexpected token in WHERE');
  };
  const expr = orExpr();
  if (pos !== tokens.length) throw new SoqlError('MALFORMED_QUERY', 'unexpected token in WHERE');
  return expr;
}

function conditionOf(schema: Schema, object: ObjectDef, soql: string, now: number) {
  return (c: Record<string, unknown>): Condition => {
    if (typeof c.field !== 'string' || c.valueQuery || c.fn) {
      throw new SoqlError('MALFORMED_QUERY', 'the emulator supports plain field conditions only');
    }
    const path = resolvePath(schema, object, c.field, soql);
    const operator = String(c.operator).toUpperCase();
    const types = c.literalType;
    const typeAt = (i: number) => String(Array.isArray(types) ? types[i] : types);
    const value = Array.isArray(c.value)
      ? (c.value as string[]).map((v, i) => parseLiteral(v, typeAt(i), now))
      : parseLiteral(String(c.value), typeAt(0), now);
    if ((operator === 'IN' || operator === 'NOT IN') !== Array.isArray(value)) {
      throw new SoqlError('MALFORMED_QUERY', `unexpected value for operator ${operator}`);
    }
    const literals = Array.isArray(value) ? value : [value];
    for (const v of literals) checkStringLength(v);
    if (ID_TYPES.has(path.field.type) && operator !== 'LIKE') {
      const ids = literals.map(asId);
      return { path, operator, value: Array.isArray(value) ? ids : (ids[0] as Literal) };
    }
    return { path, operator, value };
  };
}

/** Documented limit: "Strings in WHERE clauses can't exceed 4,000 characters." */
const MAX_WHERE_STRING = 4_000;
/** Documented limit: "By default, SOQL statements cannot exceed 100,000 characters." */
const MAX_SOQL_LENGTH = 100_000;
const ID_TYPES = new Set(['id', 'reference']);

function checkStringLength(v: Literal): void {
  if (typeof v === 'string' && v.length > MAX_WHERE_STRING)
    throw new SoqlError(
      'MALFORMED_QUERY',
      `String literals in a WHERE clause cannot be longer than ${MAX_WHERE_STRING} characters: '${v.slice(0, 20)}…'`,
    );
}

/** An id compared with an id field: 15 and 18 characters are the same id; anything else is refused. */
function asId(v: Literal): Literal {
  if (typeof v !== 'string' || v === '') return v;
  const id = toId18(v);
  if (!id) throw new SoqlError('INVALID_QUERY_FILTER_OPERATOR', `invalid ID field: ${v}`);
  return id;
}

export function compileSoql(schema: Schema, soql: string, now = Date.now()): Plan {
  if (soql.length > MAX_SOQL_LENGTH)
    throw new SoqlError(
      'MALFORMED_QUERY',
      `SOQL statements cannot be longer than ${MAX_SOQL_LENGTH} characters (this one has ${soql.length})`,
    );
  let query: Query;
  try {
    query = parseQuery(soql);
  } catch (e) {
    throw new SoqlError('MALFORMED_QUERY', `unexpected token: ${(e as Error).message.split('\n')[0]}`);
  }
  const objectName = query.sObject ?? '';
  const object = schema.object(objectName);
  if (!object) {
    throw new SoqlError(
      'INVALID_TYPE',
      positioned(soql, objectName, `sObject type '${objectName}' is not supported.`),
    );
  }
  const plan: Plan = {
    object,
    fields: [],
    count: 'none',
    orderBy: [],
    limit: query.limit,
    offset: query.offset,
  };
  for (const f of query.fields ?? []) {
    if (f.type === 'Field') plan.fields.push(resolvePath(schema, object, f.field, soql));
    else if (f.type === 'FieldRelationship')
      plan.fields.push(resolvePath(schema, object, f.rawValue ?? '', soql));
    else if (f.type === 'FieldFunctionExpression' && f.functionName.toUpperCase() === 'COUNT') {
      plan.count = f.parameters && f.parameters.length > 0 ? 'aggregate' : 'count';
    } else throw new SoqlError('MALFORMED_QUERY', `the emulator does not support ${f.type} in SELECT`);
  }
  if (query.where)
    plan.where = buildExpr(flattenWhere(query.where, conditionOf(schema, object, soql, now), []));
  for (const o of [query.orderBy ?? []].flat() as { field?: string; order?: string; nulls?: string }[]) {
    if (!o.field) throw new SoqlError('MALFORMED_QUERY', 'the emulator supports ORDER BY on fields only');
    const desc = o.order === 'DESC';
    plan.orderBy.push({
      path: resolvePath(schema, object, o.field, soql),
      desc,
      nullsLast: o.nulls ? o.nulls === 'LAST' : desc,
    });
  }
  if (query.groupBy || query.having)
    throw new SoqlError('MALFORMED_QUERY', 'the emulator does not support GROUP BY/HAVING');
  return plan;
}
