import { z } from 'zod';

/**
 * The webhooks Aloware sends (see companion/sandbox/aloware/README.md): envelope `{event, body}`, no signature, no retry, several
 * deliveries per call. Schemas are tolerant: unknown keys pass through, numbers may arrive as strings, and
 * `direction` arrives as 1/2 or as the words. Nothing here throws: a delivery we cannot read is classified
 * `malformed` (kept for inspection), one we do not know is `unknown`.
 */

const id = z.union([z.number().int(), z.string().regex(/^\d+$/)]).transform((v) => String(v));
const optionalText = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => (v === null || v === undefined || v === '' ? null : String(v)));
const seconds = z
  .union([z.number(), z.string().regex(/^\d+(\.\d+)?$/)])
  .nullish()
  .transform((v) => (v === null || v === undefined ? null : Math.max(0, Math.round(Number(v)))));
const flag = z
  .union([z.boolean(), z.number(), z.string()])
  .nullish()
  .transform((v) => v === true || v === 1 || v === '1' || v === 'true');

/** Like optionalText, but a key that is absent stays absent (unknown), unlike one sent as null (blank). */
const presentText = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => (v === undefined ? undefined : v === null || v === '' ? null : String(v)));

export const envelopeSchema = z.looseObject({ event: z.string().min(1).max(200), body: z.unknown() });

export const contactBodySchema = z.looseObject({
  id,
  phone_number: presentText,
  first_name: presentText,
  last_name: presentText,
  email: presentText,
  user_id: presentText,
  updated_at: presentText,
  other_phone_numbers: z
    .array(z.looseObject({ label: optionalText, phone_number: optionalText }))
    .nullish()
    .catch(null),
});
export type AlowareContactBody = z.infer<typeof contactBodySchema>;

const directionWord = z
  .union([z.number(), z.string()])
  .nullish()
  .transform((v): 'Inbound' | 'Outbound' | null => {
    if (v === 1 || v === '1' || (typeof v === 'string' && v.toLowerCase() === 'inbound')) return 'Inbound';
    if (v === 2 || v === '2' || (typeof v === 'string' && v.toLowerCase() === 'outbound')) return 'Outbound';
    return null;
  });

const communicationBodySchema = z.looseObject({
  id,
  type: z.union([z.number(), z.string()]).nullish(),
  direction: directionWord,
  contact_id: optionalText,
  user_id: optionalText,
  lead_number: optionalText,
  incoming_number: optionalText,
  body: optionalText,
  current_status: optionalText,
  disposition_status: optionalText,
  call_disposition: optionalText,
  talk_time: seconds,
  duration: seconds,
  notes: optionalText,
  has_recording: flag,
  direct_recording_url: optionalText,
  call_summary: z.unknown().optional(),
  created_at: optionalText,
  updated_at: optionalText,
  contact: z.looseObject({ id: id.optional() }).nullish().catch(null),
});
type CommunicationBody = z.infer<typeof communicationBodySchema>;

const summaryBodySchema = z.looseObject({
  communication: communicationBodySchema.partial().extend({ id: id.optional() }).nullish(),
  transcription: z
    .looseObject({ communication_id: id.optional(), custom_summary: optionalText })
    .nullish()
    .catch(null),
});

/** What a communication event contributes; see `activity/task-builder.ts`. */
type CommunicationStage = 'initiated' | 'disposition' | 'call_disposed' | 'recording' | 'summary';

export type ClassifiedEvent =
  | { kind: 'contact'; action: 'created' | 'updated'; contact: AlowareContactBody }
  | {
      kind: 'communication';
      stage: CommunicationStage;
      communicationId: string;
      channel: 'Call' | 'SMS';
      /** From the event name (`OutboundPhoneCall-…`) or the body, when known. */
      direction: 'Inbound' | 'Outbound' | null;
      /** `completed`, `missed`, `failed`, `invalid`, … for disposition events. */
      disposition: string | null;
      body: CommunicationBody;
      summary: string | null;
      /** MMS media links carried by this delivery (none for most). */
      media: string[];
    }
  | { kind: 'ignored'; reason: string }
  | { kind: 'unknown'; reason: string }
  | { kind: 'malformed'; reason: string };

const COMM_EVENT = /^(Inbound|Outbound)(PhoneCall|SMS)(?:-Disposition([A-Za-z]+))?$/;
const IGNORED = new Set(['transcription.open_search.saved']);
const contactAction = (event: string): 'created' | 'updated' | null => {
  const key = event.toLowerCase().replace(/[^a-z]/g, '');
  if (key === 'contactcreated') return 'created';
  if (key === 'contactupdated') return 'updated';
  return null;
};

function reasonOf(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || 'body'}: ${i.message}`)
    .join('; ');
}

const channelOf = (type: unknown): 'Call' | 'SMS' => (type === 2 || type === '2' ? 'SMS' : 'Call');

/** The AI summary text: `call_summary` may be a string, `{summary}` or a JSON string of it. */
export function summaryText(value: unknown): string | null {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed.startsWith('{')) {
      try {
        return summaryText(JSON.parse(trimmed));
      } catch {
        return trimmed || null;
      }
    }
    return trimmed || null;
  }
  if (value && typeof value === 'object' && 'summary' in value) return summaryText(value.summary);
  return null;
}

function classifyCommunication(event: string, rawBody: unknown): ClassifiedEvent {
  const match = COMM_EVENT.exec(event);
  const parsed = communicationBodySchema.safeParse(rawBody);
  if (!parsed.success) return { kind: 'malformed', reason: reasonOf(parsed.error) };
  const body = parsed.data;
  const stage: CommunicationStage = match
    ? match[3]
      ? 'disposition'
      : 'initiated'
    : event === 'Call-Disposed'
      ? 'call_disposed'
      : 'recording';
  return {
    kind: 'communication',
    stage,
    communicationId: body.id,
    channel: match ? (match[2] === 'SMS' ? 'SMS' : 'Call') : channelOf(body.type),
    direction: match ? (match[1] as 'Inbound' | 'Outbound') : body.direction,
    disposition: match?.[3]?.toLowerCase() ?? body.disposition_status?.toLowerCase() ?? null,
    body,
    summary: summaryText(body.call_summary),
    media: mediaUrls(body),
  };
}

const httpUrl = (v: unknown): string | null =>
  typeof v === 'string' && /^https?:\/\/\S+$/.test(v.trim()) ? v.trim() : null;

/**
 * MMS media links of a message delivery. Aloware's SMS API takes `image_url` (see companion/sandbox/aloware/README.md); where a
 * webhook carries media is not documented, so every plausible shape is read: `attachments[]`/`media[]` of
 * strings or `{url}`, and `image_url`/`media_url` (the emulator sends `attachments`, see its README).
 */
function mediaUrls(body: Record<string, unknown>): string[] {
  const found: (string | null)[] = [httpUrl(body.image_url), httpUrl(body.media_url)];
  for (const key of ['attachments', 'media']) {
    const list = body[key];
    if (!Array.isArray(list)) continue;
    for (const item of list.slice(0, 20)) {
      found.push(httpUrl(item) ?? httpUrl((item as { url?: unknown } | null)?.url));
    }
  }
  return [...new Set(found.filter((u): u is string => u !== null))];
}

function classifySummary(rawBody: unknown): ClassifiedEvent {
  const parsed = summaryBodySchema.safeParse(rawBody);
  if (!parsed.success) return { kind: 'malformed', reason: reasonOf(parsed.error) };
  const { communication, transcription } = parsed.data;
  const communicationId = communication?.id ?? transcription?.communication_id;
  if (!communicationId) return { kind: 'malformed', reason: 'summary without communication id' };
  const body = { ...(communication ?? {}), id: communicationId } as CommunicationBody;
  return {
    kind: 'communication',
    stage: 'summary',
    communicationId,
    channel: channelOf(body.type),
    direction: body.direction ?? null,
    disposition: null,
    body,
    summary: summaryText(communication?.call_summary) ?? transcription?.custom_summary ?? null,
    media: [],
  };
}

/** Reads one delivery (already JSON-parsed) into what the workers act on. Never throws. */
export function classifyDelivery(payload: unknown): ClassifiedEvent {
  const envelope = envelopeSchema.safeParse(payload);
  if (!envelope.success) return { kind: 'malformed', reason: reasonOf(envelope.error) };
  const { event, body } = envelope.data;
  if (IGNORED.has(event)) return { kind: 'ignored', reason: `${event} is internal indexing` };
  const action = contactAction(event);
  if (action) {
    const raw =
      body && typeof body === 'object' && 'contact' in body && !('id' in body) ? body.contact : body;
    const parsed = contactBodySchema.safeParse(raw);
    if (!parsed.success) return { kind: 'malformed', reason: reasonOf(parsed.error) };
    return { kind: 'contact', action, contact: parsed.data };
  }
  if (COMM_EVENT.test(event) || event === 'Call-Disposed' || event === 'Recording-Saved') {
    return classifyCommunication(event, body);
  }
  if (event === 'transcription.call.summarized') return classifySummary(body);
  return { kind: 'unknown', reason: `event ${event} is not handled` };
}
