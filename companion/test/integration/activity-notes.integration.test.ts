import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toSalesforceHelpers } from '../support/to-salesforce.js';
import { startStack, waitFor, WEBHOOK_TOKEN, type Stack } from '../support/stack.js';

let stack: Stack;
const h = toSalesforceHelpers(() => stack, 4000);

beforeAll(async () => {
  stack = await startStack({ runtime: { parkedSweepMs: 200 } });
});
afterAll(async () => {
  await stack?.stop();
});

/** A delivery as Aloware would send it (the emulator has no "edit notes" action). */
async function deliver(event: string, body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${stack.url}/webhooks/aloware`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${WEBHOOK_TOKEN}` },
    body: JSON.stringify({ event, body }),
  });
  expect(res.status).toBe(202);
}

const later = (seconds: number) =>
  new Date(Date.now() + seconds * 1000).toISOString().slice(0, 19).replace('T', ' ');

describe('notes reach the Task', () => {
  it('notes typed during the call, added after it (a later disposition), and sent on their own', async () => {
    const { phone } = await h.linkedRecord('Contact');
    const during = await h.call({ phone, direction: 'outbound', talkTime: 40, notes: 'Asked for a quote.' });
    await h.idle();
    const [first] = await h.tasksOf(during.communicationId);
    expect(first!.Description).toContain('Notes: Asked for a quote.');

    const call = await h.call({ phone, direction: 'inbound', talkTime: 20 });
    await h.idle();
    const base = { id: call.communicationId, type: 1, direction: 1, lead_number: phone };
    await deliver('Call-Disposed', {
      ...base,
      disposition_status: 'completed',
      talk_time: 20,
      notes: 'Call back on Monday.',
      updated_at: later(60),
    });
    await waitFor(async () =>
      String((await h.tasksOf(call.communicationId))[0]?.Description).includes('Notes: Call back on Monday.'),
    );

    const quiet = await h.call({ phone, direction: 'outbound', talkTime: 15 });
    await h.idle();
    await deliver('Recording-Saved', { ...base, id: quiet.communicationId, notes: 'Left a message.' });
    await waitFor(async () =>
      String((await h.tasksOf(quiet.communicationId))[0]?.Description).includes('Notes: Left a message.'),
    );
    expect(await h.tasksOf(quiet.communicationId)).toHaveLength(1);
  });
});
