import { describe, expect, it } from 'vitest';
import { canWrite, createTargetObject } from './direction.js';
import { settings } from './test-fixtures.js';
import type { FieldDirection, ObjectDirection, Operation, Side } from './types.js';

describe('canWrite', () => {
  const table: [Side, ObjectDirection, FieldDirection | undefined, boolean][] = [
    ['aloware', 'both', undefined, true],
    ['aloware', 'inbound', undefined, true],
    ['aloware', 'both', 'both', true],
    ['aloware', 'both', 'to_aloware', true],
    ['aloware', 'both', 'to_salesforce', false],
    ['salesforce', 'both', undefined, true],
    ['salesforce', 'inbound', undefined, false],
    ['salesforce', 'both', 'both', true],
    ['salesforce', 'both', 'to_salesforce', true],
    ['salesforce', 'both', 'to_aloware', false],
    ['salesforce', 'inbound', 'to_salesforce', false],
  ];
  for (const operation of ['create', 'update'] as Operation[]) {
    for (const object of ['Lead', 'Contact'] as const) {
      it.each(table)(
        `${object} ${operation}: write to %s with object direction %s and row %s → %s`,
        (side, dir, rowDir, expected) => {
          const s = settings();
          s[object === 'Lead' ? 'lead' : 'contact'][operation] = dir;
          expect(canWrite(s, side, object, operation, rowDir ? { direction: rowDir } : undefined)).toBe(
            expected,
          );
        },
      );
    }
  }

  it('narrows per operation: create inbound does not block update', () => {
    const s = settings({ lead: { create: 'inbound', update: 'both' } });
    expect(canWrite(s, 'salesforce', 'Lead', 'create')).toBe(false);
    expect(canWrite(s, 'salesforce', 'Lead', 'update')).toBe(true);
    expect(canWrite(s, 'salesforce', 'Contact', 'create')).toBe(true);
  });

  it.each(['aloware', 'salesforce'] as const)('a disabled object writes nothing to %s', (side) => {
    const s = settings({ leadSyncEnabled: false });
    expect(canWrite(s, side, 'Lead', 'update', { direction: 'both' })).toBe(false);
    expect(canWrite(s, side, 'Lead', 'create')).toBe(false);
    expect(canWrite(s, side, 'Contact', 'create')).toBe(true);
  });
});

describe('createTargetObject', () => {
  it.each([
    [settings(), 'Contact'],
    [settings({ priorityObject: 'Lead' }), 'Lead'],
    [settings({ contact: { create: 'inbound', update: 'both' } }), 'Lead'],
    [settings({ contactSyncEnabled: false }), 'Lead'],
    [
      settings({
        lead: { create: 'inbound', update: 'both' },
        contact: { create: 'inbound', update: 'both' },
      }),
      null,
    ],
  ])('%j → %s', (s, expected) => {
    expect(createTargetObject(s)).toBe(expected);
  });
});
