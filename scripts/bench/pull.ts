/** The one-time pull figures (first run and an unchanged re-run) and the core planning benchmark. */
import { spawnSync } from 'node:child_process';
import { benchPhone, type Clients } from './clients.js';
import type { Figure } from './report.js';
import { cpuSeconds, peakRssMb, resetPeakRss, type BenchStack } from './stack.js';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PublicOperation } from '../../companion/src/pulls/operation-store.js';

/** What `GET /api/v1/operations/:id` answers (the companion's own type). */
type OperationView = PublicOperation;

const FIELDS = 'Id, Phone, MobilePhone, Email, FirstName, LastName, Company, LeadSource, OwnerId';

/** Seeds `n` Leads with distinct phones, without change events (data that existed before the install). */
async function seedLeads(c: Clients, n: number): Promise<void> {
  for (let i = 0; i < n; i += 10_000) {
    const records = Array.from({ length: Math.min(10_000, n - i) }, (_, j) => ({
      LastName: `Pull ${i + j}`,
      Company: 'Pull Co',
      Phone: benchPhone(5, i + j),
      Email: `pull${i + j}@example.com`,
    }));
    await c.sfControl('POST', '/seed', { object: 'Lead', records, notify: false });
  }
}

interface PullRun {
  wallSeconds: number;
  cpuSeconds: number;
  peakRssMb: number;
  /** Peak RSS when 10% of the records were processed (flatness check). */
  peakRssAt10Mb: number;
  alowareRequests: number;
  op: OperationView;
}

async function pull(stack: BenchStack, c: Clients): Promise<PullRun> {
  await c.idle();
  await c.alowareControl('DELETE', '/requests');
  const pid = stack.companion.pid!;
  resetPeakRss(pid);
  const cpu0 = cpuSeconds(pid);
  const t0 = performance.now();
  let op = await c.companion<OperationView>('POST', '/api/v1/operations', { object: 'Lead', dryRun: false });
  let at10 = NaN;
  while (!['completed', 'failed', 'cancelled'].includes(op.status)) {
    await sleep(200);
    op = await c.companion<OperationView>('GET', `/api/v1/operations/${encodeURIComponent(op.id)}`);
    if (Number.isNaN(at10) && op.progress.total > 0 && op.progress.processed >= op.progress.total / 10)
      at10 = peakRssMb(pid);
  }
  const wallSeconds = (performance.now() - t0) / 1000;
  if (op.status !== 'completed') throw new Error(`pull ${op.status}: ${op.error ?? ''}`);
  const run = {
    wallSeconds,
    cpuSeconds: cpuSeconds(pid) - cpu0,
    peakRssMb: peakRssMb(pid),
    peakRssAt10Mb: at10,
    alowareRequests: (await c.alowareRequests()).count,
    op,
  };
  await c.idle();
  return run;
}

/** Reads every Lead by keyset pages of 2,000 as the integration user: what "SOQL speed" is here. */
async function soqlSpeed(c: Clients): Promise<number> {
  const t0 = performance.now();
  let last = '';
  let n = 0;
  for (;;) {
    const where = last ? ` WHERE Id > '${last}'` : '';
    const page = await c.soql<{ Id: string }>(`SELECT ${FIELDS} FROM Lead${where} ORDER BY Id LIMIT 2000`);
    if (page.records.length === 0) break;
    n += page.records.length;
    last = page.records[page.records.length - 1]!.Id;
  }
  return n / ((performance.now() - t0) / 1000);
}

export async function pulls(
  stack: BenchStack,
  c: Clients,
  n: number,
  rawRequestsPerSecond: number,
): Promise<Figure[]> {
  await seedLeads(c, n);
  const first = await pull(stack, c);
  const records = first.op.progress.processed;
  const again = await pull(stack, c);
  const soql = await soqlSpeed(c);
  const bound = first.alowareRequests / rawRequestsPerSecond;
  const rate = records / again.wallSeconds;
  return [
    {
      name: `one-time pull, ${records} Leads`,
      value: first.wallSeconds,
      unit: 's',
      bound,
      boundLabel: `its ${first.alowareRequests} Aloware requests at the raw rate`,
      ratio: first.wallSeconds / bound,
      detail: {
        recordsPerSecond: records / first.wallSeconds,
        cpuMsPerRecord: (first.cpuSeconds * 1000) / records,
        peakRssMb: first.peakRssMb,
        peakRssAt10PercentMb: first.peakRssAt10Mb,
        progress: first.op.progress,
      },
      target: 'CPU ≤ 0.3 ms/record, wall ≤ 1.5× bound, peak RSS ≤ 250 MB and flat',
    },
    {
      name: 'pull re-run, nothing changed',
      value: rate,
      unit: 'rec/s',
      bound: soql,
      boundLabel: 'SOQL keyset read of the same records',
      ratio: soql / rate,
      detail: {
        wallSeconds: again.wallSeconds,
        alowareRequests: again.alowareRequests,
        cpuMsPerRecord: (again.cpuSeconds * 1000) / records,
        peakRssMb: again.peakRssMb,
      },
      target: '≥ 5,000 rec/s, 0 Aloware requests',
    },
  ];
}

/** `npm run bench:core` in its own process: records per CPU-second and peak RSS. */
export function core(records: number): Figure {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'scripts/bench/core.ts', '--records', String(records)],
    {
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) throw new Error(`bench:core failed: ${r.stderr}`);
  const perCpu = Number(/(\d+) records per CPU-second/.exec(r.stdout)?.[1]);
  const wall = Number(/→ (\d+) records\/s/.exec(r.stdout)?.[1]);
  const rss = Number(/peak RSS ([\d.]+) MB/.exec(r.stdout)?.[1]);
  return {
    name: `core planning, ${records} × ${records}`,
    value: perCpu,
    unit: 'rec/CPU-s',
    bound: 100_000,
    boundLabel: 'target',
    ratio: 100_000 / perCpu,
    detail: { recordsPerSecondWall: wall, peakRssMb: rss },
    target: '≥ 100,000 rec per CPU-second, peak RSS ≤ 200 MB',
  };
}
