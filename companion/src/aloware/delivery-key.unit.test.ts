import { describe, expect, it } from 'vitest';
import { deliveryKey } from './delivery-key.js';

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

describe('deliveryKey', () => {
  it('is the same for a redelivery even with another key order, and has no colon', () => {
    const a = deliveryKey({ event: 'Call-Disposed', body: call });
    const reordered = Object.fromEntries(Object.entries(call).reverse());
    expect(deliveryKey({ body: reordered, event: 'Call-Disposed' })).toBe(a);
    expect(a).not.toContain(':');
    expect(a).toContain('c52170485001');
  });

  it('differs for another event of the same call and for changed content', () => {
    const a = deliveryKey({ event: 'Call-Disposed', body: call });
    expect(deliveryKey({ event: 'Recording-Saved', body: call })).not.toBe(a);
    expect(deliveryKey({ event: 'Call-Disposed', body: { ...call, notes: 'x' } })).not.toBe(a);
  });

  it('keys unknown and malformed deliveries too', () => {
    expect(deliveryKey('garbage')).toMatch(/^invalid-[0-9a-f]{32}$/);
    expect(deliveryKey({ event: 'a:b c', body: 1 })).toMatch(/^a_b_c-/);
  });
});
