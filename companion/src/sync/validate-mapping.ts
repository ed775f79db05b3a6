import { DEFAULT_MAPPING } from './default-mapping.js';
import { ALOWARE_FIELD_NAMES, ONLY_ON } from './field-catalog.js';
import type {
  AlowareField,
  DescribeByObject,
  FieldDescribe,
  MappingError,
  MappingRow,
  SfObject,
} from './types.js';

const OBJECTS = new Set(['Lead', 'Contact']);
const DIRECTIONS = new Set(['both', 'to_aloware', 'to_salesforce']);
const POLICIES = new Set(['salesforce_wins', 'aloware_wins', 'newest_wins', 'fill_if_blank']);

type Push = (
  rowIndex: number,
  object: SfObject,
  field: MappingError['field'],
  code: MappingError['code'],
  message: string,
) => void;

function otherObject(object: SfObject): SfObject {
  return object === 'Lead' ? 'Contact' : 'Lead';
}

function checkValues(row: MappingRow, i: number, push: Push): boolean {
  if (!OBJECTS.has(row.object))
    push(i, row.object, 'object', 'invalid_value', `Object must be Lead or Contact, not "${row.object}"`);
  if (!DIRECTIONS.has(row.direction))
    push(
      i,
      row.object,
      'direction',
      'invalid_value',
      `Direction "${row.direction}" is not both, to_aloware or to_salesforce`,
    );
  if (!POLICIES.has(row.conflictPolicy))
    push(
      i,
      row.object,
      'conflictPolicy',
      'invalid_value',
      `Conflict policy "${row.conflictPolicy}" is not allowed`,
    );
  return OBJECTS.has(row.object);
}

function checkSalesforceField(row: MappingRow, i: number, describe: DescribeByObject, push: Push): void {
  const own = describe[row.object];
  const field: FieldDescribe | undefined = own?.find((f) => f.name === row.salesforceField);
  const onOther =
    describe[otherObject(row.object)]?.some((f) => f.name === row.salesforceField) ||
    ONLY_ON[otherObject(row.object)].has(row.salesforceField);
  if (own && !field) {
    if (onOther)
      push(
        i,
        row.object,
        'salesforceField',
        'wrong_object',
        `${row.salesforceField} exists on ${otherObject(row.object)} only, not on ${row.object}`,
      );
    else
      push(
        i,
        row.object,
        'salesforceField',
        'unknown_salesforce_field',
        `${row.object} has no field ${row.salesforceField}`,
      );
    return;
  }
  if (!own && ONLY_ON[otherObject(row.object)].has(row.salesforceField)) {
    push(
      i,
      row.object,
      'salesforceField',
      'wrong_object',
      `${row.salesforceField} exists on ${otherObject(row.object)} only, not on ${row.object}`,
    );
    return;
  }
  const needsWrite = row.direction === 'both' || row.direction === 'to_salesforce';
  if (field && needsWrite && !field.createable && !field.updateable) {
    push(
      i,
      row.object,
      'direction',
      'not_writable_in_salesforce',
      `${row.object}.${row.salesforceField} is read-only in Salesforce: set the direction to to_aloware`,
    );
  }
}

function checkDuplicates(rows: readonly MappingRow[], push: Push): void {
  const seen = new Map<string, number>();
  rows.forEach((row, i) => {
    for (const side of ['salesforceField', 'alowareField'] as const) {
      const key = `${row.object}|${side}|${row[side]}`;
      const first = seen.get(key);
      if (first === undefined) seen.set(key, i);
      else {
        const code = side === 'salesforceField' ? 'duplicate_salesforce_field' : 'duplicate_aloware_field';
        push(
          i,
          row.object,
          side,
          code,
          `${row[side]} is already mapped in row ${first + 1}; each field can be mapped once`,
        );
      }
    }
  });
}

function checkLocked(rows: readonly MappingRow[], push: Push): void {
  const objects = new Set(rows.map((r) => r.object));
  for (const locked of DEFAULT_MAPPING.filter((r) => r.locked && objects.has(r.object))) {
    const i = rows.findIndex(
      (r) => r.object === locked.object && r.salesforceField === locked.salesforceField,
    );
    const row = rows[i];
    if (!row) {
      push(
        -1,
        locked.object,
        'salesforceField',
        'locked_row_missing',
        `${locked.salesforceField} ↔ ${locked.alowareField} is required and cannot be removed`,
      );
    } else if (row.alowareField !== locked.alowareField || row.direction !== 'both') {
      push(
        i,
        locked.object,
        'alowareField',
        'locked_row_changed',
        `${locked.salesforceField} ↔ ${locked.alowareField} (both ways) is locked and cannot be changed`,
      );
    }
  }
}

/**
 * Check a mapping as an admin saves it. Returns one actionable error per problem (row index, field,
 * message); an empty list means the mapping can be saved. Objects missing from `describeByObject` are
 * checked against the known standard Lead-only / Contact-only fields.
 */
export function validateMapping(
  rows: readonly MappingRow[],
  describeByObject: DescribeByObject = {},
  alowareFields: readonly AlowareField[] = ALOWARE_FIELD_NAMES.map((name) => ({ name, type: 'string' })),
): MappingError[] {
  const errors: MappingError[] = [];
  const push: Push = (rowIndex, object, field, code, message) =>
    errors.push({ rowIndex, object, field, code, message });
  const alowareNames = new Set(alowareFields.map((f) => f.name));
  rows.forEach((row, i) => {
    if (!checkValues(row, i, push)) return;
    if (!alowareNames.has(row.alowareField))
      push(
        i,
        row.object,
        'alowareField',
        'unknown_aloware_field',
        `Aloware has no field ${row.alowareField}`,
      );
    checkSalesforceField(row, i, describeByObject, push);
  });
  checkDuplicates(rows, push);
  checkLocked(rows, push);
  return errors.sort((a, b) => a.rowIndex - b.rowIndex);
}
