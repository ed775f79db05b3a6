// Shapes query rows as the REST API returns them (attributes, nested parent objects) and as Bulk 2.0 CSV.
import type { Store, Values } from '../store.js';
import type { FieldPath, Plan } from './compile.js';
import { readPath } from './execute.js';

function recordUrl(base: string, type: string, id: string): string {
  return `${base}/sobjects/${type}/${id}`;
}

export function projectRow(store: Store, plan: Plan, base: string, id: string): Record<string, unknown> {
  const r = store.get(id);
  const values: Values = r?.values ?? {};
  const row: Record<string, unknown> = {
    attributes: { type: plan.object.name, url: recordUrl(base, plan.object.name, id) },
  };
  for (const path of plan.fields) {
    if (!path.relationship) {
      row[path.field.name] = values[path.field.name] ?? null;
      continue;
    }
    const relName = path.relationship.name;
    const parentId = values[path.relationship.field.name];
    const parent = typeof parentId === 'string' ? store.get(parentId) : undefined;
    if (!parent) {
      row[relName] = null;
      continue;
    }
    const nested = (row[relName] as Record<string, unknown> | undefined) ?? {
      attributes: { type: parent.type, url: recordUrl(base, parent.type, parentId as string) },
    };
    nested[path.field.name] = parent.values[path.field.name] ?? null;
    row[relName] = nested;
  }
  return row;
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  return `"${String(v).replace(/"/g, '""')}"`;
}

export function csvHeader(fields: FieldPath[], delimiter = ','): string {
  return fields.map((f) => csvCell(f.name)).join(delimiter);
}

export function csvRow(store: Store, fields: FieldPath[], id: string, delimiter = ','): string {
  const values = store.get(id)?.values ?? {};
  return fields.map((f) => csvCell(readPath(store, values, f))).join(delimiter);
}
