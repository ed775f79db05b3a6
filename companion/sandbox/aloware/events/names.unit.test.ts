import { describe, expect, it } from 'vitest';
import { dispositionEvent, initiatedEvent, isSubscribed } from './names.js';

describe('event names', () => {
  it('builds the observed wire names', () => {
    expect(initiatedEvent('PhoneCall', 'outbound')).toBe('OutboundPhoneCall');
    expect(dispositionEvent('PhoneCall', 'inbound', 'missed')).toBe('InboundPhoneCall-DispositionMissed');
    expect(dispositionEvent('SMS', 'outbound', 'invalid')).toBe('OutboundSMS-DispositionInvalid');
  });
});

describe('isSubscribed', () => {
  it.each([
    ['OutboundPhoneCall-DispositionCompleted', ['Communication disposed'], true],
    ['InboundSMS-DispositionCompleted', ['communication disposed'], true],
    ['OutboundPhoneCall', ['Communication disposed'], false],
    ['OutboundPhoneCall', ['Communication initiated'], true],
    ['Call-Disposed', ['Call disposed'], true],
    ['Call-Disposed', ['Recording-Saved'], false],
    ['Recording-Saved', ['Recording-Saved'], true],
    ['Contact-Created', ['Contact created'], true],
    ['transcription.open_search.saved', ['Contact created'], true],
    ['anything', null, true],
  ] as const)('%s with %j → %s', (event, subscriptions, expected) => {
    expect(isSubscribed(event, subscriptions === null ? null : [...subscriptions])).toBe(expected);
  });
});
