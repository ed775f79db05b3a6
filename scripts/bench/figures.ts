/** The real-time figures: single create latency, a burst of creates, edits Aloware must not see, Task logging, ingest. */
import { Redis } from 'ioredis';
import { benchPhone, load, percentile, type Clients } from './clients.js';
import type { Figure } from './report.js';
import { cpuSeconds, type BenchStack } from './stack.js';
import { setTimeout as sleep } from 'node:timers/promises';

const FORMS_ROUTE = '/api/v1/webhook/forms';
const FORMS = `POST ${FORMS_ROUTE}`;
const median = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );

async function until<T>(check: () => Promise<T | null | undefined | false>, timeoutMs: number, everyMs = 2) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await sleep(everyMs);
  }
}

/** One rep create → contact readable in Aloware, on an idle system; bound: a SOQL by Id + one `/forms`. */
export async function singleCreate(stack: BenchStack, c: Clients, n: number): Promise<Figure> {
  const latencies: number[] = [];
  const bounds: number[] = [];
  const quiet = stack.config.coalesceMs + 100;
  for (let i = 0; i < n; i++) {
    await sleep(quiet);
    const phone = benchPhone(1, i);
    const t0 = performance.now();
    const { id } = await c.sf<{ id: string }>('rep', 'POST', '/sobjects/Lead', {
      LastName: `Single ${i}`,
      Company: 'Bench',
      Phone: phone,
    });
    await until(() => c.lookup(phone), 30_000);
    latencies.push(performance.now() - t0);
    await c.withoutAlowareWebhooks(async () => {
      const b0 = performance.now();
      await c.soql(`SELECT Id, Phone, LastName, Company FROM Lead WHERE Id = '${id}'`);
      await c.forms(benchPhone(2, i), `Bound ${i}`);
      bounds.push(performance.now() - b0);
    });
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  const bound = median(bounds);
  const p50 = percentile(sorted, 50);
  return {
    name: 'single create → Aloware (idle)',
    value: p50,
    unit: 'ms',
    bound,
    boundLabel: 'SOQL by Id + /forms',
    ratio: p50 / bound,
    detail: { n, p50, p95: percentile(sorted, 95), p99: percentile(sorted, 99), boundMedian: bound },
    target: 'p50 ≤ 100 ms, p99 ≤ 300 ms, ≤ 20× bound',
  };
}

/** The Aloware requests per second our raw client reaches at `inFlight` (forms + lookup per new contact). */
async function rawAloware(c: Clients, count: number, block: number, inFlight = 64) {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < count) {
        const i = next++;
        await c.forms(benchPhone(block, i), `Raw ${i}`);
        await c.lookup(benchPhone(block, i));
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return { seconds, requestsPerSecond: (2 * count) / seconds };
}

export interface BurstResult {
  figures: Figure[];
  ids: string[];
  phones: string[];
  /** Aloware requests per second the raw calls reached (for the pull's bound). */
  rawRequestsPerSecond: number;
}

/**
 * `n` Leads created in 200-record transactions (as a data import does) → all in Aloware; SF calls per record.
 * Bound: one SOQL by Id per 200 + the raw Aloware calls (forms + lookup per contact) at 64 in flight.
 */
export async function burst(stack: BenchStack, c: Clients, n: number): Promise<BurstResult> {
  await c.idle();
  await c.alowareControl('DELETE', '/requests');
  const phones = Array.from({ length: n }, (_, i) => benchPhone(3, i));
  const since = Date.now();
  const chunks: Promise<{ id: string }[]>[] = [];
  for (let i = 0; i < n; i += 200) {
    const records = phones.slice(i, i + 200).map((Phone, j) => ({
      attributes: { type: 'Lead' },
      LastName: `Burst ${i + j}`,
      Company: 'Bench',
      Phone,
    }));
    chunks.push(c.sf('rep', 'POST', '/composite/sobjects', { allOrNone: false, records }));
  }
  const ids = (await Promise.all(chunks)).flat().map((r) => r.id);
  let wallMs = 0;
  await until(
    async () => {
      const log = await c.alowareRequests();
      if ((log.byRoute[FORMS] ?? 0) < n) return false;
      const ends = log.log.filter((e) => e.route === FORMS_ROUTE).map((e) => Date.parse(e.at) + e.durationMs);
      wallMs = Math.max(...ends) - since;
      return true;
    },
    600_000,
    50,
  );
  await c.idle();
  const calls = await c.companionSfCalls(since);
  // Lower bound, same run: one SOQL per 200 ids, then the raw Aloware calls.
  const b0 = performance.now();
  for (let i = 0; i < ids.length; i += 200) {
    const list = ids
      .slice(i, i + 200)
      .map((id) => `'${id}'`)
      .join(',');
    await c.soql(`SELECT Id, Phone, LastName, Company FROM Lead WHERE Id IN (${list})`);
  }
  const soqlSeconds = (performance.now() - b0) / 1000;
  const raw = await c.withoutAlowareWebhooks(() => rawAloware(c, n, 4));
  const bound = soqlSeconds + raw.seconds;
  const wall = wallMs / 1000;
  const perRecord = calls.total / n;
  const callsBound = (2 * Math.ceil(n / 200)) / n;
  return {
    ids,
    phones,
    rawRequestsPerSecond: raw.requestsPerSecond,
    figures: [
      {
        name: `${n}-create burst → all in Aloware`,
        value: wall,
        unit: 's',
        bound,
        boundLabel: 'SOQL per 200 + raw Aloware calls at 64 in flight',
        ratio: wall / bound,
        detail: { recordsPerSecond: n / wall, soqlSeconds, rawAlowareSeconds: raw.seconds },
        target: '≤ 2× bound',
      },
      {
        name: 'Salesforce calls per record (burst)',
        value: perRecord,
        unit: 'calls',
        bound: callsBound,
        boundLabel: 'read + write-back per 200',
        ratio: perRecord / callsBound,
        detail: calls.byRoute,
        target: '≤ 0.01',
      },
    ],
  };
}

/** Edits Aloware must not see: an unmapped field, a save that changes nothing, the phone reformatted. */
export async function quietEdits(c: Clients, ids: string[], phones: string[], n: number): Promise<Figure> {
  await c.idle();
  await c.alowareControl('DELETE', '/requests');
  const k = Math.min(n, ids.length);
  for (let i = 0; i < k; i++) {
    const id = ids[i]!;
    const national = phones[i]!.replace(/^\+1(\d{3})(\d{3})(\d{4})$/, '($1) $2-$3');
    const patch =
      i % 3 === 0 ? { Title: `Title ${i}` } : i % 3 === 1 ? { Company: 'Bench' } : { Phone: national };
    await c.sf('rep', 'PATCH', `/sobjects/Lead/${id}`, patch);
  }
  await sleep(500);
  await c.idle();
  const log = await c.alowareRequests();
  const writes = log.byRoute[FORMS] ?? 0;
  return {
    name: 'Aloware writes for unmapped edits, no-op saves, reformatted phones',
    value: writes,
    unit: 'writes',
    bound: 0,
    boundLabel: 'nothing to send',
    ratio: writes === 0 ? 1 : Infinity,
    detail: { edits: k },
    target: '0',
  };
}

export interface TaskResult {
  figures: Figure[];
  /** One delivered webhook envelope of a call (the ingest load replays it with new ids). */
  sample: unknown;
}

/** `n` calls to linked numbers (each fires several webhook deliveries) → Tasks; SF calls per communication. */
export async function taskLogging(
  stack: BenchStack,
  c: Clients,
  phones: string[],
  n: number,
): Promise<TaskResult> {
  await c.idle();
  await c.alowareControl('DELETE', '/deliveries');
  const since = Date.now();
  let next = 0;
  const ids: number[] = [];
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < n) {
        const i = next++;
        const r = await c.alowareControl<{ communicationId?: number; id?: number }>('POST', '/calls', {
          phone: phones[i % phones.length],
          direction: i % 2 === 0 ? 'outbound' : 'inbound',
          talkTime: 42,
          recording: true,
          disposition: 'Interested',
        });
        ids.push(Number(r.communicationId ?? r.id));
      }
    }),
  );
  const deliveries = await c.alowareControl<{
    count: number;
    deliveries: { payload: unknown; outcome: string }[];
  }>('GET', '/deliveries?waitMs=30000');
  await sleep(300);
  await c.idle();
  const calls = await c.companionSfCalls(since);
  const tasks = await c.sfControl<{ records: { Aloware_Communication_Id__c?: string }[] }>(
    'GET',
    '/records/Task',
  );
  const wanted = new Set(ids.map(String));
  const taskCount = tasks.records.filter((t) => wanted.has(String(t.Aloware_Communication_Id__c))).length;
  const perCommunication = calls.total / n;
  const bound = Math.ceil(n / 200) / n;
  return {
    sample: deliveries.deliveries.find((d) => d.outcome === 'delivered')?.payload,
    figures: [
      {
        name: `Salesforce calls per communication (${n} calls)`,
        value: perCommunication,
        unit: 'calls',
        bound,
        boundLabel: 'one collections upsert per 200 communications',
        ratio: perCommunication / bound,
        detail: {
          deliveries: deliveries.count,
          perDelivery: calls.total / Math.max(1, deliveries.count),
          tasks: taskCount,
          communications: n,
          byRoute: calls.byRoute,
        },
        target: '≤ 0.05 per communication, one Task each',
      },
    ],
  };
}

/** Webhook ingest at `connections` for `seconds` vs `/healthz` on the same machine; nothing lost. */
export async function ingest(
  stack: BenchStack,
  c: Clients,
  sample: unknown,
  opts: { connections: number; seconds: number },
): Promise<Figure> {
  await c.idle();
  const redis = new Redis(stack.redis.url);
  const seenKeys = async () => {
    let n = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', '*:inbox:seen:aloware:*', 'COUNT', 1000);
      cursor = next;
      n += keys.length;
    } while (cursor !== '0');
    return n;
  };
  const before = await seenKeys();
  const template = JSON.stringify(sample);
  const envelope = JSON.parse(template) as { body: { id: number } };
  const base = 800_000_000 + Math.floor(Math.random() * 1_000_000) * 100;
  const pid = stack.companion.pid!;
  const cpu0 = cpuSeconds(pid);
  const result = await load(`${stack.companionUrl}/webhooks/aloware`, {
    ...opts,
    method: 'POST',
    headers: { authorization: `Bearer ${stack.config.aloware.webhookToken}` },
    body: (i) => {
      envelope.body.id = base + i;
      return JSON.stringify(envelope);
    },
  });
  const cpuDuring = cpuSeconds(pid) - cpu0;
  const stored = (await seenKeys()) - before;
  const cpu1 = cpuSeconds(pid);
  const healthz = await load(`${stack.companionUrl}/healthz`, opts);
  const healthzCpu = cpuSeconds(pid) - cpu1;
  await c.idle();
  redis.disconnect();
  return {
    name: `webhook ingest, ${opts.connections} connections`,
    value: result.perSecond,
    unit: 'req/s',
    bound: healthz.perSecond,
    boundLabel: '/healthz on the same machine',
    ratio: result.perSecond / healthz.perSecond,
    detail: {
      p50Ms: result.p50Ms,
      p99Ms: result.p99Ms,
      sent: result.requests,
      acked: result.ok,
      stored,
      lost: result.ok - stored,
      healthzP50Ms: healthz.p50Ms,
      healthzP99Ms: healthz.p99Ms,
      // Companion CPU per request while the load ran (deliveries processed meanwhile included).
      cpuMsPerRequest: (cpuDuring * 1000) / Math.max(1, result.requests),
      healthzCpuMsPerRequest: (healthzCpu * 1000) / Math.max(1, healthz.requests),
    },
    target: '≥ 3,000 req/s, ≥ 0.6 of /healthz, p99 ≤ 25 ms, nothing lost',
  };
}
