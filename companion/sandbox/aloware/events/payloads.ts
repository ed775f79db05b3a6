import type { AlowareContact } from '../store/contacts.js';
import type { AlowareLine } from '../store/directory.js';
import type { Direction } from './names.js';

/** The webhook envelope (see companion/sandbox/aloware/README.md). */
export interface Envelope {
  event: string;
  body: Record<string, unknown>;
}

const flag = (b: boolean) => (b ? 1 : 0);

/** A stable v4-shaped uuid per contact (the webhook contact object carries `uuid_v4`). */
function contactUuid(id: number): string {
  return `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`;
}

/**
 * The contact as Aloware serialises it: lookup responses, contact events and the `contact` object embedded in
 * communications. Flags are 0/1 integers, as observed in webhook captures (`text_authorized=0`).
 */
export function contactJson(c: AlowareContact): Record<string, unknown> {
  return {
    ...c,
    other_phone_numbers: c.other_phone_numbers.map((o) => ({ ...o })),
    uuid_v4: contactUuid(c.id),
    is_dnc: flag(c.is_dnc),
    text_authorized: flag(c.text_authorized),
    is_opted_out: flag(c.is_opted_out),
    lrn_type: 2,
    contact_source: c.intake_source,
  };
}

export interface CommunicationContext {
  id: number;
  channel: 'call' | 'sms';
  direction: Direction;
  contact: AlowareContact;
  line: AlowareLine;
  leadNumber: string;
  userId: number | null;
  createdAt: string;
}

/** Fields every communication payload carries (see companion/sandbox/aloware/README.md); status fields are added per event. */
export function communicationBase(ctx: CommunicationContext): Record<string, unknown> {
  return {
    id: ctx.id,
    company_id: 1,
    type: ctx.channel === 'call' ? 1 : 2,
    direction: ctx.direction === 'inbound' ? 1 : 2,
    contact_id: ctx.contact.id,
    user_id: ctx.userId,
    owner_id: ctx.contact.user_id ?? -1,
    campaign_id: ctx.line.id,
    ring_group_id: ctx.line.ring_group_id,
    incoming_number: ctx.line.phone_number,
    lead_number: ctx.leadNumber,
    body: null,
    talk_time: 0,
    wait_time: 0,
    hold_time: 0,
    duration: 0,
    attempt: 1,
    notes: null,
    has_recording: false,
    has_transcription: false,
    call_summary: null,
    creator_type: 1,
    workflow_id: null,
    broadcast_id: null,
    sequence_id: null,
    transfer_type: null,
    csat_score: null,
    engagement_data: null,
    public_metadata: null,
    customer_leg_status: null,
    created_at: ctx.createdAt,
    updated_at: ctx.createdAt,
    contact: contactJson(ctx.contact),
  };
}
