/** Queue names (BullMQ). Job ids come from natural keys and never contain ':'. */
export const QUEUES = {
  /** Salesforce → Aloware: one delayed flush job per object drains the pending id set. */
  sfChanges: 'sf-changes',
  /** One-time pulls (Contacts/Leads), dry runs included. */
  operations: 'operations',
  /** Repeatable SystemModstamp poll. */
  reconcile: 'reconcile',
  /** Aloware contact events → Salesforce. */
  alowareEvents: 'aloware-events',
  /** Calls/SMS → Tasks. */
  activities: 'activities',
  /** Activities waiting for a record. */
  parked: 'parked',
} as const;

/** Job names inside the queues. */
export const JOBS = {
  flush: 'flush',
  /** One record pushed to Aloware (sync-now, failed-item retry). */
  syncRecord: 'sync-record',
  /** Lifecycle events that carry their own ids (deleted, converted, merged, undeleted). */
  lifecycle: 'lifecycle',
  operation: 'operation',
  reconcile: 'reconcile',
  /** aloware-events: one stored contact delivery (inbox id). */
  contact: 'contact',
  /** activities: one stored communication delivery (inbox id + communication id). */
  delivery: 'delivery',
  /** activities: write the Task from the folded state again (parked retry, record appeared). */
  write: 'write',
  /** parked: repeatable sweep (parked items whose record appeared; inbox entries never queued). */
  sweep: 'sweep',
} as const;

/** Turns a natural key into a BullMQ job id (no ':' allowed). */
export function jobId(...parts: (string | number)[]): string {
  return parts.map((p) => String(p).replace(/[:\s]/g, '_')).join('-');
}

/**
 * The one retry layer for everything but an Aloware 429 with Retry-After (aloware/http-client.ts): 5xx, network
 * errors, Salesforce outages and records not written yet fail the job and BullMQ runs it again after an
 * exponential backoff with equal jitter (`jitter: 0.5`: the step's first half fixed, the second half random, so
 * jobs failed together do not retry together). After the last attempt the item lands in the failed list.
 */
const JOB_BACKOFF_JITTER = 0.5;

/** Retention and retry defaults for every queue: bounded history, attempts with exponential backoff. */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1_000, jitter: JOB_BACKOFF_JITTER },
  removeOnComplete: { count: 1_000, age: 24 * 3600 },
  removeOnFail: { count: 5_000, age: 7 * 24 * 3600 },
} as const;

/**
 * Jobs of the to-Salesforce queues: Salesforce outages are retried for ~9–17 minutes (11 backoffs from 0.5 s,
 * doubling, equal jitter) before an item lands in the failed list.
 */
export const TO_SALESFORCE_JOB_OPTIONS = {
  attempts: 12,
  backoff: { type: 'exponential', delay: 500, jitter: JOB_BACKOFF_JITTER },
  removeOnComplete: { count: 1_000, age: 24 * 3600 },
  removeOnFail: { count: 5_000, age: 7 * 24 * 3600 },
} as const;
