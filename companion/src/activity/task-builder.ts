import type { ClassifiedEvent } from '../aloware/webhooks.js';
import { DEFAULT_REP_POLICY, type ActivityPolicy } from '../sync/index.js';

/**
 * Pure: the several webhook deliveries of one Aloware communication (see companion/sandbox/aloware/README.md) fold into one
 * `CommunicationState`, and the state renders the fields of its one Salesforce Task. Folding is
 * order-insensitive: the disposition with the latest `updated_at` wins (a disposition event beats the init
 * event whatever the order), a repeated disposition changes nothing, recording and summary are added when they
 * arrive, other facts fill blanks.
 */

export type CommunicationEvent = Extract<ClassifiedEvent, { kind: 'communication' }>;

export interface CommunicationState {
  communicationId: string;
  channel: 'Call' | 'SMS';
  direction: 'Inbound' | 'Outbound' | null;
  alowareContactId: string | null;
  /** The contact's number as Aloware sent it (E.164). Personal data: never logged. */
  leadNumber: string | null;
  agentUserId: string | null;
  /** `YYYY-MM-DD HH:MM:SS`, UTC without a zone. */
  createdAt: string | null;
  disposition: string | null;
  dispositionAt: string | null;
  callDisposition: string | null;
  talkTime: number | null;
  duration: number | null;
  notes: string | null;
  smsText: string | null;
  recordingUrl: string | null;
  summary: string | null;
  /** MMS media links, each once, in arrival order (absent in states stored before MMS support). */
  mediaUrls?: string[];
}

export type TaskFields = Record<string, string | number | null>;

const blank = (communicationId: string, channel: 'Call' | 'SMS'): CommunicationState => ({
  communicationId,
  channel,
  direction: null,
  alowareContactId: null,
  leadNumber: null,
  agentUserId: null,
  createdAt: null,
  disposition: null,
  dispositionAt: null,
  callDisposition: null,
  talkTime: null,
  duration: null,
  notes: null,
  smsText: null,
  recordingUrl: null,
  summary: null,
  mediaUrls: [],
});

const STAGES_WITH_DISPOSITION = new Set(['disposition', 'call_disposed', 'recording']);

function carriesDisposition(event: CommunicationEvent): boolean {
  if (event.stage === 'disposition') return true;
  return STAGES_WITH_DISPOSITION.has(event.stage) && event.body.disposition_status !== null;
}

/** Whether `event`'s disposition replaces the one in `state`: only a strictly newer one does. */
function newerDisposition(state: CommunicationState, event: CommunicationEvent): boolean {
  if (!carriesDisposition(event)) return false;
  if (state.disposition === null) return true;
  const at = event.body.updated_at ?? '';
  return at > (state.dispositionAt ?? '');
}

/** Folds one event into the state (a new object; the input is not changed). */
export function mergeCommunication(
  state: CommunicationState | null,
  event: CommunicationEvent,
): CommunicationState {
  const next = { ...(state ?? blank(event.communicationId, event.channel)) };
  const b = event.body;
  if (event.stage === 'initiated' || event.stage === 'disposition') next.channel = event.channel;
  next.direction ??= event.direction;
  next.alowareContactId ??= b.contact_id ?? (b.contact?.id as string | undefined) ?? null;
  next.leadNumber ??= b.lead_number;
  next.createdAt ??= b.created_at;
  next.agentUserId ??= b.user_id;
  next.smsText ??= next.channel === 'SMS' ? b.body : null;
  if (newerDisposition(next, event)) {
    next.disposition = event.disposition ?? b.disposition_status?.toLowerCase() ?? null;
    next.dispositionAt = b.updated_at;
    next.callDisposition = b.call_disposition ?? next.callDisposition;
    next.talkTime = b.talk_time ?? next.talkTime;
    next.duration = b.duration ?? next.duration;
    next.notes = b.notes ?? next.notes;
    next.agentUserId = b.user_id ?? next.agentUserId;
  } else {
    next.notes ??= b.notes;
  }
  if (b.direct_recording_url) next.recordingUrl = b.direct_recording_url;
  if (event.summary) next.summary = event.summary;
  if (event.media.length > 0) next.mediaUrls = [...new Set([...(next.mediaUrls ?? []), ...event.media])];
  return next;
}

/** `192` → `3m 12s`; `45` → `45s`; `3725` → `1h 2m 5s`. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  if (h > 0) return `${h}h ${m}m ${rest}s`;
  if (m > 0) return `${m}m ${rest}s`;
  return `${rest}s`;
}

const OUTCOME_LABELS: Record<string, string> = {
  completed: 'Connected',
  missed: 'Missed',
  failed: 'Failed',
  abandoned: 'Abandoned',
  invalid: 'Invalid',
  voicemail: 'Voicemail',
};

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function outcomeLabel(state: CommunicationState): string | null {
  if (!state.disposition) return null;
  if (state.channel === 'SMS' && state.disposition === 'completed') return null;
  return OUTCOME_LABELS[state.disposition] ?? capitalise(state.disposition);
}

/** Seconds the call lasted for the rep: talk time, else the whole duration. */
function callSeconds(state: CommunicationState): number | null {
  if (state.channel !== 'Call') return null;
  return state.talkTime ?? state.duration;
}

/** The subject when the settings hold no template (`Outbound call · 3m 12s · Connected`). */
const DEFAULT_SUBJECT_TEMPLATE = '{direction} {channel} · {duration} · {outcome}';

/**
 * The subject from a template with `{direction}`, `{channel}`, `{duration}`, `{outcome}`, `{disposition}`:
 * parts between ` · ` that come out empty are dropped, so "Inbound call · Missed" has no empty duration.
 */
export function taskSubject(state: CommunicationState, template = DEFAULT_SUBJECT_TEMPLATE): string {
  const seconds = callSeconds(state);
  const values: Record<string, string> = {
    direction: state.direction ?? '',
    channel: state.channel === 'Call' ? 'call' : 'SMS',
    duration: seconds ? formatDuration(seconds) : '',
    outcome: outcomeLabel(state) ?? '',
    disposition: state.callDisposition ?? '',
  };
  const rendered = template.replace(
    /\{(\w+)\}/g,
    (whole, name: string) => values[name.toLowerCase()] ?? whole,
  );
  const parts = rendered
    .split('·')
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p) => p !== '');
  return capitalise(parts.join(' · ')).slice(0, 255) || capitalise(values.channel!);
}

/** The date part of Aloware's zone-less UTC timestamp (`2026-11-28 23:59:59` → `2026-11-28`). */
export function activityDate(timestamp: string | null): string | null {
  const match = timestamp ? /^(\d{4}-\d{2}-\d{2})[ T]\d{2}:\d{2}(:\d{2})?/.exec(timestamp) : null;
  return match ? match[1]! : null;
}

function taskDescription(state: CommunicationState, storeRecordingLink = true): string {
  const lines: string[] = [];
  if (state.smsText) lines.push(`Message: ${state.smsText}`);
  const media = state.mediaUrls ?? [];
  if (media.length > 0) lines.push(`Media:\n${media.join('\n')}`);
  if (state.notes) lines.push(`Notes: ${state.notes}`);
  if (state.summary) lines.push(`Summary: ${state.summary}`);
  if (state.recordingUrl && storeRecordingLink) lines.push(`Recording: ${state.recordingUrl}`);
  lines.push(`Aloware communication ${state.communicationId}`);
  return lines.join('\n\n').slice(0, 32000);
}

export interface TaskTarget {
  /** The linked Lead or Contact (a converted Lead already resolved to its Contact). */
  whoId: string | null;
  /** The agent's Salesforce user, when matched by email. */
  ownerId: string | null;
  /** Include fields Salesforce only accepts on create (`TaskSubtype`). */
  forCreate: boolean;
}

/**
 * The Task fields for an upsert by `Aloware_Communication_Id__c` (the external id itself is not included:
 * it is the upsert key). Fields not known yet are left out, so a later event never blanks an earlier value.
 */
export function buildTaskFields(
  state: CommunicationState,
  target: TaskTarget,
  policy: ActivityPolicy = DEFAULT_REP_POLICY.activity,
): TaskFields {
  const fields: TaskFields = {
    Subject: taskSubject(state, policy.subjectTemplate ?? DEFAULT_SUBJECT_TEMPLATE),
    Status: policy.taskStatus,
    Description: taskDescription(state, policy.storeRecordingLink),
    Aloware_Channel__c: state.channel,
    CallObject: state.communicationId,
  };
  if (state.direction) fields.Aloware_Direction__c = state.direction;
  const date = activityDate(state.createdAt);
  if (date) fields.ActivityDate = date;
  if (state.channel === 'Call') {
    fields.Type = 'Call';
    if (state.direction) fields.CallType = state.direction;
    const seconds = callSeconds(state);
    if (seconds !== null) fields.CallDurationInSeconds = seconds;
  }
  const disposition = state.callDisposition ?? (state.disposition ? capitalise(state.disposition) : null);
  if (disposition) fields.CallDisposition = disposition.slice(0, 255);
  if (state.recordingUrl && !policy.storeRecordingLink) fields.Aloware_Recording_Url__c = null;
  else if (state.recordingUrl && state.recordingUrl.length <= 255) {
    fields.Aloware_Recording_Url__c = state.recordingUrl;
  }
  const media = (state.mediaUrls ?? []).find((url) => url.length <= 255);
  if (media) fields.Aloware_Media_Url__c = media;
  if (target.whoId) fields.WhoId = target.whoId;
  if (target.ownerId) fields.OwnerId = target.ownerId;
  if (target.forCreate && state.channel === 'Call') fields.TaskSubtype = 'Call';
  return fields;
}
