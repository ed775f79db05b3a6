import { alowareTimestamp } from '../time.js';
import { dispositionEvent } from './names.js';
import { communicationBase, type CommunicationContext, type Envelope } from './payloads.js';

/**
 * An SMS produces exactly one delivery, its disposition (observed): `InboundSMS-DispositionCompleted`,
 * `OutboundSMS-DispositionCompleted`, or `OutboundSMS-DispositionInvalid` when the carrier rejects the number
 * after the API already answered 202. Calls and SMS share one id space.
 */
export function buildSmsEvents(ctx: CommunicationContext, text: string, invalid: boolean): Envelope[] {
  const body = {
    ...communicationBase(ctx),
    body: text,
    current_status: invalid ? 'failed' : 'completed',
    current_status2: invalid ? 19 : 9,
    disposition_status: invalid ? 'invalid' : 'completed',
    disposition_status2: invalid ? 7 : 4,
    updated_at: alowareTimestamp(),
  };
  return [{ event: dispositionEvent('SMS', ctx.direction, invalid ? 'invalid' : 'completed'), body }];
}
