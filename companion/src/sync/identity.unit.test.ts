import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { candidateOf, resolveLink, resolveWho } from './identity.js';
import { PhoneIndex, phoneFields } from './phone-index.js';
import { defaultMappingFor } from './default-mapping.js';
import type { IdentityCandidate, SfObject } from './types.js';

const L = (id: string, at: string, extra: Partial<IdentityCandidate> = {}): IdentityCandidate => ({
  id: `00Q${id}`,
  object: 'Lead',
  lastModifiedDate: at,
  ...extra,
});
const C = (id: string, at: string, extra: Partial<IdentityCandidate> = {}): IdentityCandidate => ({
  id: `003${id}`,
  object: 'Contact',
  lastModifiedDate: at,
  ...extra,
});
const T1 = '2026-11-01T10:00:00.000+0000';
const T2 = '2026-11-02T10:00:00.000+0000';

describe('resolveLink', () => {
  it.each<[string, IdentityCandidate[], SfObject, string | null, string, boolean]>([
    ['a single record', [L('1', T1)], 'Contact', '00Q1', 'only_candidate', false],
    [
      'priority Contact beats a newer Lead',
      [L('1', T2), C('1', T1)],
      'Contact',
      '0031',
      'priority_object',
      false,
    ],
    [
      'priority Lead beats a newer Contact',
      [L('1', T1), C('1', T2)],
      'Lead',
      '00Q1',
      'priority_object',
      false,
    ],
    ['most recent among Contacts', [C('1', T1), C('2', T2)], 'Contact', '0032', 'most_recent', true],
    ['lowest Id on equal modstamps', [C('2', T1), C('1', T1)], 'Contact', '0031', 'lowest_id', true],
    [
      'SystemModstamp when LastModifiedDate is absent',
      [C('1', T1), { id: '0032', object: 'Contact', systemModstamp: T2 }],
      'Contact',
      '0032',
      'most_recent',
      true,
    ],
    [
      'a converted Lead never wins',
      [L('1', T2, { isConverted: true, convertedContactId: '0039' }), L('2', T1)],
      'Lead',
      '00Q2',
      'only_candidate',
      false,
    ],
    [
      'a converted Lead alone resolves to its Contact',
      [L('1', T1, { isConverted: true, convertedContactId: '0039' })],
      'Lead',
      '0039',
      'converted_lead_contact',
      false,
    ],
    [
      'a converted Lead without a Contact links nothing',
      [L('1', T1, { isConverted: true })],
      'Contact',
      null,
      'none',
      false,
    ],
    ['nothing to link', [], 'Contact', null, 'none', false],
    [
      'the same record listed twice is one candidate',
      [C('1', T1), C('1', T1)],
      'Contact',
      '0031',
      'only_candidate',
      false,
    ],
  ])('%s', (_name, candidates, priority, linked, reason, ambiguous) => {
    const result = resolveLink(candidates, priority);
    expect(result.linked?.id ?? null).toBe(linked);
    expect(result.reason).toBe(reason);
    expect(result.ambiguous).toBe(ambiguous);
  });

  it('does not depend on input order', () => {
    const stamps = fc.constantFrom(T1, T2, '2026-11-02T10:00:00.000Z', null);
    const candidate = fc.record({
      id: fc.constantFrom('00Q1', '00Q2', '00Q3', '0031', '0032', '0033'),
      lastModifiedDate: stamps,
      isConverted: fc.boolean(),
      convertedContactId: fc.constantFrom(null, '0037', '0038'),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(candidate, { selector: (c) => c.id, maxLength: 6 }),
        fc.constantFrom<SfObject>('Lead', 'Contact'),
        fc.nat(),
        (list, priority, seed) => {
          const typed: IdentityCandidate[] = list.map((c) => ({
            ...c,
            object: c.id.startsWith('00Q') ? 'Lead' : 'Contact',
          }));
          const shuffled = [...typed].sort(
            (a, b) => ((a.id.charCodeAt(3) * 31 + seed) % 7) - ((b.id.charCodeAt(3) * 31 + seed) % 7),
          );
          expect(resolveLink(shuffled, priority)).toEqual(resolveLink(typed, priority));
          expect(resolveLink([...typed].reverse(), priority)).toEqual(resolveLink(typed, priority));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never links a converted Lead', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ n: fc.integer({ min: 1, max: 9 }), converted: fc.boolean(), lead: fc.boolean() }),
          { maxLength: 6 },
        ),
        (specs) => {
          const list = specs.map((s) =>
            s.lead
              ? L(String(s.n), T1, { isConverted: s.converted, convertedContactId: '0039' })
              : C(String(s.n), T1),
          );
          const linked = resolveLink(list, 'Lead').linked;
          const converted = new Set(list.filter((c) => c.isConverted).map((c) => c.id));
          if (linked) expect(converted.has(linked.id)).toBe(false);
        },
      ),
    );
  });
});

describe('resolveLink for one phone', () => {
  const X = '+12025550143';
  it('a record holding the phone only as another number (its identity is its own Phone) does not compete', () => {
    const lead = L('1', T1, { identityPhone: X });
    const contact = C('1', T2, { identityPhone: '+12025550100' });
    expect(resolveLink([lead, contact], 'Contact', undefined, X).linked?.id).toBe('00Q1');
    // Without the phone (or with the identity unknown) every holder competes.
    expect(resolveLink([lead, contact], 'Contact').linked?.id).toBe('0031');
    expect(resolveLink([lead, C('1', T2)], 'Contact', undefined, X).linked?.id).toBe('0031');
  });

  it('no record whose identity the phone is: nothing is linked', () => {
    const contact = C('1', T2, { identityPhone: '+12025550100' });
    expect(resolveLink([contact], 'Contact', undefined, X)).toMatchObject({ linked: null, reason: 'none' });
  });
});

describe('resolveWho and candidateOf', () => {
  it('a converted Lead resolves to its Contact for activities', () => {
    expect(resolveWho(L('1', T1, { isConverted: true, convertedContactId: '0039' }))).toEqual({
      id: '0039',
      object: 'Contact',
    });
    expect(resolveWho(L('1', T1))).toEqual({ id: '00Q1', object: 'Lead' });
  });

  it('reads identity fields from a queried record', () => {
    const record = {
      Id: '00Q1',
      LastModifiedDate: T1,
      SystemModstamp: T2,
      IsConverted: true,
      ConvertedContactId: '0039',
      FirstName: 'Ann',
      LastName: 'Lee',
    };
    expect(candidateOf('Lead', record)).toEqual({
      id: '00Q1',
      object: 'Lead',
      lastModifiedDate: T1,
      systemModstamp: T2,
      isConverted: true,
      convertedContactId: '0039',
      name: 'Ann Lee',
    });
  });
});

describe('PhoneIndex', () => {
  const contactRows = defaultMappingFor('Contact');
  const leadRows = defaultMappingFor('Lead');

  it('indexes every mapped phone field', () => {
    expect(phoneFields(contactRows, 'Contact')).toEqual(['Phone', 'MobilePhone', 'HomePhone', 'OtherPhone']);
    expect(phoneFields(leadRows, 'Lead')).toEqual(['Phone', 'MobilePhone']);
  });

  it('groups records by normalised phone across fields and objects, and reports the ambiguous and the unparseable', () => {
    const index = new PhoneIndex('US');
    index.add(
      'Lead',
      [
        { Id: '00Q1', Phone: '(202) 555-0143', LastModifiedDate: T2 },
        { Id: '00Q2', Phone: '202.555.0143', MobilePhone: '+1 202 555 0143', LastModifiedDate: T1 },
        { Id: '00Q3', Phone: '1-800-FLOWERS', MobilePhone: '555-1234' },
      ],
      phoneFields(leadRows, 'Lead'),
    );
    index.add(
      'Contact',
      [{ Id: '0031', HomePhone: '12025550143', LastModifiedDate: T1, FirstName: 'Ann', LastName: 'Lee' }],
      phoneFields(contactRows, 'Contact'),
    );
    expect(index.size).toBe(1);
    expect(index.candidates('+12025550143').map((c) => c.id)).toEqual(['00Q1', '00Q2', '0031']);
    expect(index.resolve('+12025550143', 'Contact').linked).toEqual({ id: '0031', object: 'Contact' });
    expect(index.resolve('+12025550143', 'Lead').linked).toEqual({ id: '00Q1', object: 'Lead' });
    expect(index.ambiguousGroups()).toEqual([
      { phone: '+12025550143', object: 'Lead', recordIds: ['00Q1', '00Q2'] },
    ]);
    expect(index.unparseable).toEqual([
      { recordId: '00Q3', object: 'Lead', field: 'Phone', reason: 'not_a_number' },
      { recordId: '00Q3', object: 'Lead', field: 'MobilePhone', reason: 'too_short' },
    ]);
    expect(index.sharedPhones('Contact')).toEqual([
      {
        phoneMasked: '+1******0143',
        records: [
          { id: '00Q1', object: 'Lead', name: null },
          { id: '00Q2', object: 'Lead', name: null },
          { id: '0031', object: 'Contact', name: 'Ann Lee' },
        ],
        linkedId: '0031',
      },
    ]);
  });

  it('gives the identity report in the contract shape, with masked phones only', () => {
    const index = new PhoneIndex('US');
    index.add(
      'Lead',
      [
        { Id: '00Q1', Phone: '2025550143' },
        { Id: '00Q2', Phone: '(202) 555-0143' },
        { Id: '00Q3', Phone: 'n/a' },
      ],
      ['Phone'],
    );
    const report = index.report('Contact');
    expect(report).toEqual({
      sharedPhones: [
        {
          phoneMasked: '+1******0143',
          records: [
            { id: '00Q1', object: 'Lead', name: null },
            { id: '00Q2', object: 'Lead', name: null },
          ],
          linkedId: '00Q1',
        },
      ],
      unparseable: [{ recordId: '00Q3', object: 'Lead', field: 'Phone', reason: 'not_a_number' }],
    });
    expect(JSON.stringify(report)).not.toContain('5550143');
  });

  it('does not report a converted Lead as ambiguous', () => {
    const index = new PhoneIndex('US');
    index.add(
      'Lead',
      [
        { Id: '00Q1', Phone: '2025550143' },
        { Id: '00Q2', Phone: '2025550143', IsConverted: true },
      ],
      ['Phone'],
    );
    expect(index.ambiguousGroups()).toEqual([]);
  });
});
