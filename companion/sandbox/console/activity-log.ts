/**
 * The console's live sync log, assembled from public interfaces only: change events the Salesforce emulator's
 * triggers sent, webhooks the Aloware emulator delivered, the companion's writes as both emulators logged them, and
 * the companion's decisions (`/api/v1/sync-log` when the companion offers it, else `/api/v1/records/:id` for the
 * records that events touched).
 */
import type { SandboxClients } from './clients.js';

export interface LogEntry {
  at: string;
  source: 'salesforce' | 'aloware' | 'companion';
  kind: 'event' | 'write' | 'decision';
  summary: string;
  outcome: string;
}

type Json = Record<string, unknown>;
const MAX_ENTRIES = 200;
const DECISION_IDS = 25;
const RECHECK = 50;
const MIN_REFRESH_MS = 1_000;

export class ActivityLog {
  private entries: LogEntry[] = [];
  private readonly notifications = new Map<string, LogEntry>();
  private lastDelivery = 0;
  private alowareSeen = 0;
  private sfSince = 0;
  private readonly sfSeen = new Set<string>();
  private readonly touched = new Map<string, number>();
  private readonly decided = new Map<string, string>();
  private integrationUserId: string | undefined;
  private globalLog: boolean | undefined;
  private inFlight: Promise<void> | undefined;
  private refreshedAt = 0;

  constructor(private readonly clients: SandboxClients) {}

  list(limit = 60): LogEntry[] {
    return [...this.entries].sort((a, b) => b.at.localeCompare(a.at)).slice(0, limit);
  }

  private add(entry: LogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
  }

  /** Pulls what is new since the last refresh; a system that is down is skipped (the log says so). */
  refresh(): Promise<void> {
    // one refresh at a time and at most one a second, however many pages poll
    if (this.inFlight) return this.inFlight;
    if (Date.now() - this.refreshedAt < MIN_REFRESH_MS) return Promise.resolve();
    this.inFlight = this.pull().finally(() => {
      this.refreshedAt = Date.now();
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async pull(): Promise<void> {
    await Promise.allSettled([
      this.salesforceEvents(),
      this.alowareEvents(),
      this.salesforceWrites(),
      this.alowareWrites(),
    ]);
    await this.decisions().catch(() => undefined);
  }

  private async salesforceEvents(): Promise<void> {
    const { notifications } = (await this.clients.sfControl('GET', '/notifications')) as {
      notifications: Json[];
    };
    for (const n of notifications.slice(-RECHECK)) {
      const known = this.notifications.get(String(n.deliveryId));
      if (known) {
        known.outcome = String(n.outcome);
        continue;
      }
      const changes = ((n.event as Json).changes as Json[]) ?? [];
      const first = changes[0] ?? {};
      const more = changes.length > 1 ? ` (+${changes.length - 1} more)` : '';
      const fields =
        Array.isArray(first.fields) && first.fields.length ? ` [${first.fields.join(', ')}]` : '';
      changes.forEach((c) => this.touched.set(String(c.id), Date.now()));
      const entry: LogEntry = {
        at: String(n.at),
        source: 'salesforce',
        kind: 'event',
        summary: `trigger → companion: ${first.object} ${first.id} ${first.kind}${fields}${more}`,
        outcome: String(n.outcome),
      };
      this.notifications.set(String(n.deliveryId), entry);
      if (this.notifications.size > MAX_ENTRIES)
        this.notifications.delete(this.notifications.keys().next().value as string);
      this.add(entry);
    }
  }

  private async alowareEvents(): Promise<void> {
    const { deliveries } = (await this.clients.aloware('GET', '/deliveries')) as { deliveries: Json[] };
    for (const d of deliveries) {
      if (Number(d.id) <= this.lastDelivery) continue;
      this.lastDelivery = Number(d.id);
      const body = ((d.payload as Json)?.body as Json) ?? {};
      const subject = d.communicationId ? `communication ${d.communicationId}` : `contact ${body.id ?? ''}`;
      this.add({
        at: String(d.sentAt),
        source: 'aloware',
        kind: 'event',
        summary: `webhook → companion: ${d.event} (${subject})`,
        outcome: `${d.outcome}${d.status ? ` ${d.status}` : ''}`,
      });
    }
  }

  private async salesforceWrites(): Promise<void> {
    this.integrationUserId ??= ((await this.clients.sfControl('GET', '/info')) as Json)
      .integrationUserId as string;
    const { requests } = (await this.clients.sfControl('GET', `/requests?since=${this.sfSince}`)) as {
      requests: Json[];
    };
    for (const r of requests) {
      const key = `${r.at}|${r.method}|${r.path}`;
      if (r.userId !== this.integrationUserId || this.sfSeen.has(key)) continue;
      this.sfSeen.add(key);
      this.sfSince = Math.max(this.sfSince, Date.parse(String(r.at)));
      if (r.method === 'GET') continue;
      const id = /\/([a-zA-Z0-9]{18})$/.exec(String(r.path))?.[1];
      if (id) this.touched.set(id, Date.now());
      this.add({
        at: String(r.at),
        source: 'companion',
        kind: 'write',
        summary: `companion → Salesforce: ${r.method} ${String(r.path).replace(/^\/services\/data\/v[\d.]+/, '')}`,
        outcome: String(r.status),
      });
    }
    if (this.sfSeen.size > 5_000) this.sfSeen.clear();
  }

  private async alowareWrites(): Promise<void> {
    const snap = (await this.clients.aloware('GET', '/requests')) as { count: number; log: Json[] };
    if (snap.count < this.alowareSeen) this.alowareSeen = 0;
    const fresh = snap.log.slice(Math.max(0, snap.log.length - (snap.count - this.alowareSeen)));
    this.alowareSeen = snap.count;
    for (const r of fresh.slice(-50)) {
      this.add({
        at: String(r.at),
        source: 'companion',
        kind: 'write',
        summary: `companion → Aloware: ${r.method} ${r.route}`,
        outcome: String(r.status),
      });
    }
  }

  private async decisions(): Promise<void> {
    if (this.globalLog !== false) {
      try {
        const { entries } = (await this.clients.companion('GET', '/sync-log?limit=50')) as {
          entries: Json[];
        };
        this.globalLog = true;
        for (const e of entries) {
          // One entry per sync (docs/contracts.md §3): its decisions share the entry's time.
          const decisions = Array.isArray(e.decisions) ? (e.decisions as Json[]) : [e];
          for (const d of decisions) this.addDecision(String(e.salesforceId ?? ''), { at: e.at, ...d });
        }
        return;
      } catch {
        this.globalLog = false;
      }
    }
    const recent = [...this.touched.entries()].sort((a, b) => b[1] - a[1]).slice(0, DECISION_IDS);
    await Promise.allSettled(
      recent.map(async ([id]) => {
        const card = (await this.clients.companion('GET', `/records/${id}`)) as { decisions?: Json[] };
        for (const d of card.decisions ?? []) this.addDecision(id, d);
      }),
    );
  }

  private addDecision(recordId: string, d: Json): void {
    const key = `${recordId}|${d.at}|${d.field}`;
    if (this.decided.has(key)) return;
    this.decided.set(key, recordId);
    if (this.decided.size > 2_000) this.decided.delete(this.decided.keys().next().value as string);
    this.add({
      at: String(d.at),
      source: 'companion',
      kind: 'decision',
      summary: `decision ${recordId} ${d.field}: ${d.winner} wins (${d.reason}${d.direction ? `, ${d.direction}` : ''})`,
      outcome: String(d.winner),
    });
  }
}
