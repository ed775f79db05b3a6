import { Router } from 'express';
import { z } from 'zod';
import { contactJson } from '../events/payloads.js';
import { faultInputSchema } from '../faults.js';
import type { EmulatorState } from '../state.js';
import { makeUser } from '../store/directory.js';
import type { WebhookTarget } from '../webhooks/dispatcher.js';
import { controlError, parseBody } from './respond.js';

const webhookSchema = z.object({
  url: z.url(),
  auth: z
    .discriminatedUnion('type', [
      z.object({ type: z.literal('none') }),
      z.object({ type: z.literal('bearer'), token: z.string().min(1) }),
      z.object({ type: z.literal('basic'), username: z.string(), password: z.string() }),
    ])
    .default({ type: 'none' }),
  events: z.array(z.string().min(1)).optional(),
  delayMs: z.number().int().min(0).max(600_000).optional(),
});

const userSchema = z.object({
  id: z.number().int().positive().optional(),
  name: z.string().min(1),
  email: z.string().min(3),
  agentStatus: z.number().int().min(0).max(6).default(1),
});

const MAX_WAIT_MS = 30_000;

/** Test and demo controls: inspection, reset, faults, rate limit, webhook targets and agents. */
export function controlRouter(state: EmulatorState): Router {
  const router = Router();
  router.get('/contacts', (_req, res) => {
    res.json({ count: state.contacts.size, contacts: state.contacts.all().map(contactJson) });
  });
  router.get('/communications/:id', (req, res) => {
    const record = state.communications.get(Number(req.params.id));
    if (!record) return controlError(res, 404, 'not_found', 'No such communication.');
    res.json(record);
  });
  router.get('/requests', (_req, res) => res.json(state.requests.snapshot()));
  router.delete('/requests', (_req, res) => {
    state.requests.clear();
    res.status(204).end();
  });
  router.post('/reset', (_req, res) => {
    state.reset();
    res.json({ reset: true });
  });
  mountFaults(router, state);
  mountRateLimit(router, state);
  mountWebhooks(router, state);
  mountUsers(router, state);
  return router;
}

function mountFaults(router: Router, state: EmulatorState): void {
  router.post('/faults', (req, res) => {
    const input = parseBody(res, faultInputSchema, req.body);
    if (input) res.status(201).json(state.faults.add(input));
  });
  router.get('/faults', (_req, res) => res.json({ faults: state.faults.list() }));
  router.delete('/faults', (_req, res) => {
    state.faults.clear();
    res.status(204).end();
  });
}

function mountRateLimit(router: Router, state: EmulatorState): void {
  const schema = z.object({ requestsPerMinute: z.number().int().min(0).nullable() });
  router.post('/rate-limit', (req, res) => {
    const input = parseBody(res, schema, req.body);
    if (!input) return;
    state.limiter.configure(input.requestsPerMinute ?? undefined);
    res.json({ requestsPerMinute: state.limiter.requestsPerMinute });
  });
  router.get('/rate-limit', (_req, res) => res.json({ requestsPerMinute: state.limiter.requestsPerMinute }));
  router.post('/settings', (req, res) => {
    const input = parseBody(res, z.object({ apiWritesEmitContactEvents: z.boolean() }), req.body);
    if (!input) return;
    state.apiWritesEmitContactEvents = input.apiWritesEmitContactEvents;
    res.json(input);
  });
}

function mountWebhooks(router: Router, state: EmulatorState): void {
  router.post('/webhooks', (req, res) => {
    const input = parseBody(res, webhookSchema, req.body);
    if (input) res.status(201).json(publicTarget(state.dispatcher.addTarget(input)));
  });
  router.get('/webhooks', (_req, res) => {
    res.json({ webhooks: state.dispatcher.listTargets().map(publicTarget) });
  });
  router.delete('/webhooks', (_req, res) => {
    for (const t of state.dispatcher.listTargets()) state.dispatcher.removeTarget(t.id);
    res.status(204).end();
  });
  router.delete('/webhooks/:id', (req, res) => {
    if (!state.dispatcher.removeTarget(Number(req.params.id))) {
      return controlError(res, 404, 'not_found', 'No such webhook.');
    }
    res.status(204).end();
  });
  router.delete('/deliveries', (_req, res) => {
    state.dispatcher.clearLog();
    res.status(204).end();
  });
  // `?waitMs=` waits (at most 30 s) until every scheduled delivery has been attempted.
  router.get('/deliveries', async (req, res) => {
    const waitMs = Math.min(Number(req.query.waitMs ?? 0) || 0, MAX_WAIT_MS);
    if (waitMs > 0) await Promise.race([state.dispatcher.whenIdle(), sleep(waitMs)]);
    const event = typeof req.query.event === 'string' ? req.query.event : undefined;
    const communicationId = req.query.communicationId ? Number(req.query.communicationId) : undefined;
    const deliveries = state.dispatcher
      .deliveries()
      .filter(
        (d) =>
          (event === undefined || d.event === event) &&
          (communicationId === undefined || d.communicationId === communicationId),
      );
    res.json({ count: deliveries.length, pending: state.dispatcher.pendingCount, deliveries });
  });
}

function mountUsers(router: Router, state: EmulatorState): void {
  router.post('/users', (req, res) => {
    const input = parseBody(res, userSchema, req.body);
    if (!input) return;
    const id = input.id ?? Math.max(100, ...state.directory.users.keys()) + 1;
    const user = makeUser(id, input.name, input.email, input.agentStatus);
    state.directory.users.set(id, user);
    res.status(201).json(user);
  });
}

/** Targets as listed by the control API: the auth type is shown, never the secret. */
function publicTarget(target: WebhookTarget) {
  return { ...target, auth: { type: target.auth.type } };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
