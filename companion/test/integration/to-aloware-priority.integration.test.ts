import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startStack, waitFor, type Stack } from '../support/stack.js';
import { helpers } from '../support/to-aloware-helpers.js';

let stack: Stack;
let h: ReturnType<typeof helpers>;

beforeEach(async () => {
  stack = await startStack({ alowareWebhooks: false });
  h = helpers(stack);
});
afterEach(async () => {
  await stack?.stop();
});

const PHONE = '+12025550160';

async function shareOnePhone(first: 'Lead' | 'Contact') {
  const lead = { FirstName: 'Lena', LastName: 'Lead', Company: 'L', Phone: '(202) 555-0160' };
  const contact = { FirstName: 'Cora', LastName: 'Contact', Phone: '202.555.0160' };
  const second = first === 'Lead' ? 'Contact' : 'Lead';
  const a = (await h.seed(first, [first === 'Lead' ? lead : contact])).ids[0]!;
  await h.link(a);
  const b = (await h.seed(second, [second === 'Lead' ? lead : contact])).ids[0]!;
  await h.notificationsSettled();
  await h.idle();
  return first === 'Lead' ? { leadId: a, contactId: b } : { leadId: b, contactId: a };
}

async function onlyContactFor(phone: string) {
  const all = (await h.contacts()).filter(
    (c) => c.phone_number === phone || c.other_phone_numbers.some((o) => o.phone_number === phone),
  );
  expect(all).toHaveLength(1);
  return all[0]!;
}

describe('Lead and Contact sharing a phone', () => {
  it.each(['Lead', 'Contact'] as const)(
    'priority Contact (default): one Aloware contact linked to the Contact (%s first)',
    async (first) => {
      const { contactId, leadId } = await shareOnePhone(first);
      const link = await waitFor(async () => {
        const l = await stack.runtime.deps.store.links.byPhone(PHONE);
        return l?.salesforceId === contactId ? l : undefined;
      });
      expect(link.object).toBe('Contact');
      expect(await stack.runtime.deps.store.links.get(leadId)).toBeNull();
      const contact = await waitFor(async () => {
        const c = await onlyContactFor(PHONE);
        return c.first_name === 'Cora' ? c : undefined;
      });
      expect(String(contact.id)).toBe(link.alowareContactId);
    },
  );

  it.each(['Lead', 'Contact'] as const)(
    'priority Lead: one Aloware contact linked to the Lead (%s first)',
    async (first) => {
      await h.settings({ Priority_Object__c: 'Lead' });
      const { leadId, contactId } = await shareOnePhone(first);
      const link = await waitFor(async () => {
        const l = await stack.runtime.deps.store.links.byPhone(PHONE);
        return l?.salesforceId === leadId ? l : undefined;
      });
      expect(link.object).toBe('Lead');
      expect(await stack.runtime.deps.store.links.get(contactId)).toBeNull();
      const contact = await waitFor(async () => {
        const c = await onlyContactFor(PHONE);
        return c.first_name === 'Lena' ? c : undefined;
      });
      expect(String(contact.id)).toBe(link.alowareContactId);
    },
  );
});
