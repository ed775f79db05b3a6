import type { PullSource } from '../salesforce/gateway.js';
import type { ToAlowareDeps } from '../to-aloware/flush.js';
import { objectContext } from '../mapping/context.js';
import { pushRecords } from '../to-aloware/push.js';
import { parkStampFailures } from '../links/stamp.js';
import { objectEnabled, type SfObject, type SfRecord } from '../sync/index.js';

/** Reconcile runs on the to-Aloware deps and reads what changed since its last run (`queryAllSince`). */
export type ReconcileDeps = ToAlowareDeps & { gateway: Pick<PullSource, 'queryAllSince'> };

export interface ReconcileReport {
  at: string;
  /** Rows whose SystemModstamp moved since the cursor (incl. deleted). */
  scanned: number;
  /** Rows whose mapped values differed from the last sync, or that were deleted while linked. */
  driftFound: number;
  /** Of those, written to Aloware (or unlinked) successfully. */
  driftFixed: number;
  cursors: Partial<Record<SfObject, string>>;
}

const OVERLAP_MS = 1_000;

/** Salesforce's `2026-11-28T13:23:50.000+0000` → ISO with Z. */
function iso(stamp: unknown): string | null {
  if (typeof stamp !== 'string') return null;
  const t = Date.parse(stamp.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/**
 * The safety net for lost events: pages `queryAll` by `SystemModstamp` from a stored cursor per object, sends
 * every changed row through the same path as events (fingerprints make unchanged rows no-ops), unlinks rows
 * deleted while linked, and moves the cursor. The first run starts `initialLookbackMs` back.
 */
export async function reconcile(
  deps: ReconcileDeps,
  initialLookbackMs = 5 * 60_000,
): Promise<ReconcileReport> {
  const report: ReconcileReport = {
    at: new Date().toISOString(),
    scanned: 0,
    driftFound: 0,
    driftFixed: 0,
    cursors: {},
  };
  const config = await deps.store.config.get();
  for (const object of ['Lead', 'Contact'] as const) {
    if (!objectEnabled(config.settings, object)) continue;
    const key = deps.store.keys.key('reconcile', 'cursor', object);
    const since = (await deps.store.redis.get(key)) ?? new Date(Date.now() - initialLookbackMs).toISOString();
    const ctx = await objectContext(object, config, deps.gateway, await deps.users.table());
    let max = since;
    for await (const page of deps.gateway.queryAllSince(object, since, [...ctx.fields, 'MasterRecordId'])) {
      report.scanned += page.records.length;
      const live = page.records.filter((r) => r.IsDeleted !== true);
      await unlinkDeleted(
        deps,
        object,
        page.records.filter((r) => r.IsDeleted === true),
        report,
      );
      const result = await pushRecords(deps, ctx, live);
      await parkStampFailures(deps.store, object, result.stampFailed);
      const changed = result.created + result.updated + result.failed + result.retry.length;
      report.driftFound += changed;
      report.driftFixed += result.created + result.updated;
      for (const r of page.records) {
        const stamp = iso(r.SystemModstamp);
        if (stamp && stamp > max) max = stamp;
      }
    }
    const next = max === since ? since : new Date(Date.parse(max) - OVERLAP_MS).toISOString();
    await deps.store.redis.set(key, next);
    report.cursors[object] = next;
  }
  await deps.store.redis.set(deps.store.keys.key('reconcile', 'last'), JSON.stringify(report));
  deps.logger.info({ ...report }, 'reconcile finished');
  return report;
}

async function unlinkDeleted(
  deps: ReconcileDeps,
  object: SfObject,
  rows: SfRecord[],
  report: ReconcileReport,
) {
  for (const row of rows) {
    if (!(await deps.store.links.get(row.Id))) continue;
    report.driftFound += 1;
    const master = typeof row.MasterRecordId === 'string' ? row.MasterRecordId : undefined;
    await deps.buffer.lifecycle(
      master
        ? { object, id: row.Id, kind: 'merged', masterRecordId: master }
        : { object, id: row.Id, kind: 'deleted' },
      String(row.SystemModstamp ?? Date.now()),
    );
    report.driftFixed += 1;
  }
}
