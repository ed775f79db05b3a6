import type { Connection, HttpMethods, HttpResponse, Schema } from 'jsforce';
import { HttpApi } from 'jsforce/lib/http-api.js';
import { csvRecords } from './bulk-csv.js';

/**
 * Bulk API 2.0 query read page by page (jsforce 3.10.16's `bulk2.query` cannot read a result spread over several
 * pages, jsforce/jsforce#1740). Every request goes through jsforce's HttpApi on the shared connection, so a 401
 * re-authenticates through the connection's refreshFn and the request is replayed.
 */
export type BulkCaller = <T>(kind: string, fn: (conn: Connection) => Promise<T>) => Promise<T>;

export interface BulkQueryOptions {
  /** Rows asked for per result page (`maxRecords`); null lets Salesforce choose (by size). */
  maxRecords?: number | null;
  /** Records per yielded batch. */
  batchSize?: number;
  /** First wait between job status polls; grows ×1.5 up to `maxPollIntervalMs`. */
  pollIntervalMs?: number;
  maxPollIntervalMs?: number;
  /** Give up (and abort the job) when it has not completed by then. */
  pollTimeoutMs?: number;
}

const BULK_DEFAULTS = {
  maxRecords: 10_000,
  batchSize: 2_000,
  pollIntervalMs: 250,
  maxPollIntervalMs: 5_000,
  pollTimeoutMs: 30 * 60_000,
};

type Resolved = Omit<typeof BULK_DEFAULTS, 'maxRecords'> & { maxRecords: number | null };

function resolve(options: BulkQueryOptions): Resolved {
  const pick = (k: Exclude<keyof typeof BULK_DEFAULTS, 'maxRecords'>) => options[k] ?? BULK_DEFAULTS[k];
  return {
    maxRecords: options.maxRecords === undefined ? BULK_DEFAULTS.maxRecords : options.maxRecords,
    batchSize: pick('batchSize'),
    pollIntervalMs: pick('pollIntervalMs'),
    maxPollIntervalMs: pick('maxPollIntervalMs'),
    pollTimeoutMs: pick('pollTimeoutMs'),
  };
}

/** A query job that failed, was aborted or did not finish in time. */
export class BulkQueryError extends Error {
  constructor(
    message: string,
    readonly jobId: string,
    readonly state: string,
  ) {
    super(message);
    this.name = 'BulkQueryError';
  }
}

interface JobInfo {
  id: string;
  state: string;
  errorMessage?: string;
  columnDelimiter?: string;
}

interface Reply<T> {
  body: T;
  headers: Record<string, string>;
}

const DELIMITERS: Record<string, string> = {
  COMMA: ',',
  TAB: '\t',
  PIPE: '|',
  SEMICOLON: ';',
  CARET: '^',
  BACKQUOTE: '`',
};

/** Error bodies are JSON even when the success body is CSV read as plain text. */
class BulkHttpApi extends HttpApi<Schema> {
  override getResponseContentType(response: HttpResponse): string | undefined {
    if (response.statusCode >= 400) return response.headers['content-type'];
    return super.getResponseContentType(response) ?? undefined;
  }
}

const LIMIT_INFO = /api-usage=(\d+)\/(\d+)/;

function send<T>(
  conn: Connection,
  req: { method: HttpMethods; path: string; body?: unknown; accept?: string },
): Promise<Reply<T>> {
  const text = req.accept === 'text/csv';
  const api = new BulkHttpApi(conn, { responseType: text ? 'text/plain' : 'application/json' });
  let headers: Record<string, string> = {};
  api.on('response', (res: HttpResponse) => {
    headers = res.headers ?? {};
    const usage = LIMIT_INFO.exec(headers['sforce-limit-info'] ?? '');
    if (usage) conn.limitInfo = { apiUsage: { used: Number(usage[1]), limit: Number(usage[2]) } };
  });
  const url = `${conn.instanceUrl}/services/data/v${conn.version}/jobs/query${req.path}`;
  const reqHeaders: Record<string, string> = { Accept: req.accept ?? 'application/json' };
  if (req.body !== undefined) reqHeaders['Content-Type'] = 'application/json; charset=utf-8';
  const body = req.body === undefined ? undefined : JSON.stringify(req.body);
  return Promise.resolve(api.request<T>({ method: req.method, url, headers: reqHeaders, body })).then(
    (b) => ({ body: b, headers }),
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitForJob(call: BulkCaller, id: string, o: Resolved): Promise<JobInfo> {
  const deadline = Date.now() + o.pollTimeoutMs;
  let wait = o.pollIntervalMs;
  for (;;) {
    const job = (
      await call('bulk', (c) => send<JobInfo>(c, { method: 'GET', path: `/${encodeURIComponent(id)}` }))
    ).body;
    if (job.state === 'JobComplete') return job;
    if (job.state === 'Failed' || job.state === 'Aborted') {
      const reason = job.errorMessage ? `: ${job.errorMessage}` : '';
      throw new BulkQueryError(`Bulk query job ${id} ${job.state.toLowerCase()}${reason}`, id, job.state);
    }
    if (Date.now() + wait > deadline) {
      await call('bulk', (c) =>
        send(c, { method: 'PATCH', path: `/${encodeURIComponent(id)}`, body: { state: 'Aborted' } }),
      ).catch(() => undefined);
      throw new BulkQueryError(
        `Bulk query job ${id} not complete after ${o.pollTimeoutMs} ms`,
        id,
        job.state,
      );
    }
    await sleep(wait);
    wait = Math.min(o.maxPollIntervalMs, Math.ceil(wait * 1.5));
  }
}

function resultsPath(id: string, locator: string | null, maxRecords: number | null): string {
  const params = new URLSearchParams();
  if (maxRecords) params.set('maxRecords', String(maxRecords));
  if (locator) params.set('locator', locator);
  const query = params.toString();
  return `/${encodeURIComponent(id)}/results${query ? `?${query}` : ''}`;
}

/** The next page's locator, or null on the last page (`Sforce-Locator: null`, or no header at all). */
const nextLocator = (header: string | undefined): string | null =>
  header && header !== 'null' ? header : null;

interface Page {
  records: Record<string, string | null>[];
  next: string | null;
}

/** One result page, parsed (its text is not kept), checked against `Sforce-NumberOfRecords`. */
async function readPage(call: BulkCaller, job: JobInfo, locator: string | null, o: Resolved): Promise<Page> {
  const path = resultsPath(job.id, locator, o.maxRecords);
  const page = await call('bulk', (c) => send<string>(c, { method: 'GET', path, accept: 'text/csv' }));
  const delimiter = DELIMITERS[job.columnDelimiter ?? 'COMMA'] ?? ',';
  const records = csvRecords(String(page.body ?? ''), delimiter);
  const expected = page.headers['sforce-numberofrecords'];
  if (expected !== undefined && Number(expected) !== records.length)
    throw new BulkQueryError(
      `Bulk query job ${job.id}: a result page has ${records.length} records, Salesforce said ${expected}`,
      job.id,
      job.state,
    );
  return { records, next: nextLocator(page.headers['sforce-locator']) };
}

/** A batch of raw records and the position after it in the job's results. */
export interface RawBulkBatch {
  records: Record<string, string | null>[];
  cursor: { jobId: string; locator: string | null; offset: number };
}

const createJob = (call: BulkCaller, soql: string) =>
  call('bulk', (c) =>
    send<JobInfo>(c, { method: 'POST', path: '', body: { operation: 'query', query: soql } }),
  ).then((r) => r.body.id);

/** The job to read: the resumed one while Salesforce still has it, else a new run of the query. */
async function jobToRead(
  call: BulkCaller,
  soql: string,
  o: Resolved,
  resume: RawBulkBatch['cursor'] | undefined,
): Promise<{ job: JobInfo; from: RawBulkBatch['cursor'] | null }> {
  if (resume) {
    try {
      return { job: await waitForJob(call, resume.jobId, o), from: resume };
    } catch (err) {
      // Results are kept for a limited time; an expired or deleted job is read again from the start.
      if ((err as { errorCode?: unknown }).errorCode !== 'NOT_FOUND') throw err;
    }
  }
  return { job: await waitForJob(call, await createJob(call, soql), o), from: null };
}

/**
 * Runs one query job (or resumes reading one at a cursor) and yields its records (strings, null for empty) in
 * batches of ≤ `batchSize`, each with the cursor after it, reading the next result page only when the previous
 * one has been consumed (one page in memory).
 */
export async function* bulkQueryRecords(
  call: BulkCaller,
  soql: string,
  options: BulkQueryOptions = {},
  resume?: RawBulkBatch['cursor'],
): AsyncIterable<RawBulkBatch> {
  const o = resolve(options);
  const { job, from } = await jobToRead(call, soql, o, resume);
  let locator: string | null = from?.locator ?? null;
  let skip = from?.offset ?? 0;
  do {
    const page = await readPage(call, job, locator, o);
    for (let i = skip; i < page.records.length; i += o.batchSize) {
      const records = page.records.slice(i, i + o.batchSize);
      yield { records, cursor: { jobId: job.id, locator, offset: i + records.length } };
    }
    skip = 0;
    locator = page.next;
  } while (locator);
}
