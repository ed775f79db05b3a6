import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAlowareEmulator, type AlowareEmulator } from '../../../sandbox/aloware/index.js';
import { ALOWARE_TIMESTAMP, call } from './http.js';
import { startReceiver, type Receiver, type ReceivedWebhook } from './receiver.js';

let emu: AlowareEmulator;
let receiver: Receiver;
const post = <T = Record<string, unknown>>(path: string, body: unknown) =>
  call<T>(emu.url, 'POST', path, body);
const get = <T = Record<string, unknown>>(path: string) => call<T>(emu.url, 'GET', path);

type CallResult = { communicationId: number; contactId: number; events: string[] };
type Delivery = { event: string; outcome: string; status: number | null; communicationId: number | null };

const events = (hooks: ReceivedWebhook[]) => hooks.map((h) => h.body.event);
const commId = (h: ReceivedWebhook) =>
  (h.body.body.id ?? (h.body.body.communication as { id: number } | undefined)?.id) as number;

beforeAll(async () => {
  receiver = await startReceiver();
  emu = await startAlowareEmulator({ webhookUrl: receiver.url, webhookToken: 'hook-secret' });
});
afterAll(async () => {
  await emu.stop();
  await receiver.close();
});
beforeEach(async () => {
  await post('/__sandbox/reset', {});
  receiver.received.length = 0;
  receiver.status = 200;
  await post('/__sandbox/contacts', {
    phone_number: '+12025550143',
    first_name: 'Ada',
    last_name: 'Lovelace',
  });
  await receiver.waitFor(1);
  receiver.received.length = 0;
  await call(emu.url, 'DELETE', '/__sandbox/deliveries');
});

describe('a completed outbound call with a recording', () => {
  it('fans out six deliveries in the documented order, all about one communication', async () => {
    const res = await post<CallResult>('/__sandbox/calls', {
      phone: '2025550143',
      direction: 'outbound',
      talkTime: 63,
      disposition: 'Interested',
      recording: true,
      userId: 102,
      notes: 'Wants a demo',
    });
    expect(res.status).toBe(201);
    const expected = [
      'OutboundPhoneCall',
      'OutboundPhoneCall-DispositionCompleted',
      'Recording-Saved',
      'Call-Disposed',
      'transcription.call.summarized',
      'transcription.open_search.saved',
    ];
    expect(res.body.events).toEqual(expected);
    const hooks = await receiver.waitFor(6);
    expect(events(hooks)).toEqual(expected);
    expect(hooks.slice(0, 5).map(commId)).toEqual(Array(5).fill(res.body.communicationId));
  });

  it('sends the documented envelope, headers and payload fields', async () => {
    const res = await post<CallResult>('/__sandbox/calls', {
      phone: '+12025550143',
      direction: 'outbound',
      talkTime: 63,
      disposition: 'Interested',
      recording: true,
      userId: 102,
    });
    const hooks = await receiver.waitFor(6);
    for (const hook of hooks) {
      expect(hook.headers.authorization).toBe('Bearer hook-secret');
      expect(hook.headers['user-agent']).toBe('GuzzleHttp/7');
      expect(hook.headers['content-type']).toBe('application/json');
      expect(Object.keys(hook.headers).some((h) => /signature/i.test(h))).toBe(false);
      expect(Object.keys(hook.body).sort()).toEqual(['body', 'event']);
    }
    const [init, disposed, recording, repeated, summary] = hooks.map((h) => h.body.body);
    expect(init).toMatchObject({ id: res.body.communicationId, type: 1, direction: 2, user_id: null });
    for (const key of ['current_status', 'disposition_status', 'direct_recording_url', 'call_disposition']) {
      expect(init).not.toHaveProperty(key);
    }
    expect(disposed).toMatchObject({
      id: res.body.communicationId,
      type: 1,
      direction: 2,
      contact_id: res.body.contactId,
      user_id: 102,
      lead_number: '+12025550143',
      incoming_number: '+12025550100',
      current_status: 'completed',
      disposition_status: 'completed',
      disposition_status2: 4,
      call_disposition: 'Interested',
      talk_time: 63,
      contact: {
        id: res.body.contactId,
        phone_number: '+12025550143',
        first_name: 'Ada',
        last_name: 'Lovelace',
      },
    });
    expect(disposed!.duration).toBe((disposed!.wait_time as number) + 63);
    expect(disposed!.created_at).toMatch(ALOWARE_TIMESTAMP);
    expect(disposed!.updated_at).toMatch(ALOWARE_TIMESTAMP);
    expect(recording).toMatchObject({
      has_recording: true,
      direct_recording_url: expect.stringMatching(/^http/),
    });
    // Call-Disposed repeats the disposition: same id, statuses and talk time.
    for (const key of ['id', 'disposition_status', 'current_status', 'talk_time', 'call_disposition']) {
      expect(repeated![key]).toEqual(disposed![key]);
    }
    expect(summary).not.toHaveProperty('id');
    expect(summary).toMatchObject({
      communication: { id: res.body.communicationId },
      transcription: { communication_id: res.body.communicationId },
    });
  });

  it('serves the recording without authentication through a redirect', async () => {
    await post('/__sandbox/calls', {
      phone: '2025550143',
      direction: 'outbound',
      talkTime: 20,
      recording: true,
    });
    const hooks = await receiver.waitFor(3);
    const url = hooks.find((h) => h.body.event === 'Recording-Saved')!.body.body
      .direct_recording_url as string;
    const redirect = await fetch(url, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    const audio = await fetch(url);
    expect(audio.status).toBe(200);
    expect(audio.headers.get('content-type')).toContain('audio/mpeg');
  });
});

describe('other calls and messages', () => {
  it('a missed inbound call from a new number: contact created, then init, missed disposition, Call-Disposed', async () => {
    const res = await post<CallResult>('/__sandbox/calls', {
      phone: '2025550177',
      direction: 'inbound',
      talkTime: 0,
      status: 'missed',
    });
    expect(res.body.events).toEqual([
      'InboundPhoneCall',
      'InboundPhoneCall-DispositionMissed',
      'Call-Disposed',
    ]);
    const hooks = await receiver.waitFor(4);
    expect(events(hooks)).toEqual(['Contact-Created', ...res.body.events]);
    expect(hooks[0]!.body.body).toMatchObject({ id: res.body.contactId, phone_number: '+12025550177' });
    expect(hooks[1]!.body.body).toMatchObject({ direction: 1, current_status2: 2 });
    expect(hooks[2]!.body.body).toMatchObject({
      disposition_status: 'missed',
      disposition_status2: 3,
      talk_time: 0,
      lead_number: '+12025550177',
    });
  });

  it('a failed outbound call gives only init and the failed disposition', async () => {
    const res = await post<CallResult>('/__sandbox/calls', {
      phone: '2025550143',
      direction: 'outbound',
      status: 'failed',
    });
    expect(res.body.events).toEqual(['OutboundPhoneCall', 'OutboundPhoneCall-DispositionFailed']);
    const hooks = await receiver.waitFor(2);
    expect(hooks[1]!.body.body).toMatchObject({ disposition_status: 'failed', disposition_status2: 5 });
  });

  it('an inbound SMS gives one disposition delivery carrying the text', async () => {
    const res = await post<CallResult>('/__sandbox/sms', {
      phone: '+12025550143',
      direction: 'inbound',
      text: 'Call me back',
    });
    expect(res.body.events).toEqual(['InboundSMS-DispositionCompleted']);
    const [hook] = await receiver.waitFor(1);
    expect(hook!.body.body).toMatchObject({
      id: res.body.communicationId,
      type: 2,
      direction: 1,
      body: 'Call me back',
      lead_number: '+12025550143',
      contact: { phone_number: '+12025550143' },
    });
  });

  it('calls and SMS share one id space', async () => {
    const a = await post<CallResult>('/__sandbox/calls', {
      phone: '2025550143',
      direction: 'outbound',
      talkTime: 5,
    });
    const b = await post<CallResult>('/__sandbox/sms', {
      phone: '2025550143',
      direction: 'outbound',
      text: 'x',
    });
    expect(b.body.communicationId).toBe(a.body.communicationId + 1);
  });
});

describe('agent contact edits', () => {
  it('fire Contact-Updated with the new values; a no-op edit fires nothing', async () => {
    const contacts = await get<{ contacts: { id: number }[] }>('/__sandbox/contacts');
    const id = contacts.body.contacts[0]!.id;
    const res = await call(emu.url, 'PATCH', `/__sandbox/contacts/${id}`, { email: 'ada@example.org' });
    expect(res.status).toBe(200);
    await call(emu.url, 'PATCH', `/__sandbox/contacts/${id}`, { email: 'ada@example.org' });
    const [hook] = await receiver.waitFor(1);
    expect(hook!.body).toMatchObject({ event: 'Contact-Updated', body: { id, email: 'ada@example.org' } });
    await get('/__sandbox/deliveries?waitMs=1000');
    expect(receiver.received).toHaveLength(1);
  });

  it('refuses a second contact with the same phone', async () => {
    const res = await post('/__sandbox/contacts', { phone_number: '2025550143' });
    expect(res.status).toBe(409);
  });
});

describe('webhook settings and delivery semantics', () => {
  it('Basic auth and an event filter by checkbox label', async () => {
    const second = await startReceiver();
    try {
      const target = await post('/__sandbox/webhooks', {
        url: second.url,
        auth: { type: 'basic', username: 'aloware', password: 'pw' },
        events: ['Communication disposed'],
      });
      expect(target.status).toBe(201);
      expect(JSON.stringify(target.body)).not.toContain('pw');
      await post('/__sandbox/calls', { phone: '2025550143', direction: 'outbound', talkTime: 12 });
      const [hook] = await second.waitFor(1);
      await get('/__sandbox/deliveries?waitMs=2000');
      expect(events(second.received)).toEqual(['OutboundPhoneCall-DispositionCompleted']);
      expect(hook!.headers.authorization).toBe(`Basic ${Buffer.from('aloware:pw').toString('base64')}`);
    } finally {
      await second.close();
    }
  });

  it('never retries: a 500 answer is logged once and not resent', async () => {
    receiver.status = 500;
    await post('/__sandbox/sms', { phone: '2025550143', direction: 'inbound', text: 'hi' });
    const [first] = await receiver.waitFor(1);
    const log = await get<{ deliveries: Delivery[]; pending: number }>('/__sandbox/deliveries?waitMs=2000');
    expect(log.body.pending).toBe(0);
    expect(log.body.deliveries).toEqual([
      expect.objectContaining({ event: 'InboundSMS-DispositionCompleted', outcome: 'rejected', status: 500 }),
    ]);
    // A sentinel after it, on the same ordered chain: a resend of the first would be delivered before it.
    receiver.status = 200;
    await post('/__sandbox/sms', { phone: '2025550143', direction: 'inbound', text: 'sentinel' });
    await receiver.waitFor(2);
    const after = await get<{ deliveries: Delivery[]; pending: number }>('/__sandbox/deliveries?waitMs=2000');
    expect(after.body.pending).toBe(0);
    expect(after.body.deliveries.map((d) => d.outcome)).toEqual(['rejected', 'delivered']);
    expect(receiver.received).toHaveLength(2);
    expect(commId(receiver.received[1]!)).not.toBe(commId(first!));
  });

  it('replays a call (duplicates) with the same communication id, optionally shuffled', async () => {
    const res = await post<CallResult>('/__sandbox/calls', {
      phone: '2025550143',
      direction: 'inbound',
      talkTime: 9,
    });
    await receiver.waitFor(3);
    const replay = await post<{ events: string[] }>(`/__sandbox/replay/${res.body.communicationId}`, {
      shuffle: true,
    });
    expect(replay.status).toBe(200);
    expect([...replay.body.events].sort()).toEqual([...res.body.events].sort());
    const hooks = await receiver.waitFor(6);
    expect(hooks.slice(3).map(commId)).toEqual([0, 0, 0].map(() => res.body.communicationId));
    expect((await post('/__sandbox/replay/1', {})).status).toBe(404);
  });

  it('shuffles the fan-out order on request, keeping every event', async () => {
    const res = await post<CallResult>('/__sandbox/calls', {
      phone: '2025550143',
      direction: 'outbound',
      talkTime: 30,
      recording: true,
      shuffle: true,
    });
    const hooks = await receiver.waitFor(6);
    expect(events(hooks)).toEqual(res.body.events);
    expect([...res.body.events].sort()).toEqual(
      [
        'Call-Disposed',
        'OutboundPhoneCall',
        'OutboundPhoneCall-DispositionCompleted',
        'Recording-Saved',
        'transcription.call.summarized',
        'transcription.open_search.saved',
      ].sort(),
    );
  });

  it('drops deliveries on a drop-webhooks fault and logs them as dropped', async () => {
    await post('/__sandbox/faults', { kind: 'drop-webhooks', count: 1, event: 'Call-Disposed' });
    await post('/__sandbox/calls', { phone: '2025550143', direction: 'outbound', talkTime: 10 });
    const log = await get<{ deliveries: Delivery[] }>('/__sandbox/deliveries?waitMs=2000');
    expect(log.body.deliveries.map((d) => `${d.event}:${d.outcome}`)).toEqual([
      'OutboundPhoneCall:delivered',
      'OutboundPhoneCall-DispositionCompleted:delivered',
      'Call-Disposed:dropped',
    ]);
    expect(events(receiver.received)).toEqual([
      'OutboundPhoneCall',
      'OutboundPhoneCall-DispositionCompleted',
    ]);
  });

  it('holds each delivery for the configured delay', async () => {
    await call(emu.url, 'DELETE', '/__sandbox/webhooks');
    await post('/__sandbox/webhooks', { url: receiver.url, delayMs: 400 });
    const started = Date.now();
    await post('/__sandbox/sms', { phone: '2025550143', direction: 'inbound', text: 'later' });
    expect(receiver.received).toHaveLength(0);
    const [hook] = await receiver.waitFor(1);
    expect(hook!.at - started).toBeGreaterThanOrEqual(390);
    expect(receiver.received[0]!.headers.authorization).toBeUndefined();
  });
});
