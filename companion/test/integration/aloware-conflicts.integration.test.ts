import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { DEFAULT_MAPPING } from '../../src/sync/index.js';
import { toSalesforceHelpers } from '../support/to-salesforce.js';
import { repToken, startStack, type Stack } from '../support/stack.js';

interface AwContact {
  id: number;
  phone_number: string;
  last_name: string | null;
}

let stack: Stack;
const h = toSalesforceHelpers(() => stack, 1400);

async function editInSalesforceAsRep(
  object: string,
  id: string,
  values: Record<string, unknown>,
): Promise<void> {
  const res = await fetch(`${stack.sf.url}/services/data/v64.0/sobjects/${object}/${id}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${await repToken(stack.sf.url)}`, 'content-type': 'application/json' },
    body: JSON.stringify(values),
  });
  expect(res.status).toBe(204);
}

const alowareContact = async (phone: string) =>
  (await stack.alowareControl<{ contacts: AwContact[] }>('GET', '/contacts')).contacts.find(
    (c) => c.phone_number === phone,
  );
const alowareWrites = async () =>
  (await stack.alowareControl<{ log: { method: string; route: string }[] }>('GET', '/requests')).log.filter(
    (r) => r.method === 'POST' && r.route.includes('/forms'),
  ).length;
/** Writes the companion (the integration user) made in Salesforce since `since`. */
const salesforceWrites = async (since: number) =>
  (await h.sfRequests(since)).filter(
    (r) =>
      ['POST', 'PATCH', 'DELETE'].includes(r.method) &&
      r.userId === stack.sf.integrationUserId &&
      !r.path.includes('oauth2') &&
      !r.path.includes('/query'),
  ).length;

/** Both sides edit the same field while the companion's queues are paused, then the companion catches up. */
async function concurrentEdit(sfValue: string, alowareValue: string) {
  const { phone, record } = await h.linkedRecord('Contact');
  const contact = (await alowareContact(phone))!;
  await h.idle();
  const { queues } = stack.runtime.deps;
  await Promise.all([queues.sfChanges.pause(), queues.alowareEvents.pause()]);
  const since = Date.now();
  try {
    await editInSalesforceAsRep('Contact', record.Id, { LastName: sfValue });
    await stack.alowareControl('PATCH', `/contacts/${contact.id}`, { last_name: alowareValue });
    await stack.alowareControl('GET', '/deliveries?waitMs=5000');
  } finally {
    await stack.alowareControl('DELETE', '/requests');
    // The Aloware edit is taken in first, then the Salesforce change is flushed. (With both queues resumed at once
    // the leading-edge flush can push the Salesforce value while the Aloware delivery is still in flight: that
    // ordering is not decided by this test.)
    await queues.alowareEvents.resume();
    await expect
      .poll(async () => {
        const c = await queues.alowareEvents.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        return (c.waiting ?? 0) + (c.active ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0);
      })
      .toBe(0);
    await queues.sfChanges.resume();
  }
  await h.idle();
  return { phone, record, since };
}

async function expectQuiet(phone: string, recordId: string, since: number) {
  const [aw, sf] = [await alowareWrites(), await salesforceWrites(since)];
  // Settled: the stack at rest again (every webhook those writes caused handled) adds no writes (no ping-pong).
  await h.idle();
  expect(await alowareWrites()).toBe(aw);
  expect(await salesforceWrites(since)).toBe(sf);
  expect(aw).toBeLessThanOrEqual(1);
  expect(sf).toBeLessThanOrEqual(1);
  return {
    aw,
    sf,
    sfRecord: await h.record('Contact', recordId),
    alowareRecord: await alowareContact(phone),
  };
}

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

describe('concurrent edits of one field on both sides', () => {
  it('salesforce_wins (default): both sides end with the Salesforce value, decided once, no ping-pong', async () => {
    await h.useSettings({});
    const { phone, record, since } = await concurrentEdit('FromSalesforce', 'FromAloware');
    const end = await expectQuiet(phone, record.Id, since);
    expect(end.sfRecord?.LastName).toBe('FromSalesforce');
    expect(end.alowareRecord?.last_name).toBe('FromSalesforce');
    const decisions = await stack.runtime.deps.store.syncLog.decisions(record.Id);
    expect(decisions.filter((d) => d.field === 'LastName' && /both_changed/.test(d.reason))).toEqual([
      expect.objectContaining({
        winner: 'salesforce',
        reason: 'both_changed_salesforce_wins',
        direction: 'to_aloware',
      }),
    ]);
  });

  it('aloware_wins (mapping policy): both sides end with the Aloware value', async () => {
    const rows = DEFAULT_MAPPING.filter((r) => r.object === 'Contact').map((r) => ({
      Object__c: r.object,
      Salesforce_Field__c: r.salesforceField,
      Aloware_Field__c: r.alowareField,
      Direction__c: r.direction,
      Locked__c: r.locked,
      Conflict_Policy__c: r.salesforceField === 'LastName' ? 'aloware_wins' : r.conflictPolicy,
    }));
    const seeded = await stack.sfControl<{ ids: string[] }>('POST', '/seed', {
      object: 'Aloware_Field_Mapping__c',
      records: rows,
      notify: false,
    });
    onTestFinished(async () => {
      // The default policy again, so the other test finds salesforce_wins in whatever order they run.
      const i = rows.findIndex((r) => r.Salesforce_Field__c === 'LastName');
      const saved = await stack.runtime.deps.gateway.update('Aloware_Field_Mapping__c', seeded.ids[i]!, {
        Conflict_Policy__c: DEFAULT_MAPPING.find(
          (r) => r.object === 'Contact' && r.salesforceField === 'LastName',
        )!.conflictPolicy,
      });
      expect(saved.success).toBe(true);
      await stack.runtime.deps.store.config.refresh();
    });
    await h.useSettings({});
    const { phone, record, since } = await concurrentEdit('SalesforceLoses', 'AlowareWins');
    const end = await expectQuiet(phone, record.Id, since);
    expect(end.sfRecord?.LastName).toBe('AlowareWins');
    expect(end.alowareRecord?.last_name).toBe('AlowareWins');
    const decisions = await stack.runtime.deps.store.syncLog.decisions(record.Id);
    expect(decisions.filter((d) => d.field === 'LastName' && /both_changed/.test(d.reason))).toEqual([
      expect.objectContaining({
        winner: 'aloware',
        reason: 'both_changed_aloware_wins',
        direction: 'to_salesforce',
      }),
    ]);
  });
});
