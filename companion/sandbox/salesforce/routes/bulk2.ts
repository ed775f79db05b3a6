// Bulk API 2.0 query jobs: UploadComplete → InProgress → JobComplete (one step per status poll), CSV result pages.
import express, { type Request, type Response, type Router } from 'express';
import { ApiError, param, queryString, sendJson, sendNoContent } from '../http.js';
import { compileSoql, type Plan } from '../soql/compile.js';
import { execute } from '../soql/execute.js';
import { csvHeader, csvRow } from '../soql/project.js';
import type { EmulatorState } from '../state.js';
import { sfDateTime } from '../time.js';
import { soqlOr400 } from './query.js';

type JobState = 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Aborted' | 'Failed';

interface Job {
  id: string;
  operation: 'query' | 'queryAll';
  plan: Plan;
  state: JobState;
  createdById: string;
  createdDate: string;
  systemModstamp: string;
  apiVersion: number;
  lineEnding: 'LF' | 'CRLF';
  columnDelimiter: string;
  ids?: string[];
  errorMessage?: string;
}

const DELIMITERS: Record<string, string> = {
  COMMA: ',',
  TAB: '\t',
  PIPE: '|',
  SEMICOLON: ';',
  CARET: '^',
  BACKQUOTE: '`',
};

function info(job: Job): Record<string, unknown> {
  return {
    id: job.id,
    operation: job.operation,
    object: job.plan.object.name,
    createdById: job.createdById,
    createdDate: job.createdDate,
    systemModstamp: job.systemModstamp,
    state: job.state,
    concurrencyMode: 'Parallel',
    contentType: 'CSV',
    apiVersion: job.apiVersion,
    jobType: 'V2Query',
    lineEnding: job.lineEnding,
    columnDelimiter: job.columnDelimiter,
    numberRecordsProcessed: job.ids?.length ?? 0,
    retries: 0,
    totalProcessingTime: 0,
    ...(job.errorMessage ? { errorMessage: job.errorMessage } : {}),
  };
}

/**
 * ORDER BY disables PK chunking (Bulk API 2.0 guide, "Troubleshooting Query Timeouts"): the whole object is
 * scanned in one piece. The emulator fails such a job once the object holds more than
 * `state.bulkOrderByMaxRows` rows, with the QUERY_TIMEOUT text (README "Assumptions").
 */
function orderByTimeout(state: EmulatorState, job: Job): string | undefined {
  if (job.plan.orderBy.length === 0) return undefined;
  const rows = state.store.count(job.plan.object.name);
  if (rows <= state.bulkOrderByMaxRows) return undefined;
  return 'QUERY_TIMEOUT: Your query request was running for too long. ORDER BY disables PK chunking; remove it.';
}

export function bulk2Router(state: EmulatorState): Router {
  const router = express.Router({ mergeParams: true });
  const jobs = new Map<string, Job>();
  const jobOr404 = (req: Request): Job => {
    const job = jobs.get(param(req, 'jobId'));
    if (!job) throw new ApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
    return job;
  };

  router.post('/jobs/query', (req: Request, res: Response) => {
    const body = (req.body ?? {}) as {
      operation?: string;
      query?: string;
      lineEnding?: string;
      columnDelimiter?: string;
    };
    if (body.operation !== 'query' && body.operation !== 'queryAll')
      throw new ApiError(400, 'INVALIDJOB', 'Invalid operation');
    const plan = soqlOr400(() => compileSoql(state.schema, body.query ?? ''));
    if (plan.count !== 'none' || plan.offset)
      throw new ApiError(400, 'INVALIDJOB', 'Aggregate queries and OFFSET are not supported by Bulk API 2.0');
    const now = sfDateTime(Date.now());
    const job: Job = {
      id: state.dml.ids.next('750'),
      operation: body.operation,
      plan,
      state: 'UploadComplete',
      createdById: res.locals.userId as string,
      createdDate: now,
      systemModstamp: now,
      apiVersion: Number(param(req, 'version').replace(/^v/, '')),
      lineEnding: body.lineEnding === 'CRLF' ? 'CRLF' : 'LF',
      columnDelimiter:
        body.columnDelimiter && DELIMITERS[body.columnDelimiter] ? body.columnDelimiter : 'COMMA',
    };
    jobs.set(job.id, job);
    sendJson(res, 200, info(job));
  });

  router.get('/jobs/query/:jobId', (req, res) => {
    const job = jobOr404(req);
    if (job.state === 'UploadComplete') job.state = 'InProgress';
    else if (job.state === 'InProgress') {
      job.errorMessage = orderByTimeout(state, job);
      if (job.errorMessage) job.state = 'Failed';
      else {
        job.ids = execute(state.store, job.plan, job.operation === 'queryAll').ids;
        job.state = 'JobComplete';
      }
    }
    job.systemModstamp = sfDateTime(Date.now());
    sendJson(res, 200, info(job));
  });

  router.patch('/jobs/query/:jobId', (req, res) => {
    const job = jobOr404(req);
    if ((req.body as { state?: string } | undefined)?.state !== 'Aborted')
      throw new ApiError(400, 'INVALIDJOB', 'Only Aborted can be set');
    if (job.state !== 'JobComplete' && job.state !== 'Failed') job.state = 'Aborted';
    sendJson(res, 200, info(job));
  });

  router.delete('/jobs/query/:jobId', (req, res) => {
    jobs.delete(jobOr404(req).id);
    sendNoContent(res);
  });

  router.get('/jobs/query/:jobId/results', (req, res) => {
    const job = jobOr404(req);
    if (job.state !== 'JobComplete' || !job.ids)
      throw new ApiError(412, 'JOB_NOT_COMPLETE', 'Job is not complete');
    const locator = queryString(req, 'locator');
    const offset = locator ? Number(Buffer.from(locator, 'base64url').toString('utf8')) : 0;
    if (!Number.isInteger(offset) || offset < 0)
      throw new ApiError(400, 'INVALID_LOCATOR', 'invalid locator');
    // Without maxRecords a real org splits by size; the emulator uses state.bulkPageSize (POST /__sandbox/bulk).
    const max = Number(queryString(req, 'maxRecords') ?? state.bulkPageSize) || state.bulkPageSize;
    const end = Math.min(job.ids.length, offset + max);
    const eol = job.lineEnding === 'CRLF' ? '\r\n' : '\n';
    const delimiter = DELIMITERS[job.columnDelimiter] ?? ',';
    const lines = [csvHeader(job.plan.fields, delimiter)];
    for (const id of job.ids.slice(offset, end))
      lines.push(csvRow(state.store, job.plan.fields, id, delimiter));
    const text = lines.join(eol) + eol;
    res.set('Sforce-Locator', end < job.ids.length ? Buffer.from(String(end)).toString('base64url') : 'null');
    res.set('Sforce-NumberOfRecords', String(end - offset));
    res.status(200).type('text/csv').send(text);
  });
  return router;
}
