import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { silentLogger } from '../logging/index.js';
import { createApp } from './app.js';
import { safeEqual } from './auth.js';
import type { RouteDef } from './route.js';
import { healthz } from './routes/healthz.js';

const secrets = {
  salesforceSyncKey: 'k'.repeat(20),
  alowareWebhookToken: 't'.repeat(20),
  operatorToken: 'o'.repeat(20),
};
const echo: RouteDef = {
  method: 'post',
  path: '/echo',
  auth: 'sync-key',
  bodyLimit: '1kb',
  body: z.object({ n: z.number() }),
  handler: () => (req, res) => {
    res.status(202).json(req.body);
  },
};
const boom: RouteDef = {
  method: 'get',
  path: '/boom',
  auth: 'none',
  handler: () => () => {
    throw new Error('secret internals');
  },
};
const byId: RouteDef = {
  method: 'get',
  path: '/items/:id',
  auth: 'none',
  handler: () => (req, res) => {
    res.json({ id: req.params.id });
  },
};
const app = createApp({ secrets, logger: silentLogger, routes: [healthz, echo, boom, byId], deps: {} });

describe('createApp', () => {
  it('serves /healthz', async () => {
    const res = await request(app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await request(app).get('/nope');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });

  it('rejects a missing or wrong sync key with 401', async () => {
    expect((await request(app).post('/echo').send({ n: 1 })).status).toBe(401);
    const wrong = await request(app).post('/echo').set('X-Aloware-Sync-Key', 'x'.repeat(20)).send({ n: 1 });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('unauthorized');
  });

  it('validates the body and says why', async () => {
    const res = await request(app)
      .post('/echo')
      .set('X-Aloware-Sync-Key', secrets.salesforceSyncKey)
      .send({ n: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('n');
  });

  it('rejects bodies over the limit with 413 and bad JSON with 400', async () => {
    const big = await request(app)
      .post('/echo')
      .set('X-Aloware-Sync-Key', secrets.salesforceSyncKey)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ n: 1, pad: 'x'.repeat(2000) }));
    expect(big.status).toBe(413);
    const bad = await request(app)
      .post('/echo')
      .set('X-Aloware-Sync-Key', secrets.salesforceSyncKey)
      .set('Content-Type', 'application/json')
      .send('{"n":');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_json');
  });

  it('accepts a valid request', async () => {
    const res = await request(app)
      .post('/echo')
      .set('X-Aloware-Sync-Key', secrets.salesforceSyncKey)
      .send({ n: 2 });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ n: 2 });
  });

  it('answers 400, not 500, to a path parameter that does not decode', async () => {
    const res = await request(app).get('/items/%ZZ');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('bad_request');
    expect((await request(app).get('/items/%41')).body).toEqual({ id: 'A' });
  });

  it('turns unexpected errors into a JSON 500 without internals', async () => {
    const res = await request(app).get('/boom');
    expect(res.status).toBe(500);
    expect(JSON.stringify(res.body)).not.toContain('secret internals');
  });
});

describe('safeEqual', () => {
  it('compares secrets of any length without throwing', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abcd')).toBe(false);
    expect(safeEqual(undefined, 'abc')).toBe(false);
    expect(safeEqual('', '')).toBe(false);
  });
});
