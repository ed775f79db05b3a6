import { describe, expect, it } from 'vitest';
import { emptyPlan } from './plan.js';
import { addSamples, planSamples, SAMPLES_PER_OUTCOME } from './plan-samples.js';
import type { Plan } from './types.js';

const fingerprint = {};

function plan(): Plan {
  const p = emptyPlan();
  p.creates.push({ recordId: 'L1', object: 'Lead', phone: '+14155550101', toAloware: {}, fingerprint });
  p.updates.push({
    recordId: 'L2',
    object: 'Lead',
    alowareContactId: 'a2',
    phone: '+14155550102',
    newLink: true,
    diffs: [
      { field: 'Title', from: null, to: 'CEO', direction: 'to_aloware' },
      { field: 'Title', from: null, to: 'CEO', direction: 'to_salesforce' },
      { field: 'Email', from: null, to: 'x', direction: 'to_aloware' },
    ],
    toAloware: {},
    toSalesforce: {},
    fingerprint,
    decisions: [],
  });
  p.skips.push({ recordId: 'L3', object: 'Lead', reason: 'create_not_allowed' });
  p.conflicts.push({
    recordId: 'L4',
    object: 'Lead',
    decisions: [
      {
        field: 'FirstName',
        winner: 'salesforce',
        reason: 'both_changed_salesforce_wins',
        direction: 'to_aloware',
      },
    ],
  });
  p.invalidPhones.push({ recordId: 'L5', object: 'Lead', field: 'Phone', reason: 'too_short' });
  p.ambiguousGroups.push({ phone: '+14155550106', object: 'Lead', recordIds: ['L6', 'L7'] });
  return p;
}

describe('plan samples', () => {
  it('names each record, its outcome and the reason code, with field names and no values', () => {
    const records = [
      { Id: 'L1', FirstName: 'Ada', LastName: 'Lovelace' },
      { Id: 'L2', LastName: 'Hopper' },
      { Id: 'L3', Name: 'Grace Co' },
    ];
    expect(planSamples(plan(), records)).toEqual([
      {
        outcome: 'create',
        recordId: 'L1',
        object: 'Lead',
        name: 'Ada Lovelace',
        reason: 'no_aloware_contact',
        fields: [],
      },
      {
        outcome: 'update',
        recordId: 'L2',
        object: 'Lead',
        name: 'Hopper',
        reason: 'matched_by_phone',
        fields: ['Title', 'Email'],
      },
      {
        outcome: 'skip',
        recordId: 'L3',
        object: 'Lead',
        name: 'Grace Co',
        reason: 'create_not_allowed',
        fields: [],
      },
      {
        outcome: 'conflict',
        recordId: 'L4',
        object: 'Lead',
        reason: 'both_changed_salesforce_wins',
        fields: ['FirstName'],
      },
      { outcome: 'invalid_phone', recordId: 'L5', object: 'Lead', reason: 'too_short', fields: ['Phone'] },
      {
        outcome: 'ambiguous',
        recordId: 'L6',
        object: 'Lead',
        reason: 'shared_phone',
        fields: [],
        sharedWith: ['L7'],
      },
    ]);
  });

  it(`keeps the first ${SAMPLES_PER_OUTCOME} per outcome over the pages of a run`, () => {
    const page = (from: number) =>
      Array.from({ length: 4 }, (_, i) => ({
        outcome: 'create' as const,
        recordId: `C${from + i}`,
        object: 'Contact' as const,
        reason: 'no_aloware_contact',
        fields: [],
      }));
    const skip = {
      outcome: 'skip' as const,
      recordId: 'S1',
      object: 'Contact' as const,
      reason: 'no_phone',
      fields: [],
    };
    const kept = addSamples(addSamples([], page(0)), [...page(4), skip]);
    expect(kept.filter((s) => s.outcome === 'create').map((s) => s.recordId)).toEqual([
      'C0',
      'C1',
      'C2',
      'C3',
      'C4',
    ]);
    expect(kept.filter((s) => s.outcome === 'skip')).toEqual([skip]);
  });
});
