/**
 * Webhook `event` values as they arrive on the wire in real deliveries (companion/sandbox/aloware/README.md), and
 * the settings checkboxes they belong to.
 *
 * The wire names of the contact events were NEVER captured. The emulator uses `Contact-Created`
 * and `Contact-Updated`, following the pattern of the observed `Call-Disposed` / `Recording-Saved` names for the
 * "Call disposed" / "Recording saved" checkboxes. Treat them as an assumption.
 */
export const CONTACT_CREATED = 'Contact-Created';
export const CONTACT_UPDATED = 'Contact-Updated';
export const CALL_DISPOSED = 'Call-Disposed';
export const RECORDING_SAVED = 'Recording-Saved';
export const CALL_SUMMARIZED = 'transcription.call.summarized';
/** Internal indexing event that arrives even when nobody subscribed to it (observed). */
export const OPEN_SEARCH_SAVED = 'transcription.open_search.saved';

export type Direction = 'inbound' | 'outbound';
export type Channel = 'PhoneCall' | 'SMS';
export type Disposition = 'completed' | 'missed' | 'failed' | 'invalid';

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** `OutboundPhoneCall`, `InboundPhoneCall` ("Communication initiated"). */
export function initiatedEvent(channel: Channel, direction: Direction): string {
  return `${cap(direction)}${channel}`;
}

/** `OutboundPhoneCall-DispositionCompleted`, `InboundSMS-DispositionCompleted`, … ("Communication disposed"). */
export function dispositionEvent(channel: Channel, direction: Direction, disposition: Disposition): string {
  return `${cap(direction)}${channel}-Disposition${cap(disposition)}`;
}

const isInitiated = (e: string) => /^(Inbound|Outbound)(PhoneCall|SMS)$/.test(e);
const isDisposed = (e: string) => /^(Inbound|Outbound)(PhoneCall|SMS)-Disposition[A-Z]\w*$/.test(e);

/** Settings checkbox label (see companion/sandbox/aloware/README.md) → which wire events it covers. */
const CHECKBOXES: Record<string, (event: string) => boolean> = {
  'contact created': (e) => e === CONTACT_CREATED,
  'contact updated': (e) => e === CONTACT_UPDATED,
  'communication initiated': isInitiated,
  'communication disposed': isDisposed,
  'call disposed': (e) => e === CALL_DISPOSED,
  'recording saved': (e) => e === RECORDING_SAVED,
  'call summarized': (e) => e === CALL_SUMMARIZED,
};

/**
 * Whether a webhook subscribed to `subscriptions` (wire names or checkbox labels) receives `event`.
 * No subscription list = every event. `transcription.open_search.saved` is always delivered (observed).
 */
export function isSubscribed(event: string, subscriptions: string[] | null): boolean {
  if (subscriptions === null || event === OPEN_SEARCH_SAVED) return true;
  return subscriptions.some((s) => s === event || CHECKBOXES[s.toLowerCase()]?.(event) === true);
}
