// Everything one emulator instance holds: schema, records, users, tokens, API usage, faults, logs.
import { Dml, type Change, type WriteContext } from './dml.js';
import { IdFactory, makeId } from './ids.js';
import { Schema } from './schema/index.js';
import { Store, type Values } from './store.js';
import { sfDateTime } from './time.js';

export interface SandboxUser {
  id: string;
  username: string;
  clientId: string;
  firstName: string;
  lastName: string;
}

export interface RequestLogEntry {
  at: string;
  method: string;
  route: string;
  path: string;
  userId: string | null;
  status: number;
  /** The SOQL of a query call. */
  soql?: string;
}

export interface Fault {
  id: number;
  route?: string; // regular expression matched against "METHOD /path" (path without /services/data/vNN.N)
  latencyMs?: number;
  errorRate?: number;
  error?: '503' | 'UNABLE_TO_LOCK_ROW' | 'REQUEST_LIMIT_EXCEEDED' | 'INVALID_SESSION_ID';
  count?: number; // remaining times; unlimited when absent
}

const ORG_ID = makeId('00D', 1);
export const INTEGRATION_USER: SandboxUser = {
  id: makeId('005', 1),
  username: 'integration@sandbox.example',
  clientId: 'sandbox-integration',
  firstName: 'Integration',
  lastName: 'User',
};
export const REP_USER: SandboxUser = {
  id: makeId('005', 2),
  username: 'rep@sandbox.example',
  clientId: 'sandbox-rep',
  firstName: 'Sam',
  lastName: 'Rep',
};
const DEFAULT_BULK_ORDER_BY_MAX_ROWS = 10_000;
export const SALES_QUEUE_ID = makeId('00G', 1);
export const USERS = [INTEGRATION_USER, REP_USER];

export class EmulatorState {
  url = '';
  readonly orgId = ORG_ID;
  readonly schema: Schema;
  private readonly idFactory = new IdFactory(); // survives reset so ids are never reused
  store: Store;
  dml: Dml;
  readonly tokens = new Map<string, { userId: string; expired: boolean }>();
  readonly refreshTokens = new Map<string, string>();
  api = { used: 0, limit: 15_000 };
  faults: Fault[] = [];
  nextFaultId = 1;
  requests: RequestLogEntry[] = [];
  requestCount = 0;
  notify: { url?: string; key?: string } = {};
  /** Bulk 2.0 rows per result page when the client sends no maxRecords. */
  bulkPageSize = 50_000;
  /** A Bulk 2.0 query with ORDER BY on an object with more rows than this fails as timed out. */
  bulkOrderByMaxRows = DEFAULT_BULK_ORDER_BY_MAX_ROWS;
  /** Called after every committed API transaction; the trigger dispatcher subscribes here. */
  onCommit: (changes: Change[], userId: string) => void = () => undefined;

  constructor(
    opts: { metadataDir?: string; dailyApiLimit?: number; notifyUrl?: string; notifyKey?: string } = {},
  ) {
    this.schema = new Schema(opts.metadataDir);
    this.store = new Store(this.schema);
    this.dml = new Dml(this.idFactory, this.schema, this.store, this.orgId);
    this.api.limit = opts.dailyApiLimit ?? 15_000;
    this.notify = { url: opts.notifyUrl, key: opts.notifyKey };
    this.seedBaseline();
  }

  /** Base path of REST resources for one API version, e.g. `/services/data/v64.0`. */
  static base(version: string): string {
    return `/services/data/${version}`;
  }

  userById(id: string): SandboxUser | undefined {
    return USERS.find((u) => u.id === id);
  }

  private seedBaseline(): void {
    const now = sfDateTime(Date.now());
    const audit = (id: string): Values => ({
      Id: id,
      IsDeleted: false,
      CreatedDate: now,
      CreatedById: INTEGRATION_USER.id,
      LastModifiedDate: now,
      LastModifiedById: INTEGRATION_USER.id,
      SystemModstamp: now,
    });
    for (const u of USERS) {
      const values = {
        ...audit(u.id),
        Username: u.username,
        Email: u.username,
        FirstName: u.firstName,
        LastName: u.lastName,
      };
      this.store.put({
        type: 'User',
        values: { ...values, Name: `${u.firstName} ${u.lastName}`, IsActive: true },
      });
    }
    const queue = {
      ...audit(SALES_QUEUE_ID),
      Name: 'Sales Queue',
      DeveloperName: 'Sales_Queue',
      Type: 'Queue',
    };
    this.store.put({ type: 'Group', values: queue });
  }

  /** Clears records (keeping the users and the queue), cursors, faults, logs and API usage. Tokens stay valid. */
  reset(): void {
    this.store = new Store(this.schema);
    this.dml = new Dml(this.idFactory, this.schema, this.store, this.orgId);
    this.seedBaseline();
    this.faults = [];
    this.requests = [];
    this.requestCount = 0;
    this.api.used = 0;
    this.bulkPageSize = 50_000;
    this.bulkOrderByMaxRows = DEFAULT_BULK_ORDER_BY_MAX_ROWS;
  }

  /** Runs writes as userId and hands the resulting changes to the trigger dispatcher unless notify is false. */
  write<T>(userId: string, fn: (ctx: WriteContext) => T, notify = true): T {
    const ctx: WriteContext = { userId, changes: [] };
    const result = fn(ctx);
    if (notify && ctx.changes.length > 0) this.onCommit(ctx.changes, userId);
    return result;
  }
}
