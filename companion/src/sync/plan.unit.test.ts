import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultMappingFor } from './default-mapping.js';
import { PhoneIndex, phoneFields } from './phone-index.js';
import { planPage } from './plan.js';
import { addSummaries, emptySummary, mapPlanIndex, summarizePlan } from './plan-summary.js';
import { ctxFor, LEAD_DESCRIBE, settings } from './test-fixtures.js';
import type {
  AlowareContactSnapshot,
  IdentityCandidate,
  IndexedLink,
  Plan,
  PlanContext,
  SfRecord,
  SyncSettings,
} from './types.js';

const ROWS = defaultMappingFor('Lead');
const CTX = ctxFor(LEAD_DESCRIBE);
const T1 = '2026-11-01T10:00:00.000Z';
const T2 = '2026-11-02T10:00:00.000Z';

interface World {
  links: Map<string, IndexedLink>;
  contacts: Map<string, AlowareContactSnapshot>;
  nextId: number;
}

function world(): World {
  return { links: new Map(), contacts: new Map(), nextId: 1 };
}

function planFor(
  records: SfRecord[],
  w: World,
  s: SyncSettings = settings(),
  shared?: Map<string, IdentityCandidate[]>,
): Plan {
  const ctx: PlanContext = {
    object: 'Lead',
    rows: ROWS,
    settings: s,
    context: CTX,
    index: mapPlanIndex(w.links, w.contacts, shared),
  };
  return planPage(records, ctx);
}

/** What the companion does with a plan: create/update contacts, write Salesforce, store links and fingerprints. */
function apply(plan: Plan, records: SfRecord[], w: World): SfRecord[] {
  const byId = new Map(records.map((r) => [r.Id, { ...r }]));
  for (const c of plan.creates) {
    const id = `al-${w.nextId++}`;
    w.contacts.set(c.phone, { id, values: { ...c.toAloware } });
    w.links.set(c.recordId, { alowareContactId: id, fingerprint: c.fingerprint });
  }
  for (const u of plan.updates) {
    const contact = w.contacts.get(u.phone)!;
    w.contacts.set(u.phone, { ...contact, values: { ...contact.values, ...u.toAloware } });
    byId.set(u.recordId, { ...byId.get(u.recordId)!, ...u.toSalesforce });
    w.links.set(u.recordId, { alowareContactId: u.alowareContactId, fingerprint: u.fingerprint });
  }
  return records.map((r) => byId.get(r.Id)!);
}

const lead = (id: string, phone: unknown, extra: Record<string, unknown> = {}): SfRecord => ({
  Id: `00Q00000000000${id}AAA`,
  Phone: phone,
  FirstName: 'Ann',
  LastName: `Lee ${id}`,
  Email: `ann${id}@example.com`,
  OwnerId: '005000000000001AAA',
  SystemModstamp: T1,
  LastModifiedDate: T1,
  ...extra,
});

describe('planPage', () => {
  it('plans a create for a record whose phone has no Aloware contact', () => {
    const plan = planFor([lead('1', '(202) 555-0143')], world());
    expect(plan.creates).toEqual([
      {
        recordId: '00Q000000000001AAA',
        object: 'Lead',
        phone: '+12025550143',
        toAloware: {
          phone_number: '+12025550143',
          email: 'ann1@example.com',
          user_id: '101',
          first_name: 'Ann',
          last_name: 'Lee 1',
        },
        fingerprint: expect.objectContaining({
          'Phone/phone_number': '+12025550143',
          'FirstName/first_name': 'Ann',
        }),
      },
    ]);
    expect(plan.apiCalls).toEqual({ aloware: 2, salesforce: 1 });
  });

  it('plans an update with field diffs against an existing contact, and links it', () => {
    const w = world();
    w.contacts.set('+12025550143', {
      id: 'al-9',
      values: {
        phone_number: '+12025550143',
        first_name: 'Annie',
        last_name: 'Lee 1',
        email: 'ann1@example.com',
        user_id: '101',
      },
    });
    w.links.set('00Q000000000001AAA', {
      alowareContactId: 'al-9',
      fingerprint: { 'FirstName/first_name': 'Annie' },
    });
    const plan = planFor([lead('1', '202-555-0143')], w);
    expect(plan.updates).toHaveLength(1);
    expect(plan.updates[0]).toMatchObject({
      alowareContactId: 'al-9',
      newLink: false,
      toAloware: { first_name: 'Ann' },
      toSalesforce: {},
    });
    expect(plan.updates[0]?.diffs).toEqual([
      { field: 'first_name', from: 'Annie', to: 'Ann', direction: 'to_aloware' },
    ]);
    expect(plan.apiCalls).toEqual({ aloware: 1, salesforce: 0 });
  });

  it('links an unlinked record to the existing contact for its phone even when values agree', () => {
    const w = world();
    const first = planFor([lead('1', '2025550143')], w);
    apply(first, [lead('1', '2025550143')], w);
    w.links.clear();
    const plan = planFor([lead('1', '2025550143')], w);
    expect(plan.updates).toEqual([expect.objectContaining({ newLink: true, diffs: [] })]);
    expect(plan.apiCalls).toEqual({ aloware: 0, salesforce: 1 });
  });

  it('reports a conflict decided by policy', () => {
    const w = world();
    w.contacts.set('+12025550143', {
      id: 'al-9',
      values: {
        phone_number: '+12025550143',
        first_name: 'Anna',
        last_name: 'Lee 1',
        email: 'ann1@example.com',
        user_id: '101',
      },
    });
    w.links.set('00Q000000000001AAA', {
      alowareContactId: 'al-9',
      fingerprint: { 'FirstName/first_name': 'Annie' },
    });
    const plan = planFor([lead('1', '2025550143')], w);
    expect(plan.conflicts).toEqual([
      {
        recordId: '00Q000000000001AAA',
        object: 'Lead',
        decisions: [
          {
            field: 'FirstName',
            winner: 'salesforce',
            reason: 'both_changed_salesforce_wins',
            direction: 'to_aloware',
          },
        ],
      },
    ]);
  });

  it.each<[string, SfRecord, Partial<SyncSettings>, string]>([
    ['no phone', lead('1', null), {}, 'no_phone'],
    ['an invalid phone', lead('1', '(555) 123-4567'), {}, 'invalid_phone'],
    ['a vanity number', lead('1', '1-800-FLOWERS'), {}, 'invalid_phone'],
    [
      'a converted Lead',
      lead('1', '2025550143', { IsConverted: true, ConvertedContactId: '003000000000001AAA' }),
      {},
      'converted_lead',
    ],
    ['Lead sync disabled', lead('1', '2025550143'), { leadSyncEnabled: false }, 'sync_disabled'],
  ])('skips %s', (_name, record, s, reason) => {
    const plan = planFor([record], world(), settings(s));
    expect(plan.skips).toEqual([expect.objectContaining({ recordId: record.Id, reason })]);
    expect(plan.creates).toEqual([]);
  });

  it('reports invalid phones in every mapped phone field', () => {
    const plan = planFor([lead('1', 'abc', { MobilePhone: '123' })], world());
    expect(plan.invalidPhones).toEqual([
      { recordId: '00Q000000000001AAA', object: 'Lead', field: 'Phone', reason: 'not_a_number' },
      { recordId: '00Q000000000001AAA', object: 'Lead', field: 'MobilePhone', reason: 'too_short' },
    ]);
  });

  it('links one record per phone (most recent Lead), skips the others, and reports the group once', () => {
    const records = [
      lead('1', '(202) 555-0143'),
      lead('2', '+1 202 555 0143', { LastModifiedDate: T2 }),
      lead('3', '2025550178'),
    ];
    const plan = planFor(records, world());
    expect(plan.creates.map((c) => c.recordId).sort()).toEqual(['00Q000000000002AAA', '00Q000000000003AAA']);
    expect(plan.skips).toEqual([
      {
        recordId: '00Q000000000001AAA',
        object: 'Lead',
        reason: 'not_priority',
        linkedTo: '00Q000000000002AAA',
        phone: expect.any(String),
      },
    ]);
    expect(plan.ambiguousGroups).toEqual([
      { phone: '+12025550143', object: 'Lead', recordIds: ['00Q000000000001AAA', '00Q000000000002AAA'] },
    ]);
  });

  it('leaves the phone to a priority Contact known from the index', () => {
    const shared = new Map([
      ['+12025550143', [{ id: '003000000000001AAA', object: 'Contact' as const, lastModifiedDate: T1 }]],
    ]);
    const plan = planFor([lead('1', '2025550143')], world(), settings(), shared);
    expect(plan.skips).toEqual([
      expect.objectContaining({ reason: 'not_priority', linkedTo: '003000000000001AAA' }),
    ]);
  });

  it("re-links a record whose phone moved to another Aloware contact's number to that contact", () => {
    const w = world();
    w.contacts.set('+12025550143', { id: 'al-2', values: { phone_number: '+12025550143' } });
    w.links.set('00Q000000000001AAA', { alowareContactId: 'al-1' });
    const plan = planFor([lead('1', '2025550143')], w);
    expect(plan.skips).toEqual([]);
    expect(plan.updates).toEqual([expect.objectContaining({ alowareContactId: 'al-2', newLink: true })]);
  });

  it('skips creates when the object is disabled for writes to Aloware', () => {
    const plan = planFor([lead('1', '2025550143')], world(), settings({ leadSyncEnabled: false }));
    expect(plan.skips[0]?.reason).toBe('sync_disabled');
  });

  it('a plan applied and planned again is empty', () => {
    const w = world();
    const records = [
      lead('1', '2025550143'),
      lead('2', '2025550143', { LastModifiedDate: T2 }),
      lead('3', '(202) 555-0178'),
      lead('4', 'junk'),
    ];
    const after = apply(planFor(records, w), records, w);
    const again = planFor(after, w);
    expect(again.creates).toEqual([]);
    expect(again.updates).toEqual([]);
    expect(again.conflicts).toEqual([]);
    expect(summarizePlan(again).apiCalls).toEqual({ salesforce: 0, aloware: 0 });
  });
});

// ------------------------------------------------------------------------------------------ properties

const PHONES = [
  '(202) 555-0143',
  '+1 202 555 0143',
  '202.555.0178',
  '2025550199',
  '+44 20 7946 0958',
  'junk',
  null,
];
const recordArb = fc.record({
  n: fc.integer({ min: 1, max: 9 }),
  Phone: fc.constantFrom(...PHONES),
  FirstName: fc.constantFrom('Ann', 'Bob', null),
  converted: fc.boolean(),
  stamp: fc.constantFrom(T1, T2),
  owner: fc.constantFrom('005000000000001AAA', '00G000000000001AAA', '005000000000009AAA'),
});
const pageArb = fc.uniqueArray(recordArb, { selector: (r) => r.n, maxLength: 9 }).map((specs) =>
  specs.map((s) =>
    lead(String(s.n), s.Phone, {
      FirstName: s.FirstName,
      IsConverted: s.converted && s.n % 3 === 0,
      LastModifiedDate: s.stamp,
      OwnerId: s.owner,
    }),
  ),
);
const contactsArb = fc.dictionary(
  fc.constantFrom('+12025550143', '+12025550178', '+442079460958'),
  fc.record({ id: fc.constantFrom('al-1', 'al-2', 'al-3'), first_name: fc.constantFrom('Ann', 'Zed', null) }),
);

function worldFrom(contacts: Record<string, { id: string; first_name: string | null }>): World {
  const w = world();
  for (const [phone, c] of Object.entries(contacts))
    w.contacts.set(phone, {
      id: `${c.id}-${phone}`,
      values: { phone_number: phone, first_name: c.first_name },
    });
  return w;
}

describe('plan properties', () => {
  it('never links two Aloware contacts to one phone, nor one record twice', () => {
    fc.assert(
      fc.property(pageArb, contactsArb, (records, contacts) => {
        const w = worldFrom(contacts);
        const plan = planFor(records, w);
        const phones = [...plan.creates.map((c) => c.phone), ...plan.updates.map((u) => u.phone)];
        expect(new Set(phones).size).toBe(phones.length);
        const ids = [...plan.creates, ...plan.updates, ...plan.skips].map((x) => x.recordId);
        expect(new Set(ids).size).toBe(ids.length);
        for (const u of plan.updates) expect(u.alowareContactId).toBe(w.contacts.get(u.phone)?.id);
        for (const c of plan.creates) expect(w.contacts.has(c.phone)).toBe(false);
        apply(plan, records, w);
        const contactIds = [...w.contacts.values()].map((c) => c.id);
        expect(new Set(contactIds).size).toBe(contactIds.length);
      }),
      { numRuns: 300 },
    );
  });

  it('a plan applied and planned again is empty', () => {
    fc.assert(
      fc.property(pageArb, contactsArb, (records, contacts) => {
        const w = worldFrom(contacts);
        const after = apply(planFor(records, w), records, w);
        const again = planFor(after, w);
        expect(again.creates).toEqual([]);
        expect(again.updates).toEqual([]);
        expect(again.conflicts).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('does not depend on the order of records', () => {
    const sortPlan = (p: Plan): string =>
      JSON.stringify(
        Object.fromEntries(
          Object.entries(p).map(([k, v]) => [
            k,
            Array.isArray(v) ? v.map((x) => JSON.stringify(x)).sort() : v,
          ]),
        ),
      );
    fc.assert(
      fc.property(pageArb, contactsArb, (records, contacts) => {
        const w = worldFrom(contacts);
        expect(sortPlan(planFor([...records].reverse(), w))).toBe(sortPlan(planFor(records, w)));
      }),
      { numRuns: 300 },
    );
  });

  it('pages add up to the whole when the index knows records on other pages', () => {
    fc.assert(
      fc.property(pageArb, contactsArb, fc.nat(), (records, contacts, cut) => {
        const w = worldFrom(contacts);
        const index = new PhoneIndex('US');
        index.add('Lead', records, phoneFields(ROWS, 'Lead'));
        const shared = new Map<string, IdentityCandidate[]>();
        for (const phone of ['+12025550143', '+12025550178', '+12025550199', '+442079460958'])
          shared.set(phone, [...index.candidates(phone)]);
        const at = records.length === 0 ? 0 : cut % records.length;
        const whole = summarizePlan(planFor(records, w, settings(), shared));
        const pages = [records.slice(0, at), records.slice(at)].map((p) =>
          summarizePlan(planFor(p, w, settings(), shared)),
        );
        const summed = pages.reduce(addSummaries, emptySummary());
        expect({ ...summed, apiCalls: summed.apiCalls.aloware }).toEqual({
          ...whole,
          apiCalls: whole.apiCalls.aloware,
        });
        expect(summed.apiCalls.salesforce).toBeGreaterThanOrEqual(whole.apiCalls.salesforce);
      }),
      { numRuns: 300 },
    );
  });
});
