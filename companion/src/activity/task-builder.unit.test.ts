import { describe, expect, it } from 'vitest';
import { classifyDelivery } from '../aloware/webhooks.js';
import {
  activityDate,
  buildTaskFields,
  formatDuration,
  mergeCommunication,
  taskSubject,
  type CommunicationEvent,
  type CommunicationState,
} from './task-builder.js';

const base = {
  id: 4001,
  type: 1,
  direction: 2,
  contact_id: 30000001,
  user_id: null,
  lead_number: '+13107201619',
  created_at: '2026-11-28 23:58:00',
  updated_at: '2026-11-28 23:58:00',
};
const disposed = {
  ...base,
  user_id: 101,
  current_status: 'completed',
  disposition_status: 'completed',
  call_disposition: 'Interested',
  talk_time: 192,
  wait_time: 6,
  duration: 198,
  notes: 'Wants pricing.',
  updated_at: '2026-11-29 00:01:18',
};
const recordingUrl = 'https://app.aloware.io/static/recordings/4001.mp3';
const recorded = { ...disposed, has_recording: true, direct_recording_url: recordingUrl };

const ev = (event: string, body: unknown): CommunicationEvent => {
  const c = classifyDelivery({ event, body });
  if (c.kind !== 'communication') throw new Error(`not a communication: ${event}`);
  return c;
};

const fanout: CommunicationEvent[] = [
  ev('OutboundPhoneCall', base),
  ev('OutboundPhoneCall-DispositionCompleted', disposed),
  ev('Recording-Saved', recorded),
  ev('Call-Disposed', recorded),
  ev('transcription.call.summarized', {
    communication: { ...recorded, direction: 'outbound', call_summary: { summary: 'Follow up Monday.' } },
    transcription: { communication_id: 4001 },
  }),
];

const fold = (events: CommunicationEvent[]) =>
  events.reduce<CommunicationState | null>((s, e) => mergeCommunication(s, e), null)!;

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

const target = { whoId: '00Q000000000001AAA', ownerId: '005000000000001AAA', forCreate: true };

describe('mergeCommunication + buildTaskFields for a completed outbound call', () => {
  const expected = {
    Subject: 'Outbound call · 3m 12s · Connected',
    Status: 'Completed',
    Type: 'Call',
    TaskSubtype: 'Call',
    CallType: 'Outbound',
    CallDurationInSeconds: 192,
    CallDisposition: 'Interested',
    CallObject: '4001',
    ActivityDate: '2026-11-28',
    Aloware_Channel__c: 'Call',
    Aloware_Direction__c: 'Outbound',
    Aloware_Recording_Url__c: recordingUrl,
    WhoId: target.whoId,
    OwnerId: target.ownerId,
  };

  it('gives the same Task for every order of the fan-out (120 orders)', () => {
    const all = permutations(fanout).map((order) => buildTaskFields(fold(order), target));
    for (const fields of all) {
      expect(fields).toMatchObject(expected);
      expect(fields.Description).toContain('Notes: Wants pricing.');
      expect(fields.Description).toContain('Summary: Follow up Monday.');
      expect(fields.Description).toContain(`Recording: ${recordingUrl}`);
    }
    expect(new Set(all.map((f) => JSON.stringify(f))).size).toBe(1);
  });

  it('changes nothing when an event is delivered again', () => {
    const once = fold(fanout);
    expect(fold([...fanout, ...fanout])).toEqual(once);
  });

  it('lets a later disposition win and keeps the recording', () => {
    const later = ev('Call-Disposed', {
      ...disposed,
      call_disposition: 'Not Interested',
      updated_at: '2026-11-29 00:05:00',
    });
    const state = fold([...fanout, later]);
    expect(state.callDisposition).toBe('Not Interested');
    expect(state.recordingUrl).toBe(recordingUrl);
    expect(fold([later, ...fanout]).callDisposition).toBe('Not Interested');
  });

  it('leaves TaskSubtype out when updating (it is create-only in Salesforce)', () => {
    const fields = buildTaskFields(fold(fanout), { ...target, forCreate: false });
    expect(fields).not.toHaveProperty('TaskSubtype');
  });

  it('leaves WhoId and OwnerId out when unknown, never blanking them', () => {
    const fields = buildTaskFields(fold(fanout), { whoId: null, ownerId: null, forCreate: false });
    expect(fields).not.toHaveProperty('WhoId');
    expect(fields).not.toHaveProperty('OwnerId');
  });
});

describe('other communications', () => {
  const sms = (event: string, extra: object = {}) =>
    ev(event, {
      ...base,
      type: 2,
      direction: event.startsWith('Inbound') ? 1 : 2,
      body: 'Can you call me back?',
      disposition_status: 'completed',
      ...extra,
    });

  it.each<[string, CommunicationEvent[], Record<string, unknown>]>([
    [
      'inbound SMS',
      [sms('InboundSMS-DispositionCompleted')],
      {
        Subject: 'Inbound SMS',
        Aloware_Channel__c: 'SMS',
        Aloware_Direction__c: 'Inbound',
        CallDisposition: 'Completed',
      },
    ],
    [
      'rejected outbound SMS',
      [sms('OutboundSMS-DispositionInvalid', { disposition_status: 'invalid' })],
      { Subject: 'Outbound SMS · Invalid', CallDisposition: 'Invalid' },
    ],
    [
      'missed inbound call',
      [
        ev('InboundPhoneCall', { ...base, direction: 1 }),
        ev('InboundPhoneCall-DispositionMissed', {
          ...base,
          direction: 1,
          disposition_status: 'missed',
          wait_time: 25,
        }),
      ],
      { Subject: 'Inbound call · Missed', CallType: 'Inbound', CallDisposition: 'Missed' },
    ],
    [
      'failed outbound call',
      [
        ev('OutboundPhoneCall-DispositionFailed', {
          ...base,
          disposition_status: 'failed',
          duration: 30,
          talk_time: 0,
        }),
      ],
      { Subject: 'Outbound call · Failed', CallDurationInSeconds: 0 },
    ],
    ['call known only from its init event', [ev('OutboundPhoneCall', base)], { Subject: 'Outbound call' }],
  ])('%s', (_name, events, expected) => {
    expect(buildTaskFields(fold(events), target)).toMatchObject(expected);
  });

  it('an SMS has no call fields and no TaskSubtype, and its text is in the description', () => {
    const fields = buildTaskFields(fold([sms('InboundSMS-DispositionCompleted')]), target);
    expect(fields).not.toHaveProperty('TaskSubtype');
    expect(fields).not.toHaveProperty('CallType');
    expect(fields).not.toHaveProperty('CallDurationInSeconds');
    expect(fields.Description).toContain('Message: Can you call me back?');
  });

  it('keeps an over-long recording URL out of the URL field but in the description', () => {
    const url = `https://example.com/${'a'.repeat(300)}`;
    const fields = buildTaskFields(
      fold([ev('Recording-Saved', { ...disposed, direct_recording_url: url })]),
      target,
    );
    expect(fields).not.toHaveProperty('Aloware_Recording_Url__c');
    expect(fields.Description).toContain(url);
  });
});

describe('helpers', () => {
  it.each([
    [0, '0s'],
    [45, '45s'],
    [60, '1m 0s'],
    [192, '3m 12s'],
    [3725, '1h 2m 5s'],
  ])('formatDuration(%i) = %s', (s, text) => expect(formatDuration(s)).toBe(text));

  it.each([
    ['2026-11-28 23:59:59', '2026-11-28'],
    ['2026-01-01T00:00:00', '2026-01-01'],
    ['yesterday', null],
    [null, null],
  ])('activityDate(%j) = %j', (ts, date) => expect(activityDate(ts)).toBe(date));

  it('a subject without a known direction still reads well', () => {
    const state = fold([ev('Recording-Saved', { ...disposed, direction: null })]);
    expect(taskSubject(state)).toBe('Call · 3m 12s · Connected');
  });
});

describe('MMS media and the activity policy', () => {
  const sms = {
    ...base,
    id: 4100,
    type: 2,
    direction: 1,
    body: 'See photo',
    updated_at: '2026-11-29 00:02:00',
  };
  const image = 'https://media.example/4100/photo.jpg';

  it('keeps each media link once, also when it arrives again in a later event', () => {
    let state = mergeCommunication(null, ev('InboundSMS-DispositionCompleted', sms));
    expect(state.mediaUrls).toEqual([]);
    for (const body of [
      { ...sms, attachments: [{ url: image }] },
      { ...sms, media_url: image },
    ]) {
      state = mergeCommunication(state, ev('InboundSMS-DispositionCompleted', body));
    }
    const fields = buildTaskFields(state, { whoId: null, ownerId: null, forCreate: true });
    expect(fields.Aloware_Media_Url__c).toBe(image);
    expect(String(fields.Description).split(image)).toHaveLength(2);
  });

  it('renders the subject template, the status and leaves the recording link out when told to', () => {
    const state = mergeCommunication(null, ev('OutboundPhoneCall-DispositionCompleted', recorded));
    const policy = {
      logCalls: true,
      callOutcomes: [],
      callDirections: [],
      logSms: true,
      subjectTemplate: '{channel} {direction} · {disposition} · {duration} · {nothing}',
      taskStatus: 'Not Started',
      storeRecordingLink: false,
    };
    const fields = buildTaskFields(state, { whoId: null, ownerId: null, forCreate: false }, policy);
    expect(fields.Subject).toBe('Call Outbound · Interested · 3m 12s · {nothing}');
    expect(fields.Status).toBe('Not Started');
    expect(fields.Aloware_Recording_Url__c).toBeNull();
    expect(String(fields.Description)).not.toContain(recordingUrl);
    expect(
      taskSubject({ ...state, direction: null, talkTime: null, duration: null, disposition: null }),
    ).toBe('Call');
  });
});
