import type {
  FieldDescribe,
  MappingRow,
  RepPolicy,
  SfObject,
  SfRecord,
  SyncSettings,
} from '../sync/index.js';

/** A describe result, reduced to what the companion uses. */
export interface ObjectDescribe {
  name: string;
  fields: readonly FieldDescribe[];
}

export interface SaveResult {
  id?: string;
  success: boolean;
  /** `statusCode ?? errorCode` of each error, with its message. */
  errors: { code: string; message: string; fields?: string[] }[];
}

export interface UpsertResult extends SaveResult {
  created: boolean;
}

export interface SalesforceUserRow {
  Id: string;
  Email: string | null;
  IsActive: boolean;
}

/** API usage as the last `Sforce-Limit-Info` header said, and whether the companion is holding back. */
export interface ApiUsage {
  used: number;
  limit: number;
  /** The companion's own ceiling (a share of `limit`); beyond it calls are slowed down. */
  budget: number;
  throttled: boolean;
  /** Salesforce API calls this process made (every HTTP request counted once). */
  callsMade: number;
}

/** `Aloware_Sync_Settings__c` org default as read (docs/contracts.md §2), defaults when there is no row. */
export interface OrgSettings {
  version: number;
  settings: SyncSettings;
  integrationUserId: string | null;
  /** Record link, activity logging and ownership rules; absent in configs cached before they existed. */
  policy?: RepPolicy;
}

/** Mapping rows per object; the default mapping when the org has none for that object. */
export type OrgMappings = Record<SfObject, MappingRow[]>;

export interface QueryPage {
  records: SfRecord[];
  totalSize: number;
  done: boolean;
}

/** Where a Bulk API 2.0 read stands: the job, the result page (null = the first) and records read of it. */
export interface BulkCursor {
  jobId: string;
  locator: string | null;
  offset: number;
}

export interface BulkBatch {
  records: SfRecord[];
  /** The position after this batch. */
  cursor: BulkCursor;
}

export type Filter = {
  field: string;
  op: '=' | '!=' | '<' | '>' | '<=' | '>=' | 'LIKE';
  value: string | number | boolean | null;
};

/** The fields an object has in this org; cached per object for the gateway's lifetime (cleared by `clearCaches`). */
export interface SchemaReader {
  describe(object: SfObject | string): Promise<ObjectDescribe>;
}

/** Current values of Leads and Contacts by id: the change path, finders and lifecycle checks. */
export interface RecordReader extends SchemaReader {
  /** Current values of the given records (≤200 ids per SOQL; chunks larger lists). Missing ids are omitted. */
  fetchByIds(object: SfObject, ids: readonly string[], fields: readonly string[]): Promise<SfRecord[]>;
  /** Deleted rows included (`queryAll`): `IsDeleted`, `MasterRecordId` (when asked for) visible. */
  fetchByIdsAll(object: SfObject, ids: readonly string[], fields: readonly string[]): Promise<SfRecord[]>;
}

/** Finding who an Aloware contact is in Salesforce: records by phone, Accounts by web domain. */
export interface IdentityLookup {
  /**
   * Records whose phone fields hold any of the typed variants, or start with one of `prefixes` (a number typed
   * with an extension: `202-555-3000 ext 7`); one SOQL over every given phone field. Prefix matches are
   * candidates only: the caller checks the value parses to its phone.
   */
  findByPhones(
    object: SfObject,
    phoneFields: readonly string[],
    variants: readonly string[],
    fields: readonly string[],
    prefixes?: readonly string[],
  ): Promise<SfRecord[]>;
  /**
   * Up to 20 Accounts whose Website contains `domain` (a LIKE: candidates only, the caller compares hosts), with
   * `Id` and `Website`.
   */
  accountsByWebsite(domain: string): Promise<SfRecord[]>;
}

/** Writes to Leads and Contacts (created and updated from Aloware, stamped after a push). */
export interface RecordWriter {
  create(object: string, values: Record<string, unknown>): Promise<SaveResult>;
  update(object: string, id: string, values: Record<string, unknown>): Promise<SaveResult>;
  /** sObject Collections: ≤200 per call, chunked. Results in input order. */
  updateMany(
    object: string,
    rows: readonly ({ Id: string } & Record<string, unknown>)[],
  ): Promise<SaveResult[]>;
}

/** Tasks for calls and texts, upserted by their Aloware id (an External ID field). */
export interface TaskWriter {
  upsertByExternalId(
    object: string,
    field: string,
    value: string,
    values: Record<string, unknown>,
  ): Promise<UpsertResult>;
  /**
   * sObject Collections upsert by an External ID field (`allOrNone` false): ≤200 rows per call, chunked;
   * results in input order. Each row carries its external id value under `field`.
   */
  upsertManyByExternalId(
    object: string,
    field: string,
    rows: readonly Record<string, unknown>[],
  ): Promise<UpsertResult[]>;
}

/** One-time pulls and reconcile: whole-object reads, REST pages or Bulk API 2.0. */
export interface PullSource extends SchemaReader {
  /** Pages a SOQL built from validated parts: object, fields, safe filters, ordered by Id, after a cursor. */
  selectPages(
    object: SfObject,
    fields: readonly string[],
    opts?: { filters?: readonly Filter[]; afterId?: string; pageSize?: number },
  ): AsyncIterable<QueryPage>;
  /**
   * Validated fields and filters through Bulk API 2.0, without ORDER BY (it would disable PK chunking). Each
   * batch carries the cursor after it; `resume` continues the same job's results there (nothing missed or
   * repeated), or runs the query again when Salesforce no longer has the job.
   */
  bulkSelect(
    object: SfObject,
    fields: readonly string[],
    opts?: { filters?: readonly Filter[]; resume?: BulkCursor },
  ): AsyncIterable<BulkBatch>;
  /** `SELECT COUNT() …` with the same safe filters as selectPages. */
  count(object: SfObject, filters?: readonly Filter[]): Promise<number>;
  /** queryAll of rows with `SystemModstamp > since` (ordered by SystemModstamp, Id), for reconcile. */
  queryAllSince(object: SfObject, since: string, fields: readonly string[]): AsyncIterable<QueryPage>;
}

/** The org's sync configuration, its users and its address. */
export interface OrgMetadata {
  /**
   * docs/contracts.md §2: the org-default `Aloware_Sync_Settings__c` row (or defaults), with
   * `Config_Version__c`.
   */
  readSettings(): Promise<OrgSettings>;
  /** docs/contracts.md §2: every `Aloware_Field_Mapping__c` row, per object, default mapping where none. */
  readMappings(): Promise<OrgMappings>;
  listUsers(): Promise<SalesforceUserRow[]>;
  /** The org's instance URL (My Domain), for links to records. */
  instanceUrl(): Promise<string>;
  /** Forgets cached describes (a config refresh: fields may have been added). */
  clearCaches(): void;
}

/** Whether Salesforce answers, and the API budget used (health). */
export interface ApiStatus {
  /** A cheap authenticated call (`/limits` or a tiny query): true when Salesforce answers. */
  ping(): Promise<boolean>;
  usage(): ApiUsage;
}

/**
 * Everything the companion needs from Salesforce, as the composition root holds it; each caller depends on the
 * part above that it uses. The jsforce implementation lives in jsforce-gateway.ts. No method takes SOQL: each
 * builds its query from field names checked against describe (or fixed in the gateway) and escaped values
 * (see soql.ts, filter-values.ts).
 */
export interface SalesforceGateway
  extends RecordReader, IdentityLookup, RecordWriter, TaskWriter, PullSource, OrgMetadata, ApiStatus {}
