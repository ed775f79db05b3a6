import type { Logger } from '../logging/index.js';
import { deliveryKey } from '../aloware/delivery-key.js';
import { classifyDelivery, type ClassifiedEvent } from '../aloware/webhooks.js';

/** What ingest needs from the durable inbox (`store/inbox.ts` implements it). */
export interface IngestInbox {
  accept(source: 'aloware', dedupeKey: string, payload: unknown): Promise<{ duplicate: boolean; id: string }>;
  done(source: 'aloware', id: string): Promise<void>;
  pending(
    source: 'aloware',
    olderThanMs?: number,
    limit?: number,
  ): Promise<{ id: string; payload: unknown }[]>;
}

/** Where accepted deliveries go; job data is the inbox id only (no personal data in Redis job payloads). */
export interface IngestQueues {
  contact(inboxId: string): Promise<void>;
  activity(inboxId: string, communicationId: string): Promise<void>;
}

/** A capped list of deliveries nobody acts on (unknown events, malformed bodies), kept for inspection. */
export interface UnhandledLog {
  add(entry: UnhandledDelivery): Promise<void>;
}

export interface UnhandledDelivery {
  inboxId: string;
  event: string | null;
  kind: 'unknown' | 'malformed' | 'ignored';
  reason: string;
  receivedAt: string;
}

export interface IngestResult {
  inboxId: string;
  duplicate: boolean;
  kind: ClassifiedEvent['kind'];
  queued: boolean;
}

/**
 * Deeper than any real Aloware body (they nest two or three levels). Beyond it the body is kept as text:
 * every recursive walk (the delivery key, JSON.stringify into the inbox) would overflow the stack.
 */
const MAX_JSON_DEPTH = 64;

/** Nesting depth of a parsed JSON value, without recursion, stopping as soon as it passes `limit`. */
function jsonDepthExceeds(value: unknown, limit: number): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: v, depth } = stack.pop()!;
    if (!v || typeof v !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(v)) stack.push({ value: child, depth: depth + 1 });
  }
  return false;
}

/** The raw body as JSON, or a wrapper that keeps the unreadable (or absurdly nested) text for inspection. */
function parseRaw(raw: Buffer | string): unknown {
  const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : raw;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    return { unparsable: text.slice(0, 64_000) };
  }
  if (jsonDepthExceeds(parsed, MAX_JSON_DEPTH)) {
    return { unparsable: text.slice(0, 64_000), reason: `nested deeper than ${MAX_JSON_DEPTH} levels` };
  }
  return parsed;
}

const eventName = (payload: unknown): string | null =>
  payload && typeof payload === 'object' && 'event' in payload && typeof payload.event === 'string'
    ? payload.event.slice(0, 200)
    : null;

/**
 * Aloware → companion intake. Every delivery is stored in the inbox (durably, deduplicated by its natural key)
 * before the caller answers; contact and communication events are queued; the rest is kept and acknowledged.
 * A failure to queue after storing is not an error for the sender: `requeuePending` picks the delivery up.
 */
export class AlowareIngest {
  constructor(
    private readonly inbox: IngestInbox,
    private readonly queues: IngestQueues,
    private readonly unhandled: UnhandledLog,
    private readonly logger: Logger,
    /** Counts deliveries by kind (metrics). */
    private readonly onReceived?: (kind: string) => void,
  ) {}

  async receive(raw: Buffer | string): Promise<IngestResult> {
    const payload = parseRaw(raw);
    const classified = classifyDelivery(payload);
    const { duplicate, id } = await this.inbox.accept('aloware', deliveryKey(payload, classified), payload);
    this.onReceived?.(duplicate ? 'duplicate' : classified.kind);
    const event = eventName(payload);
    if (duplicate) {
      this.logger.debug({ inboxId: id, event }, 'aloware delivery repeated; ignored');
      return { inboxId: id, duplicate, kind: classified.kind, queued: false };
    }
    const queued = await this.dispatch(id, classified, event);
    return { inboxId: id, duplicate, kind: classified.kind, queued };
  }

  /** Re-queues deliveries stored but never processed (crash between store and queue, queue outage). */
  async requeuePending(olderThanMs = 30_000): Promise<number> {
    const entries = await this.inbox.pending('aloware', olderThanMs, 500);
    for (const entry of entries) {
      await this.dispatch(entry.id, classifyDelivery(entry.payload), eventName(entry.payload));
    }
    return entries.length;
  }

  private async dispatch(id: string, classified: ClassifiedEvent, event: string | null): Promise<boolean> {
    try {
      if (classified.kind === 'contact') {
        await this.queues.contact(id);
        return true;
      }
      if (classified.kind === 'communication') {
        await this.queues.activity(id, classified.communicationId);
        return true;
      }
      await this.unhandled.add({
        inboxId: id,
        event,
        kind: classified.kind,
        reason: classified.reason,
        receivedAt: new Date().toISOString(),
      });
      await this.inbox.done('aloware', id);
      this.logger.info({ inboxId: id, event, kind: classified.kind }, 'aloware delivery kept, not processed');
      return false;
    } catch (err) {
      this.logger.warn(
        { err, inboxId: id, event },
        'aloware delivery stored but not queued; will be requeued',
      );
      return false;
    }
  }
}
