import type { ChangeBuffer } from '../queue/sf-changes.js';
import type { Store } from '../store/index.js';
import type { PlannedSkip, SfObject } from '../sync/index.js';

/** What the skip bookkeeping needs: the store, and the buffer to let other holders of a phone compete. */
export interface SkipDeps {
  store: Store;
  buffer?: Pick<ChangeBuffer, 'add'>;
}

/** Skips that are a normal state, not worth a sync-log entry (nothing to do; a converted Lead is frozen). */
const QUIET = new Set<PlannedSkip['reason']>(['in_sync', 'converted_lead']);

/**
 * Every skipped record leaves a reason an admin can see: one sync-log entry (`GET /api/v1/records/:id`,
 * `GET /api/v1/sync-log`) per change of reason, not one per sync. Returns whether the record is still linked.
 */
export async function recordSkip(deps: SkipDeps, skip: PlannedSkip, phone?: string): Promise<boolean> {
  const { store } = deps;
  if (!QUIET.has(skip.reason)) {
    const [last] = await store.syncLog.decisions(skip.recordId);
    if (!last || last.field !== '*' || last.reason !== skip.reason) {
      await store.syncLog.record(
        skip.recordId,
        [{ field: '*', winner: 'none', reason: skip.reason, direction: 'none' }],
        new Date().toISOString(),
        { object: skip.object, outcome: `skipped_${skip.reason}`, phone },
      );
    }
  }
  const link = await store.links.get(skip.recordId);
  const holds = phone ?? skip.phone;
  if (link && skip.reason === 'not_priority' && holds && link.phone !== holds) {
    // Not the priority record for the phone it holds now, and linked for a phone it no longer holds (its
    // phone moved onto another record's number): it gives that link up, and its stamp (the caller unstamps).
    await store.links.remove(skip.recordId);
    await store.fingerprints.remove(skip.recordId);
    await requeueHolders(deps, link.phone, skip.recordId);
    return false;
  }
  return link !== null;
}

/** Queues every other record indexed for `phone`, so the priority decides again who holds its contact. */
export async function requeueHolders(deps: SkipDeps, phone: string, except: string): Promise<void> {
  if (!deps.buffer) return;
  const byObject = new Map<SfObject, string[]>();
  for (const c of await deps.store.identity.candidates(phone)) {
    if (c.id !== except) byObject.set(c.object, [...(byObject.get(c.object) ?? []), c.id]);
  }
  for (const [object, ids] of byObject) await deps.buffer.add(object, ids, { now: true });
}

/**
 * The priority or the objects that sync changed: every record of a phone several records share is synced
 * again, so the priority decides anew who holds its contact (the push moves the link, the stamps and the record
 * link). Returns how many phones.
 */
export async function requeueSharedPhones(deps: Required<SkipDeps>): Promise<number> {
  let phones = 0;
  for await (const batch of deps.store.identity.scanShared()) {
    const byObject = new Map<SfObject, Set<string>>();
    for (const candidates of (await deps.store.identity.candidatesMany(batch)).values()) {
      for (const c of candidates) byObject.set(c.object, (byObject.get(c.object) ?? new Set()).add(c.id));
    }
    for (const [object, ids] of byObject) await deps.buffer.add(object, [...ids]);
    phones += batch.length;
  }
  return phones;
}
