// A bounded fault soak: a mixed Salesforce + Aloware workload with lifecycle events against the companion (web
// in this process, workers in child processes), injected faults of every kind the emulators offer, worker
// kill -9, a Redis restart when the caller can restart it; then, once the queues drain, a verifier that reads
// both emulators' stored state. Used by `npm run soak` (scripts/soak.ts) and the smoke run in npm test.
import { setTimeout as sleep } from 'node:timers/promises';
import { prng } from '../../sandbox/demo/seed.js';
import { TASK_BUFFER } from '../../src/activity/task-flush.js';
import { phoneKey } from '../../src/sync/index.js';
import { NOT_PROVIDED } from '../../src/sync/values.js';
import type { RequestEntry } from '../../sandbox/aloware/request-log.js';
import {
  repToken,
  spawnWorker,
  startStack,
  SYNC_KEY,
  type Stack,
  type WorkerProcess,
} from '../support/stack.js';

export interface SoakOptions {
  events: number;
  durationMs: number;
  workers: number;
  /** Aloware requests per minute: the companion's budget and the emulator's enforced limit. */
  budget: number;
  /** Fault intensity 0..1 (0 = none). */
  faults: number;
  /** Kill -9 a worker (and start a new one) this many times. */
  kills: number;
  /** Restarts Redis (keeping its AOF); absent when the caller does not own Redis. */
  restartRedis?: () => Promise<void>;
  drainTimeoutMs: number;
  seed: number;
  log?: (line: string) => void;
}

export interface SoakReport {
  events: Record<string, number>;
  faults: Record<string, number>;
  lost: string[];
  duplicatedRecords: string[];
  duplicatedContacts: string[];
  duplicatedTasks: string[];
  diverged: Record<string, number>;
  failed: Record<string, number>;
  budget: number;
  /** Salesforce records deleted before they were pushed (no Aloware contact expected; not a loss). */
  deletedBeforeSync: number;
  /** Requests the Aloware emulator received (all of them, faults included). */
  alowareRequests: number;
  maxInAnyWindow: number;
  /** Seconds the workload and the drain took. */
  seconds: { workload: number; drain: number };
  drained: boolean;
  /** The soak's own failures (workload requests refused, a worker surviving kill -9). */
  problems: string[];
  ok: boolean;
}

interface Tracked {
  phone: string;
  origin: 'salesforce' | 'aloware';
  object?: 'Lead' | 'Contact';
  sfId?: string;
  alowareId?: number;
  deleted?: boolean;
  converted?: boolean;
}

type SfRow = Record<string, unknown> & { Id: string };

const FORMATS = [
  (n: string) => `+1${n}`,
  (n: string) => `(${n.slice(0, 3)}) ${n.slice(3, 6)}-${n.slice(6)}`,
  (n: string) => `${n.slice(0, 3)}-${n.slice(3, 6)}-${n.slice(6)}`,
  (n: string) => `1${n}`,
  (n: string) => `${n.slice(0, 3)}.${n.slice(3, 6)}.${n.slice(6)} ext 12`,
];

/** The soak's workers take over a killed worker's claims after this (the default is 30 s). */
const JOB_LOCK_SECONDS = 10;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Largest number of timestamps inside any window of `windowMs`. */
function maxInWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

export async function runSoak(opts: SoakOptions): Promise<SoakReport> {
  const log = opts.log ?? (() => undefined);
  const rnd = prng(opts.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const stack = await startStack({
    role: 'web',
    startWorkers: false,
    // Workers inherit this environment. JOB_LOCK_SECONDS=10: a killed worker's jobs and per-phone locks are taken
    // over within ~20 s instead of ~60 s (docs/operations.md, Stopping), so a smoke-sized run drains in time.
    env: {
      ALOWARE_REQUESTS_PER_MINUTE: String(opts.budget),
      LOG_LEVEL: 'silent',
      JOB_LOCK_SECONDS: String(JOB_LOCK_SECONDS),
    },
    salesforce: { notifyDelayMs: 50 },
  });
  const counts: Record<string, number> = {};
  const faults: Record<string, number> = {};
  const bump = (m: Record<string, number>, k: string) => void (m[k] = (m[k] ?? 0) + 1);
  const workers: WorkerProcess[] = [];
  const tracked: Tracked[] = [];
  const calls: { communicationId: number; phone: string }[] = [];
  /** The soak itself went wrong (a workload request refused, a kill that did not kill): the run proves nothing. */
  const problems: string[] = [];
  try {
    await stack.runtime.start();
    for (let i = 0; i < opts.workers; i++) workers.push(await spawnWorker(stack, { alowareMaxAttempts: 6 }));
    await stack.alowareControl('POST', '/rate-limit', { requestsPerMinute: opts.budget });
    let token = await repToken(stack.sf.url);
    // The rep's REST calls. The injected session expiries expire every session, the rep's too: like a browser,
    // the rep logs in again on a 401 (before, every rep call after the first expiry was refused, so most of the
    // Salesforce side of the workload never happened).
    const rest = async (method: string, path: string, body?: unknown) => {
      for (let attempt = 1; ; attempt++) {
        const res = await fetch(`${stack.sf.url}/services/data/v64.0${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await res.text();
        if (res.status === 401 && attempt === 1) {
          token = await repToken(stack.sf.url);
          continue;
        }
        return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
      }
    };
    /** What a rep's call did: the action, or the action refused with its status (an injected fault). */
    const outcome = (action: string, status: number, ok: number) =>
      status === ok ? action : `${action} refused ${status}`;
    if (opts.faults > 0) await injectFaults(stack, opts.faults, faults);
    let seq = 0;
    const nextPhone = () => String(3_000_000 + opts.seed * 10_000 + ++seq).padStart(7, '0');
    const started = Date.now();
    const spacing = Math.max(5, opts.durationMs / Math.max(1, opts.events));
    // Kills and the Redis restart happen at fixed points of the run (whichever of events and time is further
    // along), so they happen even when the duration ends the workload before the last event.
    const progress = (n: number) => Math.max(n / opts.events, (Date.now() - started) / opts.durationMs);
    const killAt = Array.from({ length: opts.kills }, (_, i) => (0.8 * (i + 1)) / (opts.kills + 1));
    let redisAt = opts.restartRedis ? 0.65 : Infinity;
    for (let n = 0; n < opts.events && Date.now() - started < opts.durationMs; n++) {
      if (killAt.length > 0 && progress(n) >= killAt[0]! && workers.length > 0) {
        killAt.shift();
        const victim = workers.shift()!;
        victim.kill('SIGKILL');
        await victim.exited;
        if (isAlive(victim.pid)) problems.push(`worker ${victim.pid} survived kill -9`);
        bump(faults, 'worker kill -9');
        log(`killed worker ${victim.pid} (SIGKILL) at event ${n}`);
        workers.push(await spawnWorker(stack, { alowareMaxAttempts: 6 }));
      }
      if (progress(n) >= redisAt && opts.restartRedis) {
        redisAt = Infinity;
        await opts.restartRedis();
        bump(faults, 'redis restart');
        log(`restarted redis at event ${n}`);
      }
      if (opts.faults > 0 && n % 97 === 96) {
        await stack.sfControl('POST', '/expire-tokens', {});
        bump(faults, 'salesforce sessions expired');
      }
      const live = tracked.filter((t) => !t.deleted && !t.converted);
      const r = rnd();
      try {
        if (r < 0.3 || live.length < 5) {
          const object = rnd() < 0.5 ? 'Lead' : 'Contact';
          const digits = `202${nextPhone()}`;
          const body: Record<string, unknown> = {
            FirstName: `F${n}`,
            LastName: `L${n}`,
            Phone: pick(FORMATS)(digits),
          };
          if (object === 'Lead') body.Company = `Co${n}`;
          const res = await rest('POST', `/sobjects/${object}`, body);
          if (res.status === 201)
            tracked.push({ phone: `+1${digits}`, origin: 'salesforce', object, sfId: String(res.body.id) });
          bump(counts, outcome(`salesforce ${object} created`, res.status, 201));
        } else if (r < 0.5) {
          const digits = `202${nextPhone()}`;
          const c = await stack.alowareControl<{ id: number }>('POST', '/contacts', {
            phone_number: pick(FORMATS)(digits),
            first_name: `A${n}`,
            last_name: `B${n}`,
          });
          tracked.push({ phone: `+1${digits}`, origin: 'aloware', alowareId: c.id });
          bump(counts, 'aloware contact created');
        } else if (r < 0.65) {
          const t = pick(live);
          if (t.sfId && t.object) {
            const res = await rest('PATCH', `/sobjects/${t.object}/${t.sfId}`, { LastName: `E${n}` });
            bump(counts, outcome('salesforce edit', res.status, 204));
          } else if (t.alowareId) {
            await stack.alowareControl('PATCH', `/contacts/${t.alowareId}`, { first_name: `G${n}` });
            bump(counts, 'aloware edit');
          }
        } else if (r < 0.9) {
          const t = pick(live);
          // One draw decides the channel and its body (a call body sent to /sms has no text: a 400).
          const [path, body] =
            rnd() < 0.7
              ? ['/calls', { phone: t.phone, direction: 'outbound', talkTime: 30 }]
              : ['/sms', { phone: t.phone, direction: 'inbound', text: `hello ${n}` }];
          const res = await stack.alowareControl<{ communicationId: number }>('POST', path, body);
          calls.push({ communicationId: res.communicationId, phone: t.phone });
          bump(counts, 'call or sms');
        } else {
          const t = pick(live.filter((x) => x.sfId));
          if (t?.object === 'Lead' && rnd() < 0.6) {
            await stack.sfControl('POST', `/leads/${t.sfId}/convert`, {});
            t.converted = true;
            bump(counts, 'lead converted');
          } else if (t) {
            const res = await rest('DELETE', `/sobjects/${t.object}/${t.sfId}`);
            if (res.status === 204) t.deleted = true;
            bump(counts, outcome('record deleted', res.status, 204));
          }
        }
      } catch (err) {
        bump(counts, 'workload error');
        problems.push(`workload step ${n}: ${(err as Error).message.slice(0, 120)}`);
      }
      // Paced to the schedule (event n at about n × spacing), with jitter; a slow step is not made up by bursts.
      const due = started + (n + 0.5 + rnd()) * spacing;
      await sleep(Math.max(5, Math.min(due - Date.now(), 2 * spacing)));
    }
    log(`workload done: ${JSON.stringify(counts)}`);
    const workloadDone = Date.now();
    await stack.sfControl('DELETE', '/faults');
    await stack.alowareControl('DELETE', '/faults');
    const drained = await drain(stack, workers.length, opts.drainTimeoutMs, log);
    log(`drained: ${drained}`);
    const seconds = {
      workload: Math.round((workloadDone - started) / 1000),
      drain: Math.round((Date.now() - workloadDone) / 1000),
    };
    return {
      ...(await verify(stack, tracked, calls, opts.budget, problems)),
      seconds,
      events: counts,
      faults: { ...faults, ...(await faultCounts(stack)) },
      drained,
      problems,
      ok: false,
    } satisfies SoakReport;
  } finally {
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exited));
    await stack.stop();
  }
}

async function injectFaults(stack: Stack, level: number, faults: Record<string, number>): Promise<void> {
  const rate = (x: number) => Math.min(1, x * level);
  for (const error of ['503', 'UNABLE_TO_LOCK_ROW', 'REQUEST_LIMIT_EXCEEDED'] as const) {
    await stack.sfControl('POST', '/faults', { error, errorRate: rate(error === '503' ? 0.04 : 0.015) });
  }
  await stack.sfControl('POST', '/faults', { latencyMs: 300, errorRate: rate(0.05) });
  await stack.alowareControl('POST', '/faults', { kind: 'error', status: 503, rate: rate(0.04) });
  await stack.alowareControl('POST', '/faults', { kind: 'throttle', retryAfterSeconds: 2, rate: rate(0.02) });
  await stack.alowareControl('POST', '/faults', { kind: 'latency', ms: 250 });
  faults['injected'] = 8;
}

async function faultCounts(stack: Stack): Promise<Record<string, number>> {
  const { log } = await stack.alowareControl<{ log: RequestEntry[] }>('GET', '/requests');
  const by: Record<string, number> = {};
  for (const e of log) if (e.status >= 429) by[`aloware ${e.status}`] = (by[`aloware ${e.status}`] ?? 0) + 1;
  const { requests } = await stack.sfControl<{ requests: { status: number }[] }>('GET', '/requests?since=0');
  for (const e of requests)
    if (e.status >= 400) by[`salesforce ${e.status}`] = (by[`salesforce ${e.status}`] ?? 0) + 1;
  return by;
}

/**
 * Quiescence: nothing left anywhere work can wait — webhooks the emulators still have to send (Salesforce change
 * notifications, Aloware deliveries), stored deliveries not yet processed, Salesforce ids and communications
 * in the coalescing buffers, jobs waiting, active (a killed worker's job stays active until the stalled check hands it on), in
 * backoff (delayed, except the schedulers' next runs) — for several checks in a row over at least `quietMs`,
 * since a retry or a follow-up job can appear between two looks. Parked activities are not work in flight (an
 * activity whose record was deleted stays parked); the verifier counts a missing Task of a live record as lost.
 */
async function drain(
  stack: Stack,
  workers: number,
  timeoutMs: number,
  log: (line: string) => void,
  quietMs = 10_000,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  const { queues, store, buffer, redis } = stack.runtime.deps;
  let quietSince: number | null = null;
  let lastReport = 0;
  while (Date.now() < deadline) {
    const aw = await stack.alowareControl<{ pending: number }>('GET', '/deliveries?waitMs=2000');
    const { notifications } = await stack.sfControl<{ notifications: { outcome: string }[] }>(
      'GET',
      '/notifications',
    );
    const where: Record<string, number> = {
      'aloware webhooks to send': aw.pending,
      'salesforce notifications to send': notifications.filter((x) => x.outcome === 'pending').length,
      'stored deliveries':
        (await store.inbox.pendingCount('aloware')) + (await store.inbox.pendingCount('salesforce')),
      'buffered salesforce ids': (await buffer.pendingCount('Lead')) + (await buffer.pendingCount('Contact')),
      // Communications whose Task waits for the batched writer (activity/task-flush.ts).
      'buffered communications': await redis.zcard(store.keys.key('pending', TASK_BUFFER)),
    };
    for (const q of Object.values(queues)) {
      const c = await q.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children');
      const delayed = (await q.getDelayed()).filter((j) => !j.repeatJobKey).length;
      const n =
        (c.waiting ?? 0) + (c.active ?? 0) + (c.prioritized ?? 0) + (c['waiting-children'] ?? 0) + delayed;
      if (n > 0) where[`queue ${q.name}`] = n;
    }
    const busy = Object.entries(where).filter(([, n]) => n > 0);
    if (busy.length > 0 || workers === 0) quietSince = null;
    else quietSince ??= Date.now();
    if (quietSince !== null && Date.now() - quietSince >= quietMs) return true;
    if (busy.length > 0 && Date.now() - lastReport >= 15_000) {
      lastReport = Date.now();
      log(`draining: ${busy.map(([k, n]) => `${k} ${n}`).join(', ')}`);
    }
    await sleep(1_000);
  }
  return false;
}

const name = (v: unknown) => (v === NOT_PROVIDED || v === null || v === undefined ? '' : String(v));

async function verify(
  stack: Stack,
  tracked: Tracked[],
  calls: { communicationId: number; phone: string }[],
  budget: number,
  problems: string[],
) {
  const records = async (object: string) =>
    (await stack.sfControl<{ records: SfRow[] }>('GET', `/records/${object}`)).records;
  const [leads, contacts, tasks] = await Promise.all([records('Lead'), records('Contact'), records('Task')]);
  const aloware = (await stack.alowareControl<{ contacts: Record<string, unknown>[] }>('GET', '/contacts'))
    .contacts;
  const sfByPhone = new Map<string, SfRow[]>();
  for (const r of [...leads.filter((l) => l.IsConverted !== true), ...contacts]) {
    const p = phoneKey(r.Phone, 'US');
    if (p) sfByPhone.set(p, [...(sfByPhone.get(p) ?? []), r]);
  }
  const awByPhone = new Map<string, Record<string, unknown>[]>();
  for (const c of aloware) {
    const p = String(c.phone_number);
    awByPhone.set(p, [...(awByPhone.get(p) ?? []), c]);
  }
  const lost: string[] = [];
  let deletedBeforeSync = 0;
  const diverged: Record<string, number> = {};
  for (const t of tracked) {
    const sf = sfByPhone.get(t.phone) ?? [];
    const aw = awByPhone.get(t.phone) ?? [];
    const what = `${t.origin} ${t.object ?? 'contact'} ${t.sfId ?? t.alowareId}${t.converted ? ' (converted)' : ''}`;
    // A Salesforce record deleted before its turn in the (saturated) budget never needs an Aloware contact.
    if (aw.length === 0 && t.origin === 'salesforce' && t.deleted) deletedBeforeSync++;
    else if (aw.length === 0) lost.push(`no Aloware contact for ${what}`);
    if (!t.deleted && !t.converted && sf.length === 0) lost.push(`no Salesforce record for ${what}`);
    if (sf.length === 1 && aw.length === 1) {
      for (const [sfField, awField] of [
        ['FirstName', 'first_name'],
        ['LastName', 'last_name'],
      ] as const) {
        if (name(sf[0]![sfField]) !== name(aw[0]![awField])) diverged[sfField] = (diverged[sfField] ?? 0) + 1;
      }
    }
  }
  const dupes = <T>(m: Map<string, T[]>) =>
    [...m]
      .filter(([, v]) => v.length > 1)
      .map(([k, v]) => `${k.slice(0, -4).replace(/\d/g, '*')}${k.slice(-4)} ×${v.length}`);
  const taskBy = new Map<string, SfRow[]>();
  for (const t of tasks) {
    const id = String(t.Aloware_Communication_Id__c ?? '');
    if (id) taskBy.set(id, [...(taskBy.get(id) ?? []), t]);
  }
  for (const c of calls) {
    const target = tracked.find((t) => t.phone === c.phone);
    if (!target?.deleted && !taskBy.has(String(c.communicationId)))
      lost.push(`no Task for communication ${c.communicationId}`);
  }
  const res = await fetch(`${stack.url}/api/v1/failed`, { headers: { 'x-aloware-sync-key': SYNC_KEY } });
  const failed: Record<string, number> = {};
  for (const item of ((await res.json()) as { items: { reason: string }[] }).items) {
    const reason = item.reason.replace(/\d{3,}/g, '#').slice(0, 80);
    failed[reason] = (failed[reason] ?? 0) + 1;
  }
  const { log, count } = await stack.alowareControl<{ log: RequestEntry[]; count: number }>(
    'GET',
    '/requests',
  );
  // The emulator keeps the last 50,000 requests: a longer log would hide windows from the budget check.
  if (count > log.length) problems.push(`aloware request log kept ${log.length} of ${count} requests`);
  return {
    lost,
    duplicatedRecords: dupes(sfByPhone),
    duplicatedContacts: dupes(awByPhone),
    duplicatedTasks: [...taskBy].filter(([, v]) => v.length > 1).map(([k, v]) => `${k} ×${v.length}`),
    diverged,
    failed,
    budget,
    alowareRequests: count,
    deletedBeforeSync,
    maxInAnyWindow: maxInWindow(
      log.map((e) => Date.parse(e.at)),
      60_000,
    ),
  };
}

/** ok when nothing is lost, duplicated or diverged, the budget held, the queues drained and nothing failed. */
export function judge(report: SoakReport): SoakReport {
  const ok =
    report.drained &&
    report.problems.length === 0 &&
    report.lost.length === 0 &&
    report.duplicatedRecords.length === 0 &&
    report.duplicatedContacts.length === 0 &&
    report.duplicatedTasks.length === 0 &&
    Object.keys(report.diverged).length === 0 &&
    Object.keys(report.failed).length === 0 &&
    report.maxInAnyWindow <= report.budget;
  return { ...report, ok };
}
