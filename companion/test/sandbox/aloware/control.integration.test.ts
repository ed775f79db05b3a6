import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAlowareEmulator, type AlowareEmulator } from '../../../sandbox/aloware/index.js';
import { call } from './http.js';
import { startReceiver, type Receiver } from './receiver.js';

let emu: AlowareEmulator;
let receiver: Receiver;
const token = 'sandbox-token';
const post = <T = Record<string, unknown>>(path: string, body: unknown) =>
  call<T>(emu.url, 'POST', path, body);
const get = <T = Record<string, unknown>>(path: string) => call<T>(emu.url, 'GET', path);
const users = () => get(`/api/v1/webhook/users?api_token=${token}`);
const form = (phone: string) => post('/api/v1/webhook/forms', { api_token: token, phone_number: phone });

beforeAll(async () => {
  receiver = await startReceiver();
  emu = await startAlowareEmulator({ webhookUrl: receiver.url, requestsPerMinute: 5 });
});
afterAll(async () => {
  await emu.stop();
  await receiver.close();
});
beforeEach(async () => {
  await post('/__sandbox/reset', {});
  receiver.received.length = 0;
});

describe('startAlowareEmulator', () => {
  it('returns its url and the sandbox api token, and stops cleanly', async () => {
    const other = await startAlowareEmulator({ port: 0 });
    expect(other.apiToken).toBe('sandbox-token');
    expect(other.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${other.url}/api/v1/webhook/users?api_token=sandbox-token`)).status).toBe(200);
    await other.stop();
    await expect(fetch(`${other.url}/api/v1/webhook/users`)).rejects.toThrow();
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After once the per-minute budget is spent', async () => {
    for (let i = 0; i < 5; i++) {
      const ok = await users();
      expect(ok.status).toBe(200);
      expect(ok.headers.get('x-ratelimit-remaining')).toBe(String(4 - i));
    }
    const limited = await users();
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ message: 'Too Many Attempts.' });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });

  it('can be changed or lifted at run time', async () => {
    expect((await post('/__sandbox/rate-limit', { requestsPerMinute: 1 })).body).toEqual({
      requestsPerMinute: 1,
    });
    expect((await users()).status).toBe(200);
    expect((await users()).status).toBe(429);
    await post('/__sandbox/rate-limit', { requestsPerMinute: null });
    for (let i = 0; i < 8; i++) expect((await users()).status).toBe(200);
  });
});

describe('faults', () => {
  it('a counted 5xx fault fails exactly that many requests', async () => {
    expect((await post('/__sandbox/faults', { kind: 'error', status: 503, count: 2 })).status).toBe(201);
    expect((await users()).status).toBe(503);
    expect((await users()).status).toBe(503);
    expect((await users()).status).toBe(200);
  });

  it('a throttle fault answers 429 with its Retry-After, only on the chosen route', async () => {
    await post('/__sandbox/faults', { kind: 'throttle', retryAfterSeconds: 7, route: 'forms' });
    const throttled = await form('2025550143');
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('7');
    expect((await users()).status).toBe(200);
    expect((await get<{ count: number }>('/__sandbox/contacts')).body.count).toBe(0);
  });

  it('a rate-based error fault fails about that share of requests', async () => {
    await post('/__sandbox/rate-limit', { requestsPerMinute: null });
    await post('/__sandbox/faults', { kind: 'error', status: 500, rate: 1 });
    const res = await users();
    expect(res).toMatchObject({ status: 500, body: { message: 'Server Error' } });
    await post('/__sandbox/faults', { kind: 'error', status: 500, rate: 0 });
    await call(emu.url, 'DELETE', '/__sandbox/faults');
    expect((await users()).status).toBe(200);
  });

  it('latency delays the answer', async () => {
    await post('/__sandbox/faults', { kind: 'latency', ms: 250 });
    const started = Date.now();
    expect((await users()).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });

  it('rejects an unknown fault kind with a 400 control error', async () => {
    const res = await post('/__sandbox/faults', { kind: 'meteor' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'invalid_request' } });
  });
});

describe('reset and inspection', () => {
  it('GET /__sandbox/contacts lists every contact; reset empties it and keeps the start-up webhook', async () => {
    await form('2025550143');
    await form('2025550144');
    const listed = await get<{ count: number; contacts: { phone_number: string }[] }>('/__sandbox/contacts');
    expect(listed.body.count).toBe(2);
    expect(listed.body.contacts.map((c) => c.phone_number)).toEqual(['+12025550143', '+12025550144']);
    await post('/__sandbox/reset', {});
    expect((await get<{ count: number }>('/__sandbox/contacts')).body.count).toBe(0);
    expect((await get<{ count: number }>('/__sandbox/requests')).body.count).toBe(0);
    const hooks = await get<{ webhooks: { url: string }[] }>('/__sandbox/webhooks');
    expect(hooks.body.webhooks.map((w) => w.url)).toEqual([receiver.url]);
  });

  it('answers a JSON 404 for unknown control routes', async () => {
    const res = await get('/__sandbox/nothing-here');
    expect(res).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
  });
});
