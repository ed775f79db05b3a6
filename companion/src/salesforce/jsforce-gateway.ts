import type { Connection } from 'jsforce';
import type { SfObject, SfRecord } from '../sync/index.js';
import type {
  ApiUsage,
  BulkBatch,
  BulkCursor,
  Filter,
  ObjectDescribe,
  OrgMappings,
  OrgSettings,
  QueryPage,
  SalesforceGateway,
  SalesforceUserRow,
  SaveResult,
  UpsertResult,
} from './gateway.js';
import { typedRecord } from './bulk-csv.js';
import { bulkQueryRecords, type BulkQueryOptions } from './bulk-query.js';
import { JsforceSession, type JsforceSessionOptions } from './jsforce-session.js';
import { MAPPING_SOQL, parseMappings, parseSettings, SETTINGS_FIELDS } from './org-config.js';
import { typedCondition } from './filter-values.js';
import { toId18 } from './ids.js';
import {
  checkFields,
  dateTimeLiteral,
  escapeString,
  idLiteral,
  inList,
  select,
  splitForQuery,
} from './soql.js';
import { toSaveResult, type RawSaveResult } from './save-result.js';

export type JsforceGatewayOptions = JsforceSessionOptions & {
  /** Bulk API 2.0 result paging and polling (defaults: 10,000 rows a result page, batches of 2,000). */
  bulk?: BulkQueryOptions;
};

interface RawPage {
  records: (SfRecord & { attributes?: unknown })[];
  totalSize: number;
  done: boolean;
  nextRecordsUrl?: string;
}

const ID_CHUNK = 200;
const MALFORMED_ID: SaveResult = {
  success: false,
  errors: [{ code: 'MALFORMED_ID', message: 'not a Salesforce id (not sent)' }],
};

/** `'<prefix>%'` with LIKE's own wildcards in the prefix escaped. */
function likePrefix(prefix: string): string {
  return `'${escapeString(prefix).replace(/[%_]/g, '\\$&')}%'`;
}
const VARIANT_CHUNK = 300;

const strip = (r: SfRecord & { attributes?: unknown }): SfRecord => {
  const { attributes: _attributes, ...rest } = r;
  return rest as SfRecord;
};

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** SalesforceGateway on jsforce 3.10.16: one connection, re-auth through refreshFn (one token request per burst). */
export class JsforceGateway implements SalesforceGateway {
  private readonly describes = new Map<string, Promise<ObjectDescribe>>();
  private readonly session: JsforceSession;
  private readonly bulkOptions: BulkQueryOptions;

  constructor(opts: JsforceGatewayOptions) {
    this.session = new JsforceSession(opts);
    this.bulkOptions = opts.bulk ?? {};
  }

  private call<T>(kind: string, fn: (conn: Connection) => Promise<T>): Promise<T> {
    return this.session.call(kind, fn);
  }

  private get(url: string): (conn: Connection) => Promise<RawPage> {
    return (conn) => conn.request<RawPage>({ method: 'GET', url });
  }

  describe(object: string): Promise<ObjectDescribe> {
    const cached = this.describes.get(object);
    if (cached) return cached;
    const loading: Promise<ObjectDescribe> = this.call('describe', (c) => c.describe(object)).then((d) => ({
      name: d.name,
      fields: d.fields.map((f) => ({
        name: f.name,
        type: String(f.type),
        length: f.length,
        createable: f.createable,
        updateable: f.updateable,
        nillable: f.nillable,
        picklistValues: (f.picklistValues ?? []).map((p) => ({ value: p.value, active: p.active })),
        restrictedPicklist: f.restrictedPicklist,
      })),
    }));
    loading.catch(() => this.describes.delete(object));
    this.describes.set(object, loading);
    return loading;
  }

  private async fields(object: string, fields: readonly string[]): Promise<string[]> {
    const d = await this.describe(object);
    return checkFields(
      object,
      ['Id', ...fields],
      d.fields.map((f) => f.name),
    );
  }

  async fetchByIds(object: SfObject, ids: readonly string[], fields: readonly string[]): Promise<SfRecord[]> {
    return this.byIds(object, ids, fields, false);
  }

  async fetchByIdsAll(
    object: SfObject,
    ids: readonly string[],
    fields: readonly string[],
  ): Promise<SfRecord[]> {
    return this.byIds(object, ids, fields, true);
  }

  /** 15- and 18-character ids alike (one query per id); malformed ids name no record and are never sent. */
  private async byIds(object: SfObject, ids: readonly string[], fields: readonly string[], all: boolean) {
    const checked = await this.fields(object, fields);
    const valid = [...new Set(ids.map(toId18).filter((id): id is string => id !== null))];
    const build = (part: readonly string[]) =>
      select({ object, fields: checked, where: [`Id IN ${inList(part, idLiteral)}`] });
    const out: SfRecord[] = [];
    for (const part of splitForQuery(valid, build, ID_CHUNK)) {
      for await (const page of this.queryPages(build(part), { all })) out.push(...page.records);
    }
    return out;
  }

  async findByPhones(
    object: SfObject,
    phoneFields: readonly string[],
    variants: readonly string[],
    fields: readonly string[],
    prefixes: readonly string[] = [],
  ): Promise<SfRecord[]> {
    if (phoneFields.length === 0 || variants.length === 0) return [];
    const checkedPhones = (await this.fields(object, phoneFields)).filter((f) => f !== 'Id');
    const checked = await this.fields(object, [...fields, ...phoneFields]);
    const byId = new Map<string, SfRecord>();
    const likes = [...new Set(prefixes)].map(likePrefix);
    // Every phone field repeats the IN-list (the first query also carries the prefix LIKEs): groups are sized
    // so that each query, with the LIKEs, stays within the URI limit.
    const build = (part: readonly string[], first: boolean) => {
      const list = inList(part);
      const where = checkedPhones
        .flatMap((f) => [`${f} IN ${list}`, ...(first ? likes.map((l) => `${f} LIKE ${l}`) : [])])
        .join(' OR ');
      return select({ object, fields: checked, where: [where] });
    };
    const groups = splitForQuery([...new Set(variants)], (part) => build(part, true), VARIANT_CHUNK);
    for (const [i, part] of groups.entries()) {
      for await (const page of this.queryPages(build(part, i === 0))) {
        for (const r of page.records) byId.set(r.Id, r);
      }
    }
    return [...byId.values()];
  }

  /** REST query, page by page (≤2,000 rows each). `all` = queryAll (deleted/merged rows too). Only built SOQL. */
  private async *queryPages(soql: string, opts: { all?: boolean } = {}): AsyncIterable<QueryPage> {
    let url: string | undefined = `/${opts.all ? 'queryAll' : 'query'}?q=${encodeURIComponent(soql)}`;
    while (url) {
      const page: RawPage = await this.call('query', this.get(url));
      yield { records: page.records.map(strip), totalSize: page.totalSize, done: page.done };
      url = page.done ? undefined : page.nextRecordsUrl;
    }
  }

  async accountsByWebsite(domain: string): Promise<SfRecord[]> {
    const soql = `SELECT Id, Website FROM Account WHERE Website LIKE '%${escapeString(domain)}%' LIMIT 20`;
    for await (const page of this.queryPages(soql)) return page.records;
    return [];
  }

  async *selectPages(
    object: SfObject,
    fields: readonly string[],
    opts: { filters?: readonly Filter[]; afterId?: string; pageSize?: number } = {},
  ): AsyncIterable<QueryPage> {
    const checked = await this.fields(object, fields);
    const where = await this.filterConditions(object, opts.filters ?? []);
    if (opts.afterId) where.push(`Id > ${idLiteral(opts.afterId)}`);
    const soql = select({ object, fields: checked, where, orderBy: 'Id', limit: opts.pageSize });
    yield* this.queryPages(soql);
  }

  private async filterConditions(object: SfObject, filters: readonly Filter[]): Promise<string[]> {
    if (filters.length === 0) return [];
    const names = await this.fields(
      object,
      filters.map((f) => f.field),
    );
    const described = new Map((await this.describe(object)).fields.map((f) => [f.name, f]));
    const real = new Map(names.map((n) => [n.toLowerCase(), n]));
    return filters.map((f) => {
      const name = real.get(f.field.toLowerCase()) ?? f.field;
      return typedCondition(f, described.get(name) ?? { name, type: 'string' });
    });
  }

  /**
   * Raw SOQL through Bulk API 2.0: values as the CSV has them (strings, null when empty), batches of ≤2,000.
   * Not part of SalesforceGateway (production reads through bulkSelect); the adapter tests drive the Bulk job
   * protocol with it (companion/test/integration/adapters.integration.test.ts).
   */
  async *bulkQuery(soql: string): AsyncIterable<SfRecord[]> {
    for await (const batch of this.bulkBatches(soql, new Map())) yield batch.records;
  }

  private async *bulkBatches(
    soql: string,
    types: ReadonlyMap<string, string>,
    resume?: BulkCursor,
  ): AsyncIterable<BulkBatch> {
    const call = <T>(kind: string, fn: (conn: Connection) => Promise<T>) => this.call(kind, fn);
    for await (const batch of bulkQueryRecords(call, soql, this.bulkOptions, resume)) {
      yield { records: batch.records.map((r) => typedRecord(r, types) as SfRecord), cursor: batch.cursor };
    }
  }

  async *bulkSelect(
    object: SfObject,
    fields: readonly string[],
    opts: { filters?: readonly Filter[]; resume?: BulkCursor } = {},
  ): AsyncIterable<BulkBatch> {
    const checked = await this.fields(object, fields);
    const where = await this.filterConditions(object, opts.filters ?? []);
    const types = new Map((await this.describe(object)).fields.map((f) => [f.name, f.type]));
    // No ORDER BY: it disables PK chunking and large objects time out (Bulk API 2.0 guide).
    yield* this.bulkBatches(select({ object, fields: checked, where }), types, opts.resume);
  }

  async count(object: SfObject, filters: readonly Filter[] = []): Promise<number> {
    checkFields(object, []);
    const where = await this.filterConditions(object, filters);
    const soql = select({ object, fields: ['COUNT()'], where });
    const page = await this.call('query', this.get(`/query?q=${encodeURIComponent(soql)}`));
    return page.totalSize;
  }

  async *queryAllSince(object: SfObject, since: string, fields: readonly string[]): AsyncIterable<QueryPage> {
    const checked = await this.fields(object, ['SystemModstamp', 'IsDeleted', ...fields]);
    const where = [`SystemModstamp > ${dateTimeLiteral(since)}`];
    yield* this.queryPages(select({ object, fields: checked, where, orderBy: 'SystemModstamp, Id' }), {
      all: true,
    });
  }

  async create(object: string, values: Record<string, unknown>): Promise<SaveResult> {
    checkFields(object, Object.keys(values));
    const res = await this.call('dml', (c) => c.sobject(object).create(values));
    return toSaveResult(res as RawSaveResult);
  }

  async update(object: string, id: string, values: Record<string, unknown>): Promise<SaveResult> {
    checkFields(object, Object.keys(values));
    idLiteral(id);
    const res = await this.call('dml', (c) => c.sobject(object).update({ ...values, Id: id }));
    return toSaveResult(res as RawSaveResult);
  }

  async updateMany(
    object: string,
    rows: readonly ({ Id: string } & Record<string, unknown>)[],
  ): Promise<SaveResult[]> {
    const out: SaveResult[] = rows.map(() => MALFORMED_ID);
    // A row whose Id is malformed is never sent: it fails here, in its place (results stay in input order).
    const sendable = rows.flatMap((r, i) => {
      const id = toId18(r.Id);
      return id ? [{ i, row: { ...r, Id: id } }] : [];
    });
    for (const part of chunks(sendable, ID_CHUNK)) {
      part.forEach(({ row }) => checkFields(object, Object.keys(row)));
      const res = await this.call('dml', (c) => c.sobject(object).update(part.map(({ row }) => row)));
      (res as RawSaveResult[]).forEach((r, k) => (out[part[k]!.i] = toSaveResult(r)));
    }
    return out;
  }

  async upsertByExternalId(
    object: string,
    field: string,
    value: string,
    values: Record<string, unknown>,
  ): Promise<UpsertResult> {
    checkFields(object, [field, ...Object.keys(values)]);
    const res = await this.call('dml', (c) => c.sobject(object).upsert({ ...values, [field]: value }, field));
    const raw = res as RawSaveResult & { created?: boolean };
    return { ...toSaveResult(raw), created: raw.created === true };
  }

  async upsertManyByExternalId(
    object: string,
    field: string,
    rows: readonly Record<string, unknown>[],
  ): Promise<UpsertResult[]> {
    const out: UpsertResult[] = [];
    for (const part of chunks(rows, ID_CHUNK)) {
      part.forEach((row) => checkFields(object, [field, ...Object.keys(row)]));
      const res = await this.call('dml', (c) =>
        c.sobject(object).upsert(
          part.map((row) => ({ ...row })),
          field,
          { allOrNone: false },
        ),
      );
      for (const raw of res as (RawSaveResult & { created?: boolean })[])
        out.push({ ...toSaveResult(raw), created: raw.created === true });
    }
    return out;
  }

  async readSettings(): Promise<OrgSettings> {
    const orgId = await this.session.orgId();
    const where = orgId ? [`SetupOwnerId = ${idLiteral(orgId)}`] : [];
    const soql = select({
      object: 'Aloware_Sync_Settings__c',
      fields: [...SETTINGS_FIELDS],
      where,
      limit: 1,
    });
    const page = await this.call('query', this.get(`/query?q=${encodeURIComponent(soql)}`));
    return parseSettings(page.records[0]);
  }

  async readMappings(): Promise<OrgMappings> {
    const rows: SfRecord[] = [];
    for await (const page of this.queryPages(MAPPING_SOQL)) rows.push(...page.records);
    return parseMappings(rows);
  }

  async listUsers(): Promise<SalesforceUserRow[]> {
    const rows: SalesforceUserRow[] = [];
    for await (const page of this.queryPages('SELECT Id, Email, IsActive FROM User')) {
      rows.push(...(page.records as unknown as SalesforceUserRow[]));
    }
    return rows;
  }

  usage(): ApiUsage {
    return this.session.usage();
  }

  instanceUrl(): Promise<string> {
    return this.session.instanceUrl();
  }

  async ping(): Promise<boolean> {
    try {
      await this.call('ping', this.get(`/query?q=${encodeURIComponent('SELECT Id FROM User LIMIT 1')}`));
      return true;
    } catch {
      return false;
    }
  }

  clearCaches(): void {
    this.describes.clear();
  }
}
