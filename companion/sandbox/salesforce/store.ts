// In-memory record store: records by id, ids by object (insertion = id order), indexes on external-id/unique fields,
// and a journal so a multi-record call can roll back (allOrNone).
import type { Schema } from './schema/index.js';

export type Values = Record<string, unknown>;
export interface StoredRecord {
  type: string;
  values: Values; // canonical field names; Id, IsDeleted, audit fields included
}

type JournalEntry = { id: string; before: StoredRecord | undefined };

export class Store {
  private readonly records = new Map<string, StoredRecord>();
  private readonly byType = new Map<string, Set<string>>();
  private readonly indexes = new Map<string, Map<string, Set<string>>>();
  private journal: JournalEntry[] | undefined;

  constructor(private readonly schema: Schema) {}

  get(id: string): StoredRecord | undefined {
    return this.records.get(id);
  }

  idsOf(type: string): Iterable<string> {
    return this.byType.get(type) ?? [];
  }

  count(type: string): number {
    return this.byType.get(type)?.size ?? 0;
  }

  /** Live (not deleted) record ids whose indexed field equals value (case-insensitive). */
  lookup(type: string, fieldName: string, value: unknown): string[] {
    const index = this.indexes.get(`${type}.${fieldName.toLowerCase()}`);
    if (!index || value === null || value === undefined) return [];
    return [...(index.get(String(value).toLowerCase()) ?? [])];
  }

  isIndexed(type: string, fieldName: string): boolean {
    return this.indexes.has(`${type}.${fieldName.toLowerCase()}`);
  }

  /** Inserts or replaces a record (values are copied). */
  put(record: StoredRecord): void {
    const id = record.values.Id as string;
    const before = this.records.get(id);
    this.journal?.push({ id, before: before && clone(before) });
    if (before) this.unindex(before);
    const copy = clone(record);
    this.records.set(id, copy);
    let ids = this.byType.get(copy.type);
    if (!ids) this.byType.set(copy.type, (ids = new Set()));
    ids.add(id);
    this.index(copy);
  }

  private readonly indexedByType = new Map<string, string[]>();

  private indexedFields(type: string): string[] {
    let names = this.indexedByType.get(type);
    if (!names) {
      const def = this.schema.object(type);
      names = def ? [...def.fields.values()].filter((f) => f.externalId || f.unique).map((f) => f.name) : [];
      this.indexedByType.set(type, names);
    }
    return names;
  }

  private index(r: StoredRecord): void {
    if (r.values.IsDeleted === true) return;
    for (const name of this.indexedFields(r.type)) {
      const key = `${r.type}.${name.toLowerCase()}`;
      let index = this.indexes.get(key);
      if (!index) this.indexes.set(key, (index = new Map()));
      const v = r.values[name];
      if (v === null || v === undefined || v === '') continue;
      const k = String(v).toLowerCase();
      let set = index.get(k);
      if (!set) index.set(k, (set = new Set()));
      set.add(r.values.Id as string);
    }
  }

  private unindex(r: StoredRecord): void {
    for (const name of this.indexedFields(r.type)) {
      const v = r.values[name];
      if (v === null || v === undefined) continue;
      this.indexes
        .get(`${r.type}.${name.toLowerCase()}`)
        ?.get(String(v).toLowerCase())
        ?.delete(r.values.Id as string);
    }
  }

  /** Runs fn; if it returns false (or throws) every write made inside is undone. Not re-entrant. */
  transaction<T>(fn: () => T, keep: (result: T) => boolean): T {
    const outer = this.journal;
    const journal: JournalEntry[] = [];
    this.journal = journal;
    try {
      const result = fn();
      if (!keep(result)) this.undo(journal);
      return result;
    } catch (e) {
      this.undo(journal);
      throw e;
    } finally {
      this.journal = outer;
      if (outer) outer.push(...journal);
    }
  }

  private undo(journal: JournalEntry[]): void {
    for (const entry of journal.reverse()) {
      const current = this.records.get(entry.id);
      if (current) this.unindex(current);
      if (entry.before) {
        this.records.set(entry.id, entry.before);
        this.byType.get(entry.before.type)?.add(entry.id);
        this.index(entry.before);
      } else {
        this.records.delete(entry.id);
        if (current) this.byType.get(current.type)?.delete(entry.id);
      }
    }
    journal.length = 0;
  }

  clear(): void {
    this.records.clear();
    this.byType.clear();
    this.indexes.clear();
  }
}

function clone(r: StoredRecord): StoredRecord {
  return { type: r.type, values: { ...r.values } };
}
