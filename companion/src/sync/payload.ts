import { toAlowareValue, toSalesforceValue } from './convert.js';
import { expandAlowareName, withRequiredCreateFields } from './name.js';
import type {
  AlowareValues,
  ConversionContext,
  ConversionIssue,
  MappingRow,
  SfObject,
  SfValue,
} from './types.js';

export interface Payload<T> {
  values: T;
  issues: ConversionIssue[];
}

/**
 * Aloware values for creating (or fully pushing) a contact from a Salesforce record: every row of the
 * object whose direction sends values to Aloware. Blank values are omitted. `phone_number` is E.164.
 */
export function alowarePayload(
  object: SfObject,
  record: Record<string, unknown>,
  rows: readonly MappingRow[],
  ctx: ConversionContext,
): Payload<AlowareValues> {
  const values: AlowareValues = {};
  const issues: ConversionIssue[] = [];
  for (const row of rows) {
    if (row.object !== object || row.direction === 'to_salesforce') continue;
    const converted = toAlowareValue(row, record[row.salesforceField], ctx);
    if (converted.issue) issues.push(converted.issue);
    if (converted.value !== undefined && converted.value !== null) values[row.alowareField] = converted.value;
  }
  return { values, issues };
}

/**
 * Salesforce field values for creating a Lead or Contact from an Aloware contact: every row whose
 * direction sends values to Salesforce, converted by describe, then the required fields filled
 * (`LastName`, a Lead's `Company`). Rejected values are left out and reported.
 */
export function salesforceCreateValues(
  object: SfObject,
  aloware: AlowareValues,
  rows: readonly MappingRow[],
  ctx: ConversionContext,
): Payload<Record<string, SfValue>> {
  const source = expandAlowareName(aloware);
  const values: Record<string, SfValue> = {};
  const issues: ConversionIssue[] = [];
  for (const row of rows) {
    if (row.object !== object || row.direction === 'to_aloware') continue;
    const raw = source[row.alowareField];
    if (raw === null || raw === undefined || String(raw).trim() === '') continue;
    const converted = toSalesforceValue(row, raw, ctx, 'create');
    if (converted.issue) issues.push(converted.issue);
    if (converted.value !== undefined) values[row.salesforceField] = converted.value;
  }
  return { values: withRequiredCreateFields(object, values), issues };
}
