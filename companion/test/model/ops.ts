import fc from 'fast-check';
import type { ModelSettings, Obj } from './model.js';

/**
 * The operations of a random sequence, as plain data (so a shrunk failure prints as a readable script).
 * Phones are slots into a small pool, so records share numbers often; `format` is how the rep types it.
 */
export type Op =
  | {
      kind: 'repCreate';
      object: Obj;
      phone: number | null;
      mobile: number | null;
      format: number;
      lastName: string;
    }
  | { kind: 'repEdit'; target: number; lastName: string }
  | { kind: 'repEditPhone'; target: number; phone: number | null; format: number }
  | { kind: 'repUnmapped'; target: number }
  | { kind: 'repDelete'; target: number }
  | { kind: 'repUndelete'; target: number }
  | { kind: 'repConvert'; target: number }
  | { kind: 'repMerge'; target: number; other: number; takePhone: boolean; format: number }
  | { kind: 'agentCreate'; phone: number; lastName: string }
  | { kind: 'agentEdit'; phone: number; lastName: string }
  | { kind: 'call'; phone: number; shuffle: boolean; repeat: boolean }
  | { kind: 'sms'; phone: number }
  | { kind: 'settings'; patch: Partial<ModelSettings>; bump: boolean }
  | { kind: 'mapping'; object: Obj; variant: MappingVariant }
  | { kind: 'restart' };

export type MappingVariant = 'default' | 'without_locked_rows' | 'with_title';

/** Phone slots 0–3 go into `Phone`, 4–5 into `MobilePhone`, so mobile-only records share numbers too. */
const PHONE_SLOTS = 4;
const MOBILE_SLOTS = 2;
const NAMES = ['Ames', 'Baker', 'Cole', 'Diaz'];

const object = fc.constantFrom<Obj>('Lead', 'Contact');
const name = fc.constantFrom(...NAMES);
const slot = fc.integer({ min: 0, max: PHONE_SLOTS - 1 });
const target = fc.nat({ max: 7 });
const direction = fc.constantFrom<'both' | 'inbound'>('both', 'inbound');

const settingsPatch: fc.Arbitrary<Partial<ModelSettings>> = fc.oneof(
  fc.record({ leadEnabled: fc.boolean() }),
  fc.record({ contactEnabled: fc.boolean() }),
  fc.record({ priority: object }),
  fc.record({ leadUpdate: direction }),
  fc.record({ contactUpdate: direction }),
  fc.record({ leadCreate: direction }),
  fc.record({ contactCreate: direction }),
);

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('repCreate' as const),
      object,
      phone: fc.option(slot, { freq: 5 }),
      mobile: fc.option(fc.integer({ min: PHONE_SLOTS, max: PHONE_SLOTS + MOBILE_SLOTS - 1 }), { freq: 2 }),
      format: fc.nat({ max: 4 }),
      lastName: name,
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('repEdit' as const), target, lastName: name }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('repEditPhone' as const),
      target,
      phone: fc.option(slot, { freq: 4 }),
      format: fc.nat({ max: 4 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('repUnmapped' as const), target }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('repDelete' as const), target }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('repUndelete' as const), target }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('repConvert' as const), target }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('repMerge' as const),
      target,
      other: target,
      takePhone: fc.boolean(),
      format: fc.nat({ max: 4 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('agentCreate' as const), phone: slot, lastName: name }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('agentEdit' as const), phone: slot, lastName: name }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('call' as const),
      phone: slot,
      shuffle: fc.boolean(),
      repeat: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('sms' as const), phone: slot }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('settings' as const),
      patch: settingsPatch,
      bump: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('mapping' as const),
      object,
      variant: fc.constantFrom<MappingVariant>('default', 'without_locked_rows', 'with_title'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restart' as const) }) },
);

export const sequenceArb = fc.array(opArb, { minLength: 1, maxLength: 10 });

/** A typed form of the number `+1202555<nnnn>` (E.164, national, punctuated, 1-prefixed, digits). */
export function typed(e164: string, format: number): string {
  const d = e164.slice(2);
  const forms = [
    e164,
    `(${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6)}`,
    `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6)}`,
    `1-${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6)}`,
    d,
  ];
  return forms[format % forms.length]!;
}

/** One line of the readable script a shrunk failure prints. */
export function describeOp(op: Op, phone: (slot: number) => string): string {
  const p = (s: number | null) => (s === null ? 'none' : phone(s));
  switch (op.kind) {
    case 'repCreate':
      return `rep creates a ${op.object} ${op.lastName}, Phone ${p(op.phone)}, MobilePhone ${p(op.mobile)} (format ${op.format})`;
    case 'repEdit':
      return `rep renames a record to ${op.lastName}`;
    case 'repEditPhone':
      return `rep sets a record's Phone to ${p(op.phone)} (format ${op.format})`;
    case 'repUnmapped':
      return 'rep edits an unmapped field (Fax) of a record';
    case 'repDelete':
      return 'rep deletes a record';
    case 'repUndelete':
      return 'rep undeletes a record';
    case 'repConvert':
      return 'rep converts a Lead';
    case 'repMerge':
      return `rep merges a second record into a master of the same object (the master keeps its values${op.takePhone ? `, except Phone: the loser's, format ${op.format}` : ''})`;
    case 'agentCreate':
      return `agent creates an Aloware contact ${op.lastName} for ${p(op.phone)}`;
    case 'agentEdit':
      return `agent renames the Aloware contact of ${p(op.phone)} to ${op.lastName}`;
    case 'call':
      return `agent calls ${p(op.phone)}${op.shuffle ? ' (webhooks shuffled)' : ''}${op.repeat ? ' (replayed)' : ''}`;
    case 'sms':
      return `agent texts ${p(op.phone)}`;
    case 'settings':
      return `admin sets ${JSON.stringify(op.patch)} ${op.bump ? 'with a version bump + refresh' : 'without a version bump'}`;
    case 'mapping':
      return `admin saves the ${op.object} mapping: ${op.variant}`;
    case 'restart':
      return 'the worker is restarted (graceful stop while the previous step is in flight, a new worker starts)';
  }
}
