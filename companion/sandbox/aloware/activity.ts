import { buildCallEvents, type CallStatus } from './events/call-fanout.js';
import type { Direction } from './events/names.js';
import type { CommunicationContext, Envelope } from './events/payloads.js';
import { buildSmsEvents } from './events/sms.js';
import type { EmulatorState } from './state.js';
import type { AlowareContact } from './store/contacts.js';
import { SANDBOX_LINE } from './store/directory.js';
import { alowareTimestamp } from './time.js';

export interface ActivityResult {
  communicationId: number;
  contactId: number;
  events: string[];
}

/** A communication with an unknown number creates the contact first (and fires its contact event). */
function ensureContact(state: EmulatorState, e164: string, source: string): AlowareContact {
  const existing = state.contacts.findByPhone(e164);
  if (existing) return existing;
  const contact = state.contacts.create({ phone_number: e164 }, source);
  state.emitContact('created', contact);
  return contact;
}

export interface CallInput {
  phone: string;
  direction: Direction;
  status: CallStatus;
  talkTime: number;
  disposition?: string;
  recording: boolean;
  userId?: number;
  notes?: string;
  shuffle: boolean;
}

export function recordCall(state: EmulatorState, input: CallInput): ActivityResult {
  const contact = ensureContact(state, input.phone, 'phone_call');
  state.contacts.count(
    contact.id,
    input.direction === 'inbound' ? 'inbound_call_count' : 'outbound_call_count',
  );
  const ctx = context(state, 'call', input.direction, contact, input.phone, null);
  const events = buildCallEvents(ctx, {
    status: input.status,
    talkTime: input.talkTime,
    recording: input.recording,
    disposition: input.disposition
      ? { id: state.directory.dispositionId(input.disposition), label: input.disposition }
      : null,
    agentId: input.userId ?? contact.user_id ?? state.directory.defaultAgentId(),
    notes: input.notes ?? null,
    recordingUrl: `${state.baseUrl}/recordings/${ctx.id}`,
  });
  return finish(state, ctx, events, input.shuffle);
}

export interface SmsInput {
  phone: string;
  direction: Direction;
  text: string;
  userId: number | null;
  invalid: boolean;
  /** MMS media links (`image_url` on the SMS API). */
  media?: string[];
  /** The media arrives in a second delivery of the same message (see the README). */
  mediaLater?: boolean;
}

export function recordSms(state: EmulatorState, input: SmsInput): ActivityResult {
  const contact = ensureContact(state, input.phone, 'sms');
  state.contacts.count(
    contact.id,
    input.direction === 'inbound' ? 'inbound_sms_count' : 'outbound_sms_count',
  );
  const ctx = context(state, 'sms', input.direction, contact, input.phone, input.userId);
  const events = buildSmsEvents(ctx, input.text, input.invalid, {
    media: input.media ?? [],
    later: input.mediaLater ?? false,
  });
  return finish(state, ctx, events, false);
}

/** Re-sends the stored events of a communication (duplicates, as a test of idempotency). */
export function replay(
  state: EmulatorState,
  communicationId: number,
  shuffle: boolean,
): string[] | undefined {
  const record = state.communications.get(communicationId);
  if (!record) return undefined;
  const events = shuffle ? shuffled(record.events) : record.events;
  state.emit(events);
  return events.map((e) => e.event);
}

function context(
  state: EmulatorState,
  channel: 'call' | 'sms',
  direction: Direction,
  contact: AlowareContact,
  leadNumber: string,
  userId: number | null,
): CommunicationContext {
  return {
    id: state.communications.allocateId(),
    channel,
    direction,
    contact,
    line: SANDBOX_LINE,
    leadNumber,
    userId,
    createdAt: alowareTimestamp(),
  };
}

function finish(
  state: EmulatorState,
  ctx: CommunicationContext,
  events: Envelope[],
  shuffle: boolean,
): ActivityResult {
  state.communications.save({ id: ctx.id, channel: ctx.channel, contactId: ctx.contact.id, events });
  const sent = shuffle ? shuffled(events) : events;
  state.emit(sent);
  return { communicationId: ctx.id, contactId: ctx.contact.id, events: sent.map((e) => e.event) };
}

function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}
