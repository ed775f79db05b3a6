import { createHash } from 'node:crypto';
import { classifyDelivery, envelopeSchema, type ClassifiedEvent } from './webhooks.js';

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The natural key of a delivery, used to process a redelivery once: event name + communication or contact id +
 * a digest of the canonical body (so a later, different delivery of the same event is not mistaken for a
 * repeat, whatever the key order). No `:` (BullMQ job ids).
 */
export function deliveryKey(
  payload: unknown,
  /** The payload's classification when the caller has it already (ingest does). */
  classified: ClassifiedEvent = classifyDelivery(payload),
): string {
  const digest = createHash('sha256').update(canonical(payload)).digest('hex').slice(0, 32);
  const event = (envelopeSchema.safeParse(payload).data?.event ?? 'invalid').replace(/[^\w.-]/g, '_');
  if (classified.kind === 'communication') return `${event}-c${classified.communicationId}-${digest}`;
  if (classified.kind === 'contact') return `${event}-k${classified.contact.id}-${digest}`;
  return `${event.slice(0, 60)}-${digest}`;
}
