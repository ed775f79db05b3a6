import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { recordCall, recordSms, replay } from '../activity.js';
import { parseContactInput } from '../contact-input.js';
import { contactJson } from '../events/payloads.js';
import { isPossibleButInvalid, possibleE164 } from '../phone.js';
import type { EmulatorState } from '../state.js';
import { controlError, parseBody } from './respond.js';
import { withoutForeignNumbers } from './public.js';

const phone = z.string().refine((p) => possibleE164(p) !== undefined, 'not a phone number');
const direction = z.enum(['inbound', 'outbound']);

const callSchema = z.object({
  phone,
  direction,
  talkTime: z.number().int().min(0).default(0),
  disposition: z.string().min(1).optional(),
  recording: z.boolean().default(false),
  status: z.enum(['completed', 'missed', 'failed']).default('completed'),
  userId: z.number().int().positive().optional(),
  notes: z.string().optional(),
  shuffle: z.boolean().default(false),
});

const smsSchema = z.object({
  phone,
  direction,
  text: z.string().min(1),
  userId: z.number().int().positive().optional(),
  status: z.enum(['completed', 'invalid']).optional(),
  media: z.array(z.url()).max(10).default([]),
  mediaLater: z.boolean().default(false),
});

/** What an agent does in the Aloware app; each action fires the webhooks Aloware would fire. */
export function agentRouter(state: EmulatorState): Router {
  const router = Router();
  router.post('/contacts', (req, res) => createContact(state, req, res));
  router.patch('/contacts/:id', (req, res) => updateContact(state, req, res));
  router.post('/calls', (req, res) => {
    const input = parseBody(res, callSchema, req.body);
    if (!input) return;
    res.status(201).json(recordCall(state, { ...input, phone: possibleE164(input.phone)! }));
  });
  router.post('/sms', (req, res) => {
    const input = parseBody(res, smsSchema, req.body);
    if (!input) return;
    const invalid = input.status ? input.status === 'invalid' : isPossibleButInvalid(input.phone);
    const userId = input.userId ?? (input.direction === 'outbound' ? state.directory.defaultAgentId() : null);
    res.status(201).json(recordSms(state, { ...input, phone: possibleE164(input.phone)!, userId, invalid }));
  });
  router.post('/replay/:communicationId', (req, res) => {
    const shuffle = (req.body as { shuffle?: unknown } | undefined)?.shuffle === true;
    const events = replay(state, Number(req.params.communicationId), shuffle);
    if (!events) return controlError(res, 404, 'not_found', 'No such communication.');
    res.json({ communicationId: Number(req.params.communicationId), events });
  });
  return router;
}

function createContact(state: EmulatorState, req: Request, res: Response): void {
  const { phone, patch } = parseContactInput((req.body ?? {}) as Record<string, unknown>);
  if (!phone) return controlError(res, 400, 'invalid_phone', 'phone_number is missing or invalid.');
  const existing = state.contacts.findByPhone(phone);
  if (existing) return controlError(res, 409, 'duplicate_phone', `Contact ${existing.id} has this number.`);
  const contact = state.contacts.create(
    { ...withoutForeignNumbers(state, patch, phone), phone_number: phone },
    'manual',
  );
  state.emitContact('created', contact);
  res.status(201).json(contactJson(contact));
}

function updateContact(state: EmulatorState, req: Request, res: Response): void {
  const contact = state.contacts.get(Number(req.params.id));
  if (!contact) return controlError(res, 404, 'not_found', 'No such contact.');
  const { phone, phoneGiven, patch } = parseContactInput((req.body ?? {}) as Record<string, unknown>);
  if (phoneGiven && !phone) return controlError(res, 400, 'invalid_phone', 'phone_number is invalid.');
  const owner = phone ? state.contacts.conflictingOwner([phone], contact.id) : undefined;
  if (owner) return controlError(res, 409, 'duplicate_phone', `Contact ${owner.id} has this number.`);
  const changed = state.contacts.update(
    contact.id,
    withoutForeignNumbers(state, patch, phone ?? contact.phone_number, contact.id),
  );
  if (changed.length > 0) state.emitContact('updated', contact);
  res.json({ ...contactJson(contact), changed });
}
