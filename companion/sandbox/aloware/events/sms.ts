import { alowareTimestamp } from '../time.js';
import { dispositionEvent } from './names.js';
import { communicationBase, type CommunicationContext, type Envelope } from './payloads.js';

/** An MMS media file as the emulator puts it on message deliveries (an assumption: see the README). */
const attachment = (url: string) => ({ url, mime_type: mimeOf(url) });
const mimeOf = (url: string) =>
  /\.png$/i.test(url) ? 'image/png' : /\.gif$/i.test(url) ? 'image/gif' : 'image/jpeg';

/**
 * An SMS produces exactly one delivery, its disposition (observed): `InboundSMS-DispositionCompleted`,
 * `OutboundSMS-DispositionCompleted`, or `OutboundSMS-DispositionInvalid` when the carrier rejects the number
 * after the API already answered 202. Calls and SMS share one id space. An MMS carries its media as
 * `attachments`; with `later`, the first delivery has none and a second one of the same event (a later
 * `updated_at`) brings them, as when the media upload finishes after the message.
 */
export function buildSmsEvents(
  ctx: CommunicationContext,
  text: string,
  invalid: boolean,
  mms: { media: string[]; later: boolean } = { media: [], later: false },
): Envelope[] {
  const body = {
    ...communicationBase(ctx),
    body: text,
    current_status: invalid ? 'failed' : 'completed',
    current_status2: invalid ? 19 : 9,
    disposition_status: invalid ? 'invalid' : 'completed',
    disposition_status2: invalid ? 7 : 4,
    updated_at: alowareTimestamp(),
    attachments: mms.later ? [] : mms.media.map(attachment),
  };
  const event = dispositionEvent('SMS', ctx.direction, invalid ? 'invalid' : 'completed');
  if (!mms.later || mms.media.length === 0) return [{ event, body }];
  const withMedia = {
    ...body,
    attachments: mms.media.map(attachment),
    updated_at: alowareTimestamp(new Date(Date.now() + 1000)),
  };
  return [
    { event, body },
    { event, body: withMedia },
  ];
}
