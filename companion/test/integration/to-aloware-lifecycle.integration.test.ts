import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, waitFor, type Stack } from '../support/stack.js';
import { helpers } from '../support/to-aloware-helpers.js';

let stack: Stack;
let h: ReturnType<typeof helpers>;

beforeAll(async () => {
  stack = await startStack({ alowareWebhooks: false });
  h = helpers(stack);
});
afterAll(async () => {
  await stack?.stop();
});

const links = () => stack.runtime.deps.store.links;

describe('lifecycle (Salesforce → Aloware)', () => {
  it('a delete unlinks the record and keeps the Aloware contact', async () => {
    const { ids } = await h.seed('Lead', [{ LastName: 'Gone', Company: 'G', Phone: '202-555-0240' }]);
    await h.link(ids[0]!);
    const res = await fetch(`${stack.sf.url}/services/data/v64.0/sobjects/Lead/${ids[0]}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${await h.token()}` },
    });
    expect(res.status).toBe(204);
    await waitFor(async () => (await links().get(ids[0]!)) === null);
    expect(await links().byPhone('+12025550240')).toBeNull();
    expect(await h.byPhone('+12025550240')).toBeDefined();
  });

  it('a conversion hands the link to the new Contact and the Aloware contact follows it', async () => {
    const { ids } = await h.seed('Lead', [
      { FirstName: 'Conv', LastName: 'Lead', Company: 'C', Phone: '202-555-0241' },
    ]);
    const before = await h.link(ids[0]!);
    const { contactId } = await stack.sfControl<{ contactId: string }>(
      'POST',
      `/leads/${ids[0]}/convert`,
      {},
    );
    const moved = await waitFor(async () => {
      const l = await links().byPhone('+12025550241');
      return l?.salesforceId === contactId ? l : undefined;
    });
    expect(moved).toMatchObject({ object: 'Contact', alowareContactId: before.alowareContactId });
    expect(await links().get(ids[0]!)).toBeNull();
    await h.idle();
    await h.update('Contact', contactId, { LastName: 'Customer' });
    await waitFor(async () => (await h.byPhone('+12025550241'))?.last_name === 'Customer');
    expect((await h.contacts()).filter((c) => c.phone_number === '+12025550241')).toHaveLength(1);
  });

  it('a merge moves the loser’s link to the master', async () => {
    const master = (await h.seed('Contact', [{ LastName: 'Master', Phone: '202-555-0242' }])).ids[0]!;
    const loser = (await h.seed('Contact', [{ LastName: 'Loser', Phone: '202-555-0243' }])).ids[0]!;
    await h.link(master);
    const loserLink = await h.link(loser);
    await stack.sfControl('POST', '/merge', { object: 'Contact', masterId: master, loserIds: [loser] });
    await waitFor(async () => (await links().get(loser)) === null);
    const masterLink = await links().get(master);
    expect(masterLink?.salesforceId).toBe(master);
    expect(masterLink?.alowareContactId).not.toBe(loserLink.alowareContactId);
    expect(await h.byPhone('+12025550243')).toBeDefined();
  });

  it('a merge into a master without a link hands it the loser’s link', async () => {
    const master = (await h.seed('Contact', [{ LastName: 'Bare master' }])).ids[0]!;
    const loser = (await h.seed('Contact', [{ LastName: 'Linked loser', Phone: '202-555-0244' }])).ids[0]!;
    const loserLink = await h.link(loser);
    await stack.sfControl('POST', '/merge', { object: 'Contact', masterId: master, loserIds: [loser] });
    const moved = await waitFor(async () => {
      const l = await links().byPhone('+12025550244');
      return l?.salesforceId === master ? l : undefined;
    });
    expect(moved.alowareContactId).toBe(loserLink.alowareContactId);
    expect(await links().get(loser)).toBeNull();
  });

  it('a merge re-resolves the loser’s phone: a Lead sharing it is linked and pushed', async () => {
    const lead = (await h.seed('Lead', [{ LastName: 'Sharing Lead', Company: 'S', Phone: '(202) 555-0245' }]))
      .ids[0]!;
    const loser = (await h.seed('Contact', [{ LastName: 'Merged Away', Phone: '202-555-0245' }])).ids[0]!;
    const master = (await h.seed('Contact', [{ LastName: 'Survivor', Phone: '202-555-0246' }])).ids[0]!;
    await h.link(master);
    const shared = await waitFor(async () => {
      const l = await links().byPhone('+12025550245');
      return l?.salesforceId === loser ? l : undefined;
    });
    await h.idle();
    expect((await h.byPhone('+12025550245'))?.last_name).toBe('Merged Away');
    await stack.sfControl('POST', '/merge', { object: 'Contact', masterId: master, loserIds: [loser] });
    const relinked = await waitFor(async () => {
      const l = await links().byPhone('+12025550245');
      return l?.salesforceId === lead ? l : undefined;
    });
    expect(relinked).toMatchObject({ object: 'Lead', alowareContactId: shared.alowareContactId });
    await waitFor(async () => (await h.byPhone('+12025550245'))?.last_name === 'Sharing Lead');
    expect((await h.contacts()).filter((c) => c.phone_number === '+12025550245')).toHaveLength(1);
  });
});
