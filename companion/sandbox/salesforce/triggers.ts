// Emulates the package's Apex triggers: after a write by anyone but the integration user, the relevant Lead/Contact
// changes are posted to the companion as change events (docs/contracts.md §1), asynchronously like a Queueable.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Change } from './dml.js';
import { INTEGRATION_USER, type EmulatorState } from './state.js';
import { isoZ } from './time.js';

const CHANGE_EVENT_SCHEMA = 'aloware-sync.salesforce-change/1';
const DEFAULT_MAPPING_FILE = fileURLToPath(
  new URL('../../../force-app/main/default/staticresources/AlowareSyncDefaultMapping.json', import.meta.url),
);
const SYNCED_OBJECTS = ['Lead', 'Contact'] as const;
const MAX_CHANGES = 200;
const MAX_LOG = 10_000;

export interface ChangeEvent {
  schema: string;
  orgId: string;
  deliveryId: string;
  sentAt: string;
  changes: Record<string, unknown>[];
}

export interface NotificationLogEntry {
  deliveryId: string;
  at: string;
  url: string | null;
  outcome: 'pending' | 'delivered' | 'failed' | 'not_sent';
  status: number | null;
  attempts: number;
  error?: string;
  event: ChangeEvent;
}

function loadDefaultMapping(file: string): Record<string, string[]> {
  const rows = (
    JSON.parse(readFileSync(file, 'utf8')) as { rows: { object: string; salesforceField: string }[] }
  ).rows;
  const out: Record<string, string[]> = {};
  for (const r of rows) (out[r.object] ??= []).push(r.salesforceField);
  return out;
}

export class TriggerDispatcher {
  readonly log: NotificationLogEntry[] = [];
  private readonly defaultMapping: Record<string, string[]>;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly state: EmulatorState,
    private readonly opts: {
      delayMs?: number;
      retries?: number;
      backoffMs?: number;
      mappingFile?: string;
    } = {},
  ) {
    this.defaultMapping = loadDefaultMapping(opts.mappingFile ?? DEFAULT_MAPPING_FILE);
  }

  /** The org-default Aloware_Sync_Settings__c row (SetupOwnerId = org id), if any. */
  private settings(): Record<string, unknown> | undefined {
    for (const id of this.state.store.idsOf('Aloware_Sync_Settings__c')) {
      const r = this.state.store.get(id);
      if (r && r.values.IsDeleted !== true && r.values.SetupOwnerId === this.state.orgId) return r.values;
    }
    return undefined;
  }

  private mappedFields(object: string): Set<string> {
    const fields: string[] = [];
    for (const id of this.state.store.idsOf('Aloware_Field_Mapping__c')) {
      const v = this.state.store.get(id)?.values;
      if (v && v.IsDeleted !== true && v.Object__c === object && typeof v.Salesforce_Field__c === 'string')
        fields.push(v.Salesforce_Field__c);
    }
    return new Set(
      (fields.length > 0 ? fields : (this.defaultMapping[object] ?? [])).map((f) => f.toLowerCase()),
    );
  }

  /** Filters one transaction's changes as the Apex handler does; returns the events it would enqueue. */
  eventsFor(changes: Change[], userId: string): ChangeEvent[] {
    const settings = this.settings();
    const integrationId =
      typeof settings?.Integration_User_Id__c === 'string'
        ? settings.Integration_User_Id__c.slice(0, 15)
        : undefined;
    if (userId === INTEGRATION_USER.id || userId.slice(0, 15) === integrationId) return [];
    const events: ChangeEvent[] = [];
    for (const object of SYNCED_OBJECTS) {
      if (settings?.[`${object}_Sync_Enabled__c`] === false) continue;
      const mapped = this.mappedFields(object);
      const relevant = changes.filter((c) => c.object === object).flatMap((c) => this.toWire(c, mapped));
      for (let i = 0; i < relevant.length; i += MAX_CHANGES) {
        events.push({
          schema: CHANGE_EVENT_SCHEMA,
          orgId: this.state.orgId,
          deliveryId: randomUUID(),
          sentAt: new Date().toISOString(),
          changes: relevant.slice(i, i + MAX_CHANGES),
        });
      }
    }
    return events;
  }

  private toWire(c: Change, mapped: Set<string>): Record<string, unknown>[] {
    let fields: string[] = [];
    if (c.kind === 'updated') {
      fields = c.fields.filter((f) => mapped.has(f.toLowerCase()));
      if (fields.length === 0) return [];
    } else if (c.kind === 'converted') fields = ['IsConverted'];
    const wire: Record<string, unknown> = {
      object: c.object,
      id: c.id,
      kind: c.kind,
      fields,
      modstamp: isoZ(c.modstamp),
    };
    if (c.convertedContactId) wire.convertedContactId = c.convertedContactId;
    if (c.masterRecordId) wire.masterRecordId = c.masterRecordId;
    return [wire];
  }

  /** Entry point from EmulatorState.onCommit. */
  handle(changes: Change[], userId: string): void {
    for (const event of this.eventsFor(changes, userId)) {
      const entry: NotificationLogEntry = {
        deliveryId: event.deliveryId,
        at: event.sentAt,
        url: null,
        outcome: 'pending',
        status: null,
        attempts: 0,
        event,
      };
      this.log.push(entry);
      if (this.log.length > MAX_LOG) this.log.splice(0, this.log.length - MAX_LOG);
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        const p = this.deliver(entry).finally(() => this.inFlight.delete(p));
        this.inFlight.add(p);
      }, this.opts.delayMs ?? 10);
      this.timers.add(timer);
    }
  }

  private async deliver(entry: NotificationLogEntry): Promise<void> {
    const { url, key } = this.state.notify;
    entry.url = url ?? null;
    if (!url) {
      entry.outcome = 'not_sent';
      return;
    }
    const maxAttempts = 1 + (this.opts.retries ?? 3);
    while (entry.attempts < maxAttempts && !this.stopped) {
      entry.attempts += 1;
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-aloware-sync-key': key ?? '' },
          body: JSON.stringify(entry.event),
          signal: AbortSignal.timeout(10_000),
        });
        entry.status = res.status;
        await res.arrayBuffer().catch(() => undefined);
        if (res.ok) return void (entry.outcome = 'delivered');
        if (res.status < 500 && res.status !== 429) break;
      } catch (e) {
        entry.error = (e as Error).message;
      }
      if (entry.attempts < maxAttempts)
        await new Promise((r) => setTimeout(r, (this.opts.backoffMs ?? 200) * 2 ** (entry.attempts - 1)));
    }
    entry.outcome = 'failed';
  }

  clear(): void {
    this.log.length = 0;
  }

  /** Stops scheduling and waits for deliveries in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await Promise.allSettled([...this.inFlight]);
  }
}
