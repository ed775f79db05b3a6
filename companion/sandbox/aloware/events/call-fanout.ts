import { alowareTimestamp } from '../time.js';
import {
  CALL_DISPOSED,
  CALL_SUMMARIZED,
  OPEN_SEARCH_SAVED,
  RECORDING_SAVED,
  dispositionEvent,
  initiatedEvent,
} from './names.js';
import { communicationBase, type CommunicationContext, type Envelope } from './payloads.js';

export type CallStatus = 'completed' | 'missed' | 'failed';

export interface CallSpec {
  status: CallStatus;
  talkTime: number;
  recording: boolean;
  disposition: { id: number; label: string } | null;
  agentId: number;
  notes: string | null;
  recordingUrl: string;
}

const DISPOSITION_CODES: Record<CallStatus, number> = { completed: 4, missed: 3, failed: 5 };
const WAIT_TIME: Record<CallStatus, number> = { completed: 6, missed: 25, failed: 30 };

/**
 * The deliveries one call produces, in the order observed (see companion/sandbox/aloware/README.md): init → disposition →
 * Recording-Saved → Call-Disposed (a repeat of the disposition) → transcription.call.summarized →
 * transcription.open_search.saved. A completed outbound call with a recording gives all six; a failed
 * outbound call gives 2 (init + disposition); other calls give 3 (init, disposition, Call-Disposed).
 * No events are sent between init and disposition (no live call state, observed).
 */
export function buildCallEvents(ctx: CommunicationContext, spec: CallSpec): Envelope[] {
  const talk = spec.status === 'completed' ? Math.max(0, Math.round(spec.talkTime)) : 0;
  const wait = WAIT_TIME[spec.status];
  const endedAt = alowareTimestamp();
  const startedAt = alowareTimestamp(new Date(Date.now() - (wait + talk) * 1000));
  const base = communicationBase({ ...ctx, userId: null, createdAt: startedAt });
  const init = initBody(ctx, base);
  const disposed: Record<string, unknown> = {
    ...base,
    user_id: spec.status === 'missed' ? null : spec.agentId,
    current_status: 'completed',
    current_status2: 9,
    disposition_status: spec.status,
    disposition_status2: DISPOSITION_CODES[spec.status],
    call_disposition_id: spec.disposition?.id ?? null,
    call_disposition: spec.disposition?.label ?? null,
    talk_time: talk,
    wait_time: wait,
    duration: wait + talk,
    notes: spec.notes,
    direct_recording_url: null,
    updated_at: endedAt,
  };
  const events: Envelope[] = [
    { event: initiatedEvent('PhoneCall', ctx.direction), body: init },
    { event: dispositionEvent('PhoneCall', ctx.direction, spec.status), body: disposed },
  ];
  if (spec.status === 'failed' && ctx.direction === 'outbound') return events;
  const recorded = spec.recording && talk > 0;
  const final = recorded
    ? { ...disposed, has_recording: true, direct_recording_url: spec.recordingUrl }
    : disposed;
  if (recorded) events.push({ event: RECORDING_SAVED, body: { ...final } });
  events.push({ event: CALL_DISPOSED, body: { ...final } });
  if (recorded) events.push(...summaryEvents(ctx, final));
  return events;
}

/** The init event has no current_status / disposition_status / recording / call_disposition keys (observed). */
function initBody(ctx: CommunicationContext, base: Record<string, unknown>): Record<string, unknown> {
  return { ...base, current_status2: ctx.direction === 'inbound' ? 2 : 1 };
}

/** The summary event has no `body.id`: the call id is at `body.communication.id` (observed). */
function summaryEvents(ctx: CommunicationContext, final: Record<string, unknown>): Envelope[] {
  const now = alowareTimestamp();
  const summary = `${ctx.direction === 'inbound' ? 'Inbound' : 'Outbound'} call of ${String(final.talk_time)} seconds. The contact asked for a follow-up.`;
  const transcription = {
    id: ctx.id + 1_000_000,
    transcription_id: `00000000-0000-4000-9000-${String(ctx.id).padStart(12, '0')}`,
    driver: 'assembly_ai',
    communication_id: ctx.id,
    user_id: final.user_id,
    status: 'completed',
    summary_engine: 'openai',
    custom_summary: null,
    summary_prompt: null,
    summary_status: 'completed',
    summary_created_at: now,
    created_at: now,
    updated_at: now,
    company_id: 1,
  };
  const communication = {
    ...final,
    direction: ctx.direction,
    has_transcription: true,
    call_summary: { summary },
  };
  return [
    { event: CALL_SUMMARIZED, body: { communication, transcription } },
    { event: OPEN_SEARCH_SAVED, body: { index: 'communications', document: { communication_id: ctx.id } } },
  ];
}
