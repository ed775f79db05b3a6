import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import request from 'supertest';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { alowareWebhookMount } from '../../src/http/routes/aloware-webhook.js';
import { AlowareIngest } from '../../src/to-salesforce/ingest.js';
import { RedisUnhandledLog } from '../../src/to-salesforce/unhandled-log.js';
import { silentLogger } from '../../src/logging/index.js';
import { clearPrefix, Inbox, Keys } from '../../src/store/index.js';

const secrets = {
  salesforceSyncKey: 'k'.repeat(20),
  alowareWebhookToken: 'w'.repeat(24),
  operatorToken: 'o'.repeat(20),
};
const redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: 1 });
const prefix = `test-awhook-${randomUUID()}`;
const keys = new Keys(prefix);
const inbox = new Inbox(redis, keys);
const unhandled = new RedisUnhandledLog(redis, keys.key('aloware', 'unhandled'));
const queued: { kind: string; id: string; communicationId?: string }[] = [];
const ingest = new AlowareIngest(
  inbox,
  {
    contact: async (id) => void queued.push({ kind: 'contact', id }),
    activity: async (id, communicationId) => void queued.push({ kind: 'activity', id, communicationId }),
  },
  unhandled,
  silentLogger,
);
const app = createApp({
  secrets,
  logger: silentLogger,
  routes: [],
  deps: {},
  mounts: [alowareWebhookMount(ingest)],
});
const bearer = `Bearer ${secrets.alowareWebhookToken}`;

const disposed = {
  event: 'OutboundPhoneCall-DispositionCompleted',
  body: {
    id: 52170485001,
    type: 1,
    direction: 2,
    lead_number: '+13107201619',
    disposition_status: 'completed',
    talk_time: 63,
  },
};

beforeEach(async () => {
  queued.length = 0;
  await clearPrefix(redis, prefix);
});
afterAll(async () => {
  await clearPrefix(redis, prefix);
  await redis.quit();
});

describe('POST /webhooks/aloware', () => {
  it('refuses a missing or wrong credential with 401 and stores nothing', async () => {
    expect((await request(app).post('/webhooks/aloware').send(disposed)).status).toBe(401);
    const wrong = await request(app)
      .post('/webhooks/aloware')
      .set('Authorization', `Bearer ${'x'.repeat(24)}`)
      .send(disposed);
    expect(wrong.status).toBe(401);
    expect(await inbox.pendingCount('aloware')).toBe(0);
  });

  it('stores a call event before answering 202 and queues it by communication id', async () => {
    const res = await request(app).post('/webhooks/aloware').set('Authorization', bearer).send(disposed);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ accepted: 1 });
    const stored = await inbox.get(res.body.id);
    expect(stored?.payload).toEqual(disposed);
    expect(queued).toEqual([{ kind: 'activity', id: res.body.id, communicationId: '52170485001' }]);
  });

  it('accepts Basic auth with the token as password', async () => {
    const basic = Buffer.from(`aloware:${secrets.alowareWebhookToken}`).toString('base64');
    const res = await request(app)
      .post('/webhooks/aloware')
      .set('Authorization', `Basic ${basic}`)
      .send({ event: 'Contact-Created', body: { id: 30000001, phone_number: '+13107201619' } });
    expect(res.status).toBe(202);
    expect(queued).toEqual([{ kind: 'contact', id: res.body.id }]);
  });

  it('processes a redelivered event once', async () => {
    const first = await request(app).post('/webhooks/aloware').set('Authorization', bearer).send(disposed);
    const again = await request(app).post('/webhooks/aloware').set('Authorization', bearer).send(disposed);
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ accepted: 0, duplicate: true, id: first.body.id });
    expect(queued).toHaveLength(1);
  });

  it.each([
    ['an unknown event', JSON.stringify({ event: 'OutboundAppointment', body: { id: 9 } }), 'unknown'],
    ['a malformed event', JSON.stringify({ event: 'Call-Disposed', body: { type: 1 } }), 'malformed'],
    ['a body that is not JSON', 'event=Call-Disposed&id=1', 'malformed'],
    [
      'a body nested 3,000 levels deep',
      `{"event":"Call-Disposed","body":${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}}`,
      'malformed',
    ],
    ['an array nested 20,000 levels deep', `${'['.repeat(20_000)}${']'.repeat(20_000)}`, 'malformed'],
  ])('keeps %s for inspection and acknowledges it', async (_name, body, kind) => {
    const res = await request(app)
      .post('/webhooks/aloware')
      .set('Authorization', bearer)
      .set('Content-Type', 'application/json')
      .send(body);
    expect(res.status).toBe(202);
    expect(queued).toHaveLength(0);
    expect(await inbox.get(res.body.id)).not.toBeNull();
    const [entry] = await unhandled.list();
    expect(entry).toMatchObject({ inboxId: res.body.id, kind });
    expect(await inbox.pendingCount('aloware')).toBe(0);
  });

  it('answers 413 to a body over the limit', async () => {
    const huge = { event: 'Call-Disposed', body: { id: 1, notes: 'x'.repeat(600 * 1024) } };
    const res = await request(app).post('/webhooks/aloware').set('Authorization', bearer).send(huge);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it('requeues a delivery that was stored but never queued', async () => {
    let down = true;
    const flaky = new AlowareIngest(
      inbox,
      {
        contact: async () => undefined,
        activity: async (id, communicationId) => {
          if (down) throw new Error('queue unavailable');
          queued.push({ kind: 'activity', id, communicationId });
        },
      },
      unhandled,
      silentLogger,
    );
    const result = await flaky.receive(JSON.stringify(disposed));
    expect(result).toMatchObject({ duplicate: false, queued: false });
    down = false;
    expect(await flaky.requeuePending(0)).toBe(1);
    expect(queued).toEqual([{ kind: 'activity', id: result.inboxId, communicationId: '52170485001' }]);
  });
});
