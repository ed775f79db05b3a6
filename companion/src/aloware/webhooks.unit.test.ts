import { describe, expect, it } from 'vitest';
import { classifyDelivery, summaryText } from './webhooks.js';

const call = {
  id: 52170485001,
  type: 1,
  direction: 2,
  contact_id: 30000001,
  user_id: 101,
  lead_number: '+13107201619',
  disposition_status: 'completed',
  call_disposition: 'Interested',
  talk_time: 192,
  duration: 198,
  created_at: '2026-11-28 13:20:00',
  updated_at: '2026-11-28 13:23:18',
  unexpected_new_key: { nested: true },
};

describe('classifyDelivery', () => {
  it.each([
    ['OutboundPhoneCall', 'initiated', 'Call', 'Outbound', null],
    ['InboundPhoneCall', 'initiated', 'Call', 'Inbound', 'completed'],
    ['OutboundPhoneCall-DispositionCompleted', 'disposition', 'Call', 'Outbound', 'completed'],
    ['InboundPhoneCall-DispositionMissed', 'disposition', 'Call', 'Inbound', 'missed'],
    ['OutboundSMS-DispositionInvalid', 'disposition', 'SMS', 'Outbound', 'invalid'],
    ['InboundSMS-DispositionCompleted', 'disposition', 'SMS', 'Inbound', 'completed'],
    ['Call-Disposed', 'call_disposed', 'Call', 'Outbound', 'completed'],
    ['Recording-Saved', 'recording', 'Call', 'Outbound', 'completed'],
  ])('%s is a %s event of a %s', (event, stage, channel, direction, disposition) => {
    const body = event === 'OutboundPhoneCall' ? { ...call, disposition_status: undefined } : call;
    const result = classifyDelivery({ event, body });
    expect(result).toMatchObject({
      kind: 'communication',
      stage,
      channel,
      direction,
      communicationId: '52170485001',
    });
    if (result.kind === 'communication') expect(result.disposition).toBe(disposition);
  });

  it('reads direction words and string numbers', () => {
    const result = classifyDelivery({
      event: 'Call-Disposed',
      body: { ...call, id: '77', direction: 'inbound', talk_time: '12' },
    });
    expect(result).toMatchObject({ communicationId: '77', direction: 'Inbound', body: { talk_time: 12 } });
  });

  it('finds the call of a summary at body.communication.id (the summary has no body.id)', () => {
    const result = classifyDelivery({
      event: 'transcription.call.summarized',
      body: { communication: { ...call, call_summary: { summary: 'Asked for a demo.' } }, transcription: {} },
    });
    expect(result).toMatchObject({ kind: 'communication', stage: 'summary', communicationId: '52170485001' });
    if (result.kind === 'communication') expect(result.summary).toBe('Asked for a demo.');
  });

  it('falls back to transcription.communication_id for a summary', () => {
    const result = classifyDelivery({
      event: 'transcription.call.summarized',
      body: { transcription: { communication_id: 91, custom_summary: 'Short.' } },
    });
    expect(result).toMatchObject({ communicationId: '91', summary: 'Short.' });
  });

  it.each([
    ['Contact-Created', 'created'],
    ['Contact-Updated', 'updated'],
    ['contact.updated', 'updated'],
  ])('%s is a contact %s event', (event, action) => {
    const result = classifyDelivery({ event, body: { id: 30000001, phone_number: '+13107201619', x: 1 } });
    expect(result).toMatchObject({ kind: 'contact', action, contact: { id: '30000001', x: 1 } });
  });

  it('accepts a contact wrapped in body.contact', () => {
    const result = classifyDelivery({ event: 'Contact-Created', body: { contact: { id: 5 } } });
    expect(result).toMatchObject({ kind: 'contact', contact: { id: '5' } });
  });

  it.each([
    [{ event: 'transcription.open_search.saved', body: {} }, 'ignored'],
    [{ event: 'OutboundAppointment', body: { id: 1 } }, 'unknown'],
    [{ event: 'Contact-DNC-Updated', body: { id: 1 } }, 'unknown'],
    [{ body: {} }, 'malformed'],
    ['not an object', 'malformed'],
    [{ event: 'Call-Disposed', body: { type: 1 } }, 'malformed'],
    [{ event: 'Contact-Updated', body: { phone_number: '+1' } }, 'malformed'],
    [{ event: 'transcription.call.summarized', body: {} }, 'malformed'],
  ])('%j is %s', (payload, kind) => {
    expect(classifyDelivery(payload).kind).toBe(kind);
  });
});

describe('summaryText', () => {
  it.each([
    ['plain', 'plain'],
    [{ summary: 'obj' }, 'obj'],
    ['{"summary":"json"}', 'json'],
    ['', null],
    [null, null],
    [{ other: 1 }, null],
  ])('%j → %j', (input, expected) => {
    expect(summaryText(input)).toBe(expected);
  });
});
