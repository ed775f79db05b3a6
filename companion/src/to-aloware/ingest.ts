import type { Logger } from '../logging/index.js';
import type { Metrics } from '../metrics/index.js';
import type { ChangeBuffer, SalesforceChange } from '../queue/sf-changes.js';
import type { Inbox } from '../store/index.js';
import type { SfObject } from '../sync/index.js';

export interface ChangeEvent {
  schema: string;
  orgId: string;
  deliveryId: string;
  sentAt: string;
  changes: SalesforceChange[];
}

/**
 * Salesforce → companion intake: store the event durably (deduplicated by deliveryId), then hand its ids to
 * the coalescing buffer (created/updated/undeleted) or to lifecycle jobs (deleted/converted/merged). A crash
 * between the two leaves the event pending in the inbox; `requeuePending` replays it.
 */
export class SalesforceIngest {
  constructor(
    private readonly inbox: Inbox,
    private readonly buffer: ChangeBuffer,
    private readonly logger: Logger,
    private readonly metrics?: Metrics,
  ) {}

  async receive(event: ChangeEvent): Promise<{ accepted: number; duplicate?: true }> {
    const { duplicate, id } = await this.inbox.accept('salesforce', event.deliveryId, event);
    if (duplicate) {
      this.logger.debug({ deliveryId: event.deliveryId }, 'salesforce delivery repeated; ignored');
      return { accepted: 0, duplicate: true };
    }
    for (const c of event.changes) this.metrics?.eventsReceived.inc({ source: 'salesforce', kind: c.kind });
    this.logger.debug(
      { deliveryId: event.deliveryId, inboxId: id, changes: event.changes.length },
      'salesforce delivery stored',
    );
    await this.dispatch(id, event);
    return { accepted: event.changes.length };
  }

  async requeuePending(olderThanMs = 30_000): Promise<number> {
    const entries = await this.inbox.pending('salesforce', olderThanMs, 500);
    for (const entry of entries) await this.dispatch(entry.id, entry.payload as ChangeEvent);
    return entries.length;
  }

  private async dispatch(inboxId: string, event: ChangeEvent): Promise<void> {
    const plain = new Map<SfObject, string[]>();
    for (const c of event.changes) {
      if (c.kind === 'created' || c.kind === 'updated') {
        plain.set(c.object, [...(plain.get(c.object) ?? []), c.id]);
      } else {
        await this.buffer.lifecycle(
          {
            object: c.object,
            id: c.id,
            kind: c.kind,
            convertedContactId: c.convertedContactId,
            masterRecordId: c.masterRecordId,
          },
          c.modstamp,
        );
      }
    }
    for (const [object, ids] of plain) await this.buffer.add(object, ids);
    await this.inbox.done('salesforce', inboxId);
  }
}
