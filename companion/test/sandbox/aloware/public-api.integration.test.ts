import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAlowareEmulator, type AlowareEmulator } from '../../../sandbox/aloware/index.js';
import { ALOWARE_TIMESTAMP, call } from './http.js';
import { startReceiver, type Receiver } from './receiver.js';

let emu: AlowareEmulator;
let receiver: Receiver;
const token = 'sandbox-token';
const post = <T = Record<string, unknown>>(path: string, body: unknown) =>
  call<T>(emu.url, 'POST', path, body);
const get = <T = Record<string, unknown>>(path: string) => call<T>(emu.url, 'GET', path);
const lookup = (phone: string) =>
  get(`/api/v1/webhook/contact/phone-number?api_token=${token}&phone_number=${encodeURIComponent(phone)}`);

beforeAll(async () => {
  receiver = await startReceiver();
  emu = await startAlowareEmulator({ port: 0, webhookUrl: receiver.url, webhookToken: 'hook-secret' });
});
afterAll(async () => {
  await emu.stop();
  await receiver.close();
});
beforeEach(async () => {
  await post('/__sandbox/reset', {});
  receiver.received.length = 0;
});

describe('POST /api/v1/webhook/forms', () => {
  it('creates a contact (201) that the lookup then returns with its id and an E.164 phone', async () => {
    const created = await post('/api/v1/webhook/forms', {
      api_token: token,
      phone_number: '2025550143',
      first_name: 'Ada',
      last_name: 'Lovelace',
      email: 'ada@example.com',
      user_id: 101,
      csf1: 'gold',
      date_of_birth: '12/10/1815',
    });
    expect(created).toMatchObject({ status: 201, body: { message: 'Contact created.' } });
    expect(created.body).not.toHaveProperty('id');

    const found = await lookup('+12025550143');
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({
      phone_number: '+12025550143',
      first_name: 'Ada',
      last_name: 'Lovelace',
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      user_id: 101,
      csf1: 'gold',
      date_of_birth: '1815-12-10',
    });
    expect(typeof found.body.id).toBe('number');
    expect(found.body.created_at).toMatch(ALOWARE_TIMESTAMP);
  });

  it('treats 10-digit, 1XXXXXXXXXX and E.164 forms as one contact: 409 without force_update', async () => {
    await post('/api/v1/webhook/forms', {
      api_token: token,
      phone_number: '+12025550143',
      first_name: 'Ada',
    });
    for (const phone of ['12025550143', '2025550143', '(202) 555-0143']) {
      const again = await post('/api/v1/webhook/forms', {
        api_token: token,
        phone_number: phone,
        first_name: 'X',
      });
      expect(again.status).toBe(409);
      expect(again.body).toEqual({ message: 'Contact already exists.' });
    }
    expect((await lookup('2025550143')).body.first_name).toBe('Ada');
  });

  it('updates an existing contact with force_update (200), given as true or as 1', async () => {
    await post('/api/v1/webhook/forms', { api_token: token, phone_number: '2025550143', first_name: 'Ada' });
    const updated = await post('/api/v1/webhook/forms', {
      api_token: token,
      phone_number: '12025550143',
      first_name: 'Augusta',
      force_update: 1,
    });
    expect(updated).toMatchObject({ status: 200, body: { message: 'Contact updated.' } });
    await post('/api/v1/webhook/forms', {
      api_token: token,
      phone_number: '2025550143',
      city: 'London',
      force_update: true,
    });
    const found = await lookup('2025550143');
    expect(found.body).toMatchObject({ first_name: 'Augusta', city: 'London', phone_number: '+12025550143' });
    const all = await get<{ count: number }>('/__sandbox/contacts');
    expect(all.body.count).toBe(1);
  });

  it('accepts other_phone_numbers as {label, phone_number} entries or a comma-separated string', async () => {
    await post('/api/v1/webhook/forms', {
      api_token: token,
      phone_number: '2025550143',
      other_phone_numbers: [{ label: 'mobile', phone_number: '2025550144' }],
    });
    await post('/api/v1/webhook/forms', {
      api_token: token,
      phone_number: '2025550150',
      other_phone_numbers: '+12025550151, 2025550152',
    });
    expect((await lookup('2025550143')).body.other_phone_numbers).toEqual([
      { label: 'mobile', phone_number: '+12025550144' },
    ]);
    const second = await lookup('+12025550152');
    expect(second.status).toBe(200);
    expect(second.body.phone_number).toBe('+12025550150');
    expect(second.body.other_phone_numbers).toEqual([
      { label: 'other', phone_number: '+12025550151' },
      { label: 'other', phone_number: '+12025550152' },
    ]);
  });

  it('answers 400 for a missing or invalid phone number', async () => {
    for (const phone_number of [undefined, '', '555-1234', 'not a phone', '(555) 123-4567']) {
      const res = await post('/api/v1/webhook/forms', { api_token: token, phone_number, first_name: 'A' });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: 'Phone number is empty or invalid.' });
    }
    expect((await get<{ count: number }>('/__sandbox/contacts')).body.count).toBe(0);
  });

  it('fires Contact-Created / Contact-Updated webhooks for API writes (unless turned off)', async () => {
    await post('/api/v1/webhook/forms', { api_token: token, phone_number: '2025550143', first_name: 'Ada' });
    await post('/api/v1/webhook/forms', {
      api_token: token,
      phone_number: '2025550143',
      first_name: 'Bo',
      force_update: 1,
    });
    const [created, updated] = await receiver.waitFor(2);
    expect(created!.body.event).toBe('Contact-Created');
    expect(updated!.body).toMatchObject({ event: 'Contact-Updated', body: { first_name: 'Bo' } });
    await post('/__sandbox/settings', { apiWritesEmitContactEvents: false });
    await post('/api/v1/webhook/forms', { api_token: token, phone_number: '2025550160' });
    await get('/__sandbox/deliveries?waitMs=2000');
    expect(receiver.received).toHaveLength(2);
  });
});

describe('GET /api/v1/webhook/contact/phone-number', () => {
  it('answers 400 for an empty or invalid phone and 404 for an unknown one, with the documented bodies', async () => {
    expect(await lookup('')).toMatchObject({
      status: 400,
      body: { error: 'Phone number is empty or invalid.' },
    });
    expect(await lookup('12')).toMatchObject({
      status: 400,
      body: { error: 'Phone number is empty or invalid.' },
    });
    expect(await lookup('2025550199')).toMatchObject({ status: 404, body: { error: 'Contact not found.' } });
  });
});

describe('GET /api/v1/webhook/users', () => {
  it('lists every agent with the documented fields, unpaged', async () => {
    const res = await get<Record<string, unknown>[]>(`/api/v1/webhook/users?api_token=${token}`);
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body)).toBe(true);
    expect(res.body.length).toBeGreaterThanOrEqual(3);
    expect(res.body[0]).toEqual({
      id: 101,
      name: 'Alice Agent',
      email: 'alice.agent@sandbox.example',
      agent_status: 1,
      human_readable_agent_status: 'Available',
    });
  });

  it('includes agents added through the sandbox', async () => {
    await post('/__sandbox/users', { id: 150, name: 'Rep Sales', email: 'rep@sandbox.example' });
    const res = await get<{ id: number; email: string }[]>(`/api/v1/webhook/users?api_token=${token}`);
    expect(res.body.find((u) => u.id === 150)?.email).toBe('rep@sandbox.example');
  });
});

describe('api_token', () => {
  it('refuses a wrong or missing token with 401 JSON when the client accepts JSON', async () => {
    const wrong = await post('/api/v1/webhook/forms', { api_token: 'nope', phone_number: '2025550143' });
    expect(wrong).toMatchObject({ status: 401, body: { message: 'Unauthenticated.' } });
    const missing = await get('/api/v1/webhook/users');
    expect(missing.status).toBe(401);
    expect((await get<{ count: number }>('/__sandbox/contacts')).body.count).toBe(0);
  });

  it('sends a client that does not ask for JSON to the HTML login page', async () => {
    const res = await fetch(`${emu.url}/api/v1/webhook/users?api_token=wrong`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toMatch(/^<!DOCTYPE html>/);
  });
});

describe('unknown paths', () => {
  it('answer 200 with the SPA HTML shell, even under /api', async () => {
    for (const [method, path] of [
      ['GET', `/api/v1/webhook/calls?api_token=${token}`],
      ['GET', '/api/v1/communications'],
      ['POST', '/api/v1/webhook/contacts'],
      ['GET', '/some/page'],
    ] as const) {
      const res = await call<string>(
        emu.url,
        method,
        path,
        method === 'POST' ? { api_token: token } : undefined,
      );
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(res.body).toMatch(/^<!DOCTYPE html>/);
    }
  });
});

describe('POST /api/v1/webhook/sms-gateway/send', () => {
  it('answers 202 and reports the outcome later by webhook', async () => {
    const res = await post('/api/v1/webhook/sms-gateway/send', {
      api_token: token,
      from: '+12025550100',
      to: '2025550143',
      message: 'Hello from the sandbox',
    });
    expect(res).toMatchObject({ status: 202, body: { message: 'Message sent.' } });
    const hooks = await receiver.waitFor(2);
    expect(hooks.map((h) => h.body.event)).toEqual(['Contact-Created', 'OutboundSMS-DispositionCompleted']);
    expect(hooks[1]!.body.body).toMatchObject({
      type: 2,
      direction: 2,
      body: 'Hello from the sandbox',
      lead_number: '+12025550143',
      incoming_number: '+12025550100',
      disposition_status: 'completed',
    });
  });

  it('accepts a number that cannot receive texts, then reports OutboundSMS-DispositionInvalid', async () => {
    const res = await post('/api/v1/webhook/sms-gateway/send', {
      api_token: token,
      line_id: 5001,
      to: '5551234567',
      message: 'Hi',
    });
    expect(res.status).toBe(202);
    const hooks = await receiver.waitFor(2);
    expect(hooks[1]!.body).toMatchObject({
      event: 'OutboundSMS-DispositionInvalid',
      body: { disposition_status: 'invalid', disposition_status2: 7 },
    });
  });

  it('rejects a send without a message or line (422) and sends nothing', async () => {
    const res = await post('/api/v1/webhook/sms-gateway/send', { api_token: token, to: '2025550143' });
    expect(res.status).toBe(422);
    expect(res.body).toHaveProperty('errors.message');
    expect(res.body).toHaveProperty('errors.from');
    const deliveries = await get<{ count: number }>('/__sandbox/deliveries?waitMs=200');
    expect(deliveries.body.count).toBe(0);
  });
});

describe('GET /__sandbox/requests', () => {
  it('counts public API calls by route without recording the token', async () => {
    await get(`/api/v1/webhook/users?api_token=${token}`);
    await get(`/api/v1/webhook/users?api_token=${token}`);
    await lookup('2025550143');
    const res = await get<{ count: number; byRoute: Record<string, number>; log: unknown[] }>(
      '/__sandbox/requests',
    );
    expect(res.body.count).toBe(3);
    expect(res.body.byRoute).toEqual({
      'GET /api/v1/webhook/users': 2,
      'GET /api/v1/webhook/contact/phone-number': 1,
    });
    expect(JSON.stringify(res.body)).not.toContain(token);
  });
});
