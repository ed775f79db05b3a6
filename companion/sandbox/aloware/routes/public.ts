import { Router, type Request, type Response } from 'express';
import { recordSms } from '../activity.js';
import { parseContactInput, truthy } from '../contact-input.js';
import { contactJson } from '../events/payloads.js';
import { publicGuards } from '../middleware/guards.js';
import { isPossibleButInvalid, normalisePhone, possibleE164 } from '../phone.js';
import type { EmulatorState } from '../state.js';
import type { ContactPatch } from '../store/contacts.js';

const PREFIX = '/api/v1/webhook';
const INVALID_PHONE = { error: 'Phone number is empty or invalid.' };

/** Aloware's public API (see companion/sandbox/aloware/README.md). Mounted at `/api/v1/webhook`; other paths fall through to the SPA. */
export function publicRouter(state: EmulatorState): Router {
  const router = Router();
  const guard = (path: string, tokenIn: 'query' | 'body') => publicGuards(state, `${PREFIX}${path}`, tokenIn);
  router.post('/forms', ...guard('/forms', 'body'), (req, res) => forms(state, req, res));
  router.get('/contact/phone-number', ...guard('/contact/phone-number', 'query'), (req, res) =>
    lookup(state, req, res),
  );
  router.get('/users', ...guard('/users', 'query'), (_req, res) => {
    res.json([...state.directory.users.values()]);
  });
  router.post('/sms-gateway/send', ...guard('/sms-gateway/send', 'body'), (req, res) =>
    smsSend(state, req, res),
  );
  return router;
}

/**
 * Create or update by `phone_number`. 201 `{"message":"Contact created."}`; an existing phone with `force_update`
 * on → 200 (body undocumented; `{"message":"Contact updated."}` chosen); off → 409 "Contact already exists"
 * (n8n). No success body returns the contact id (documented: none seen), so clients look it up by phone.
 * 400 body for a bad phone is undocumented: the lookup API's wording is reused.
 */
function forms(state: EmulatorState, req: Request, res: Response): void {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const { phone, patch } = parseContactInput(body);
  if (!phone) {
    res.status(400).json(INVALID_PHONE);
    return;
  }
  const existing = state.contacts.findByPhone(phone);
  if (!existing) {
    const contact = state.contacts.create(
      { ...withoutForeignNumbers(state, patch, phone), phone_number: phone },
      'api',
    );
    if (state.apiWritesEmitContactEvents) state.emitContact('created', contact);
    res.status(201).json({ message: 'Contact created.' });
    return;
  }
  if (!truthy(body.force_update)) {
    res.status(409).json({ message: 'Contact already exists.' });
    return;
  }
  const { phone_number: _key, ...update } = withoutForeignNumbers(
    state,
    patch,
    existing.phone_number,
    existing.id,
  );
  const changed = state.contacts.update(existing.id, update);
  if (changed.length > 0 && state.apiWritesEmitContactEvents) state.emitContact('updated', existing);
  res.status(200).json({ message: 'Contact updated.' });
}

/** A number belongs to one contact only: other numbers already held by another contact are not attached. */
export function withoutForeignNumbers(
  state: EmulatorState,
  patch: ContactPatch,
  primary: string,
  selfId?: number,
): ContactPatch {
  if (!patch.other_phone_numbers) return patch;
  const others = patch.other_phone_numbers.filter(
    (o) => o.phone_number !== primary && !state.contacts.conflictingOwner([o.phone_number], selfId),
  );
  return { ...patch, other_phone_numbers: others };
}

function lookup(state: EmulatorState, req: Request, res: Response): void {
  const phone = normalisePhone(req.query.phone_number);
  if (!phone) {
    res.status(400).json(INVALID_PHONE);
    return;
  }
  const contact = state.contacts.findByPhone(phone);
  if (!contact) {
    res.status(404).json({ error: 'Contact not found.' });
    return;
  }
  res.status(200).json(contactJson(contact));
}

/**
 * 202 `{"message":"Message sent."}` means accepted, not delivered: the outcome arrives later by webhook
 * (`OutboundSMS-DispositionCompleted`, or `-DispositionInvalid` for a number that cannot receive it).
 * Validation failures answer 422 in Laravel's shape (the SMS doc shows no error body; unverified). An
 * `image_url` makes it an MMS: the delivery carries the link in `attachments` (unverified, see the README).
 */
function smsSend(state: EmulatorState, req: Request, res: Response): void {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const errors: Record<string, string[]> = {};
  const to = possibleE164(body.to);
  if (!to) errors.to = ['The to field must be a valid phone number.'];
  if (typeof body.message !== 'string' || body.message.trim() === '')
    errors.message = ['The message field is required.'];
  const line = state.directory.lineFor(normalisePhone(body.from), body.line_id);
  if (!line) errors.from = ['The from or line_id field must be one of the account lines.'];
  const first = Object.values(errors)[0]?.[0];
  if (first || !to) {
    res.status(422).json({ message: first, errors });
    return;
  }
  const requested = Number(body.user_id ?? 0);
  const invalid = isPossibleButInvalid(body.to);
  const text = String(body.message);
  const image =
    typeof body.image_url === 'string' && /^https?:\/\//.test(body.image_url) ? body.image_url : null;
  res.status(202).json({ message: 'Message sent.' });
  setImmediate(() => {
    const owner = state.contacts.findByPhone(to)?.user_id ?? null;
    const userId = requested === -1 ? null : requested > 0 ? requested : owner;
    recordSms(state, {
      phone: to,
      direction: 'outbound',
      text,
      userId,
      invalid,
      media: image ? [image] : [],
    });
  });
}
