/**
 * The initial one-time pull, as an admin runs it from the Lightning app: for Contacts then Leads, a dry run first
 * (the plan), then the real run, through the companion's `/api/v1/operations`.
 */
export interface OperationView {
  id: string;
  object: string;
  dryRun: boolean;
  status: string;
  progress: Record<string, number>;
  plan?: Record<string, unknown>;
  error?: string;
}

export interface PullReport {
  object: 'Lead' | 'Contact';
  dryRun: OperationView;
  run: OperationView;
}

const FINAL = ['completed', 'failed', 'cancelled'];

export class CompanionApi {
  constructor(
    readonly url: string,
    private readonly syncKey: string,
  ) {}

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.url}/api/v1${path}`, {
      method,
      headers: {
        'x-aloware-sync-key': this.syncKey,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} /api/v1${path} → ${res.status}: ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Starts an operation and polls it until it is finished (or `timeoutMs` passes). */
  async operation(object: 'Lead' | 'Contact', dryRun: boolean, timeoutMs = 120_000): Promise<OperationView> {
    let op = await this.call<OperationView>('POST', '/operations', { object, dryRun });
    const deadline = Date.now() + timeoutMs;
    while (!FINAL.includes(op.status)) {
      if (Date.now() > deadline)
        throw new Error(`operation ${op.id} still ${op.status} after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 250));
      op = await this.call<OperationView>('GET', `/operations/${encodeURIComponent(op.id)}`);
    }
    return op;
  }
}

export async function initialPull(
  api: CompanionApi,
  say: (line: string) => void,
  objects: ('Lead' | 'Contact')[] = ['Contact', 'Lead'],
): Promise<PullReport[]> {
  const reports: PullReport[] = [];
  for (const object of objects) {
    const dryRun = await api.operation(object, true);
    const plan = dryRun.plan ?? {};
    say(
      `  ${object}s dry run: ${dryRun.status} — ${plan.creates ?? '?'} to create, ${plan.updates ?? '?'} to update, ` +
        `${plan.skips ?? '?'} to skip (${plan.invalidPhones ?? '?'} unparseable phones)`,
    );
    const run = await api.operation(object, false);
    const p = run.progress;
    say(
      `  ${object}s pull:    ${run.status} — ${p.processed}/${p.total} processed, ${p.created} created, ` +
        `${p.updated} updated, ${p.skipped} skipped, ${p.failed} failed${run.error ? ` (${run.error})` : ''}`,
    );
    reports.push({ object, dryRun, run });
  }
  return reports;
}

/** One line from the identity report: phones several records share, numbers nobody could parse. */
export async function identitySummary(api: CompanionApi): Promise<string> {
  const report = await api.call<{ sharedPhones: unknown[]; unparseable: unknown[] }>(
    'GET',
    '/identity-report',
  );
  return (
    `  identity: ${report.sharedPhones.length} phones shared by several records (linked per priority), ` +
    `${report.unparseable.length} unparseable numbers reported`
  );
}
